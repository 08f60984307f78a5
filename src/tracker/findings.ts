import { InputError } from '../errors.js';
import type { Severity } from '../results/index.js';
import { inWriteTransaction, type TrackerDb } from './db/index.js';
import { EventWriter, formatFindingId, type EventRow } from './history.js';
import { expireAcceptances } from './import.js';
import { isOverdue, localDate, parseDate, parseFindingRef, SYSTEM_ACTOR, toTrackerFinding, unknownFinding, type FindingRow } from './model.js';
import type { TrackerFinding } from './view-types.js';
import type { FindingStatus } from './view-types.js';

export interface ListFilter {
  unit?: string;
  system?: string;
  severity?: Severity[];
  status?: FindingStatus[];
  overdue?: boolean;
  owner?: string;
  regression?: boolean;
  checkId?: string;
}

const LIST_COLUMNS =
  'id, fingerprint, check_id, unit, system, target, severity, status, regression, owner, due, first_seen, last_seen, fixed_cycle, accepted_until, accept_reason, accept_approver, message_vi, message_en';
const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/**
 * Findings matching the filter, worst severity first, then by id. Rows are read in raw mode
 * (arrays, only the listed columns) and sorted in JS: this keeps 50,000 findings within the
 * 300 ms budget of bench/tracker.js.
 */
/**
 * The SQL condition of a findings filter (the CLI's list and the web pages' paging share it):
 * `where` clauses to join with AND, and their parameters in order.
 */
export function filterClauses(filter: ListFilter, today: string): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.unit) (where.push('unit = ?'), params.push(filter.unit));
  if (filter.system) (where.push('system = ?'), params.push(filter.system));
  if (filter.owner) (where.push('owner = ?'), params.push(filter.owner));
  if (filter.checkId) (where.push('check_id = ?'), params.push(filter.checkId));
  if (filter.severity?.length) (where.push(`severity IN (${filter.severity.map(() => '?').join(',')})`), params.push(...filter.severity));
  if (filter.status?.length) (where.push(`status IN (${filter.status.map(() => '?').join(',')})`), params.push(...filter.status));
  if (filter.overdue) (where.push(`due IS NOT NULL AND due < ? AND status IN ('open', 'in_progress')`), params.push(today));
  if (filter.regression === true) where.push('regression = 1');
  if (filter.regression === false) where.push('regression = 0');
  return { where, params };
}

