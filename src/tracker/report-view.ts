import { TrackerStoreError } from '../errors.js';
import type { Severity } from '../results/index.js';
import { asTrackerFault, openTracker } from './db/index.js';
import { formatFindingId } from './history.js';
import { isOverdue, localDate, textKeeper, toTrackerFinding, type ReportFindingRow } from './model.js';
import { readSignOffs } from './signoff.js';
import { chainHead, formatAnchor } from './anchor.js';
import type { FindingStatus, TrackerFinding, TrackerReportView } from './view-types.js';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** The columns of a finding a report reads (toTrackerFinding): everything but the evidence and the write-side dates. */
const REPORT_COLUMNS = ['id', 'fingerprint', 'check_id', 'unit', 'system', 'target', 'severity', 'status', 'regression', 'owner', 'due', 'first_seen', 'last_seen',
  'fixed_cycle', 'accepted_until', 'accept_reason', 'accept_approver', 'message_vi', 'message_en'] as const satisfies ReadonlyArray<keyof ReportFindingRow>;

/**
 * What a report needs from the tracker, read-only (the database is never created or changed
 * here). Findings are those first seen up to `cycle`, in their current state; a risk
 * acceptance whose date has passed counts as open (the next writing command records it).
 */
export function readTrackerForReport(dbPath: string, opts: { cycle: string; unit?: string; units?: readonly string[]; now?: Date }): TrackerReportView {
  const db = openTracker(dbPath, { readonly: true });
  try {
    // One unit (its report), a set of units (a department's consolidated report in a central tracker), or all.
    const only = opts.unit ? [opts.unit] : opts.units;
    const scope: Record<string, string> = Object.fromEntries((only ?? []).map((u, i) => [`u${i}`, u]));
    const inScope = (column: string) => (only ? `AND ${column} IN (${only.length ? Object.keys(scope).map((k) => `@${k}`).join(', ') : 'NULL'})` : '');
    const today = localDate(opts.now ?? new Date());
    const cycles = db.prepare('SELECT cycle, ord FROM cycles ORDER BY ord').all() as Array<{ cycle: string; ord: number }>;
    const index = cycles.findIndex((c) => c.cycle === opts.cycle);
    if (index < 0) {
      throw new TrackerStoreError({
        vi: `Kỳ "${opts.cycle}" chưa được nhập vào cơ sở dữ liệu theo dõi ${db.name}. Các kỳ đã có: ${cycles.map((c) => c.cycle).join(', ') || '(chưa có)'}. Hãy chạy "attt tracker import" trước.`,
        en: `Cycle "${opts.cycle}" has not been imported into tracker ${db.name}. Cycles present: ${cycles.map((c) => c.cycle).join(', ') || '(none)'}. Run "attt tracker import" first.`,
      });
    }
    const ord = cycles[index].ord;
    // Row by row, only the columns a report shows (not the evidence), and every text that
    // repeats (a unit, a check, the same message on ten thousand systems) kept once: a
    // province's tracker holds hundreds of thousands of findings.
    const rows = db
      .prepare(`SELECT ${REPORT_COLUMNS.map((c) => `f.${c}`).join(', ')} FROM findings f JOIN cycles c ON c.cycle = f.first_seen WHERE c.ord <= @ord ${inScope('f.unit')}`)
      .iterate({ ord, ...scope }) as IterableIterator<ReportFindingRow>;
    const keep = textKeeper();
    const messages = new Map<string, { vi: string; en: string }>();
    const findings: TrackerFinding[] = [];
    for (const r of rows) {
      const status: FindingStatus = r.status === 'risk_accepted' && r.accepted_until !== null && r.accepted_until < today ? 'open' : r.status;
      const f = toTrackerFinding(r, today);
      const messageKey = `${f.message.vi}\u0000${f.message.en}`;
      const message = messages.get(messageKey) ?? (messages.set(messageKey, f.message), f.message);
      // An acceptance that expired before the report date reads as open, as the tracker's own commands do.
      findings.push({
        ...f, checkId: keep(f.checkId), unit: keep(f.unit), system: keep(f.system), target: keep(f.target), owner: keep(f.owner), due: keep(f.due),
        severity: keep(f.severity), firstSeen: keep(f.firstSeen), lastSeen: keep(f.lastSeen), fixedCycle: keep(f.fixedCycle), message, status: keep(status), overdue: isOverdue({ status, due: r.due }, today),
      });
    }
    findings
      // Ids are F-NNNN with at least 4 digits: length first is numeric order (localeCompare with options costs ~100× more per call).
      .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    const regressedIds = new Set(
      (db.prepare(`SELECT DISTINCT finding_id FROM events WHERE type = 'regressed' AND cycle = ?`).all(opts.cycle) as Array<{ finding_id: number }>).map((r) => formatFindingId(r.finding_id)!),
    );
    const changes = { new: [] as string[], fixed: [] as string[], regressed: [] as string[], stillOpen: [] as string[], overdue: [] as string[] };
    for (const f of findings) {
      if (f.firstSeen === opts.cycle) changes.new.push(f.id);
      if (f.fixedCycle === opts.cycle) changes.fixed.push(f.id);
      if (regressedIds.has(f.id)) changes.regressed.push(f.id);
      if ((f.status === 'open' || f.status === 'in_progress') && f.firstSeen !== opts.cycle && !regressedIds.has(f.id)) changes.stillOpen.push(f.id);
      if (f.overdue) changes.overdue.push(f.id);
    }

    const gradeRows = db
      .prepare(`SELECT g.* FROM grades g JOIN cycles c ON c.cycle = g.cycle WHERE c.ord <= @ord ${inScope('g.unit')} ORDER BY g.unit, g.system, g.target, g.target_key, c.ord`)
      .all({ ord, ...scope }) as Array<{ cycle: string; target_key: string; unit: string; system: string; target: string; grade: string }>;
    const trend = new Map<string, TrackerReportView['gradeTrend'][number] & { targetKey: string }>();
    for (const g of gradeRows) {
      let t = trend.get(g.target_key);
      if (!t) trend.set(g.target_key, (t = { unit: g.unit, system: g.system, target: g.target, targetKey: g.target_key, grades: [] }));
      t.grades.push({ cycle: g.cycle, grade: g.grade });
    }

    const statRows = db
      .prepare(
        `SELECT s.cycle, SUM(open_critical) AS critical, SUM(open_high) AS high, SUM(open_medium) AS medium, SUM(open_low) AS low, SUM(open_info) AS info,
           SUM(new) AS new, SUM(fixed) AS fixed, SUM(regressed) AS regressed
         FROM cycle_stats s JOIN cycles c ON c.cycle = s.cycle WHERE c.ord <= @ord ${inScope('s.unit')}
         GROUP BY s.cycle ORDER BY MIN(c.ord)`,
      )
      .all({ ord, ...scope }) as Array<{ cycle: string; new: number; fixed: number; regressed: number } & Record<Severity, number>>;

    const head = chainHead(db);
    return {
      cycle: opts.cycle,
      previousCycle: index > 0 ? cycles[index - 1].cycle : null,
      cycles: cycles.map((c) => c.cycle),
      findings,
      changes,
      gradeTrend: [...trend.values()],
      cycleStats: statRows.map((r) => ({
        cycle: r.cycle,
        open: { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info },
        fixed: r.fixed,
        new: r.new,
        regressed: r.regressed,
      })),
      signOffs: readSignOffs(db),
      chainHead: { ...head, anchor: formatAnchor(head) },
    };
  } catch (error) {
    throw asTrackerFault(dbPath, error);
  } finally {
    db.close();
  }
}
