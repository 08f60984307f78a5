import type { TrackerDb } from './db/index.js';
import type { EventType, EventWriter } from './history.js';

/**
 * The finding writes of one cycle import, as set-based statements: each is written for one row
 * and sent for all rows at once (TrackerDb.runMany), so on PostgreSQL an import of a thousand
 * results costs a handful of round trips. The UPDATEs take their rows from `VALUES`, whose
 * columns both engines name column1, column2, …; the key is cast so PostgreSQL compares integers.
 */
const SQL = {
  insert: `INSERT INTO findings (fingerprint, check_id, unit, system, target, target_key, severity, status, regression, owner, due,
      first_seen, last_seen, opened_at, message_vi, message_en, evidence)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'open', 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
  severity: `UPDATE findings SET severity = v.column2 FROM (VALUES (CAST(? AS INTEGER), ?)) AS v WHERE findings.id = v.column1`,
  seen: `UPDATE findings SET last_seen = v.column2, target_key = v.column3, message_vi = v.column4, message_en = v.column5, evidence = v.column6
    FROM (VALUES (CAST(? AS INTEGER), ?, ?, ?, ?, ?)) AS v WHERE findings.id = v.column1`,
  reopen: `UPDATE findings SET status = 'open', regression = v.column2, due = v.column3, last_seen = v.column4, fixed_cycle = NULL, fixed_at = NULL,
      fixed_verified = 0, message_vi = v.column5, message_en = v.column6, evidence = v.column7
    FROM (VALUES (CAST(? AS INTEGER), CAST(? AS INTEGER), ?, ?, ?, ?, ?)) AS v WHERE findings.id = v.column1`,
  close: `UPDATE findings SET status = 'fixed', regression = 0, fixed_cycle = v.column2, fixed_at = v.column3, fixed_verified = 1
    FROM (VALUES (CAST(? AS INTEGER), ?, ?)) AS v WHERE findings.id = v.column1`,
} as const;

export type FindingUpdate = Exclude<keyof typeof SQL, 'insert'>;

/** A finding this import creates: its key is known once the batch is written. */
export interface NewFinding {
  readonly index: number;
}

interface PlannedEvent {
  finding: number | NewFinding;
  type: EventType;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
}

/** Planned events held before the plan is written: one PostgreSQL statement's worth of rows, and a bound on memory. */
const PLAN_LIMIT = 1000;

/**
 * Phases 2 and 3 plan their writes here in the order they decide them, each decision ending
 * with its event; `flush()` (by itself every PLAN_LIMIT events, and at the end) sends the new
 * findings first (their keys name their events), then each kind of update, then appends the
 * events in the planned order, so the history chain is the one a row-by-row import writes.
 */
export class FindingWrites {
  private inserts: unknown[][] = [];
  private updates = new Map<FindingUpdate, unknown[][]>();
  private events: PlannedEvent[] = [];

  constructor(
    private readonly db: TrackerDb,
    private readonly writer: EventWriter,
    private readonly base: { cycle: string; actor: string; at: string },
  ) {}

  /** Columns: fingerprint, check_id, unit, system, target, target_key, severity, owner, due, first_seen, last_seen, opened_at, message_vi, message_en, evidence. */
  insert(row: unknown[]): NewFinding {
    this.inserts.push(row);
    return { index: this.inserts.length - 1 };
  }

  /** `row` in the order of the kind's VALUES: the finding's id first. */
  update(kind: FindingUpdate, row: unknown[]): void {
    const rows = this.updates.get(kind);
    if (rows) rows.push(row);
    else this.updates.set(kind, [row]);
  }

  /** The last write of a decision: a new finding's event always follows its insert in the same plan. */
  event(e: PlannedEvent): void {
    this.events.push(e);
    if (this.events.length >= PLAN_LIMIT) this.flush();
  }

  flush(): void {
    const { inserts, updates, events } = this;
    this.inserts = [];
    this.updates = new Map();
    this.events = [];
    const ids = this.db.runMany(SQL.insert, inserts).ids;
    if (ids.length !== inserts.length) throw new Error(`findings insert numbered ${ids.length} of ${inserts.length} rows`);
    for (const [kind, rows] of updates) this.db.runMany(SQL[kind], rows);
    const { cycle, actor, at } = this.base;
    for (const e of events) {
      const findingId = typeof e.finding === 'number' ? e.finding : ids[e.finding.index];
      this.writer.append({ findingId, cycle, type: e.type, actor, at, before: e.before, after: e.after, note: e.note });
    }
    this.writer.flush();
  }
}
