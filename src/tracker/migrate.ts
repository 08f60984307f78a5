import { TrackerStoreError } from '../errors.js';
import { openTracker, redactLocation, type TrackerDb } from './db/index.js';
import { AUTO_ID_TABLES } from './db/migrations.js';
import { verifyChain, type VerifyReport } from './history.js';
import { verifyState } from './state.js';

/** Every table of a tracker in the order rows can be copied (references first), with its key order. */
const TABLES: Array<[table: string, order: string]> = [
  ['cycles', 'ord'], ['imports', 'id'], ['findings', 'id'], ['events', 'seq'], ['grades', 'cycle, target_key'],
  ['cycle_stats', 'cycle, unit'], ['signoffs', 'id'], ['users', 'name'], ['unit_results', 'unit, cycle'],
];
/** attt_meta rows that travel with the history (the rest is the engine's own bookkeeping). */
const META_KEYS = ['created_at', 'chain_head_seq', 'chain_head_hash'];
/** Rows held before they are written in one batch (runMany splits them under the parameter limits). */
const ROWS_PER_BATCH = 5000;

export interface MigrateSummary {
  from: string;
  to: string;
  /** The target already held exactly this history: nothing was written. */
  alreadyThere: boolean;
  rows: Record<string, number>;
  chain: Pick<VerifyReport, 'events' | 'headSeq' | 'headHash'>;
}

function conflict(vi: string, en: string): TrackerStoreError {
  return new TrackerStoreError({ vi, en }, { code: 'ATTT_TRACKER_MIGRATE_CONFLICT' });
}

function count(db: TrackerDb, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Copy one table's rows in batches (TrackerDb.runMany: multi-row INSERTs on PostgreSQL); returns how many. */
function copyTable(from: TrackerDb, to: TrackerDb, table: string, order: string): number {
  let columns: string[] | undefined;
  let batch: unknown[][] = [];
  let n = 0;
  const flush = () => {
    if (!batch.length || !columns) return;
    to.runMany(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, batch);
    batch = [];
  };
  for (const r of from.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).iterate() as IterableIterator<Record<string, unknown>>) {
    columns ??= Object.keys(r);
    batch.push(columns.map((c) => r[c]));
    n++;
    if (batch.length >= ROWS_PER_BATCH) flush();
  }
  flush();
  return n;
}

/**
 * Move a unit's tracker (typically its SQLite attt.db) into another database (typically the
 * central PostgreSQL), the hash-chained history included, in one write transaction on the
 * target: the chain is verified there (every hash, the stored head, and the findings replayed
 * from the history) before the transaction commits. The source must verify first. A target that
 * already holds another history is refused and left unchanged; one that holds exactly this
 * history is left as it is (running the migration twice changes nothing).
 */
export function migrateTracker(fromLocation: string, toLocation: string): MigrateSummary {
  const from = openTracker(fromLocation, { readonly: true });
  try {
    // The source is read in one snapshot: verified and copied as the same state.
    return from.readSnapshot(() => migrateFrom(from, toLocation));
  } finally {
    from.close();
  }
}

function migrateFrom(from: TrackerDb, toLocation: string): MigrateSummary {
  const source = verifyChain(from);
  if (!source.ok || verifyState(from).length) {
    throw conflict(
      `Lịch sử trong ${from.name} không nguyên vẹn (attt tracker verify --db ${from.name}); không chuyển gì.`,
      `The history in ${from.name} is not intact (attt tracker verify --db ${from.name}); nothing was moved.`,
    );
  }
  const to = openTracker(toLocation, { create: true });
  try {
    return to.writeTransaction(() => {
      const summary: MigrateSummary = { from: from.name, to: redactLocation(toLocation), alreadyThere: false, rows: {}, chain: { events: source.events, headSeq: source.headSeq, headHash: source.headHash } };
      const held = TABLES.reduce((n, [t]) => n + count(to, t), 0);
      if (held > 0) {
        const there = verifyChain(to);
        const same = there.ok && there.headSeq === source.headSeq && there.headHash === source.headHash && count(to, 'findings') === count(from, 'findings');
        if (same) return { ...summary, alreadyThere: true };
        throw conflict(
          `${summary.to} đã có một lịch sử khác (${there.events} sự kiện, đầu chuỗi ${there.headSeq}:${there.headHash.slice(0, 12)}…; nguồn ${source.headSeq}:${source.headHash.slice(0, 12)}…). Mỗi cơ sở dữ liệu giữ một chuỗi; không thay đổi gì. Hãy chuyển vào một cơ sở dữ liệu trống, hoặc gộp kết quả bằng gói kết quả.`,
          `${summary.to} already holds another history (${there.events} events, head ${there.headSeq}:${there.headHash.slice(0, 12)}…; source ${source.headSeq}:${source.headHash.slice(0, 12)}…). Each database keeps one chain; nothing was changed. Migrate into an empty database, or merge results through result bundles.`,
        );
      }
      for (const [table, order] of TABLES) {
        summary.rows[table] = copyTable(from, to, table, order);
        if (AUTO_ID_TABLES.includes(table)) {
          const resume = to.dialect.resumeAutoId(table);
          if (resume) to.exec(resume);
        }
      }
      const meta = new Map((from.prepare('SELECT key, value FROM attt_meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
      const set = to.prepare('INSERT INTO attt_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      for (const key of META_KEYS) if (meta.has(key)) set.run(key, meta.get(key));
      const check = verifyChain(to);
      const state = verifyState(to);
      if (!check.ok || state.length || check.headHash !== source.headHash || check.events !== source.events) {
        throw new TrackerStoreError({
          vi: `Kiểm tra chuỗi lịch sử trong ${summary.to} sau khi chuyển không đạt (${check.problems[0]?.detail ?? state[0]?.findingId ?? 'đầu chuỗi khác'}); đã hủy, không thay đổi gì.`,
          en: `The history chain in ${summary.to} did not verify after the move (${check.problems[0]?.detail ?? state[0]?.findingId ?? 'another head'}); rolled back, nothing was changed.`,
        });
      }
      return summary;
    });
  } finally {
    to.close();
  }
}
