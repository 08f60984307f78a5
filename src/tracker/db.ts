import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { TrackerStoreError } from '../errors.js';

export type TrackerDb = Database.Database;

/** `PRAGMA application_id` of an attt tracker ("ATTT" in ASCII): tells our files from others. */
export const APPLICATION_ID = 0x41545454;
/** How long a writer waits for another process's transaction before giving up. */
export const BUSY_TIMEOUT_MS = 30_000;

const SQLITE_HEADER = Buffer.from('SQLite format 3\u0000', 'latin1');

/**
 * Forward-only migrations: index i takes the schema from user_version i to i+1. Never edit a
 * released step; add a new one.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE attt_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE cycles (
    cycle TEXT PRIMARY KEY,
    ord INTEGER NOT NULL UNIQUE,
    started_at TEXT NOT NULL,
    first_imported_at TEXT NOT NULL
  );
  CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    cycle TEXT NOT NULL REFERENCES cycles(cycle),
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    results INTEGER NOT NULL,
    opened INTEGER NOT NULL,
    fixed INTEGER NOT NULL,
    regressed INTEGER NOT NULL
  );
  CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    check_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    system TEXT NOT NULL,
    target TEXT NOT NULL,
    target_key TEXT,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    regression INTEGER NOT NULL DEFAULT 0,
    owner TEXT,
    due TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    fixed_cycle TEXT,
    fixed_at TEXT,
    fixed_verified INTEGER NOT NULL DEFAULT 0,
    accepted_until TEXT,
    accept_reason TEXT,
    accept_approver TEXT,
    message_vi TEXT NOT NULL,
    message_en TEXT NOT NULL,
    evidence TEXT NOT NULL
  );
  CREATE INDEX findings_status ON findings(status);
  CREATE INDEX findings_unit ON findings(unit, system);
  CREATE INDEX findings_due ON findings(due);
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    finding_id INTEGER,
    cycle TEXT,
    type TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    before TEXT,
    after TEXT,
    note TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX events_finding ON events(finding_id);
  CREATE INDEX events_type_cycle ON events(type, cycle);
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'attt: the history is append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'attt: the history is append-only'); END;
  CREATE TABLE grades (
    cycle TEXT NOT NULL,
    target_key TEXT NOT NULL,
    unit TEXT NOT NULL,
    system TEXT NOT NULL,
    target TEXT NOT NULL,
    grade TEXT NOT NULL,
    PRIMARY KEY (cycle, target_key)
  );
  CREATE TABLE cycle_stats (
    cycle TEXT NOT NULL,
    unit TEXT NOT NULL,
    open_critical INTEGER NOT NULL,
    open_high INTEGER NOT NULL,
    open_medium INTEGER NOT NULL,
    open_low INTEGER NOT NULL,
    open_info INTEGER NOT NULL,
    new INTEGER NOT NULL,
    fixed INTEGER NOT NULL,
    regressed INTEGER NOT NULL,
    PRIMARY KEY (cycle, unit)
  );
  CREATE TABLE signoffs (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    signer TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL
  );
  `,
  // 2: web accounts (attt serve); indexes for keyset paging of filtered finding lists, due-date
  // and expiry lookups, and a covering index for the statistics (read without the wide rows).
  `
  CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    units TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX findings_unit_id ON findings(unit, id);
  CREATE INDEX findings_severity_id ON findings(severity, id);
  CREATE INDEX findings_check_id ON findings(check_id, id);
  CREATE INDEX findings_status_due ON findings(status, due);
  CREATE INDEX findings_status_accepted ON findings(status, accepted_until);
  CREATE INDEX findings_stats ON findings(unit, severity, status, due, fixed_cycle, fixed_at, opened_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenTrackerOptions {
  /** Create (and migrate) the file when it does not exist. Default false: a clear error instead. */
  create?: boolean;
  /** Open read-only (read commands, reports). Default false. */
  readonly?: boolean;
}

function storeError(vi: string, en: string, cause?: unknown): TrackerStoreError {
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

function wrapSqlite(file: string, error: unknown): TrackerStoreError {
  if (error instanceof TrackerStoreError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
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
      { cause: error, exitCode: 3 },
    );
  }
  return new TrackerStoreError(
    { vi: `Không mở được cơ sở dữ liệu ${file}: ${(error as Error).message}`, en: `Cannot open database ${file}: ${(error as Error).message}` },
    { cause: error, exitCode: 3 },
  );
}

interface Identity {
  applicationId: number;
  userVersion: number;
  tables: string[];
}

function identify(db: TrackerDb): Identity {
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
export function openTracker(dbPath: string, opts: OpenTrackerOptions = {}): TrackerDb {
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
    if (fs.statSync(file).isDirectory()) throw storeError(`${file} là một thư mục, không phải tệp cơ sở dữ liệu.`, `${file} is a directory, not a database file.`);
    const kind = checkHeader(file);
    if (kind === 'empty' && (opts.readonly || !opts.create)) {
      throw storeError(`${file} là tệp rỗng, chưa phải cơ sở dữ liệu theo dõi attt.`, `${file} is an empty file, not an attt tracker database yet.`);
    }
    // Identify read-only first, so a foreign database is never touched (no WAL switch, no tables).
    if (kind === 'sqlite') {
      let probe: TrackerDb | undefined;
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
      return db;
    } catch (error) {
      throw wrapSqlite(file, error);
    }
  }
  let db: TrackerDb | undefined;
  try {
    db = new Database(file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    judgeIdentity(file, identify(db));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 64 MiB of page cache: a 50,000-result import touches every index page many times.
    db.pragma('cache_size = -65536');
    migrate(db, file);
    return db;
  } catch (error) {
    db?.close();
    throw wrapSqlite(file, error);
  }
}

function migrate(db: TrackerDb, file: string): void {
  if ((db.pragma('user_version', { simple: true }) as number) >= SCHEMA_VERSION) return;
  // IMMEDIATE: two processes creating the same file at once serialise; the second sees the work done.
  const run = db.transaction(() => {
    const id = identify(db);
    judgeIdentity(file, id);
    for (let v = id.userVersion; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.prepare(`INSERT OR IGNORE INTO attt_meta (key, value) VALUES ('created_at', ?)`).run(new Date().toISOString());
    db.prepare(`INSERT OR IGNORE INTO attt_meta (key, value) VALUES ('chain_head_seq', '0')`).run();
    db.prepare(`INSERT OR IGNORE INTO attt_meta (key, value) VALUES ('chain_head_hash', ?)`).run(GENESIS_HASH);
  });
  run.immediate();
}

export const GENESIS_HASH = '0'.repeat(64);

/** Run `fn` in one BEGIN IMMEDIATE transaction (writers serialise; readers continue under WAL). */
export function inWriteTransaction<T>(db: TrackerDb, fn: () => T): T {
  return db.transaction(fn).immediate();
}
