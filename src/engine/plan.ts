import type { Inventory, InventoryUnit } from '../inventory/index.js';
import { isHostTarget, isSshTarget, isTlsTarget, isUrlTarget } from '../inventory/index.js';
import type { PlannedTarget } from './types.js';

/** Split `host:port` (IPv6 in brackets) into parts. */
export function splitHostPort(text: string): { host: string; port: number } {
  const i = text.lastIndexOf(':');
  return { host: text.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(text.slice(i + 1)) };
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Which scanner runs for which target. One planned item per target and family, so each
 * endpoint is observed once and all checks of the family share that observation; identical
 * endpoints declared twice in one system are planned once.
 */
export function planAudit(inventory: Inventory, units?: readonly string[]): PlannedTarget[] {
  const chosen: InventoryUnit[] = units && units.length ? inventory.units.filter((u) => units.includes(u.id)) : inventory.units;
  const plan: PlannedTarget[] = [];
  const seen = new Set<string>();
  const add = (item: Omit<PlannedTarget, 'key'>) => {
    const key = `${item.unit.id}/${item.system.id}/${item.family}/${item.label}`;
    if (seen.has(key)) return;
    seen.add(key);
    plan.push({ key, ...item });
  };
  for (const unit of chosen) {
    for (const system of unit.systems) {
      for (const spec of system.targets) {
        if (isUrlTarget(spec)) {
          const url = new URL(spec.url);
          const host = url.hostname.replace(/^\[|\]$/g, '');
          add({ unit, system, family: 'http', label: spec.url, spec, host, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) });
          if (url.protocol === 'https:') {
            const port = Number(url.port) || 443;
            add({ unit, system, family: 'tls', label: formatHostPort(host, port), spec, host, port });
          }
        } else if (isHostTarget(spec)) {
          add({ unit, system, family: 'ports', label: spec.host, spec, host: spec.host });
        } else if (isTlsTarget(spec)) {
          const { host, port } = splitHostPort(spec.tls);
          add({ unit, system, family: 'tls', label: formatHostPort(host, port), spec, host, port });
        } else if (isSshTarget(spec)) {
          const { host, port } = splitHostPort(spec.ssh);
          add({ unit, system, family: 'ssh', label: formatHostPort(host, port), spec, host, port });
        }
      }
      for (const questionnaire of system.questionnaires) {
        add({ unit, system, family: 'questionnaire', label: questionnaire, questionnaire });
      }
    }
  }
  return plan;
}

/** The address a target should be connected to: `address:` when given, else the host. */
export function connectHostOf(target: PlannedTarget): string | undefined {
  const spec = target.spec as { address?: string };
  return spec.address ?? target.host;
}
