import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, certEvidence, chainPosition, formatDate, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.expiring-soon',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'Chứng thư số sắp hết hạn', en: 'Certificate expires soon' },
  description: {
    vi: 'Chứng thư hết hạn trong số ngày cấu hình (mặc định 30, defaults.expiringDays). Thời hạn tối đa của chứng thư công cộng đang giảm dần theo CA/B Forum SC-081v3 (200 ngày từ 15/03/2026), nên việc gia hạn cần tự động.',
    en: 'The certificate expires within the configured number of days (default 30, defaults.expiringDays). Public certificate lifetimes are shrinking under CA/B Forum SC-081v3 (200 days from 15 Mar 2026), so renewal must be automated.',
  },
  remediation: { vi: 'Gia hạn chứng thư trước ngày hết hạn và tự động hóa việc gia hạn.', en: 'Renew the certificate before it expires and automate renewal.' },
  references: [REF.cabSc081],
  messages: {
    expiring: { vi: 'Chứng thư {{position}} ({{subject}}) hết hạn ngày {{notAfter}}, còn {{days}} ngày.', en: 'Certificate {{position}} ({{subject}}) expires on {{notAfter}}, in {{days}} day(s).' },
  },
});

export function run(observation: unknown, context: CheckContext): CheckResult<'expiring'> | CheckResult<'expiring'>[] {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (!o.certificate.length) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  const days = typeof context.options.expiringDays === 'number' ? context.options.expiringDays : 30;
  const now = context.now.getTime();
  const soon = o.certificate
    .map((cert, i) => ({ cert, i, left: (Date.parse(cert.notAfter) - now) / 86_400_000 }))
    .filter(({ cert, left }) => cert.notAfter && left >= 0 && left <= days);
  if (!soon.length) return { outcome: 'pass' };
  return soon.map(({ cert, i, left }) => ({
    outcome: 'fail' as const,
    messageId: 'expiring' as const,
    discriminator: chainPosition(i),
    // A week or less left is urgent: raise it so it is not lost among medium findings.
    ...(left <= 7 ? { severity: 'high' as const } : {}),
    data: { position: chainPosition(i), subject: cert.subject, notAfter: formatDate(cert.notAfter), days: Math.floor(left) },
    evidence: { ...certEvidence(cert), expiringDays: days },
  }));
}
