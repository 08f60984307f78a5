import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.ocsp-stapling-missing',
  family: 'tls',
  severity: 'info',
  needs: ['tls'],
  title: { vi: 'Không đính kèm trạng thái OCSP (OCSP stapling)', en: 'No OCSP stapling' },
  description: {
    vi: 'Khi máy chủ đính kèm phản hồi OCSP (RFC 6066 status_request), máy khách biết chứng thư chưa bị thu hồi mà không phải hỏi CA; cả hai hồ sơ Mozilla 6.0 đều bật OCSP stapling.',
    en: 'When the server staples an OCSP response (RFC 6066 status_request), clients learn the certificate is not revoked without asking the CA; both Mozilla 6.0 profiles turn stapling on.',
  },
  remediation: { vi: 'Bật OCSP stapling (nginx: ssl_stapling on; Apache: SSLUseStapling on).', en: 'Turn on OCSP stapling (nginx: ssl_stapling on; Apache: SSLUseStapling on).' },
  references: [REF.rfc6066, REF.mozilla],
  messages: {
    notStapled: { vi: 'Máy chủ không đính kèm phản hồi OCSP khi được yêu cầu.', en: 'The server did not staple an OCSP response when asked.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'notStapled'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (o.ocspStapled === null) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  return o.ocspStapled ? { outcome: 'pass' } : { outcome: 'fail', messageId: 'notStapled', evidence: { ocspStapled: false } };
}
