import type { Inventory } from '../inventory/index.js';

/** The options checks read: the inventory's defaults, then what the command line adds (answersDir, eolTable …). */
export function auditCheckOptions(inventory: Inventory, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { expiringDays: inventory.defaults.expiringDays ?? 30, ...extra };
}
