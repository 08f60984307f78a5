export { fallbackNudges, identify, mongoCommand, mysqlVersion, nudgeFor, parseMongoReply, PORT_SERVICES } from './services.js';
export { productFromBanner } from './software.js';
export { TOP_PORTS } from './top-ports.js';
export type { AuthProbe, OpenPort, PortsObservation, ServiceName } from './types.js';
