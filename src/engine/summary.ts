import { type OutcomeCounts, type Result, type SeverityCounts, type Summary, type TargetEntry } from '../results/index.js';

export function emptySeverityCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}
export function emptyOutcomeCounts(): OutcomeCounts {
  return { pass: 0, fail: 0, error: 0, not_applicable: 0, unanswered: 0 };
}

/** A finding is a failed or unanswered result (an unanswered question is never a pass). */
export function isFinding(r: Pick<Result, 'outcome'>): boolean {
  return r.outcome === 'fail' || r.outcome === 'unanswered';
}

export function summarize(targets: TargetEntry[], results: Result[], grades: Record<string, string>): Summary {
  const outcomes = emptyOutcomeCounts();
  const findingsBySeverity = emptySeverityCounts();
  const units = new Map<string, { unit: string; outcomes: OutcomeCounts; findingsBySeverity: SeverityCounts }>();
  for (const t of targets) if (!units.has(t.unit)) units.set(t.unit, { unit: t.unit, outcomes: emptyOutcomeCounts(), findingsBySeverity: emptySeverityCounts() });
  for (const r of results) {
    outcomes[r.outcome]++;
    let u = units.get(r.unit);
    if (!u) units.set(r.unit, (u = { unit: r.unit, outcomes: emptyOutcomeCounts(), findingsBySeverity: emptySeverityCounts() }));
    u.outcomes[r.outcome]++;
    if (isFinding(r)) {
      findingsBySeverity[r.severity]++;
      u.findingsBySeverity[r.severity]++;
    }
  }
  return {
    targets: {
      total: targets.length,
      ok: targets.filter((t) => t.status === 'ok').length,
      error: targets.filter((t) => t.status === 'error').length,
      outOfScope: targets.filter((t) => t.status === 'out-of-scope').length,
    },
    outcomes,
    findingsBySeverity,
    units: [...units.values()],
    grades,
  };
}
