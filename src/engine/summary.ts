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
  const builder = new SummaryBuilder(targets);
  for (const r of results) builder.add(r);
  return builder.finish(grades);
}

/** The summary counted one result at a time, for results that are written as they come. */
export class SummaryBuilder {
  private readonly outcomes = emptyOutcomeCounts();
  private readonly findingsBySeverity = emptySeverityCounts();
  private readonly units = new Map<string, { unit: string; outcomes: OutcomeCounts; findingsBySeverity: SeverityCounts }>();

  constructor(private readonly targets: readonly TargetEntry[]) {
    for (const t of targets) if (!this.units.has(t.unit)) this.units.set(t.unit, { unit: t.unit, outcomes: emptyOutcomeCounts(), findingsBySeverity: emptySeverityCounts() });
  }

  add(r: Result): void {
    this.outcomes[r.outcome]++;
    let u = this.units.get(r.unit);
    if (!u) this.units.set(r.unit, (u = { unit: r.unit, outcomes: emptyOutcomeCounts(), findingsBySeverity: emptySeverityCounts() }));
    u.outcomes[r.outcome]++;
    if (isFinding(r)) {
      this.findingsBySeverity[r.severity]++;
      u.findingsBySeverity[r.severity]++;
    }
  }

  finish(grades: Record<string, string>): Summary {
    const count = (status: TargetEntry['status']) => this.targets.filter((t) => t.status === status).length;
    return {
      targets: { total: this.targets.length, ok: count('ok'), error: count('error'), outOfScope: count('out-of-scope') },
      outcomes: this.outcomes,
      findingsBySeverity: this.findingsBySeverity,
      units: [...this.units.values()],
      grades,
    };
  }
}
