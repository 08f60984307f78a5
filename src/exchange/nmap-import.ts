import net from 'node:net';
import path from 'node:path';
import { runAudit, type PlannedTarget } from '../engine/index.js';
import { inventorySchema, type Inventory } from '../inventory/index.js';
import type { Results } from '../results/index.js';
import type { NmapScan } from './nmap.js';

export interface NmapImportOptions {
  /** Organization, unit and system the hosts are filed under (ids: [a-z0-9-]). */
  organization?: string;
  unit?: string;
  system?: string;
  cycle?: string;
  /** The nmap report path, recorded as the results' inventory file. */
  file: string;
}

/**
 * An nmap scan as attt results: each host up becomes a host target of one system, its nmap
 * observation is judged by the same ports and software checks as attt's own scan, and nothing
 * is sent on the network. The scope is exactly the hosts of the report.
 */
export async function resultsFromNmap(scan: NmapScan, opts: NmapImportOptions): Promise<Results> {
  const unit = opts.unit ?? 'nmap';
  const system = opts.system ?? 'nmap';
  const inventory = inventorySchema.parse({
    organization: { name: opts.organization ?? 'nmap' },
    scope: { allow: scan.hosts.map((h) => `${h.address}/${net.isIP(h.address) === 6 ? 128 : 32}`) },
    units: [
      {
        id: unit,
        name: unit,
        systems: [{ id: system, name: system, targets: scan.hosts.map((h) => ({ host: h.address, ...(h.hostnames[0] ? { name: h.hostnames[0] } : {}) })) }],
      },
    ],
  }) as Inventory;
  inventory.sourceFile = path.resolve(opts.file);
  const byAddress = new Map(scan.hosts.map((h) => [h.address, h.observation]));
  const started = scan.startedAt ? new Date(scan.startedAt) : new Date();
  let clock = 0;
  return runAudit({
    inventory,
    cycle: opts.cycle,
    // The results carry nmap's scan times, not the time of the import.
    now: () => (clock++ === 0 || !scan.finishedAt ? started : new Date(scan.finishedAt)),
    recorded: (target: PlannedTarget) => (target.family === 'ports' && target.host ? byAddress.get(target.host) : undefined),
  });
}
