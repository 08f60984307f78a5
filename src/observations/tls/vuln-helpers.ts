import type { CheckResult } from '../../checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING } from './check-helpers.js';
import type { SuiteFacts, TlsVulnerabilityProbes } from './types.js';

/**
 * Judge one active vulnerability probe: `vulnerable` fails with the probe's detail as data,
 * `not-vulnerable` passes, `not-applicable` says why, `error`/`inconclusive` are errors (never a
 * silent pass). Observations made with the probes turned off give `not_applicable`.
 */
export function judgeProbe<M extends string>(observation: unknown, probe: keyof TlsVulnerabilityProbes, messageId: M): CheckResult<M> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  const p = o.vulnerabilities?.[probe];
  if (!p) return { outcome: 'not_applicable', reason: 'vulnerability probes were not run' };
  const evidence = { status: p.status, detail: p.detail, ...(p.evidence ?? {}) };
  switch (p.status) {
    case 'vulnerable':
      return { outcome: 'fail', messageId, confidence: 'confirmed', data: { detail: p.detail }, evidence };
    case 'not-vulnerable':
      return { outcome: 'pass', evidence };
    case 'not-applicable':
      return { outcome: 'not_applicable', reason: p.detail };
    default:
      return { outcome: 'error', reason: `probe-${p.status}`, detail: p.detail };
  }
}

/** CBC block-cipher suites (no AEAD, not a stream cipher, not NULL). */
export function isCbcSuite(s: SuiteFacts): boolean {
  return !s.aead && !['RC4', 'None', 'ChaCha20'].includes(s.enc) && !s.enc.startsWith('GOST');
}

/** 64-bit block ciphers (SWEET32). */
export function is64BitBlockSuite(s: SuiteFacts): boolean {
  return ['3DES', 'DES', 'IDEA', 'RC2'].includes(s.enc);
}
