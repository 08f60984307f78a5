import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { BROAD_SOURCES, hasNonceOrHash, parseCsp, parseCspMeta } from '../../src/observations/http/index.js';
import { headerValues, judgedOverHttps } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

type M = 'invalid' | 'unsafeInline' | 'unsafeEval' | 'broadSource' | 'insecureScheme' | 'missingDirective';

export const meta = defineCheck<M>({
  id: 'http.csp.unsafe',
  family: 'http',
  severity: 'medium',
  needs: ['http'],
  title: { vi: 'Chính sách CSP cho phép nguồn không an toàn', en: 'Content-Security-Policy allows unsafe sources' },
  description: {
    vi: "Một CSP chứa 'unsafe-inline' (không kèm nonce/hash), 'unsafe-eval', nguồn * hoặc http:, hoặc thiếu object-src / base-uri / frame-ancestors thì gần như không ngăn được XSS, chèn thẻ <base> hay clickjacking.",
    en: "A CSP with 'unsafe-inline' (without nonce/hash), 'unsafe-eval', * or http: sources, or without object-src / base-uri / frame-ancestors barely stops XSS, <base> injection or clickjacking.",
  },
  remediation: {
    vi: "Bỏ 'unsafe-inline' và 'unsafe-eval' (dùng nonce hoặc hash cho script nội tuyến), chỉ liệt kê nguồn https cụ thể, và đặt object-src 'none'; base-uri 'self'; frame-ancestors 'none' (hoặc 'self').",
    en: "Remove 'unsafe-inline' and 'unsafe-eval' (use nonces or hashes for inline scripts), list specific https sources only, and set object-src 'none'; base-uri 'self'; frame-ancestors 'none' (or 'self').",
  },
  references: [
    { source: 'W3C', title: 'Content Security Policy Level 3', url: 'https://www.w3.org/TR/CSP3/' },
    { source: 'Mozilla', title: 'MDN HTTP Observatory: CSP test', url: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' },
    { source: 'OWASP', title: 'Content Security Policy Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html' },
  ],
  messages: {
    invalid: { vi: 'Không phân tích được CSP ({{reason}}).', en: 'The CSP cannot be parsed ({{reason}}).' },
    unsafeInline: { vi: "{{directive}} cho phép 'unsafe-inline' mà không có nonce hoặc hash: script nội tuyến do kẻ tấn công chèn vào sẽ chạy.", en: "{{directive}} allows 'unsafe-inline' without a nonce or hash: injected inline script runs." },
    unsafeEval: { vi: "{{directive}} cho phép 'unsafe-eval' (eval() và các hàm tương tự).", en: "{{directive}} allows 'unsafe-eval' (eval() and friends)." },
    broadSource: { vi: '{{directive}} cho phép nguồn quá rộng: {{sources}}.', en: '{{directive}} allows overly broad sources: {{sources}}.' },
    insecureScheme: { vi: 'Trang HTTPS nhưng {{directive}} cho phép tải qua kênh không mã hóa: {{sources}}.', en: 'HTTPS page, but {{directive}} allows loading over plain text: {{sources}}.' },
    missingDirective: { vi: 'CSP thiếu chỉ thị {{directive}} ({{why}}).', en: 'The CSP lacks {{directive}} ({{whyEn}}).' },
  },
});

const WHY: Record<string, { vi: string; en: string }> = {
  'object-src': { vi: 'không có cả default-src nên plugin/đối tượng tải từ bất kỳ đâu', en: 'nor default-src, so plugins/objects load from anywhere' },
  'base-uri': { vi: 'kẻ tấn công có thể chèn thẻ <base> để đổi nguồn script tương đối', en: 'an injected <base> tag can redirect relative script URLs' },
  'frame-ancestors': { vi: 'trang có thể bị nhúng vào khung của trang khác (clickjacking)', en: 'other sites may frame the page (clickjacking)' },
};

export function run(obs: HttpObservation): CheckResult<M> | CheckResult<M>[] {
  const headerPolicies = headerValues(obs, 'content-security-policy');
  if (!headerPolicies.length && !obs.html.metaCsp.length) return { outcome: 'not_applicable', reason: 'no CSP (see http.csp.missing)' };
  const parsed = parseCsp(headerPolicies);
  const meta = parseCspMeta(obs.html.metaCsp);
  if (!parsed.ok || !meta.ok) return { outcome: 'fail', messageId: 'invalid', data: { reason: !parsed.ok ? parsed.reason : !meta.ok ? meta.reason : '' }, discriminator: 'invalid', evidence: { policy: headerPolicies.join(' | ').slice(0, 1024) } };
  const d = new Map(parsed.csp.directives);
  for (const [k, v] of meta.csp.directives) if (!d.has(k)) d.set(k, v);
  const evidence = { policy: headerPolicies.join(' | ').slice(0, 1024) || obs.html.metaCsp.join(' | ').slice(0, 1024) };
  const out: CheckResult<M>[] = [];
  const fail = (messageId: M, directive: string, data: Record<string, unknown> = {}, severity?: 'high' | 'medium' | 'low' | 'info') =>
    out.push({ outcome: 'fail', messageId, data: { directive, ...data }, evidence, discriminator: `${messageId}:${directive}`, ...(severity ? { severity } : {}) });

  for (const directive of ['script-src', 'style-src']) {
    const name = d.has(directive) ? directive : d.has('default-src') ? 'default-src' : undefined;
    const sources = name ? d.get(name)! : undefined;
    if (!sources) continue;
    // 'unsafe-inline' is ignored by CSP2+ browsers when a nonce or hash is present (CSP3 §6.7.3.3).
    if (sources.has("'unsafe-inline'") && !hasNonceOrHash(sources)) fail('unsafeInline', name!, {}, directive === 'script-src' ? 'high' : 'low');
    if (sources.has("'unsafe-eval'") && directive === 'script-src') fail('unsafeEval', name!);
  }
  for (const directive of ['script-src', 'object-src']) {
    const name = d.has(directive) ? directive : d.has('default-src') ? 'default-src' : undefined;
    const sources = name ? d.get(name)! : undefined;
    const broad = sources ? [...sources].filter((s) => BROAD_SOURCES.has(s) || (directive === 'script-src' && s === 'data:')) : [];
    if (broad.length && !out.some((r) => r.outcome === 'fail' && r.discriminator === `broadSource:${name}`)) fail('broadSource', name!, { sources: broad.join(' ') });
  }
  if (judgedOverHttps(obs)) {
    for (const [directive, sources] of d) {
      const insecure = [...sources].filter((s) => s.startsWith('http:') || s.startsWith('ftp:') || s.startsWith('ws:'));
      if (insecure.length && !['report-uri', 'report-to'].includes(directive)) fail('insecureScheme', directive, { sources: insecure.join(' ') }, ['img-src', 'media-src'].includes(directive) ? 'low' : undefined);
    }
  }
  if (!d.has('object-src') && !d.has('default-src')) fail('missingDirective', 'object-src', { why: WHY['object-src'].vi, whyEn: WHY['object-src'].en }, 'low');
  if (!d.has('base-uri')) fail('missingDirective', 'base-uri', { why: WHY['base-uri'].vi, whyEn: WHY['base-uri'].en }, 'low');
  // frame-ancestors only counts in a header policy (HTML ignores it in <meta>).
  if (!parsed.csp.directives.has('frame-ancestors')) fail('missingDirective', 'frame-ancestors', { why: WHY['frame-ancestors'].vi, whyEn: WHY['frame-ancestors'].en }, 'low');
  return out.length ? out : { outcome: 'pass', evidence };
}
