import type { Inventory } from '../inventory/index.js';
import type { FamilyOptions } from './types.js';

/** The options checks read: the inventory's defaults, then what the command line adds (answersDir, eolTable …). */
export function auditCheckOptions(inventory: Inventory, extra: FamilyOptions = {}): FamilyOptions {
  return { expiringDays: inventory.defaults.expiringDays ?? 30, ...extra };
}
