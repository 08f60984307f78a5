import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { headerValues } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.content-type-options.missing',
  family: 'http',
  severity: 'low',
  needs: ['http'],
  title: { vi: 'Thiếu X-Content-Type-Options: nosniff', en: 'Missing X-Content-Type-Options: nosniff' },
  description: {
    vi: 'Không có nosniff, trình duyệt có thể "đoán" kiểu nội dung và chạy một tệp tải lên như script hoặc stylesheet.',
    en: 'Without nosniff a browser may guess the content type and run an uploaded file as script or stylesheet.',
  },
  remediation: { vi: 'Gửi X-Content-Type-Options: nosniff trên mọi phản hồi.', en: 'Send X-Content-Type-Options: nosniff on every response.' },
  references: [
    { source: 'OWASP', title: 'Secure Headers Project: X-Content-Type-Options', url: 'https://owasp.org/www-project-secure-headers/' },
    { source: 'Mozilla', title: 'MDN HTTP Observatory: X-Content-Type-Options test', url: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' },
  ],
  messages: {
    missing: { vi: 'Trang {{url}} không gửi X-Content-Type-Options.', en: '{{url}} sends no X-Content-Type-Options.' },
    invalid: { vi: 'X-Content-Type-Options có giá trị "{{value}}" thay vì nosniff.', en: 'X-Content-Type-Options is "{{value}}" instead of nosniff.' },
  },
});

export function run(obs: HttpObservation): CheckResult<keyof typeof meta.messages> {
  const value = headerValues(obs, 'x-content-type-options')[0];
  if (value === undefined) return { outcome: 'fail', messageId: 'missing', data: { url: obs.finalUrl }, evidence: { url: obs.finalUrl } };
  if (value.trim().toLowerCase() !== 'nosniff') return { outcome: 'fail', messageId: 'invalid', data: { value: value.slice(0, 100) }, evidence: { value: value.slice(0, 256) } };
  return { outcome: 'pass' };
}
