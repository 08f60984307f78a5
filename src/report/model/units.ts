import { SEVERITIES, type Severity } from '../../results/index.js';
import type { ReportContext, ResultsContext } from './context.js';

/**
 * The department's per-unit table (consolidated report only, when more than one unit is in it):
 * for each unit its systems, targets observed, findings by severity, checks passed, and — with
 * the tracker — findings still open across all cycles. Counted from the rows in the first step
 * (countUnits); the tracker's column is added in the second (buildUnitTable).
 */
export function countUnits(ctx: ResultsContext) {
  if (ctx.unit || ctx.units.length < 2) return [];
  const zero = () => ({ counts: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, passed: 0, failed: 0, targets: 0, targetsOk: 0 });
  const byUnit = new Map(ctx.units.map((u) => [u.id, zero()]));
  for (const r of ctx.rs) {
    const u = byUnit.get(r.unit);
    if (!u) continue;
    if (r.outcome === 'pass') u.passed++;
    else if (r.outcome === 'fail') {
      u.failed++;
      u.counts[r.severity]++;
    }
  }
  for (const t of ctx.targets) {
    const u = byUnit.get(t.unit);
    if (!u) continue;
    u.targets++;
    if (t.status === 'ok') u.targetsOk++;
  }
  return ctx.units.map((unit) => {
    const { counts, passed, failed, targets, targetsOk } = byUnit.get(unit.id)!;
    const judged = passed + failed;
    return {
      id: unit.id,
      unitName: ctx.unitName(unit.id),
      systems: unit.systems.length,
      targetsOk,
      targets,
      critical: counts.critical,
      high: counts.high,
      medium: counts.medium,
      low: counts.low,
      findings: SEVERITIES.reduce((n, s) => n + counts[s], 0),
      compliancePercent: judged ? Math.round((100 * passed) / judged) : null,
    };
  });
}

export function buildUnitTable(ctx: ReportContext, units: ReturnType<typeof countUnits>) {
  if (units.length === 0) return { rows: [], withTracker: false };
  const open = new Map<string, number>();
  for (const f of ctx.trackerById.values()) if (f.status === 'open' || f.status === 'in_progress') open.set(f.unit, (open.get(f.unit) ?? 0) + 1);
  const rows = units.map(({ id, ...row }) => ({ ...row, open: ctx.tracker ? (open.get(id) ?? 0) : null }));
  return { rows, withTracker: !!ctx.tracker };
}
