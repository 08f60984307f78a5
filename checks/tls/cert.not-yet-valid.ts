import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, certEvidence, chainPosition, formatDate, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.not-yet-valid',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Chứng thư số chưa có hiệu lực', en: 'Certificate is not yet valid' },
  description: {
    vi: 'Ngày bắt đầu hiệu lực (notBefore) của chứng thư ở tương lai: máy khách từ chối, thường do đồng hồ máy chủ cấp sai hoặc cài nhầm chứng thư.',
    en: 'The certificate notBefore date is in the future: clients reject it; usually a wrong issuing clock or the wrong certificate installed.',
  },
  remediation: { vi: 'Cài chứng thư đang có hiệu lực; kiểm tra đồng hồ (NTP) của hệ thống cấp chứng thư.', en: 'Install a currently valid certificate; check the issuing system clock (NTP).' },
  references: [REF.qcvn12, REF.ssllabs],
  messages: {
    notYetValid: { vi: 'Chứng thư {{position}} ({{subject}}) chỉ có hiệu lực từ {{notBefore}}.', en: 'Certificate {{position}} ({{subject}}) is valid only from {{notBefore}}.' },
  },
});

export function run(observation: unknown, context: CheckContext): CheckResult<'notYetValid'> | CheckResult<'notYetValid'>[] {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (!o.certificate.length) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  const now = context.now.getTime();
  const early = o.certificate.map((cert, i) => ({ cert, i })).filter(({ cert }) => cert.notBefore && Date.parse(cert.notBefore) > now);
  if (!early.length) return { outcome: 'pass' };
  return early.map(({ cert, i }) => ({
    outcome: 'fail' as const,
    messageId: 'notYetValid' as const,
    discriminator: chainPosition(i),
    data: { position: chainPosition(i), subject: cert.subject, notBefore: formatDate(cert.notBefore) },
    evidence: certEvidence(cert),
  }));
}
