import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { headerValues } from '../../src/observations/http/index.js';
import { DEPRECATED_HEADERS } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.header.deprecated',
  family: 'http',
  severity: 'info',
  needs: ['http'],
  title: { vi: 'Tiêu đề HTTP đã lỗi thời', en: 'Deprecated HTTP header' },
  description: {
    vi: 'Các tiêu đề X-XSS-Protection, Expect-CT, Public-Key-Pins (và bản Report-Only), Feature-Policy, P3P… đã bị trình duyệt bỏ; một số (X-XSS-Protection: 1, HPKP) còn có thể gây hại. Thấy chúng thường nghĩa là cấu hình đã lâu không được rà soát.',
    en: 'X-XSS-Protection, Expect-CT, Public-Key-Pins (and its Report-Only form), Feature-Policy, P3P … are dropped by browsers; some (X-XSS-Protection: 1, HPKP) can even do harm. Seeing them usually means the configuration has not been reviewed for years.',
  },
  remediation: { vi: 'Bỏ tiêu đề lỗi thời và dùng cơ chế thay thế được nêu trong từng phát hiện.', en: 'Remove the deprecated header and use the replacement named in each finding.' },
  references: [
    { source: 'OWASP', title: 'Secure Headers Project: deprecated headers', url: 'https://owasp.org/www-project-secure-headers/' },
    { source: 'Mozilla', title: 'MDN HTTP headers reference', url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers' },
  ],
  messages: {
    deprecated: { vi: 'Tiêu đề {{header}} đã lỗi thời; thay bằng: {{replacementVi}}.', en: 'The {{header}} header is deprecated; replace it with: {{replacementEn}}.' },
  },
});

export function run(obs: HttpObservation): CheckResult<'deprecated'> | CheckResult<'deprecated'>[] {
  const out: CheckResult<'deprecated'>[] = [];
  for (const [header, info] of Object.entries(DEPRECATED_HEADERS)) {
    const values = headerValues(obs, header);
    if (!values.length) continue;
    // OSHP: X-XSS-Protection: 0 is the recommended way to switch the old auditor off, not a finding.
    if (header === 'x-xss-protection' && values.every((v) => v.trim() === '0')) continue;
    out.push({
      outcome: 'fail',
      messageId: 'deprecated',
      data: { header, replacementVi: info.replacement.vi, replacementEn: info.replacement.en },
      evidence: { header, value: values[0].slice(0, 256), source: info.source },
      discriminator: header,
      ...(header === 'public-key-pins' || (header === 'x-xss-protection' && values.some((v) => v.trim().startsWith('1'))) ? { severity: 'low' as const } : {}),
    });
  }
  return out.length ? out : { outcome: 'pass' };
}
