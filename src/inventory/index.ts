export { inventoryJsonSchema } from './json-schema.js';
export { loadInventory, resolveFromInventory } from './load.js';
export { parsePortSpec } from './port-spec.js';
export { type HostTarget, type Inventory, inventorySchema, type InventorySystem, type InventoryTarget, type InventoryUnit, isHostTarget, isTlsTarget, isUrlTarget, type Speed, SPEEDS } from './schema.js';
export { resolveHost, ScopeGuard } from './scope.js';