export function listFindings(db: TrackerDb, filter: ListFilter = {}, now: Date = new Date()): TrackerFinding[] {
  const today = localDate(now);
  const { where, params } = filterClauses(filter, today);
  const stmt = db.prepare(`SELECT ${LIST_COLUMNS} FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).raw(true);
  const out: TrackerFinding[] = [];
  for (const r of stmt.iterate(...params) as IterableIterator<unknown[]>) {
    const status = r[7] as FindingStatus;
    const due = r[10] as string | null;
    out.push({
      id: formatFindingId(r[0] as number)!,
      fingerprint: r[1] as string,
      checkId: r[2] as string,
      unit: r[3] as string,
      system: r[4] as string,
      target: r[5] as string,
      severity: r[6] as Severity,
      status,
      regression: r[8] === 1,
      owner: r[9] as string | null,
      due,
      firstSeen: r[11] as string,
      lastSeen: r[12] as string,
      overdue: isOverdue({ status, due }, today),
      fixedCycle: r[13] as string | null,
      acceptedUntil: r[14] as string | null,
      acceptReason: r[15] as string | null,
      acceptApprover: r[16] as string | null,
      message: { vi: r[17] as string, en: r[18] as string },
    });
  }
  // Ids are F-NNNN with at least 4 digits: compare length first for numeric order.
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function getFindingRow(db: TrackerDb, ref: string): FindingRow {
  const key = parseFindingRef(ref);
  const row = ('id' in key
    ? db.prepare('SELECT * FROM findings WHERE id = ?').get(key.id)
    : db.prepare('SELECT * FROM findings WHERE fingerprint = ?').get(key.fingerprint)) as FindingRow | undefined;
  if (!row) throw unknownFinding(ref);
  return row;
}

export interface HistoryEntry {
  seq: number;
  type: string;
  actor: string;
  at: string;
  cycle: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
  hash: string;
}

export interface FindingDetail extends TrackerFinding {
  targetKey: string | null;
  evidence: Record<string, unknown>;
  fixedAt: string | null;
  history: HistoryEntry[];
}

export function showFinding(db: TrackerDb, ref: string, now: Date = new Date()): FindingDetail {
  const row = getFindingRow(db, ref);
  const events = db.prepare('SELECT * FROM events WHERE finding_id = ? ORDER BY seq').all(row.id) as EventRow[];
  let evidence: Record<string, unknown> = {};
  try {
    evidence = JSON.parse(row.evidence) as Record<string, unknown>;
  } catch {
    evidence = { raw: row.evidence };
  }
  return {
    ...toTrackerFinding(row, localDate(now)),
    targetKey: row.target_key,
    evidence,
    fixedAt: row.fixed_at,
    history: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      actor: e.actor,
      at: e.at,
      cycle: e.cycle,
      before: e.before === null ? null : (JSON.parse(e.before) as Record<string, unknown>),
      after: e.after === null ? null : (JSON.parse(e.after) as Record<string, unknown>),
      note: e.note,
      hash: e.hash,
    })),
  };
}

export interface UpdateOptions {
  status?: 'open' | 'in_progress' | 'fixed' | 'false_positive';
  owner?: string;
  /** YYYY-MM-DD */
  due?: string;
  note?: string;
  actor?: string;
  now?: Date;
}

const MANUAL_STATUSES = ['open', 'in_progress', 'fixed', 'false_positive'] as const;

/** Manual change of status, owner, due date or a note; one 'updated' event with before/after. */
export function updateFinding(db: TrackerDb, ref: string, opts: UpdateOptions): TrackerFinding {
  if (opts.status !== undefined && !(MANUAL_STATUSES as readonly string[]).includes(opts.status)) {
    throw new InputError('ATTT_TRACKER_STATUS', {
      vi: `Trạng thái không hợp lệ: "${opts.status}". Chọn một trong: ${MANUAL_STATUSES.join(', ')} (chấp nhận rủi ro: "attt tracker accept").`,
      en: `Invalid status: "${opts.status}". Choose one of: ${MANUAL_STATUSES.join(', ')} (risk acceptance: "attt tracker accept").`,
    });
  }
  const due = opts.due === undefined ? undefined : parseDate(opts.due, '--due');
  if (opts.status === undefined && opts.owner === undefined && due === undefined && opts.note === undefined) {
    throw new InputError('ATTT_TRACKER_NOTHING', {
      vi: 'Không có gì để cập nhật: hãy cho --status, --owner, --due hoặc --note.',
      en: 'Nothing to update: give --status, --owner, --due or --note.',
    });
  }
  const now = opts.now ?? new Date();
  return inWriteTransaction(db, () => {
    const row = getFindingRow(db, ref);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const sets: string[] = [];
    const params: Record<string, unknown> = { id: row.id };
    const change = (column: keyof FindingRow, field: string, value: unknown) => {
      if (row[column] === value) return;
      before[field] = row[column];
      after[field] = value;
      sets.push(`${column} = @${column}`);
      params[column] = value;
    };
    if (opts.status !== undefined) {
      change('status', 'status', opts.status);
      if (opts.status === 'fixed' && row.status !== 'fixed') {
        // Marked by hand: not verified until an audit shows it passing.
        change('fixed_at', 'fixedAt', now.toISOString());
        change('fixed_verified', 'verified', 0);
        change('fixed_cycle', 'fixedCycle', null);
      }
      if (opts.status !== 'fixed' && row.status === 'fixed') {
        change('fixed_at', 'fixedAt', null);
        change('fixed_verified', 'verified', 0);
      }
    }
    if (opts.owner !== undefined) change('owner', 'owner', opts.owner === '' ? null : opts.owner);
    if (due !== undefined) change('due', 'due', due);
    if (sets.length) db.prepare(`UPDATE findings SET ${sets.join(', ')} WHERE id = @id`).run(params);
    if (sets.length || opts.note) {
      const writer = new EventWriter(db);
      writer.append({
        findingId: row.id, cycle: null, type: 'updated', actor: opts.actor ?? SYSTEM_ACTOR, at: now.toISOString(),
        before: sets.length ? before : null, after: sets.length ? after : null, note: opts.note ?? null,
      });
      writer.finish();
    }
    return toTrackerFinding(db.prepare('SELECT * FROM findings WHERE id = ?').get(row.id) as FindingRow, localDate(now));
  });
}

/**
 * The same change on every finding the filter selects, in one transaction: each finding gets
 * its own 'updated' event in the history, so the bulk change is as traceable as single ones.
 */
export function updateFindings(db: TrackerDb, filter: ListFilter, opts: UpdateOptions): TrackerFinding[] {
  const now = opts.now ?? new Date();
  return inWriteTransaction(db, () => listFindings(db, filter, now).map((f) => updateFinding(db, f.id, { ...opts, now })));
}

export interface AcceptOptions {
  /** YYYY-MM-DD, today or later: the acceptance ends after this day. */
  until: string;
  reason: string;
  approver: string;
  actor?: string;
  now?: Date;
}

/** Risk acceptance with an expiry; it returns to open once `until` has passed. */
export function acceptRisk(db: TrackerDb, ref: string, opts: AcceptOptions): TrackerFinding {
  const until = parseDate(opts.until, '--until');
  const now = opts.now ?? new Date();
  const today = localDate(now);
  if (until < today) {
    throw new InputError('ATTT_TRACKER_DATE', {
      vi: `--until ${until} đã qua (hôm nay ${today}); chấp nhận rủi ro phải có hạn trong tương lai.`,
      en: `--until ${until} is in the past (today is ${today}); a risk acceptance needs a future end date.`,
    });
  }
  for (const [name, value] of [['--reason', opts.reason], ['--approver', opts.approver]] as const) {
    if (!value || !value.trim()) {
      throw new InputError('ATTT_TRACKER_ACCEPT', {
        vi: `Chấp nhận rủi ro cần ${name} (lý do và người phê duyệt được ghi vào lịch sử).`,
        en: `A risk acceptance needs ${name} (the reason and approver go into the history).`,
      });
    }
  }
  return inWriteTransaction(db, () => {
    const row = getFindingRow(db, ref);
    if (row.status === 'fixed' || row.status === 'false_positive') {
      throw new InputError('ATTT_TRACKER_ACCEPT', {
        vi: `${formatFindingId(row.id)} đang ở trạng thái ${row.status}; chỉ chấp nhận rủi ro cho phát hiện còn mở.`,
        en: `${formatFindingId(row.id)} is ${row.status}; only a finding that is still open can have its risk accepted.`,
      });
    }
    db.prepare(`UPDATE findings SET status = 'risk_accepted', accepted_until = ?, accept_reason = ?, accept_approver = ? WHERE id = ?`).run(until, opts.reason, opts.approver, row.id);
    const writer = new EventWriter(db);
    writer.append({
      findingId: row.id, cycle: null, type: 'risk_accepted', actor: opts.actor ?? SYSTEM_ACTOR, at: now.toISOString(),
      before: { status: row.status, acceptedUntil: row.accepted_until },
      after: { status: 'risk_accepted', acceptedUntil: until, approver: opts.approver },
      note: opts.reason,
    });
    writer.finish();
    return toTrackerFinding(db.prepare('SELECT * FROM findings WHERE id = ?').get(row.id) as FindingRow, today);
  });
}

/** Expire past acceptances in one transaction; returns how many returned to open. */
export function expireAcceptancesNow(db: TrackerDb, now: Date = new Date()): number {
  return inWriteTransaction(db, () => {
    const writer = new EventWriter(db);
    const n = expireAcceptances(db, writer, now);
    writer.finish();
    return n;
  });
}
