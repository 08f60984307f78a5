import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TrackerStoreError } from '../../errors.js';
import { insertTable, type BatchResult, type BatchRow } from './batch.js';
import { GENESIS_HASH, type RunResult, type TrackerDb, type TrackerStatement } from './connection.js';
import { SQLITE } from './dialect.js';
import { AUTO_ID_TABLES, MIGRATIONS, SCHEMA_VERSION, seedMeta } from './migrations.js';

/** `PRAGMA application_id` of an attt tracker ("ATTT" in ASCII): tells our files from others. */
export const APPLICATION_ID = 0x41545454;
/** How long a writer waits for another process's transaction before giving up. */
export const BUSY_TIMEOUT_MS = 30_000;

const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');


export interface OpenTrackerOptions {
  /** Create (and migrate) the database when it does not exist. Default false: a clear error instead. */
  create?: boolean;
  /** Open read-only (read commands, reports). Default false. */
  readonly?: boolean;
}

/** The embedded tracker: one SQLite file through better-sqlite3 (its statements fit TrackerStatement as they are). */
export class SqliteTrackerDb implements TrackerDb {
  readonly dialect = SQLITE;
  constructor(readonly sqlite: Database.Database) {}
  get name(): string {
    return this.sqlite.name;
  }
  prepare(sql: string): TrackerStatement {
    return this.sqlite.prepare(sql);
  }
  exec(sql: string): void {
    this.sqlite.exec(sql);
  }
  runMany(sql: string, rows: readonly BatchRow[]): BatchResult {
    if (rows.length === 0) return { changes: 0, ids: [] };
    const stmt = this.sqlite.prepare(sql);
    const numbered = AUTO_ID_TABLES.includes(insertTable(sql) ?? '');
    let changes = 0;
    const ids: number[] = [];
    for (const row of rows) {
      const out = Array.isArray(row) ? stmt.run(...(row as unknown[])) : stmt.run(row);
      changes += out.changes;
      if (numbered) ids.push(Number(out.lastInsertRowid));
    }
    return { changes, ids };
  }
  runBatches(batches: ReadonlyArray<{ sql: string; rows: readonly BatchRow[] }>): BatchResult[] {
    return batches.map((b) => this.runMany(b.sql, b.rows));
  }
  writeTransaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn).immediate();
  }
  readSnapshot<T>(fn: () => T): T {
    return this.sqlite.inTransaction ? fn() : this.sqlite.transaction(fn).deferred();
  }
  close(): void {
    this.sqlite.close();
  }
}

export type { RunResult };

export function storeError(vi: string, en: string, cause?: unknown): TrackerStoreError {
  return new TrackerStoreError({ vi, en }, cause === undefined ? {} : { cause });
}

/** Look at the first bytes without SQLite: a non-database file is refused before anything opens it. */
function checkHeader(file: string): 'empty' | 'sqlite' {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = fs.readSync(fd, buf, 0, 16, 0);
    if (n === 0) return 'empty';
    if (n < 16 || !buf.equals(SQLITE_HEADER)) {
      throw storeError(
        `${file} không phải cơ sở dữ liệu SQLite (tệp hỏng hoặc tệp khác). Hãy kiểm tra --db, hoặc dùng một đường dẫn mới.`,
        `${file} is not an SQLite database (corrupt or another kind of file). Check --db, or use a new path.`,
      );
    }
    return 'sqlite';
  } finally {
    fs.closeSync(fd);
  }
}

export function wrapSqlite(file: string, error: unknown): TrackerStoreError {
  if (error instanceof TrackerStoreError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return storeError(
      `${file} bị hỏng hoặc không phải cơ sở dữ liệu theo dõi attt (${code}). Hãy khôi phục từ bản sao lưu.`,
      `${file} is corrupt or not an attt tracker database (${code}). Restore it from a backup.`,
      error,
    );
  }
  if (code === 'SQLITE_BUSY') {
    return new TrackerStoreError(
      {
        vi: `${file} đang bị một tiến trình khác khóa quá lâu; hãy thử lại sau.`,
        en: `${file} is locked by another process for too long; try again later.`,
      },
      { cause: error, code: 'ATTT_TRACKER_BUSY' },
    );
  }
  return new TrackerStoreError(
    { vi: `Không mở được cơ sở dữ liệu ${file}: ${(error as Error).message}`, en: `Cannot open database ${file}: ${(error as Error).message}` },
    { cause: error, code: 'ATTT_TRACKER_OPEN_FAILED' },
  );
}

interface Identity {
  applicationId: number;
  userVersion: number;
  tables: string[];
}

function identify(db: Database.Database): Identity {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name);
  return { applicationId, userVersion, tables };
}

