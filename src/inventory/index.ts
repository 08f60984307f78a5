export { inventoryJsonSchema } from './json-schema.js';
export { loadInventory, resolveFromInventory } from './load.js';
export { parsePortSpec } from './port-spec.js';
export { type HostTarget, type Inventory, inventorySchema, type InventorySystem, type InventoryTarget, type InventoryUnit, isHostTarget, isSshTarget, isTlsTarget, isUrlTarget, type Speed, SPEEDS, type SshTarget } from './schema.js';
export { resolveHost, ScopeGuard } from './scope.js';
export { mappedIpv4, normalizeAddress, parseCidr } from './scope.js';
export { mayProbePort, printerPort, printerPortRanges, type PrinterPortRange } from './printer-ports.js';
