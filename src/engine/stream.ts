import { RESULTS_SCHEMA_VERSION, ResultsStreamWriter, SEVERITY_RANK, type Result, type Results, type ResultsSink } from '../results/index.js';
import { judgeObserved } from './assemble.js';
import type { ObservedRun } from './audit.js';
import { isFinding } from './summary.js';

/** How many of each unit's worst findings the digest keeps (the terminal summary shows 5). */
const WORST_PER_UNIT = 5;

/**
 * Judge an observed audit and write its results.json into `sink` as targets are judged
 * (docs/results.md). Returns a digest for the terminal: the header, targets and summary, and in
 * `results` only each unit's worst findings, never every result. Throws when the sink fails;
 * the sink's temp file is removed then, and the same run may be written again elsewhere.
 */
export async function writeAudit(run: ObservedRun, sink: ResultsSink): Promise<Results> {
  const writer = new ResultsStreamWriter(sink, run.header, run.targets);
  const worst = new Map<string, Result[]>();
  try {
    const { summary } = await judgeObserved(run, {
      observation: (key, o) => writer.observation(key, o),
      result: (r) => {
        writer.result(r);
        if (isFinding(r)) keepWorst(worst, r);
      },
    });
    writer.finish(summary);
    return { schemaVersion: RESULTS_SCHEMA_VERSION, ...run.header, targets: run.targets, observations: {}, results: [...worst.values()].flat(), summary };
  } finally {
    writer.abort();
  }
}

/** Keeps a unit's WORST_PER_UNIT worst findings; among equals, the first ones seen. */
function keepWorst(worst: Map<string, Result[]>, r: Result): void {
  const list = worst.get(r.unit) ?? worst.set(r.unit, []).get(r.unit)!;
  if (list.length === WORST_PER_UNIT && SEVERITY_RANK[list[list.length - 1]!.severity] >= SEVERITY_RANK[r.severity]) return;
  let at = list.length;
  while (at > 0 && SEVERITY_RANK[list[at - 1]!.severity] < SEVERITY_RANK[r.severity]) at--;
  list.splice(at, 0, r);
  if (list.length > WORST_PER_UNIT) list.pop();
}
