export { identify, mongoCommand, mysqlVersion, nudgeFor, parseMongoReply, PORT_SERVICES, PROTOCOL_PROBES, type Nudge } from './services.js';
export { productFromBanner } from './software.js';
export { TOP_PORTS } from './top-ports.js';
export type { AuthProbe, CleartextLogin, CredentialProbe, OpenPort, PortsObservation, ServiceName } from './types.js';
import { defineObservation } from '../../checks/index.js';
import type { PortsObservation } from './types.js';

/** The ports observation kind: checks declared on it receive `PortsObservation`. */
export const PORTS_OBSERVATION = defineObservation<PortsObservation>('ports', 'attt.ports/1');
