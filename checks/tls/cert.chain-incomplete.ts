import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.chain-incomplete',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'Chuỗi chứng thư thiếu chứng thư trung gian', en: 'Incomplete certificate chain (missing intermediate)' },
  description: {
    vi: 'Máy chủ không gửi chứng thư trung gian cần để nối chứng thư lá tới CA gốc. Trình duyệt đôi khi tự tải bù, nhưng nhiều ứng dụng, thiết bị và thư viện sẽ báo lỗi — kể cả khi CA gốc được tin cậy.',
    en: 'The server does not send the intermediate certificate needed to link its leaf to a root. Browsers sometimes fetch it, but many apps, devices and libraries fail — even when the root is trusted.',
  },
  remediation: { vi: 'Cấu hình máy chủ gửi chứng thư lá kèm mọi chứng thư trung gian (fullchain.pem).', en: 'Configure the server to send the leaf together with every intermediate (fullchain.pem).' },
  references: [REF.ssllabs, REF.mozilla],
  messages: {
    missingIntermediate: { vi: 'Thiếu chứng thư của bên cấp "{{issuer}}" trong chuỗi máy chủ gửi ({{sent}} chứng thư).', en: 'The certificate of issuer "{{issuer}}" is missing from the chain the server sent ({{sent}} certificate(s)).' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'missingIntermediate'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (!o.certificate.length) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  if (o.chainComplete) return { outcome: 'pass' };
  // The certificate whose issuer is missing is the last one that is not self-signed.
  const dangling = [...o.certificate].reverse().find((c) => !c.selfSigned) ?? o.certificate[0];
  return {
    outcome: 'fail',
    messageId: 'missingIntermediate',
    data: { issuer: dangling.issuer, sent: o.certificate.length },
    evidence: { chain: o.certificate.map((c) => ({ subject: c.subject, issuer: c.issuer })), trusted: o.trusted },
  };
}
