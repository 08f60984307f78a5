import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, certEvidence, chainPosition, OBSERVATION_MISSING, signedCertificates } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.weak-signature',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Chứng thư ký bằng thuật toán băm yếu (MD5, SHA-1)', en: 'Certificate signed with a weak hash (MD5, SHA-1)' },
  description: {
    vi: 'Chữ ký MD5 và SHA-1 có thể bị giả mạo bằng va chạm; SSL Labs chấm F cho MD5 và T (không tin cậy) cho SHA-1.',
    en: 'MD5 and SHA-1 signatures can be forged through collisions; SSL Labs grades MD5 F and SHA-1 T (not trusted).',
  },
  remediation: { vi: 'Cấp lại chứng thư (và chứng thư trung gian) ký bằng SHA-256 trở lên.', en: 'Reissue the certificate (and intermediates) signed with SHA-256 or stronger.' },
  references: [REF.ssllabs, REF.mozilla],
  messages: {
    weak: { vi: 'Chứng thư {{position}} ({{subject}}) ký bằng {{algorithm}}.', en: 'Certificate {{position}} ({{subject}}) is signed with {{algorithm}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'weak'> | CheckResult<'weak'>[] {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (!o.certificate.length) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  // Self-signed certificates are trusted by identity, not by their signature: only issued ones count.
  const weak = signedCertificates(o).filter(({ cert }) => ['md5', 'md2', 'sha1'].includes(cert.signatureHash));
  if (!weak.length) return { outcome: 'pass' };
  return weak.map(({ cert, index }) => ({
    outcome: 'fail' as const,
    messageId: 'weak' as const,
    discriminator: chainPosition(index),
    ...(cert.signatureHash === 'sha1' ? { severity: 'medium' as const } : {}),
    data: { position: chainPosition(index), subject: cert.subject, algorithm: cert.signatureAlgorithm },
    evidence: { ...certEvidence(cert), signatureAlgorithm: cert.signatureAlgorithm },
  }));
}
