import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.renegotiation.insecure',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'Không hỗ trợ thương lượng lại an toàn (RFC 5746)', en: 'No secure renegotiation (RFC 5746)' },
  description: {
    vi: 'Máy chủ TLS ≤ 1.2 không có phần mở rộng renegotiation_info (RFC 5746) để phiên thương lượng lại bị tấn công chèn tiền tố (CVE-2009-3555).',
    en: 'A TLS ≤ 1.2 server without the renegotiation_info extension (RFC 5746) leaves renegotiation open to prefix injection (CVE-2009-3555).',
  },
  remediation: { vi: 'Cập nhật thư viện TLS lên bản hỗ trợ RFC 5746 hoặc tắt thương lượng lại.', en: 'Update the TLS library to one that supports RFC 5746, or disable renegotiation.' },
  references: [REF.rfc5746, REF.reneg, REF.ssllabs],
  messages: {
    unsupported: { vi: 'Máy chủ không trả lời phần mở rộng renegotiation_info (RFC 5746).', en: 'The server did not answer the renegotiation_info extension (RFC 5746).' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'unsupported'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (o.secureRenegotiation === null) return { outcome: 'not_applicable', reason: 'no TLS 1.0–1.2 handshake (renegotiation does not exist in TLS 1.3)' };
  return o.secureRenegotiation ? { outcome: 'pass' } : { outcome: 'fail', messageId: 'unsupported', evidence: { secureRenegotiation: false } };
}
