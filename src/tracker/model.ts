import { InputError, TrackerStoreError } from '../errors.js';
import type { Localized } from '../i18n.js';
import type { Severity } from '../results/index.js';
import { formatFindingId } from './history.js';
import type { FindingStatus, TrackerFinding } from './view-types.js';

export const FINDING_STATUSES: readonly FindingStatus[] = ['open', 'in_progress', 'fixed', 'risk_accepted', 'false_positive'];

/** Days to remediate by severity (DESIGN issue #6 defaults); `info` has no deadline unless configured. */
export const DEFAULT_SLA_DAYS: Record<Severity, number | null> = { critical: 7, high: 30, medium: 90, low: 180, info: null };

export type SlaDays = Partial<Record<Severity, number | null>>;

export interface FindingRow {
  id: number;
  fingerprint: string;
  check_id: string;
  unit: string;
  system: string;
  target: string;
  target_key: string | null;
  severity: Severity;
  status: FindingStatus;
  regression: number;
  owner: string | null;
  due: string | null;
  first_seen: string;
  last_seen: string;
  opened_at: string;
  fixed_cycle: string | null;
  fixed_at: string | null;
  fixed_verified: number;
  accepted_until: string | null;
  accept_reason: string | null;
  accept_approver: string | null;
  message_vi: string;
  message_en: string;
  evidence: string;
}

export { localDate } from '../i18n.js';

/**
 * A function that returns one copy of each text it is given (null as it is): rows read from
 * the database bring a new string for every repeated unit, check, target or status, and the
 * readers of a province's 100,000s of findings keep one.
 */
export function textKeeper(): <T extends string | null>(text: T) => T {
  const kept = new Map<string, string>();
  return <T extends string | null>(text: T): T => (text === null ? text : ((kept.get(text) as T | undefined) ?? (kept.set(text, text), text)));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** Parse a user-given date (YYYY-MM-DD, a real calendar day); InputError (exit 2) otherwise. */
export function parseDate(value: string, what: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  // Vietnamese documents write dates day first: 31/12/2025.
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  const m = iso ? [iso[0], iso[1], iso[2], iso[3]] : vn ? [`${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}`, vn[3], vn[2], vn[1]] : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d) return m[0];
  }
  throw new InputError('ATTT_TRACKER_DATE', {
    vi: `Ngày không hợp lệ cho ${what}: "${value}". Hãy viết theo dạng ngày/tháng/năm hoặc NĂM-THÁNG-NGÀY, ví dụ 31/12/2025 hoặc 2025-12-31.`,
    en: `Invalid date for ${what}: "${value}". Write it as YYYY-MM-DD or dd/mm/yyyy, e.g. 2025-12-31 or 31/12/2025.`,
  });
}

/** Accepts F-0042, f-42, 42 or a full fingerprint; returns the numeric id or the fingerprint. */
export function parseFindingRef(ref: string): { id: number } | { fingerprint: string } {
  const s = ref.trim();
  const m = /^(?:f-?)?0*(\d{1,9})$/i.exec(s);
  if (m) return { id: Number(m[1]) };
  if (/^[0-9a-f]{24}$/i.test(s)) return { fingerprint: s.toLowerCase() };
  throw unknownFinding(ref);
}

export function unknownFinding(ref: string): TrackerStoreError {
  return new TrackerStoreError({
    vi: `Không có phát hiện "${ref}" trong cơ sở dữ liệu theo dõi. Xem danh sách bằng "attt tracker list".`,
    en: `No finding "${ref}" in the tracker database. See the list with "attt tracker list".`,
  });
}

export function isOverdue(row: Pick<FindingRow, 'status' | 'due'>, today: string): boolean {
  return row.due !== null && row.due < today && (row.status === 'open' || row.status === 'in_progress');
}

/** What toTrackerFinding reads of a finding's row. */
export type ReportFindingRow = Omit<FindingRow, 'target_key' | 'opened_at' | 'fixed_at' | 'fixed_verified' | 'evidence'>;

/** A finding as `tracker list --json` prints it and the report reads it (docs/tracker.md). */
export function toTrackerFinding(row: ReportFindingRow, today: string): TrackerFinding {
  return {
    id: formatFindingId(row.id)!,
    fingerprint: row.fingerprint,
    checkId: row.check_id,
    unit: row.unit,
    system: row.system,
    target: row.target,
    severity: row.severity,
    status: row.status,
    regression: row.regression === 1,
    owner: row.owner,
    due: row.due,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    overdue: isOverdue(row, today),
    fixedCycle: row.fixed_cycle,
    acceptedUntil: row.accepted_until,
    acceptReason: row.accept_reason,
    acceptApprover: row.accept_approver,
    message: { vi: row.message_vi, en: row.message_en },
  };
}

export const SYSTEM_ACTOR = 'attt';

export { FINDING_STATUS_LABEL as STATUS_TEXT, SEVERITY_LABEL as SEVERITY_TEXT } from '../labels.js';
