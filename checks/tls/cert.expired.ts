import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, certEvidence, chainPosition, formatDate, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.expired',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Chứng thư số đã hết hạn', en: 'Certificate has expired' },
  description: {
    vi: 'Trình duyệt và ứng dụng từ chối chứng thư đã hết hạn; người dùng quen bấm bỏ qua cảnh báo sẽ không nhận ra tấn công xen giữa.',
    en: 'Browsers and clients reject expired certificates; users trained to click through warnings will not notice a man in the middle.',
  },
  remediation: { vi: 'Gia hạn chứng thư ngay và tự động hóa việc gia hạn (ví dụ ACME).', en: 'Renew the certificate now and automate renewal (e.g. ACME).' },
  references: [REF.qcvn12, REF.ssllabs],
  messages: {
    expired: { vi: 'Chứng thư {{position}} ({{subject}}) hết hạn ngày {{notAfter}}.', en: 'Certificate {{position}} ({{subject}}) expired on {{notAfter}}.' },
  },
});

export function run(observation: unknown, context: CheckContext): CheckResult<'expired'> | CheckResult<'expired'>[] {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (!o.certificate.length) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  const now = context.now.getTime();
  const expired = o.certificate
    .map((cert, i) => ({ cert, i }))
    .filter(({ cert }) => cert.notAfter && Date.parse(cert.notAfter) < now);
  if (!expired.length) return { outcome: 'pass' };
  return expired.map(({ cert, i }) => ({
    outcome: 'fail' as const,
    messageId: 'expired' as const,
    discriminator: chainPosition(i),
    data: { position: chainPosition(i), subject: cert.subject, notAfter: formatDate(cert.notAfter) },
    evidence: certEvidence(cert),
  }));
}
