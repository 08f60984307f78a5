import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.fallback-scsv.missing',
  family: 'tls',
  severity: 'low',
  needs: ['tls'],
  title: { vi: 'Không chống hạ cấp giao thức (TLS_FALLBACK_SCSV)', en: 'No protocol downgrade protection (TLS_FALLBACK_SCSV)' },
  description: {
    vi: 'Máy chủ hỗ trợ nhiều phiên bản nhưng vẫn bắt tay ở phiên bản thấp hơn khi ClientHello mang TLS_FALLBACK_SCSV (RFC 7507), nên kẻ tấn công có thể ép trình duyệt hạ cấp.',
    en: 'The server speaks several versions yet still negotiates a lower one when the ClientHello carries TLS_FALLBACK_SCSV (RFC 7507), so an attacker can force clients to downgrade.',
  },
  remediation: { vi: 'Cập nhật thư viện TLS (OpenSSL ≥ 1.0.1j hỗ trợ RFC 7507), hoặc chỉ bật một phiên bản (TLS 1.3, hoặc TLS 1.2 + 1.3).', en: 'Update the TLS library (OpenSSL ≥ 1.0.1j supports RFC 7507), or enable a single modern range (TLS 1.2 + 1.3).' },
  references: [REF.rfc7507, REF.ssllabs],
  messages: {
    accepted: { vi: 'Máy chủ chấp nhận ClientHello hạ cấp có TLS_FALLBACK_SCSV thay vì trả cảnh báo inappropriate_fallback.', en: 'The server accepted a downgraded ClientHello carrying TLS_FALLBACK_SCSV instead of answering inappropriate_fallback.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'accepted'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  switch (o.fallbackScsv) {
    case 'supported':
      return { outcome: 'pass' };
    case 'missing':
      return { outcome: 'fail', messageId: 'accepted', evidence: { fallbackScsv: 'missing' } };
    case 'not-applicable':
      return { outcome: 'not_applicable', reason: 'only one protocol version is supported: nothing to fall back to' };
    default:
      return { outcome: 'error', reason: 'fallback-undetermined', detail: 'the server neither accepted nor rejected the fallback hello with inappropriate_fallback' };
  }
}
