import net from 'node:net';
import type { Localized } from '../i18n.js';
import {
  HARD_MAX_RANGE_ADDRESSES, hostAddresses, isRangeTarget, MAX_RANGE_ADDRESSES, parseIpv4Range, partsOutside, rangeSize, readHostsFile, resolveFromInventory,
  type Inventory, type InventoryTarget, type RangeTarget, type ScopeGuard,
} from '../inventory/index.js';

/** Why a range target is not scanned (nothing was sent to any of it). */
export interface RangeProblem {
  unit: string;
  system: string;
  /** Where in the inventory, e.g. `units[0].systems[1].targets[2]`. */
  path: string;
  /** The range as written. */
  range: string;
  kind: 'out-of-scope' | 'too-large';
  message: Localized;
}

export interface RangeEntries {
  /** Ranges to discover (IPv4 blocks and single addresses) and names to scan directly. */
  ranges: string[];
  names: string[];
}

/** What a range target lists: its `hosts` and the lines of its `hostsFile`. */
export function rangeEntries(inventory: Inventory, target: RangeTarget): RangeEntries {
  const hosts = 'hosts' in target ? target.hosts : undefined;
  const written = [...(hosts === undefined ? [] : Array.isArray(hosts) ? hosts : [hosts])];
  if (target.hostsFile) written.push(...readHostsFile(resolveFromInventory(inventory, target.hostsFile)));
  const ranges: string[] = [];
  const names: string[] = [];
  for (const entry of written) (parseIpv4Range(entry) ? ranges : names).push(entry);
  return { ranges, names };
}

/**
 * Check every range target before anything is sent: a range must lie wholly inside
 * scope.allow (the part outside is named) and hold at most a /16 unless `allowLarge`.
 */
export function checkRanges(inventory: Inventory, opts: { allowLarge?: boolean; units?: readonly string[] }): RangeProblem[] {
  const problems: RangeProblem[] = [];
  inventory.units.forEach((unit, u) => {
    if (opts.units?.length && !opts.units.includes(unit.id)) return;
    unit.systems.forEach((system, s) => {
      system.targets.forEach((target, t) => {
        if (!isRangeTarget(target)) return;
        const path = `units[${u}].systems[${s}].targets[${t}]`;
        for (const range of rangeEntries(inventory, target).ranges) {
          const parsed = parseIpv4Range(range)!;
          const outside = partsOutside(parsed, inventory.scope.allow);
          const base = { unit: unit.id, system: system.id, path, range };
          if (outside.length) {
            const shown = outside.slice(0, 5).join(', ') + (outside.length > 5 ? ` (+${outside.length - 5})` : '');
            problems.push({
              ...base,
              kind: 'out-of-scope',
              message: {
                vi: `dải ${range} không nằm trọn trong scope.allow (${inventory.scope.allow.join(', ') || 'trống'}): phần ngoài phạm vi là ${shown}; không gửi gì tới dải này.`,
                en: `range ${range} is not wholly inside scope.allow (${inventory.scope.allow.join(', ') || 'empty'}): the part outside is ${shown}; nothing is sent to this range.`,
              },
            });
          } else if (rangeSize(parsed) > (opts.allowLarge ? HARD_MAX_RANGE_ADDRESSES : MAX_RANGE_ADDRESSES)) {
            problems.push({
              ...base,
              kind: 'too-large',
              message: opts.allowLarge
                ? { vi: `dải ${range} có ${rangeSize(parsed)} địa chỉ, quá giới hạn /8.`, en: `range ${range} holds ${rangeSize(parsed)} addresses, over the /8 limit.` }
                : { vi: `dải ${range} có ${rangeSize(parsed)} địa chỉ, lớn hơn /16; chia nhỏ dải hoặc thêm --allow-large.`, en: `range ${range} holds ${rangeSize(parsed)} addresses, more than a /16; split it or add --allow-large.` },
            });
          }
        }
      });
    });
  });
  return problems;
}

export interface ExpandOptions {
  scope: ScopeGuard;
  allowLarge?: boolean;
  units?: readonly string[];
  timeoutMs?: number;
  hostsAtOnce?: number;
  signal?: AbortSignal;
  /** One call per address probed: progress per host. */
  onHost?: (event: { range: string; address: string; live: boolean; done: number; total: number }) => void;
}

/**
 * Replace each range target by host targets, one per live host (discovered by TCP connects),
 * keeping its ports, expectedOpen and name. Ranges refused by checkRanges are left out and
 * returned as problems; host names from a hosts file become host targets directly (the
 * usual resolve-and-scope rule applies to them).
 */
export async function expandRangeTargets(inventory: Inventory, opts: ExpandOptions): Promise<{ inventory: Inventory; problems: RangeProblem[] }> {
  const problems = checkRanges(inventory, opts);
  const refused = new Set(problems.map((p) => `${p.path}\u0000${p.range}`));
  const hasRanges = inventory.units.some((u) => u.systems.some((s) => s.targets.some(isRangeTarget)));
  if (!hasRanges) return { inventory, problems };
  const { discoverLiveHosts } = await import('../scanners/ports/index.js');
  const units = [];
  for (const [u, unit] of inventory.units.entries()) {
    const systems = [];
    for (const [s, system] of unit.systems.entries()) {
      const targets: InventoryTarget[] = [];
      const seen = new Set<string>();
      const addHost = (host: string, from: RangeTarget) => {
        if (seen.has(host)) return;
        seen.add(host);
        targets.push({ host, ...(from.ports !== undefined ? { ports: from.ports } : {}), ...(from.expectedOpen ? { expectedOpen: from.expectedOpen } : {}), ...(from.name ? { name: from.name } : {}) });
      };
      for (const [t, target] of system.targets.entries()) {
        if (!isRangeTarget(target)) {
          targets.push(target);
          continue;
        }
        if (opts.units?.length && !opts.units.includes(unit.id)) continue;
        const path = `units[${u}].systems[${s}].targets[${t}]`;
        const entries = rangeEntries(inventory, target);
        for (const range of entries.ranges) {
          if (refused.has(`${path}\u0000${range}`)) continue;
          const parsed = parseIpv4Range(range)!;
          // A single address is named on purpose: scan it without asking whether it is alive.
          if (rangeSize(parsed) === 1) {
            addHost([...hostAddresses(parsed)][0], target);
            continue;
          }
          const addresses = [...hostAddresses(parsed)].filter((a) => net.isIP(a) === 4);
          const live = await discoverLiveHosts(addresses, {
            scope: opts.scope,
            ports: target.discoveryPorts,
            timeoutMs: Math.min(opts.timeoutMs ?? 1000, 1000),
            hostsAtOnce: opts.hostsAtOnce,
            signal: opts.signal,
            onHost: (address, isLive, done, total) => opts.onHost?.({ range, address, live: isLive, done, total }),
          });
          for (const address of live) addHost(address, target);
        }
        for (const name of entries.names) addHost(name, target);
      }
      systems.push({ ...system, targets });
    }
    units.push({ ...unit, systems });
  }
  const expanded = { ...inventory, units } as Inventory;
  return { inventory: expanded, problems };
}
