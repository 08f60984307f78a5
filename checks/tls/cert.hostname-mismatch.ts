import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.hostname-mismatch',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Tên máy chủ không khớp chứng thư', en: 'Host name does not match the certificate' },
  description: {
    vi: 'Tên (hoặc địa chỉ IP) người dùng truy cập không có trong subjectAltName của chứng thư (kể cả ký tự đại diện): máy khách sẽ báo lỗi.',
    en: 'The name (or IP address) users connect to is not in the certificate subjectAltName (wildcards included): clients will show an error.',
  },
  remediation: { vi: 'Cấp lại chứng thư có đủ tên miền trong SAN, hoặc cấu hình SNI để máy chủ gửi đúng chứng thư.', en: 'Reissue the certificate with every name in its SAN, or configure SNI so the server sends the right certificate.' },
  references: [REF.qcvn12, REF.ssllabs],
  messages: {
    mismatch: { vi: 'Chứng thư ({{names}}) không hợp lệ cho {{host}}.', en: 'The certificate ({{names}}) is not valid for {{host}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'mismatch'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  const leaf = o.certificate[0];
  if (!leaf) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  if (o.hostnameMatches) return { outcome: 'pass' };
  const names = leaf.subjectAltNames.length ? leaf.subjectAltNames.slice(0, 6).join(', ') : leaf.subject;
  return { outcome: 'fail', messageId: 'mismatch', data: { host: o.hostnameChecked, names }, evidence: { host: o.hostnameChecked, subject: leaf.subject, subjectAltNames: leaf.subjectAltNames } };
}
