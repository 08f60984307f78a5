export { identify, mongoCommand, mysqlVersion, nudgeFor, parseMongoReply, PORT_SERVICES, PROTOCOL_PROBES, type Nudge } from './services.js';
export { productFromBanner } from './software.js';
export { TOP_PORTS } from './top-ports.js';
export type { AuthProbe, CleartextLogin, CredentialProbe, OpenPort, PortsObservation, ServiceName } from './types.js';
