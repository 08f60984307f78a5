export { asTlsObservation, certEvidence, chainPosition, formatDate, judgeProtocol, judgeSuites, OBSERVATION_MISSING, PROTOCOL_LABEL, signedCertificates, suiteFindingData, suitesWhere } from './check-helpers.js';
export { checkMozillaProfiles } from './mozilla.js';
export { type ProtocolName, PROTOCOLS } from './protocols.js';
export { type CipherSuite, isTls13Suite, suiteByCode, suiteStrength, suiteTable } from './suites.js';
export type { CertificateFacts, GradeCap, MozillaCompliance, ProbeError, SuiteFacts, TlsFacts, TlsGrading, TlsObservation } from './types.js';
