import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, certEvidence, chainPosition, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.weak-key',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Khóa chứng thư yếu', en: 'Weak certificate key' },
  description: {
    vi: 'Khóa RSA/DSA dưới 2048 bit hoặc khóa EC dưới 256 bit không còn đủ an toàn; Mozilla intermediate yêu cầu RSA ≥ 2048, SSL Labs hạ điểm (dưới 1024 bit: F).',
    en: 'RSA/DSA keys under 2048 bits or EC keys under 256 bits are no longer safe; Mozilla intermediate requires RSA ≥ 2048 and SSL Labs caps the grade (under 1024 bits: F).',
  },
  remediation: { vi: 'Tạo khóa mới RSA ≥ 2048 bit hoặc ECDSA P-256/P-384 và cấp lại chứng thư.', en: 'Generate a new RSA ≥ 2048-bit or ECDSA P-256/P-384 key and reissue the certificate.' },
  references: [REF.mozilla, REF.ssllabs],
  messages: {
    weak: { vi: 'Chứng thư {{position}} ({{subject}}) dùng khóa {{keyType}} {{bits}} bit.', en: 'Certificate {{position}} ({{subject}}) uses a {{bits}}-bit {{keyType}} key.' },
  },
});

function isWeak(keyType: string, bits: number): boolean {
  if (keyType === 'RSA' || keyType === 'DSA') return bits < 2048;
  if (keyType === 'EC') return bits < 256;
  return false;
}

export function run(observation: unknown, _context: CheckContext): CheckResult<'weak'> | CheckResult<'weak'>[] {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (!o.certificate.length) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  // Root keys are judged by the trust store; the leaf (even self-signed) and intermediates are the server's choice.
  const weak = o.certificate.map((cert, i) => ({ cert, i })).filter(({ cert, i }) => (i === 0 || !cert.selfSigned) && isWeak(cert.keyType, cert.keyBits));
  if (!weak.length) return { outcome: 'pass' };
  return weak.map(({ cert, i }) => ({
    outcome: 'fail' as const,
    messageId: 'weak' as const,
    discriminator: chainPosition(i),
    ...(cert.keyType !== 'EC' && cert.keyBits >= 1024 ? { severity: 'medium' as const } : {}),
    data: { position: chainPosition(i), subject: cert.subject, keyType: cert.keyType, bits: cert.keyBits },
    evidence: { ...certEvidence(cert), keyType: cert.keyType, keyBits: cert.keyBits },
  }));
}
