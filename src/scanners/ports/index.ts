export { portsFamily } from './family.js';
export { DISCOVERY_PORTS, discoverLiveHosts, type DiscoveryOptions } from './discover.js';
