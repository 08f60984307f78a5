/**
 * The tracker's SQL layer: one synchronous interface (TrackerDb) over the embedded SQLite file
 * and a central PostgreSQL database, one list of migrations for both (./migrations.ts) and the
 * dialect differences in one place (./dialect.ts).
 */
import { isPostgresLocation } from './location.js';
import { openPostgresTracker } from './postgres.js';
import { openSqliteTracker, wrapSqlite, type OpenTrackerOptions } from './sqlite.js';
import type { TrackerDb } from './connection.js';

export type { BatchResult, BatchRow } from './batch.js';
export { GENESIS_HASH, type RunResult, type TrackerDb, type TrackerStatement } from './connection.js';
export { SCHEMA_VERSION } from './migrations.js';
export { APPLICATION_ID, BUSY_TIMEOUT_MS, type OpenTrackerOptions } from './sqlite.js';
export { isPostgresLocation, redactLocation } from './location.js';
export type { Dialect } from './dialect.js';

/**
 * Open the tracker at `location`: a `postgres://` or `postgresql://` URL, else an SQLite file
 * path. Both refuse, before changing anything, a database that is not an attt tracker or has a
 * newer schema; read-write opens apply pending migrations.
 */
export function openTracker(location: string, opts: OpenTrackerOptions = {}): TrackerDb {
  if (isPostgresLocation(location)) return openPostgresTracker(location, opts);
  return openSqliteTracker(location, opts);
}

/**
 * Run `fn` on an open tracker and close it. A database whose pages turn out to be corrupt only
 * when a query reaches them (the header was fine at open) is the same clear error as at open:
 * exit 2, naming the file, instead of a raw SqliteError.
 */
export function useTracker<T>(db: TrackerDb, fn: (db: TrackerDb) => T): T {
  try {
    return fn(db);
  } catch (error) {
    throw asTrackerFault(db.name, error);
  } finally {
    db.close();
  }
}

/** A corrupt-page error from SQLite as the tracker's clear error (exit 2); any other error as it is. */
export function asTrackerFault(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) ? wrapSqlite(file, error) : error;
}

/** Run `fn` in one write transaction (see TrackerDb.writeTransaction). */
export function inWriteTransaction<T>(db: TrackerDb, fn: () => T): T {
  return db.writeTransaction(fn);
}
