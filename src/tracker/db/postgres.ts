/**
 * The tracker on PostgreSQL, synchronous like the SQLite one: every statement is sent to a
 * worker thread that runs the `pg` client (./postgres-worker.ts) and the main thread waits for
 * the answer (synckit: Atomics.wait on a shared buffer). See docs/tracker.md, "Storage".
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import { TrackerStoreError } from '../../errors.js';
import { GENESIS_HASH, type RunResult, type TrackerDb, type TrackerStatement } from './connection.js';
import { POSTGRES } from './dialect.js';
import { redactLocation } from './location.js';
import { MIGRATIONS, SCHEMA_VERSION, seedMeta } from './migrations.js';
import { postgresFailure } from './postgres-errors.js';
import { spellBatch, type BatchResult, type BatchRow } from './batch.js';
import type { BridgeRequest, BridgeResponse } from './postgres-protocol.js';
import { bindParams, translateSql } from './postgres-sql.js';
import type { OpenTrackerOptions } from './sqlite.js';

/**
 * Key of the transaction-scoped advisory lock every write transaction takes first ("ATTT"):
 * writers to one database run one after the other, as SQLite's BEGIN IMMEDIATE makes them.
 */
export const WRITE_LOCK_KEY = 0x41545454;

/** The compiled worker beside this module; from the TypeScript sources (tests), the one `npm run build` wrote to dist/. */
function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = here.replace(/\.ts$/, '.js').replace(/postgres\.js$/, 'postgres-worker.js');
  if (here.endsWith('.js')) return beside;
  const compiled = beside.replace(/([\\/])src([\\/]tracker[\\/]db[\\/])/, '$1dist$1src$2');
  if (!fs.existsSync(compiled)) throw new Error(`PostgreSQL worker not built: ${compiled} (run npm run build)`);
  return compiled;
}

let bridge: ((req: BridgeRequest) => BridgeResponse) | undefined;
function call(req: BridgeRequest): BridgeResponse {
  bridge ??= createSyncFn<(req: BridgeRequest) => Promise<BridgeResponse>>(workerPath());
  return bridge(req);
}

interface QueryOutcome {
  rows: unknown[];
  rowCount: number;
}

class PostgresStatement implements TrackerStatement {
  private plucked = false;
  private rawRows = false;
  constructor(private readonly db: PostgresTrackerDb, private readonly sql: string) {}

  pluck(toggle = true): TrackerStatement {
    this.plucked = toggle;
    return this;
  }
  raw(toggle = true): TrackerStatement {
    this.rawRows = toggle;
    return this;
  }
  private rows(params: unknown[]): unknown[] {
    const t = translateSql(this.sql);
    const array = this.plucked || this.rawRows;
    const { rows } = this.db.query(t.text, bindParams(t, params), array);
    return this.plucked ? rows.map((r) => (r as unknown[])[0]) : rows;
  }
  run(...params: unknown[]): RunResult {
    const t = translateSql(this.sql);
    const out = this.db.query(t.text, bindParams(t, params), false);
    const id = t.returnsId ? (out.rows[0] as { id?: number } | undefined)?.id : undefined;
    return { changes: out.rowCount, lastInsertRowid: id ?? 0 };
  }
  get(...params: unknown[]): unknown {
    return this.rows(params)[0];
  }
  all(...params: unknown[]): unknown[] {
    return this.rows(params);
  }
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.rows(params)[Symbol.iterator]();
  }
}

export class PostgresTrackerDb implements TrackerDb {
  readonly dialect = POSTGRES;
  readonly name: string;
  private depth = 0;
  private handle: number | undefined;

  constructor(private readonly location: string) {
    this.name = redactLocation(location);
    const res = call({ op: 'connect', url: location });
    if (!res.ok) throw postgresFailure(location, res, 'connect');
    this.handle = (res as { handle: number }).handle;
  }

  query(sql: string, params: unknown[], array: boolean): QueryOutcome {
    return this.request({ op: 'query', handle: this.open(), sql, params, ...(array ? { rowMode: 'array' as const } : {}) }) as QueryOutcome;
  }

  runMany(sql: string, rows: readonly BatchRow[]): BatchResult {
    return this.runBatches([{ sql, rows }])[0];
  }

  runBatches(batches: ReadonlyArray<{ sql: string; rows: readonly BatchRow[] }>): BatchResult[] {
    const spelled = batches.map(({ sql, rows }) => {
      const t = translateSql(sql);
      return { returnsId: t.returnsId, statements: rows.length ? spellBatch(t.text, rows.map((row) => bindParams(t, Array.isArray(row) ? row : [row]))) : [] };
    });
    const statements = spelled.flatMap((s) => s.statements);
    const results = statements.length ? (this.request({ op: 'batch', handle: this.open(), statements }) as { results: QueryOutcome[] }).results : [];
    let next = 0;
    return spelled.map((s) => {
      const mine = results.slice(next, (next += s.statements.length));
      const ids: number[] = [];
      // The rows of one multi-row INSERT are numbered in VALUES order; RETURNING's order is not promised, the keys' order is.
      if (s.returnsId) for (const r of mine) ids.push(...r.rows.map((row) => Number((row as { id: number }).id)).sort((a, b) => a - b));
      return { changes: mine.reduce((n, r) => n + r.rowCount, 0), ids };
    });
  }

  private open(): number {
    if (this.handle === undefined) throw new TrackerStoreError({ vi: `${this.name} đã đóng.`, en: `${this.name} is closed.` }, { code: 'ATTT_TRACKER_UNAVAILABLE' });
    return this.handle;
  }

