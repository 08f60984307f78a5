import type { Localized } from '../../i18n.js';

/**
 * Header lists as data, with their sources. OWASP Secure Headers Project (OSHP),
 * ci/headers_remove.json snapshot last_update_utc 2026-07-19 (shared/reference/http-headers.md §1c):
 * the subset most relevant to government web stacks.
 */
export const INFO_DISCLOSURE_LIST_DATE = '2026-07-19';
export const INFO_DISCLOSURE_HEADERS: string[] = [
  'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version', 'x-php-version', 'x-generator', 'x-joomla-version',
  'x-umbraco-version', 'x-owa-version', 'x-sourcefiles', 'sourcemap', 'x-sourcemap', 'x-redirect-by', 'x-powered-cms',
  'x-powered-by-plesk', 'x-cf-powered-by', 'liferay-portal', 'x-varnish-backend', 'x-varnish-server', 'x-mod-pagespeed',
  'x-page-speed', 'x-feserver', 'x-beserver', 'x-diaginfo', 'x-litespeed-cache', 'x-nextjs-cache',
];

/** Deprecated response headers and what replaces each (OSHP lifecycle page; MDN). */
export const DEPRECATED_HEADERS: Record<string, { replacement: Localized; source: string }> = {
  'x-xss-protection': {
    replacement: { vi: 'Content-Security-Policy (nếu vẫn gửi thì chỉ gửi giá trị "0")', en: 'Content-Security-Policy (if sent at all, send "0")' },
    source: 'OWASP Secure Headers Project: X-XSS-Protection deprecated',
  },
  'expect-ct': { replacement: { vi: 'không cần thay thế: Certificate Transparency đã mặc định', en: 'nothing: Certificate Transparency is now enforced by default' }, source: 'OWASP Secure Headers Project: Expect-CT deprecated' },
  'public-key-pins': { replacement: { vi: 'không ghim khóa; dùng Certificate Transparency và CAA', en: 'no pinning; rely on Certificate Transparency and CAA records' }, source: 'OWASP Secure Headers Project: HPKP deprecated' },
  'public-key-pins-report-only': { replacement: { vi: 'không ghim khóa; dùng Certificate Transparency và CAA', en: 'no pinning; rely on Certificate Transparency and CAA records' }, source: 'OWASP Secure Headers Project: HPKP deprecated' },
  'feature-policy': { replacement: { vi: 'Permissions-Policy', en: 'Permissions-Policy' }, source: 'OWASP Secure Headers Project: Feature-Policy replaced by Permissions-Policy' },
  p3p: { replacement: { vi: 'không cần: trình duyệt đã bỏ qua P3P', en: 'nothing: browsers ignore P3P' }, source: 'W3C P3P is obsolete (unverified, see reference §1b)' },
  'x-content-security-policy': { replacement: { vi: 'Content-Security-Policy (tiêu đề chuẩn)', en: 'Content-Security-Policy (the standard header)' }, source: 'MDN: prefixed CSP headers are obsolete' },
  'x-webkit-csp': { replacement: { vi: 'Content-Security-Policy (tiêu đề chuẩn)', en: 'Content-Security-Policy (the standard header)' }, source: 'MDN: prefixed CSP headers are obsolete' },
};
