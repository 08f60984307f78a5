import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, certEvidence, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.self-signed',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Chứng thư tự ký', en: 'Self-signed certificate' },
  description: {
    vi: 'Chứng thư của máy chủ tự ký và không nằm trong kho tin cậy (kể cả trust.caFiles của inventory): người dùng không thể phân biệt máy chủ thật với kẻ mạo danh.',
    en: 'The server certificate is self-signed and not in any trust store (including the inventory trust.caFiles): users cannot tell the real server from an impostor.',
  },
  remediation: { vi: 'Dùng chứng thư do CA công cộng hoặc CA nội bộ của đơn vị cấp (và đưa CA nội bộ vào trust.caFiles).', en: 'Use a certificate from a public CA or the organisation internal CA (and list the internal CA in trust.caFiles).' },
  references: [REF.qcvn12, REF.ssllabs],
  messages: {
    selfSigned: { vi: 'Chứng thư {{subject}} tự ký và không được tin cậy.', en: 'Certificate {{subject}} is self-signed and not trusted.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'selfSigned'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  const leaf = o.certificate[0];
  if (!leaf) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  // A self-signed certificate the organisation explicitly trusts (trust.caFiles) is a deliberate choice.
  if (!leaf.selfSigned || o.trusted) return { outcome: 'pass' };
  return { outcome: 'fail', messageId: 'selfSigned', data: { subject: leaf.subject }, evidence: certEvidence(leaf) };
}
