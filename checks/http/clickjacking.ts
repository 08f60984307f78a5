import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { parseCsp } from '../../src/observations/http/index.js';
import { headerValues } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.clickjacking',
  family: 'http',
  severity: 'medium',
  needs: ['http'],
  title: { vi: 'Trang có thể bị nhúng khung (clickjacking)', en: 'Page can be framed (clickjacking)' },
  description: {
    vi: 'Không có X-Frame-Options hợp lệ và cũng không có chỉ thị CSP frame-ancestors, trang khác có thể nhúng trang này vào khung vô hình để lừa người dùng bấm.',
    en: 'With neither a valid X-Frame-Options nor a CSP frame-ancestors directive, another site can frame this page invisibly and trick users into clicking.',
  },
  remediation: {
    vi: "Gửi Content-Security-Policy: frame-ancestors 'none' (hoặc 'self'), và X-Frame-Options: DENY (hoặc SAMEORIGIN) cho trình duyệt cũ.",
    en: "Send Content-Security-Policy: frame-ancestors 'none' (or 'self'), plus X-Frame-Options: DENY (or SAMEORIGIN) for old browsers.",
  },
  references: [
    { source: 'RFC', id: '7034', title: 'HTTP Header Field X-Frame-Options', url: 'https://www.rfc-editor.org/rfc/rfc7034' },
    { source: 'OWASP', title: 'Clickjacking Defense Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html' },
    { source: 'Mozilla', title: 'MDN HTTP Observatory: X-Frame-Options test', url: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' },
  ],
  messages: {
    frameable: { vi: 'Trang {{url}} không có X-Frame-Options và không có frame-ancestors trong CSP.', en: '{{url}} has neither X-Frame-Options nor a CSP frame-ancestors directive.' },
    invalidXfo: {
      vi: 'X-Frame-Options có giá trị không hợp lệ "{{value}}" (trình duyệt bỏ qua) và CSP không có frame-ancestors.',
      en: 'X-Frame-Options has the invalid value "{{value}}" (browsers ignore it) and the CSP has no frame-ancestors.',
    },
  },
});

export function run(obs: HttpObservation): CheckResult<keyof typeof meta.messages> {
  const csp = parseCsp(headerValues(obs, 'content-security-policy'));
  // frame-ancestors is honoured only in a header policy, never in <meta> (CSP3).
  if (csp.ok && csp.csp.directives.has('frame-ancestors')) return { outcome: 'pass' };
  const xfo = headerValues(obs, 'x-frame-options')[0];
  if (xfo === undefined) return { outcome: 'fail', messageId: 'frameable', data: { url: obs.finalUrl }, evidence: { url: obs.finalUrl } };
  const v = xfo.trim().toLowerCase();
  if (v === 'deny' || v === 'sameorigin') return { outcome: 'pass' };
  return { outcome: 'fail', messageId: 'invalidXfo', data: { value: xfo.slice(0, 100) }, evidence: { value: xfo.slice(0, 256) } };
}
