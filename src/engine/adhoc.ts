import net from 'node:net';
import path from 'node:path';
import { InputError, isToolkitError } from '../errors.js';
import { inventorySchema, type Inventory, type InventoryTarget } from '../inventory/index.js';
import { resolveHost } from '../inventory/index.js';
import { runAudit, type AuditOptions } from './audit.js';
import type { Results } from '../results/index.js';

/**
 * `attt scan …` runs the same engine as `attt audit` on a one-target inventory. Naming a host
 * on the command line is the operator's explicit permission, so the scope is exactly the
 * addresses that host resolves to (or the `address` given) and nothing else.
 */
export async function adHocInventory(target: InventoryTarget, host: string, caFiles: string[] = []): Promise<Inventory> {
  const connectTo = (target as { address?: string }).address ?? host;
  let addresses: string[];
  try {
    addresses = await resolveHost(connectTo);
  } catch (error) {
    // On the command line an unknown host is a typo in the input, not a failed scan.
    if (isToolkitError(error)) throw new InputError('ATTT_HOST_UNRESOLVABLE', error.text, { cause: error });
    throw error;
  }
  const inventory = inventorySchema.parse({
    organization: { name: 'attt scan' },
    scope: { allow: addresses.map((a) => `${a}/${net.isIP(a) === 6 ? 128 : 32}`) },
    trust: { caFiles: caFiles.map((f) => path.resolve(f)) },
    units: [{ id: 'adhoc', name: 'ad-hoc', systems: [{ id: 'adhoc', name: host, targets: [target] }] }],
  }) as Inventory;
  inventory.sourceFile = path.resolve('attt-scan.yaml');
  return inventory;
}

export async function runAdHoc(target: InventoryTarget, host: string, opts: Omit<AuditOptions, 'inventory'> & { caFiles?: string[] }): Promise<Results> {
  const inventory = await adHocInventory(target, host, opts.caFiles);
  return runAudit({ ...opts, inventory });
}
