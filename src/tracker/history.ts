import { createHash } from 'node:crypto';
import { GENESIS_HASH, type TrackerDb } from './db/index.js';

/** Event types written to the history. */
export type EventType =
  | 'opened'
  | 'seen'
  | 'fixed'
  | 'verified'
  | 'regressed'
  | 'reopened'
  | 'severity_changed'
  | 'updated'
  | 'risk_accepted'
  | 'acceptance_expired'
  | 'imported'
  | 'older_cycle_imported'
  | 'older_cycle_evidence'
  | 'signed_off'
  | 'account_saved';

export interface NewEvent {
  findingId: number | null;
  cycle: string | null;
  type: EventType;
  actor: string;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
}

export interface EventRow {
  seq: number;
  finding_id: number | null;
  cycle: string | null;
  type: string;
  actor: string;
  at: string;
  before: string | null;
  after: string | null;
  note: string | null;
  prev_hash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: the same value always serialises the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the canonical serialisation of every stored column but the hash itself. */
export function eventHash(row: Omit<EventRow, 'hash'>): string {
  const tuple = [row.seq, row.finding_id, row.cycle, row.type, row.actor, row.at, row.before, row.after, row.note, row.prev_hash];
  return createHash('sha256').update(canonicalJson(tuple)).digest('hex');
}

const INSERT_EVENT = `INSERT INTO events (seq, finding_id, cycle, type, actor, at, before, after, note, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** Events held before they are written in one batch (a bound on memory, not on correctness). */
const PENDING_LIMIT = 1000;

/**
 * Appends events to the chain. Create one inside a write transaction: it reads the chain head
 * there (so concurrent writers cannot fork the chain) and stores the new head on `finish()`.
 * Each event is chained (seq, prev_hash, hash) in JavaScript as it is appended, in order; the
 * rows are written in batches (TrackerDb.runMany): call `flush()` before reading the events
 * table in the same transaction; `finish()` flushes.
 */
export class EventWriter {
  private seq: number;
  private prevHash: string;
  private readonly db: TrackerDb;
  private pending: unknown[][] = [];
  count = 0;

  constructor(db: TrackerDb) {
    this.db = db;
    const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.seq = last?.seq ?? 0;
    this.prevHash = last?.hash ?? GENESIS_HASH;
  }

  append(e: NewEvent): number {
    const row: Omit<EventRow, 'hash'> = {
      seq: this.seq + 1,
      finding_id: e.findingId,
      cycle: e.cycle,
      type: e.type,
      actor: e.actor,
      at: e.at,
      before: e.before === null ? null : canonicalJson(e.before),
      after: e.after === null ? null : canonicalJson(e.after),
      note: e.note,
      prev_hash: this.prevHash,
    };
    const hash = eventHash(row);
    this.pending.push([row.seq, row.finding_id, row.cycle, row.type, row.actor, row.at, row.before, row.after, row.note, row.prev_hash, hash]);
    this.seq = row.seq;
    this.prevHash = hash;
    this.count++;
    if (this.pending.length >= PENDING_LIMIT) this.flush();
    return row.seq;
  }

  /** Write the appended events not written yet, in chain order. */
  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.db.runMany(INSERT_EVENT, rows);
  }

  /** Write what is pending and record the chain head in attt_meta (detects deleted or appended events at the tail). */
  finish(): void {
    if (this.count === 0) return;
    const rows = this.pending;
    this.pending = [];
    // The last events and the new head go together (one request on PostgreSQL).
    this.db.runBatches([
      { sql: INSERT_EVENT, rows },
      { sql: 'INSERT INTO attt_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', rows: [['chain_head_seq', String(this.seq)], ['chain_head_hash', this.prevHash]] },
    ]);
  }
}

export type TamperKind = 'edited' | 'deleted' | 'inserted' | 'head_mismatch';

export interface ChainProblem {
  kind: TamperKind;
  /** Sequence number of the event named (for 'deleted', the first missing one). */
  seq: number;
  /** Finding the event belongs to (F-0042), when known. */
  findingId: string | null;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  headSeq: number;
  headHash: string;
  problems: ChainProblem[];
}

export function formatFindingId(id: number | null): string | null {
  return id === null ? null : `F-${String(id).padStart(4, '0')}`;
}

/**
 * Walk the chain from the genesis. For each event: its own hash must match its content
 * (else it was edited), its sequence number must follow the previous one (else events were
 * deleted), and its prev_hash must be the previous event's hash (else the previous event is
 * not the one it was chained to: inserted or replaced). Events past the head recorded in
 * attt_meta were inserted; a head past the last event means events were deleted at the tail.
 */
export function verifyChain(db: TrackerDb): VerifyReport {
  const meta = new Map((db.prepare('SELECT key, value FROM attt_meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
  const metaSeq = Number(meta.get('chain_head_seq') ?? '0');
  const metaHash = meta.get('chain_head_hash') ?? GENESIS_HASH;
  const problems: ChainProblem[] = [];
  let prev: EventRow | null = null;
  let count = 0;
  for (const row of db.prepare('SELECT * FROM events ORDER BY seq').iterate() as IterableIterator<EventRow>) {
    count++;
    const expectedSeq = (prev?.seq ?? 0) + 1;
    const expectedPrev = prev?.hash ?? GENESIS_HASH;
    const { hash, ...rest } = row;
    const fid = formatFindingId(row.finding_id);
    if (row.seq > metaSeq) {
      problems.push({ kind: 'inserted', seq: row.seq, findingId: fid, detail: `event ${row.seq} lies past the recorded chain head ${metaSeq}` });
    } else if (row.seq !== expectedSeq) {
      problems.push({
        kind: 'deleted',
        seq: expectedSeq,
        findingId: null,
        detail: row.seq - expectedSeq === 1 ? `event ${expectedSeq} is missing (before event ${row.seq})` : `events ${expectedSeq}–${row.seq - 1} are missing (before event ${row.seq})`,
      });
    } else if (eventHash(rest) !== hash) {
      problems.push({ kind: 'edited', seq: row.seq, findingId: fid, detail: `event ${row.seq} no longer matches its hash` });
    } else if (row.prev_hash !== expectedPrev && prev) {
      problems.push({
        kind: 'inserted',
        seq: prev.seq,
        findingId: formatFindingId(prev.finding_id),
        detail: `event ${prev.seq} is not the event that event ${row.seq} was chained to (inserted or replaced)`,
      });
    } else if (row.prev_hash !== expectedPrev) {
      problems.push({ kind: 'edited', seq: row.seq, findingId: fid, detail: `event ${row.seq} does not start from the genesis hash` });
    }
    prev = row;
  }
  const lastSeq = prev?.seq ?? 0;
  if (metaSeq > lastSeq) {
    problems.push({ kind: 'deleted', seq: lastSeq + 1, findingId: null, detail: metaSeq === lastSeq + 1 ? `event ${metaSeq}, the last of the history, is missing` : `events ${lastSeq + 1}–${metaSeq} at the end of the history are missing` });
  } else if (problems.length === 0 && (prev?.hash ?? GENESIS_HASH) !== metaHash) {
    problems.push({ kind: 'head_mismatch', seq: lastSeq, findingId: formatFindingId(prev?.finding_id ?? null), detail: `the last event's hash differs from the recorded chain head` });
  }
  return { ok: problems.length === 0, events: count, headSeq: lastSeq, headHash: prev?.hash ?? GENESIS_HASH, problems };
}
