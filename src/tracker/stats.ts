import type { Severity } from '../results/index.js';
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

/** Aggregates in SQL (two GROUP BY passes), so 50,000 findings stay well under the 300 ms budget. */
export function trackerStats(db: TrackerDb, opts: { unit?: string; now?: Date } = {}): TrackerStats {
  const today = localDate(opts.now ?? new Date());
  const latest = db.prepare('SELECT cycle FROM cycles ORDER BY ord DESC LIMIT 1').get() as { cycle: string } | undefined;
  const unitWhere = opts.unit ? 'WHERE unit = @unit' : '';
  const rows = db
    .prepare(
      `SELECT unit, severity, status,
         COUNT(*) AS n,
         SUM(CASE WHEN due IS NOT NULL AND due < @today AND status IN ('open', 'in_progress') THEN 1 ELSE 0 END) AS overdue,
         SUM(CASE WHEN status = 'fixed' AND fixed_cycle IS NOT DISTINCT FROM @latest THEN 1 ELSE 0 END) AS fixed_latest,
         SUM(CASE WHEN status = 'fixed' AND fixed_at IS NOT NULL THEN ${db.dialect.daysBetween('fixed_at', 'opened_at')} END) AS fix_days
       FROM findings ${unitWhere} GROUP BY unit, severity, status`,
    )
    .all({ today, latest: latest?.cycle ?? null, unit: opts.unit ?? null }) as Array<{
    unit: string; severity: Severity; status: string; n: number; overdue: number; fixed_latest: number; fix_days: number | null;
  }>;
  const blank = (unit: string): UnitStats => ({
    unit, open: zero(), openTotal: 0, inProgress: 0, riskAccepted: 0, falsePositive: 0, overdue: 0, fixedThisCycle: 0, fixedTotal: 0, meanDaysToRemediate: null,
  });
  const units = new Map<string, UnitStats & { fixDays: number }>();
  const total = { ...blank('*'), fixDays: 0 };
  for (const r of rows) {
    let u = units.get(r.unit);
    if (!u) units.set(r.unit, (u = { ...blank(r.unit), fixDays: 0 }));
    for (const s of [u, total]) {
      if (r.status === 'open' || r.status === 'in_progress') {
        s.open[r.severity] += r.n;
        s.openTotal += r.n;
      }
      if (r.status === 'in_progress') s.inProgress += r.n;
      if (r.status === 'risk_accepted') s.riskAccepted += r.n;
      if (r.status === 'false_positive') s.falsePositive += r.n;
      if (r.status === 'fixed') {
        s.fixedTotal += r.n;
        s.fixDays += r.fix_days ?? 0;
      }
      s.overdue += r.overdue ?? 0;
      s.fixedThisCycle += r.fixed_latest ?? 0;
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
    units: [...units.values()].sort((a, b) => a.unit.localeCompare(b.unit)).map(finish),
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
