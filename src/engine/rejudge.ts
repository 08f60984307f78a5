import type { Inventory } from '../inventory/index.js';
import { addHostObservation, emptyHostSoftware, type HostSoftware } from '../software/index.js';
import { toolVersion } from '../paths.js';
import type { Result, Results, TargetEntry } from '../results/index.js';
import { checksForFamily } from './catalog.js';
import { FAMILY_LOADERS } from './families.js';
import { judgeTarget } from './judge.js';
import { auditCheckOptions } from './options.js';
import { planAudit } from './plan.js';
import { summarize } from './summary.js';
import type { FamilyModule, FamilyOptions } from './types.js';
import type { Family } from '../results/index.js';

export interface RejudgeOptions {
  /** The inventory the audit ran on (targets' settings such as expectedOpen come from it). */
  inventory: Inventory;
  /** Check options besides the inventory's (e.g. `eolTable` from --eol-data). */
  options?: FamilyOptions;
}

export interface RejudgeOutcome {
  results: Results;
  /** Targets judged again from their stored observation. */
  rejudged: number;
  /** Targets whose results were kept as they were: not observed (error, out of scope) or no longer in the inventory. */
  kept: string[];
}

/**
 * `attt rejudge`: today's checks, graders and data over the observations of an earlier
 * results.json, without contacting anything. The audit's own clock (startedAt) is kept, so
 * re-judging an unchanged observation with unchanged checks reproduces its results exactly.
 */
export async function rejudgeResults(original: Results, opts: RejudgeOptions): Promise<RejudgeOutcome> {
  const now = new Date(original.startedAt);
  const inventory = opts.inventory;
  const units = original.inventory.units.map((u) => u.id);
  const planned = new Map(planAudit(inventory, units).map((t) => [t.key, t]));
  const options = auditCheckOptions(inventory, opts.options);
  const families = new Map<Family, FamilyModule>();

  const observations: Record<string, unknown> = {};
  const results: Result[] = [];
  const grades: Record<string, string> = {};
  const kept: string[] = [];
  let rejudged = 0;
  // What each address's observations say about its software, folded in targets[] order (once, not per target).
  const hosts = new Map<string, HostSoftware>();
  for (const t of original.targets) {
    if (t.status !== 'ok' || !t.address || original.observations[t.key] === undefined) continue;
    hosts.set(t.address, addHostObservation(hosts.get(t.address) ?? emptyHostSoftware(), t.family, original.observations[t.key]));
  }
  const resultsOf = new Map<string, Result[]>();
  for (const r of original.results) (resultsOf.get(r.targetKey ?? '') ?? resultsOf.set(r.targetKey ?? '', []).get(r.targetKey ?? '')!).push(r);
  for (const entry of original.targets) {
    const target = planned.get(entry.key);
    const observation = original.observations[entry.key];
    if (entry.status !== 'ok' || !target || observation === undefined) {
      kept.push(entry.key);
      if (observation !== undefined) observations[entry.key] = observation;
      if (original.summary.grades[entry.key]) grades[entry.key] = original.summary.grades[entry.key];
      results.push(...(resultsOf.get(entry.key) ?? []));
      continue;
    }
    if (!families.has(target.family)) families.set(target.family, await FAMILY_LOADERS[target.family]());
    const family = families.get(target.family)!;
    // Endpoints the audit derived from this observation (SSH ports of a port scan) come later in targets[].
    for (const found of family.derive?.(target, observation) ?? []) {
      const key = `${found.unit.id}/${found.system.id}/${found.family}/${found.label}`;
      if (!planned.has(key)) planned.set(key, { key, ...found });
    }
    const hostSoftware = (entry.address ? hosts.get(entry.address) : undefined) ?? emptyHostSoftware();
    const judged = judgeTarget(family, await checksForFamily(target.family), target, observation, { inventory, now, options, hostSoftware });
    observations[entry.key] = judged.observation;
    if (judged.grade) grades[entry.key] = judged.grade;
    results.push(...judged.results);
    rejudged++;
  }
  const order = new Map(original.targets.map((t, i) => [t.key, i]));
  results.sort((a, b) => order.get(a.targetKey ?? '')! - order.get(b.targetKey ?? '')! || a.checkId.localeCompare(b.checkId) || a.fingerprint.localeCompare(b.fingerprint));
  const targets: TargetEntry[] = original.targets;
  return {
    results: { ...original, tool: { name: 'attt', version: toolVersion() }, observations, results, summary: summarize(targets, results, grades) },
    rejudged,
    kept,
  };
}
