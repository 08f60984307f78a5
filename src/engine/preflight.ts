import pLimit from 'p-limit';
import { isToolkitError } from '../errors.js';
import type { Localized } from '../i18n.js';
import type { Inventory } from '../inventory/index.js';
import { isRangeTarget, resolveHost, ScopeGuard } from '../inventory/index.js';
import { connectHostOf, planAudit } from './plan.js';
import { checkRanges, rangeEntries } from './ranges.js';

export interface PreflightProblem {
  /** Where in the inventory, e.g. `units[1].systems[0].targets[2]`. */
  path: string;
  host: string;
  kind: 'unresolvable' | 'out-of-scope';
  message: Localized;
}

/**
 * Before an audit sends anything: resolve every network target and check it against
 * scope.allow, so that a typo in a host name or a range missing from the scope is reported
 * as an input error up front, naming the inventory entry, instead of surfacing in the
 * middle of a long run. Only DNS is used here.
 */
export async function preflight(inventory: Inventory, units?: readonly string[], opts: { allowLarge?: boolean } = {}): Promise<PreflightProblem[]> {
  const scope = new ScopeGuard(inventory.scope.allow);
  const seen = new Map<string, Promise<'out-of-scope' | { error: Localized } | null>>();
  const limit = pLimit(16);
  const check = (host: string) => {
    if (!seen.has(host)) {
      seen.set(
        host,
        limit(async () => {
          try {
            const addresses = await resolveHost(host);
            return addresses.some((a) => scope.allows(a)) ? null : 'out-of-scope';
          } catch (error) {
            return { error: isToolkitError(error) ? error.text : { vi: String(error), en: String(error) } };
          }
        }),
      );
    }
    return seen.get(host)!;
  };
  const problems: PreflightProblem[] = checkRanges(inventory, { allowLarge: opts.allowLarge, units }).map((p) => ({ path: p.path, host: p.range, kind: 'out-of-scope' as const, message: p.message }));
  const reported = new Set<string>();
  // Host names listed in a range target's hostsFile are scanned directly: check them like host targets.
  for (const [u, unit] of inventory.units.entries()) {
    if (units?.length && !units.includes(unit.id)) continue;
    for (const [s, system] of unit.systems.entries()) {
      for (const [t, target] of system.targets.entries()) {
        if (!isRangeTarget(target)) continue;
        for (const name of rangeEntries(inventory, target).names) {
          const outcome = await check(name);
          if (!outcome) continue;
          const path = `units[${u}].systems[${s}].targets[${t}]`;
          problems.push(
            outcome === 'out-of-scope'
              ? { path, host: name, kind: 'out-of-scope', message: { vi: `${name} nằm ngoài phạm vi scope.allow (${inventory.scope.allow.join(', ')}); sẽ không gửi gì tới đây.`, en: `${name} is outside scope.allow (${inventory.scope.allow.join(', ')}); nothing will be sent to it.` } }
              : { path, host: name, kind: 'unresolvable', message: outcome.error },
          );
        }
      }
    }
  }
  for (const target of planAudit(inventory, units)) {
    if (target.family === 'questionnaire' || !target.spec) continue;
    const host = connectHostOf(target);
    if (!host) continue;
    const u = inventory.units.indexOf(target.unit);
    const s = target.unit.systems.indexOf(target.system);
    const t = target.system.targets.indexOf(target.spec);
    const path = `units[${u}].systems[${s}].targets[${t}]`;
    if (reported.has(path)) continue;
    const outcome = await check(host);
    if (!outcome) continue;
    reported.add(path);
    if (outcome === 'out-of-scope') {
      problems.push({
        path,
        host,
        kind: 'out-of-scope',
        message: {
          vi: `${host} nằm ngoài phạm vi scope.allow (${inventory.scope.allow.join(', ')}); sẽ không gửi gì tới đây.`,
          en: `${host} is outside scope.allow (${inventory.scope.allow.join(', ')}); nothing will be sent to it.`,
        },
      });
    } else {
      problems.push({ path, host, kind: 'unresolvable', message: outcome.error });
    }
  }
  return problems;
}
