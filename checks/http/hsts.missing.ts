import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { headerValues, httpsPage } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.hsts.missing',
  family: 'http',
  severity: 'medium',
  needs: ['http'],
  title: { vi: 'Trang HTTPS không gửi Strict-Transport-Security (HSTS)', en: 'HTTPS site does not send Strict-Transport-Security (HSTS)' },
  description: {
    vi: 'Không có HSTS, trình duyệt vẫn có thể bị hạ xuống HTTP (tấn công SSL stripping) khi người dùng gõ địa chỉ không kèm https://.',
    en: 'Without HSTS a browser can still be downgraded to HTTP (SSL stripping) when a user types the address without https://.',
  },
  remediation: {
    vi: 'Gửi trên mọi phản hồi HTTPS: Strict-Transport-Security: max-age=63072000; includeSubDomains.',
    en: 'Send on every HTTPS response: Strict-Transport-Security: max-age=63072000; includeSubDomains.',
  },
  references: [
    { source: 'RFC', id: '6797', title: 'HTTP Strict Transport Security (HSTS)', url: 'https://www.rfc-editor.org/rfc/rfc6797' },
    { source: 'OWASP', title: 'Secure Headers Project: Strict-Transport-Security', url: 'https://owasp.org/www-project-secure-headers/' },
    { source: 'Mozilla', title: 'MDN HTTP Observatory: HSTS test', url: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' },
  ],
  messages: {
    missing: { vi: 'Phản hồi HTTPS từ {{url}} không có tiêu đề Strict-Transport-Security.', en: 'The HTTPS response from {{url}} has no Strict-Transport-Security header.' },
  },
});

export function run(obs: HttpObservation): CheckResult<keyof typeof meta.messages> {
  const page = httpsPage(obs);
  if (!page) return { outcome: 'not_applicable', reason: 'no HTTPS response (see http.redirect.no-https)' };
  if (headerValues(page, 'strict-transport-security').length) return { outcome: 'pass' };
  return { outcome: 'fail', messageId: 'missing', data: { url: page.url }, evidence: { url: page.url } };
}
