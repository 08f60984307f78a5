import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { TLS_OBSERVATION, type TlsFacts } from '../../src/observations/tls/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { REF } from '../data/tls-references.js';

export const { meta, run } = defineCheck(TLS_OBSERVATION, {
  id: 'tls.cert.oversized-chain',
  family: 'tls',
  severity: 'medium',
  title: { vi: 'Chuỗi chứng thư quá lớn', en: 'Oversized certificate chain' },
  description: {
    vi: 'Máy chủ gửi một chuỗi chứng thư lớn bất thường (quá nhiều chứng thư hoặc quá nhiều byte). Nhiều phần mềm khách từ chối chuỗi như vậy (OpenSSL mặc định chỉ nhận 100 KiB), nên dịch vụ có thể không kết nối được; đây cũng thường là dấu hiệu cấu hình sai (gửi cả kho CA thay vì chuỗi của mình).',
    en: 'The server sends an unusually large certificate chain (too many certificates or too many bytes). Many clients refuse such a chain (OpenSSL accepts 100 KiB by default), so the service may fail to connect; it is also a common sign of misconfiguration (sending a whole CA bundle instead of its own chain).',
  },
  remediation: {
    vi: 'Cấu hình máy chủ chỉ gửi chứng thư lá và các chứng thư trung gian của nó (thường 2–3 chứng thư, vài KiB); không gửi cả gói CA.',
    en: 'Configure the server to send only its leaf and that leaf\'s intermediates (usually 2–3 certificates, a few KiB); never a whole CA bundle.',
  },
  references: [REF.rfc8446Certificate, REF.opensslMaxCertList],
  messages: {
    tooLarge: { vi: 'Chuỗi chứng thư máy chủ gửi quá lớn: {{what}}. attt chỉ đọc tới giới hạn rồi dừng; các giao thức vẫn được đánh giá.', en: 'The certificate chain the server sends is oversized: {{what}}. attt read up to its limit and stopped; the protocols were still assessed.' },
  },
  run: judge,
});

function judge(o: TlsFacts, _context: CheckContext): CheckResult<'tooLarge'> {
  const big = o.certificateChainTooLarge;
  if (!big) return o.certificateSource === 'none' ? { outcome: 'not_applicable', reason: 'no certificate was presented' } : { outcome: 'pass' };
  const what = [
    big.certificates !== undefined ? `${big.certificates} certificates` : '',
    big.bytes !== undefined ? `${big.bytes} bytes (limit ${big.limit})` : '',
  ].filter(Boolean).join(', ') || big.detail;
  return { outcome: 'fail', messageId: 'tooLarge', data: { what }, evidence: { ...big } };
}
