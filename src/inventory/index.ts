export { inventoryJsonSchema } from './json-schema.js';
export { loadInventory, parseInventory, resolveFromInventory } from './load.js';
export { parsePortSpec } from './port-spec.js';
export { type BundleSigner, type HostTarget, type Inventory, inventorySchema, type InventorySystem, type InventoryTarget, type InventoryUnit, isHostTarget, isRangeTarget, isSshTarget, isTlsTarget, isUrlTarget, type RangeTarget, type Speed, SPEEDS, type SshTarget } from './schema.js';
export { resolveHost, ScopeGuard } from './scope.js';
export { mappedIpv4, normalizeAddress, parseCidr } from './scope.js';
export { mayProbePort, printerPort, printerPortRanges, type PrinterPortRange } from './printer-ports.js';
export { HARD_MAX_RANGE_ADDRESSES, hostAddresses, MAX_RANGE_ADDRESSES, parseIpv4Range, partsOutside, rangeSize, readHostsFile, type Ipv4Range } from './ranges.js';
