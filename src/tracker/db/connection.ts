import type { BatchResult, BatchRow } from './batch.js';
import type { Dialect } from './dialect.js';

/** What a write reports back (as better-sqlite3's RunResult). */
export interface RunResult {
  changes: number;
  /** The key of the row an INSERT created (tables with an `id` key). */
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement, the subset of better-sqlite3's Statement the tracker uses. Parameters
 * are positional (`?`, given as arguments) or named (`@name`, given as one object).
 */
export interface TrackerStatement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Return only the first column's value. */
  pluck(toggle?: boolean): TrackerStatement;
  /** Return rows as arrays of values, in column order. */
  raw(toggle?: boolean): TrackerStatement;
}

/**
 * An open tracker database: an SQLite file (embedded, the default) or a PostgreSQL database
 * (central, several officers at once). Both are synchronous; see docs/tracker.md, "Storage".
 */
export interface TrackerDb {
  readonly dialect: Dialect;
  /** The file, or the PostgreSQL URL with its password hidden: safe to print. */
  readonly name: string;
  prepare(sql: string): TrackerStatement;
  /**
   * Run `sql`, written for one row, once per row of parameters, in order, inside the caller's
   * transaction: SQLite runs the prepared statement per row, PostgreSQL sends every row in one
   * request as multi-row statements (./batch.ts). A failing row throws and the caller's
   * transaction rolls back as for any statement. Rows must not target the same key twice
   * (PostgreSQL refuses that within one statement). For bulk INSERTs and UPDATE … FROM (VALUES …).
   */
  runMany(sql: string, rows: readonly BatchRow[]): BatchResult;
  /** Several runMany calls, in order, sent together (PostgreSQL: one request to its worker); one result each. */
  runBatches(batches: ReadonlyArray<{ sql: string; rows: readonly BatchRow[] }>): BatchResult[];
  /** Statements without parameters (schema changes). */
  exec(sql: string): void;
  /**
   * Run `fn` as one write transaction: writers serialise (SQLite BEGIN IMMEDIATE, PostgreSQL a
   * transaction-scoped advisory lock), so a read-modify-write inside never loses an update and
   * the history chain never forks. A nested call joins the outer transaction (savepoint).
   */
  writeTransaction<T>(fn: () => T): T;
  /**
   * Run `fn` reading one consistent snapshot (SQLite: a deferred transaction under WAL;
   * PostgreSQL: REPEATABLE READ, read only), so a check that reads several tables (verify) never
   * sees half of another officer's write. Inside a write transaction, it just runs `fn`.
   */
  readSnapshot<T>(fn: () => T): T;
  close(): void;
}

/** `prev_hash` of the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);
