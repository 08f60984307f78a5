import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { headerValues } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.csp.missing',
  family: 'http',
  severity: 'medium',
  needs: ['http'],
  title: { vi: 'Không có chính sách bảo mật nội dung (Content-Security-Policy)', en: 'No Content-Security-Policy' },
  description: {
    vi: 'CSP giới hạn nguồn được phép tải script, khung, đối tượng…; thiếu CSP thì một lỗi XSS có thể chạy mã tùy ý trong trang.',
    en: 'CSP restricts where scripts, frames and objects may load from; without it one XSS bug runs arbitrary code in the page.',
  },
  remediation: {
    vi: "Bắt đầu với: Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self' rồi nới dần theo nhu cầu (thử trước bằng Content-Security-Policy-Report-Only).",
    en: "Start from: Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self' and loosen as needed (trial it with Content-Security-Policy-Report-Only).",
  },
  references: [
    { source: 'W3C', title: 'Content Security Policy Level 3', url: 'https://www.w3.org/TR/CSP3/' },
    { source: 'OWASP', title: 'Secure Headers Project: Content-Security-Policy', url: 'https://owasp.org/www-project-secure-headers/' },
    { source: 'Mozilla', title: 'MDN HTTP Observatory: CSP test', url: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' },
  ],
  messages: {
    missing: { vi: 'Trang {{url}} không gửi Content-Security-Policy.', en: '{{url}} sends no Content-Security-Policy.' },
    reportOnly: {
      vi: 'Trang {{url}} chỉ có Content-Security-Policy-Report-Only: chính sách chỉ báo cáo, không ngăn chặn.',
      en: '{{url}} only has Content-Security-Policy-Report-Only: the policy reports but blocks nothing.',
    },
  },
});

export function run(obs: HttpObservation): CheckResult<keyof typeof meta.messages> {
  if (headerValues(obs, 'content-security-policy').length || obs.html.metaCsp.length) return { outcome: 'pass' };
  const reportOnly = headerValues(obs, 'content-security-policy-report-only');
  if (reportOnly.length) return { outcome: 'fail', messageId: 'reportOnly', data: { url: obs.finalUrl }, evidence: { url: obs.finalUrl, reportOnly: reportOnly[0] } };
  return { outcome: 'fail', messageId: 'missing', data: { url: obs.finalUrl }, evidence: { url: obs.finalUrl } };
}
