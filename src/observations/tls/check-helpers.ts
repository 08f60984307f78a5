import type { CheckResult } from '../../checks/index.js';
import type { ProtocolName } from './protocols.js';
import type { CertificateFacts, SuiteFacts, TlsFacts } from './types.js';

/** Pure helpers shared by checks/tls/*: reading the observation, never probing. */

export function asTlsObservation(o: unknown): TlsFacts | undefined {
  return o && typeof o === 'object' && (o as { schema?: unknown }).schema === 'attt.tls/1' ? (o as TlsFacts) : undefined;
}

export const OBSERVATION_MISSING: CheckResult<never> = { outcome: 'error', reason: 'observation-missing', detail: 'no TLS observation for this target' };

export const PROTOCOL_LABEL: Record<ProtocolName, string> = { SSLv2: 'SSL 2.0', SSLv3: 'SSL 3.0', TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

/** Accepted suites matching `pred`, grouped by protocol (only protocols with a match). */
export function suitesWhere(o: TlsFacts, pred: (s: SuiteFacts, name: string, protocol: ProtocolName) => boolean): Partial<Record<ProtocolName, string[]>> {
  const out: Partial<Record<ProtocolName, string[]>> = {};
  for (const [protocol, names] of Object.entries(o.ciphers) as [ProtocolName, string[]][]) {
    if (!o.protocols[protocol]) continue;
    const hits = names.filter((n) => o.suites[n] && pred(o.suites[n], n, protocol));
    if (hits.length) out[protocol] = hits;
  }
  return out;
}

/** Message data for a suite finding: how many, a short list, which protocols. */
export function suiteFindingData(byProtocol: Partial<Record<ProtocolName, string[]>>): { count: number; suites: string; protocols: string } {
  const names = [...new Set(Object.values(byProtocol).flat())] as string[];
  const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ` (+${names.length - 4})` : '');
  return { count: names.length, suites: shown, protocols: (Object.keys(byProtocol) as ProtocolName[]).map((p) => PROTOCOL_LABEL[p]).join(', ') };
}

/** A check on which suites are accepted: fail once with the list, pass when none. */
export function judgeSuites<M extends string>(observation: unknown, pred: (s: SuiteFacts, name: string, protocol: ProtocolName) => boolean, messageId: M): CheckResult<M> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  const byProtocol = suitesWhere(o, pred);
  if (Object.keys(byProtocol).length === 0) return { outcome: 'pass' };
  return { outcome: 'fail', messageId, data: suiteFindingData(byProtocol), evidence: { suites: byProtocol } };
}

/** A check on one protocol version. */
export function judgeProtocol<M extends string>(observation: unknown, protocol: ProtocolName, messageId: M): CheckResult<M> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (o.protocols[protocol]) {
    return { outcome: 'fail', messageId, data: { version: PROTOCOL_LABEL[protocol] }, evidence: { protocol, ciphers: o.ciphers[protocol] ?? [] } };
  }
  const failed = o.probeErrors.find((e) => e.probe === `${protocol} suites` || (protocol === 'SSLv2' && e.probe === 'SSLv2'));
  if (failed) return { outcome: 'error', reason: `probe-${failed.reason}`, detail: failed.detail };
  return { outcome: 'pass' };
}

/** Position name of a certificate in the chain as sent: `leaf`, `chain[1]` … (stable across renewals). */
export function chainPosition(i: number): string {
  return i === 0 ? 'leaf' : `chain[${i}]`;
}

/** Certificates whose own signature matters: all but self-signed ones (roots, self-signed leaves). */
export function signedCertificates(o: TlsFacts): Array<{ cert: CertificateFacts; index: number }> {
  return o.certificate.map((cert, index) => ({ cert, index })).filter(({ cert }) => !cert.selfSigned && cert.subject !== '(unparseable)');
}

export function certEvidence(cert: CertificateFacts): Record<string, unknown> {
  return { subject: cert.subject, issuer: cert.issuer, notBefore: cert.notBefore, notAfter: cert.notAfter, fingerprintSha256: cert.fingerprintSha256 };
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}
