import { SEVERITIES, type Severity } from '../../results/index.js';
import type { ReportContext } from './context.js';

/**
 * The department's per-unit table (consolidated report only, when more than one unit is in it):
 * for each unit its systems, targets observed, findings by severity, checks passed, and — with
 * the tracker — findings still open across all cycles.
 */
export function buildUnitTable(ctx: ReportContext) {
  if (ctx.unit || ctx.units.length < 2) return { rows: [], withTracker: false };
  const rows = ctx.units.map((u) => {
    const mine = (r: { unit: string }) => r.unit === u.id;
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const r of ctx.fails.filter(mine)) counts[r.severity]++;
    const rs = ctx.rs.filter(mine);
    const passed = rs.filter((r) => r.outcome === 'pass').length;
    const judged = passed + rs.filter((r) => r.outcome === 'fail').length;
    const targets = ctx.targets.filter(mine);
    const open = ctx.tracker ? [...ctx.trackerById.values()].filter((f) => f.unit === u.id && (f.status === 'open' || f.status === 'in_progress')).length : null;
    return {
      unitName: ctx.unitName(u.id),
      systems: u.systems.length,
      targetsOk: targets.filter((t) => t.status === 'ok').length,
      targets: targets.length,
      critical: counts.critical,
      high: counts.high,
      medium: counts.medium,
      low: counts.low,
      findings: SEVERITIES.reduce((n, s) => n + counts[s], 0),
      compliancePercent: judged ? Math.round((100 * passed) / judged) : null,
      open,
    };
  });
  return { rows, withTracker: !!ctx.tracker };
}
