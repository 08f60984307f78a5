import type { Inventory } from '../inventory/index.js';
import type { Result, Summary, TargetEntry } from '../results/index.js';
import type { HostSoftware } from '../software/index.js';
import { checksForFamily } from './catalog.js';
import { distinctVerdicts } from './dedupe.js';
import { errorResults, judgeTarget, type JudgedTarget } from './judge.js';
import type { ObservationStore } from './store.js';
import { SummaryBuilder } from './summary.js';
import type { FamilyModule, FamilyOptions, PlannedTarget } from './types.js';

/** Where judged targets go, in targets[] order: an in-memory Results, or results.json as it is written. */
export interface JudgedSink {
  observation(key: string, observation: unknown): void;
  result(result: Result): void;
}

/** What the observing phase of an audit leaves for judging (src/engine/audit.ts). */
export interface ObservedAudit {
  inventory: Inventory;
  options: FamilyOptions;
  startedAt: Date;
  /** Every target entry, in plan order (then range problems). */
  targets: TargetEntry[];
  planned: ReadonlyMap<string, PlannedTarget>;
  families: ReadonlyMap<string, FamilyModule>;
  store: ObservationStore;
  /** Per address: what its observations say about its software, folded in the order observed. */
  hosts: ReadonlyMap<string, HostSoftware>;
  /** Targets that ran and failed: their checks report `error` (targets never started have no results). */
  failed: ReadonlySet<string>;
  /** Per target: the real endpoint it observed (see dedupe.ts), when it has one. */
  endpoints: ReadonlyMap<string, string>;
}

const byCheck = (a: Result, b: Result) => a.checkId.localeCompare(b.checkId) || a.fingerprint.localeCompare(b.fingerprint);

/**
 * Judge every observed target in targets[] order and hand each observation and result to
 * `sink` as soon as it is judged; returns the summary. Only targets that share an endpoint
 * with another (a host listed by name and by address) are judged ahead and held, since one
 * verdict per endpoint is kept (dedupe.ts). Repeatable: the store is only read.
 */
export async function judgeObserved(run: ObservedAudit, sink: JudgedSink): Promise<{ summary: Summary }> {
  const judgeOne = async (entry: TargetEntry): Promise<{ judged?: JudgedTarget; results: Result[] }> => {
    const target = run.planned.get(entry.key);
    if (!target) return { results: [] };
    if (entry.status === 'ok' && run.store.has(entry.key)) {
      const family = run.families.get(target.family)!;
      const hostSoftware = entry.address ? run.hosts.get(entry.address) : undefined;
      const judged = judgeTarget(family, await checksForFamily(target.family), target, run.store.get(entry.key), {
        inventory: run.inventory, now: run.startedAt, options: run.options, hostSoftware: hostSoftware ?? { sshStrictKex: false },
      });
      return { judged, results: judged.results.sort(byCheck) };
    }
    if (run.failed.has(entry.key) && entry.error) return { results: errorResults(await checksForFamily(target.family), target, entry.error.code, entry.error.message).sort(byCheck) };
    return { results: [] };
  };

  // Endpoints observed by more than one target of the same system (verdicts of different
  // systems never merge): those targets are judged first and deduplicated together.
  const groupOf = (t: TargetEntry) => {
    const e = run.endpoints.get(t.key);
    return e === undefined ? undefined : `${t.unit}\u0000${t.system}\u0000${e}`;
  };
  const seen = new Map<string, number>();
  for (const t of run.targets) {
    const g = groupOf(t);
    if (g !== undefined) seen.set(g, (seen.get(g) ?? 0) + 1);
  }
  const shared = run.targets.filter((t) => (seen.get(groupOf(t) ?? '') ?? 0) > 1);
  const held = new Map<string, JudgedTarget | undefined>();
  const slots = new Map<string, Result[]>();
  if (shared.length) {
    const all: Result[] = [];
    const occupant: string[] = [];
    for (const entry of shared) {
      const one = await judgeOne(entry);
      held.set(entry.key, one.judged);
      for (const r of one.results) {
        all.push(r);
        occupant.push(entry.key);
      }
    }
    // The kept verdict takes the place of the first one of its endpoint (an https:// verdict replaces an http:// one there).
    for (const { result, at } of distinctVerdicts(all, run.endpoints)) {
      const slot = occupant[at]!;
      (slots.get(slot) ?? slots.set(slot, []).get(slot)!).push(result);
    }
  }

  const summary = new SummaryBuilder(run.targets);
  const grades: Record<string, string> = {};
  for (const entry of run.targets) {
    // A target alone on its endpoint may still repeat a verdict (the same cookie before and after a redirect).
    const one = held.has(entry.key) ? { judged: held.get(entry.key), results: slots.get(entry.key) ?? [] } : await judgeOne(entry).then((o) => ({ ...o, results: distinctVerdicts(o.results, run.endpoints).map((x) => x.result) }));
    if (one.judged) {
      sink.observation(entry.key, one.judged.observation);
      if (one.judged.grade) grades[entry.key] = one.judged.grade;
    }
    for (const r of one.results) {
      sink.result(r);
      summary.add(r);
    }
  }
  return { summary: summary.finish(grades) };
}
