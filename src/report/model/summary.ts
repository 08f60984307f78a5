import { SEVERITIES, type Severity } from '../../results/index.js';
import { SEVERITY_COLORS, SEVERITY_LABELS } from '../labels.js';
import { cleanText } from '../sanitize.js';
import type { ReportContext, ResultsContext } from './context.js';
import { cycleLabel } from './dates.js';

/**
 * Open findings at the end of each recorded cycle, by severity, with the report's definition of a
 * finding: the tracker also follows unanswered questions, which are left out here (so the last
 * bar equals the findings of this report), and risks accepted or marked false are not open.
 */
function cycleStats(ctx: ReportContext, unanswered: ReadonlySet<string>) {
  const tracker = ctx.tracker;
  if (!tracker) return [];
  const at = (c: string | null) => (c === null ? Infinity : tracker.cycles.indexOf(c));
  const findings = [...ctx.trackerById.values()].filter((f) => !unanswered.has(f.fingerprint) && f.status !== 'risk_accepted' && f.status !== 'false_positive');
  return tracker.cycles.map((cycle, i) => {
    const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const f of findings) if (at(f.firstSeen) <= i && at(f.fixedCycle) > i) open[f.severity]++;
    return { cycle, open, fixed: findings.filter((f) => at(f.fixedCycle) === i).length, new: findings.filter((f) => at(f.firstSeen) === i).length };
  });
}

/** What the summary needs of every row (the first step, see createResultsContext): outcomes, and which rows are unanswered questions. */
export function countOutcomes(ctx: ResultsContext) {
  const outcomes = { pass: 0, fail: 0, error: 0, not_applicable: 0, unanswered: 0 };
  const unanswered = new Set<string>();
  for (const r of ctx.rs) {
    outcomes[r.outcome]++;
    if (r.outcome === 'unanswered') unanswered.add(r.fingerprint);
  }
  return { outcomes, unanswered };
}

/** Section "tổng hợp": findings by severity (the one count), outcomes, grades, open findings per cycle. */
export function buildSummary(ctx: ReportContext, tally: ReturnType<typeof countOutcomes>, problems: number) {
  const { t, lang, tracker } = ctx;
  const { outcomes } = tally;
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of ctx.fails) counts[r.severity]++;
  const maxCount = Math.max(1, ...Object.values(counts));
  const severityRows = SEVERITIES.map((s, i) => {
    const width = counts[s] === 0 ? 0 : Math.max(2, Math.round((300 * counts[s]) / maxCount));
    return { key: s, label: t(SEVERITY_LABELS[s]), count: counts[s], color: SEVERITY_COLORS[s], y: 6 + i * 26, textY: 20 + i * 26, width, countX: 130 + width + 6 };
  });
  const trendByTarget = new Map<string, string>();
  for (const g of tracker?.gradeTrend ?? []) trendByTarget.set(`${g.unit}|${g.system}|${g.target}`, g.grades.map((x) => cleanText(x.grade, { max: 4 })).join(' › '));
  const byKey = new Map(ctx.results.targets.map((t) => [t.key, t]));
  const grades = Object.entries(ctx.results.summary.grades)
    .map(([key, grade]) => ({ grade, entry: byKey.get(key) }))
    .filter((g) => g.entry && ctx.inScope(g.entry))
    .map((g) => {
      const e = g.entry!;
      const gr = cleanText(g.grade, { max: 4 });
      return {
        unitName: ctx.unitName(e.unit),
        systemName: ctx.sysName(e.unit, e.system),
        target: cleanText(e.target, { max: 300 }),
        family: e.family.toUpperCase(),
        grade: gr,
        gradeClass: /^A/.test(gr) ? 'g-a' : /^B/.test(gr) ? 'g-b' : /^C/.test(gr) ? 'g-c' : 'g-bad',
        trend: trendByTarget.get(`${e.unit}|${e.system}|${e.target}`) ?? '',
      };
    })
    .sort((a, b) => a.unitName.localeCompare(b.unitName) || a.systemName.localeCompare(b.systemName) || a.target.localeCompare(b.target));
  const judged = outcomes.pass + outcomes.fail;
  const stats = cycleStats(ctx, tally.unanswered);
  const openOf = (c: (typeof stats)[number]) => SEVERITIES.reduce((n, s) => n + (c.open[s] ?? 0), 0);
  const maxOpen = Math.max(1, ...stats.map(openOf));
  // One series (open findings per cycle) in one shade with its value on each bar, a labelled
  // axis and a baseline: readable in greyscale. The breakdown by severity is the table below.
  const trendChart = stats.length
    ? {
        showChart: stats.length > 1,
        width: Math.max(260, 90 + stats.length * 80),
        axisTop: 20,
        bars: stats.map((c, i) => {
          const h = Math.round((130 * openOf(c)) / maxOpen);
          return { x: 70 + i * 80, y: 160 - h, h, total: openOf(c), totalY: 160 - h - 4, labelX: 70 + i * 80 + 22, label: cycleLabel(c.cycle, lang) };
        }),
        maxOpen,
        rows: stats.map((c) => ({ cycle: cycleLabel(c.cycle, lang), open: openOf(c), bySeverity: SEVERITIES.map((s) => c.open[s] ?? 0), fixed: c.fixed, new: c.new })),
      }
    : null;
  return {
    counts,
    summary: {
      severityRows,
      totalFindings: ctx.fails.length,
      problems,
      outcomes,
      compliancePercent: judged === 0 ? null : Math.round((100 * outcomes.pass) / judged),
      passed: outcomes.pass,
      judged,
      grades,
      trendChart,
      severityHeaders: SEVERITIES.map((s) => t(SEVERITY_LABELS[s])),
    },
  };
}