/** Refuse foreign databases and newer schemas; 'new' means an empty database we may initialise. */
function judgeIdentity(file: string, id: Identity): 'ours' | 'new' {
  if (id.applicationId === 0 && id.userVersion === 0 && id.tables.length === 0) return 'new';
  if (id.applicationId !== APPLICATION_ID || !id.tables.includes('attt_meta')) {
    throw storeError(
      `${file} là một cơ sở dữ liệu SQLite khác, không phải của công cụ theo dõi attt; không thay đổi gì. Hãy dùng --db với tệp attt.db đúng.`,
      `${file} is another SQLite database, not an attt tracker; nothing was changed. Use --db with the right attt.db file.`,
    );
  }
  if (id.userVersion > SCHEMA_VERSION) {
    throw storeError(
      `${file} có lược đồ phiên bản ${id.userVersion}, mới hơn phiên bản ${SCHEMA_VERSION} mà attt này hiểu. Hãy cập nhật attt.`,
      `${file} has schema version ${id.userVersion}, newer than version ${SCHEMA_VERSION} this attt knows. Upgrade attt.`,
    );
  }
  return 'ours';
}

/**
 * Open the tracker database. Checks, in order and before changing anything: the file exists
 * (unless `create`), it is SQLite, it is ours (application_id + attt_meta), and its schema is
 * not newer than this code. Then WAL, busy timeout and pending migrations (read-write only).
 */
export function openSqliteTracker(dbPath: string, opts: OpenTrackerOptions = {}): TrackerDb {
  const file = path.resolve(dbPath);
  const exists = fs.existsSync(file);
  if (!exists && (!opts.create || opts.readonly)) {
    throw storeError(
      `Chưa có cơ sở dữ liệu theo dõi tại ${file}. Hãy chạy "attt tracker import results.json" trước, hoặc chỉ đúng --db.`,
      `No tracker database at ${file}. Run "attt tracker import results.json" first, or point --db at the right file.`,
    );
  }
  if (!exists && !fs.existsSync(path.dirname(file))) {
    throw storeError(`Không có thư mục ${path.dirname(file)} để tạo cơ sở dữ liệu ${file}.`, `No folder ${path.dirname(file)} to create the database ${file} in.`);
  }
  if (exists) {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw storeError(`${file} là một thư mục, không phải tệp cơ sở dữ liệu.`, `${file} is a directory, not a database file.`);
    // A device or FIFO (--db /dev/null) would "work" and lose every write, or hang.
    if (!stat.isFile()) throw storeError(`${file} không phải tệp thông thường (thiết bị, FIFO hoặc socket); cơ sở dữ liệu theo dõi phải là một tệp.`, `${file} is not a regular file (a device, FIFO or socket); the tracker database must be a file.`);
    const kind = checkHeader(file);
    if (kind === 'empty' && (opts.readonly || !opts.create)) {
      throw storeError(`${file} là tệp rỗng, chưa phải cơ sở dữ liệu theo dõi attt.`, `${file} is an empty file, not an attt tracker database yet.`);
    }
    // Identify read-only first, so a foreign database is never touched (no WAL switch, no tables).
    if (kind === 'sqlite') {
      let probe: Database.Database | undefined;
      try {
        probe = new Database(file, { readonly: true, fileMustExist: true });
        probe.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        judgeIdentity(file, identify(probe));
      } catch (error) {
        throw wrapSqlite(file, error);
      } finally {
        probe?.close();
      }
    }
  }
  if (opts.readonly) {
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const id = identify(db);
      if (judgeIdentity(file, id) !== 'ours' || id.userVersion < SCHEMA_VERSION) {
        db.close();
        throw storeError(
          `${file} chưa được nâng cấp lược đồ; hãy chạy một lệnh ghi (ví dụ "attt tracker import") trước.`,
          `${file} has an older schema; run a writing command (e.g. "attt tracker import") first.`,
        );
      }
      return new SqliteTrackerDb(db);
    } catch (error) {
      throw wrapSqlite(file, error);
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    judgeIdentity(file, identify(db));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 32 MiB of page cache: a 50,000-result import touches every index page many times, and its
    // tracker (about 30 MB) fits. A province's tracker (10,000 systems: 275 MB) fits in no cache
    // a bounded process can keep; 64 MiB imported it no faster and peaked 49 MiB higher.
    db.pragma('cache_size = -32768');
    migrate(db, file);
    return new SqliteTrackerDb(db);
  } catch (error) {
    db?.close();
    throw wrapSqlite(file, error);
  }
}

function migrate(db: Database.Database, file: string): void {
  if ((db.pragma('user_version', { simple: true }) as number) >= SCHEMA_VERSION) return;
  // IMMEDIATE: two processes creating the same file at once serialise; the second sees the work done.
  const run = db.transaction(() => {
    const id = identify(db);
    judgeIdentity(file, id);
    for (let v = id.userVersion; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v](SQLITE));
      db.pragma(`user_version = ${v + 1}`);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
    const seed = db.prepare('INSERT INTO attt_meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING');
    for (const [key, value] of seedMeta(new Date(), GENESIS_HASH)) seed.run(key, value);
  });
  run.immediate();
}