  private request(req: BridgeRequest): BridgeResponse {
    const res = call(req);
    if (!res.ok) {
      if (res.lost) this.handle = undefined;
      throw postgresFailure(this.location, res, 'query');
    }
    return res;
  }

  prepare(sql: string): TrackerStatement {
    return new PostgresStatement(this, sql);
  }

  exec(sql: string): void {
    this.query(sql, [], false);
  }

  writeTransaction<T>(fn: () => T): T {
    if (this.depth > 0) {
      const savepoint = `attt_${this.depth}`;
      this.exec(`SAVEPOINT ${savepoint}`);
      this.depth++;
      try {
        const out = fn();
        this.exec(`RELEASE SAVEPOINT ${savepoint}`);
        return out;
      } catch (error) {
        if (this.handle !== undefined) this.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      } finally {
        this.depth--;
      }
    }
    return this.transaction(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`, fn);
  }

  /** One top-level transaction: COMMIT when `fn` returns, ROLLBACK when it throws. */
  private transaction<T>(begin: string, fn: () => T): T {
    this.exec(begin);
    this.depth = 1;
    try {
      const out = fn();
      this.exec('COMMIT');
      return out;
    } catch (error) {
      // A lost connection rolls the transaction back on the server by itself.
      if (this.handle !== undefined) {
        try {
          this.exec('ROLLBACK');
        } catch {
          // the original error says more
        }
      }
      throw error;
    } finally {
      this.depth = 0;
    }
  }

  readSnapshot<T>(fn: () => T): T {
    return this.depth > 0 ? fn() : this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn);
  }

  close(): void {
    if (this.handle === undefined) return;
    const handle = this.handle;
    this.handle = undefined;
    call({ op: 'close', handle });
  }
}

function storeError(vi: string, en: string): TrackerStoreError {
  return new TrackerStoreError({ vi, en });
}

interface PgIdentity {
  tables: number;
  ours: boolean;
  version: number;
}

function identify(db: PostgresTrackerDb): PgIdentity {
  const row = db.prepare(
    `SELECT (SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()) AS tables, to_regclass('attt_meta') IS NOT NULL AS has_meta`,
  ).get() as { tables: number; has_meta: boolean };
  if (!row.has_meta) return { tables: row.tables, ours: false, version: 0 };
  const meta = new Map((db.prepare(`SELECT key, value FROM attt_meta WHERE key IN ('application', 'schema_version')`).all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
  return { tables: row.tables, ours: meta.get('application') === 'attt', version: Number(meta.get('schema_version') ?? '0') };
}

function judge(db: PostgresTrackerDb, id: PgIdentity): 'ours' | 'new' {
  if (id.tables === 0) return 'new';
  if (!id.ours) {
    throw storeError(
      `${db.name} đã có các bảng của một ứng dụng khác, không phải công cụ theo dõi attt; không thay đổi gì. Hãy dùng một cơ sở dữ liệu (hoặc schema) riêng cho attt.`,
      `${db.name} already holds another application's tables, not an attt tracker; nothing was changed. Use a database (or schema) of its own for attt.`,
    );
  }
  if (id.version > SCHEMA_VERSION) {
    throw storeError(
      `${db.name} có lược đồ phiên bản ${id.version}, mới hơn phiên bản ${SCHEMA_VERSION} mà attt này hiểu. Hãy cập nhật attt.`,
      `${db.name} has schema version ${id.version}, newer than version ${SCHEMA_VERSION} this attt knows. Upgrade attt.`,
    );
  }
  return 'ours';
}

/** Apply pending migrations under the write lock: two first users at once serialise, the second finds the work done. */
function migrate(db: PostgresTrackerDb): void {
  db.writeTransaction(() => {
    const id = identify(db);
    judge(db, id);
    if (id.version >= SCHEMA_VERSION) return;
    for (let v = id.version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v](POSTGRES));
    const set = db.prepare('INSERT INTO attt_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    set.run('schema_version', String(SCHEMA_VERSION));
    set.run('application', 'attt');
    const seed = db.prepare('INSERT INTO attt_meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING');
    for (const [key, value] of seedMeta(new Date(), GENESIS_HASH)) seed.run(key, value);
  });
}

/**
 * Open the tracker in a PostgreSQL database. As for the SQLite file: refuse another application's
 * tables or a newer schema before changing anything; an empty database is created only with
 * `create`; read-only opens make every transaction of the session read-only.
 */
export function openPostgresTracker(location: string, opts: OpenTrackerOptions = {}): TrackerDb {
  const db = new PostgresTrackerDb(location);
  try {
    const id = identify(db);
    const kind = judge(db, id);
    if (kind === 'new' && (!opts.create || opts.readonly)) {
      throw storeError(
        `${db.name} chưa có dữ liệu theo dõi attt. Hãy chạy "attt tracker import results.json --db …" hoặc "attt tracker migrate" trước.`,
        `${db.name} holds no attt tracker yet. Run "attt tracker import results.json --db …" or "attt tracker migrate" first.`,
      );
    }
    if (opts.readonly) {
      if (id.version < SCHEMA_VERSION) {
        throw storeError(
          `${db.name} chưa được nâng cấp lược đồ; hãy chạy một lệnh ghi (ví dụ "attt tracker import") trước.`,
          `${db.name} has an older schema; run a writing command (e.g. "attt tracker import") first.`,
        );
      }
      db.exec('SET default_transaction_read_only = on');
    } else {
      migrate(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
