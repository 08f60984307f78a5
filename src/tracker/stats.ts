import { SEVERITIES, type Severity } from '../results/index.js';
import type { TrackerDb } from './db/index.js';
import { localDate } from './model.js';

export type SeverityCount = Record<Severity, number>;

export interface UnitStats {
  unit: string;
  open: SeverityCount;
  openTotal: number;
  inProgress: number;
  riskAccepted: number;
  falsePositive: number;
  overdue: number;
  /** Fixed (verified by audit) in the latest cycle. */
  fixedThisCycle: number;
  fixedTotal: number;
  /** Mean days from first detection to fix, over fixed findings; null when none. */
  meanDaysToRemediate: number | null;
}

export interface CycleTrend {
  cycle: string;
  open: SeverityCount;
  new: number;
  fixed: number;
  regressed: number;
}

export interface TrackerStats {
  latestCycle: string | null;
  units: UnitStats[];
  total: UnitStats;
  trend: CycleTrend[];
}

const zero = (): SeverityCount => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

/**
 * Reads the tallies the database keeps up to date on every change of a finding (migration 4:
 * `unit_tally`, `fixed_tally`, `open_due_tally`): the cost follows the number of units, not of
 * findings. Overdue is counted here against "today": due dates before it.
 */
export function trackerStats(db: TrackerDb, opts: { unit?: string; now?: Date } = {}): TrackerStats {
  const today = localDate(opts.now ?? new Date());
  const latest = db.prepare('SELECT cycle FROM cycles ORDER BY ord DESC LIMIT 1').get() as { cycle: string } | undefined;
  const unitOnly = opts.unit ? 'AND unit = @unit' : '';
  const params = { today, unit: opts.unit ?? null, latest: latest?.cycle ?? '' };
  const rows = db.prepare(`SELECT * FROM unit_tally WHERE findings > 0 ${unitOnly}`).all(params) as Array<
    { unit: string; in_progress: number; risk_accepted: number; false_positive: number; fixed: number; fix_days: number } & Record<`open_${Severity}`, number>
  >;
  const perUnit = (sql: string) => new Map((db.prepare(sql).all(params) as Array<{ unit: string; n: number }>).map((r) => [r.unit, r.n]));
  const overdue = perUnit(`SELECT unit, SUM(n) AS n FROM open_due_tally WHERE due < @today ${unitOnly} GROUP BY unit`);
  // A fixed finding without a fixing cycle is tallied under '' (a key cannot be NULL).
  const fixedLatest = perUnit(`SELECT unit, n FROM fixed_tally WHERE fixed_cycle = @latest ${unitOnly}`);
  const blank = (unit: string): UnitStats & { fixDays: number } => ({
    unit, open: zero(), openTotal: 0, inProgress: 0, riskAccepted: 0, falsePositive: 0, overdue: 0, fixedThisCycle: 0, fixedTotal: 0, meanDaysToRemediate: null, fixDays: 0,
  });
  const units: Array<UnitStats & { fixDays: number }> = [];
  const total = blank('*');
  for (const r of rows) {
    const u = blank(r.unit);
    units.push(u);
    for (const s of [u, total]) {
      for (const sev of SEVERITIES) {
        s.open[sev] += r[`open_${sev}`];
        s.openTotal += r[`open_${sev}`];
      }
      s.inProgress += r.in_progress;
      s.riskAccepted += r.risk_accepted;
      s.falsePositive += r.false_positive;
      s.fixedTotal += r.fixed;
      s.fixDays += r.fix_days;
      s.overdue += overdue.get(r.unit) ?? 0;
      s.fixedThisCycle += fixedLatest.get(r.unit) ?? 0;
    }
  }
  const finish = ({ fixDays, ...s }: UnitStats & { fixDays: number }): UnitStats => ({
    ...s,
    meanDaysToRemediate: s.fixedTotal ? Math.round((fixDays / s.fixedTotal) * 10) / 10 : null,
  });
  const trendRows = db
    .prepare(
      `SELECT s.cycle, SUM(open_critical) AS critical, SUM(open_high) AS high, SUM(open_medium) AS medium, SUM(open_low) AS low,
         SUM(open_info) AS info, SUM(new) AS new, SUM(fixed) AS fixed, SUM(regressed) AS regressed
       FROM cycle_stats s JOIN cycles c ON c.cycle = s.cycle ${opts.unit ? 'WHERE s.unit = @unit' : ''}
       GROUP BY s.cycle ORDER BY MIN(c.ord)`,
    )
    .all(opts.unit ? { unit: opts.unit } : {}) as Array<{ cycle: string; new: number; fixed: number; regressed: number } & SeverityCount>;
  return {
    latestCycle: latest?.cycle ?? null,
    units: units.sort((a, b) => a.unit.localeCompare(b.unit)).map(finish),
    total: finish(total),
    trend: trendRows.map((r) => ({
      cycle: r.cycle,
      open: { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info },
      new: r.new,
      fixed: r.fixed,
      regressed: r.regressed,
    })),
  };
}
