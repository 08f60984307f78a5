import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import type { Severity } from '../../src/results/index.js';
import { isSessionLikeCookie, prefixViolation } from '../../src/observations/http/index.js';
import { httpsPage } from '../../src/observations/http/index.js';
import type { HttpObservation, ObservedCookie } from '../../src/observations/http/index.js';

type M = 'noSecure' | 'noHttpOnly' | 'clearText' | 'sameSiteNoneInsecure' | 'sameSiteInvalid' | 'sameSiteMissing' | 'prefixViolation';

export const meta = defineCheck<M>({
  id: 'http.cookie.insecure',
  family: 'http',
  severity: 'medium',
  needs: ['http'],
  title: { vi: 'Cookie thiếu thuộc tính bảo mật', en: 'Cookie lacks security attributes' },
  description: {
    vi: 'Cookie phiên thiếu Secure có thể lộ qua HTTP; thiếu HttpOnly thì script (XSS) đọc được; thiếu SameSite thì dễ bị CSRF; tiền tố __Host-/__Secure- có quy tắc bắt buộc.',
    en: 'A session cookie without Secure can leak over HTTP; without HttpOnly, script (XSS) can read it; without SameSite it helps CSRF; __Host-/__Secure- prefixes carry mandatory rules.',
  },
  remediation: {
    vi: 'Đặt cookie phiên với: Secure; HttpOnly; SameSite=Lax (hoặc Strict); Path=/; tốt nhất dùng tiền tố __Host-.',
    en: 'Set session cookies with: Secure; HttpOnly; SameSite=Lax (or Strict); Path=/; preferably with the __Host- prefix.',
  },
  references: [
    { source: 'IETF', id: 'draft-ietf-httpbis-rfc6265bis', title: 'Cookies: HTTP State Management Mechanism (SameSite, prefixes)', url: 'https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/' },
    { source: 'Mozilla', title: 'MDN: Secure cookie configuration', url: 'https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/Cookies' },
    { source: 'OWASP', title: 'Session Management Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html' },
  ],
  messages: {
    noSecure: { vi: 'Cookie "{{name}}" trên trang có HTTPS nhưng thiếu Secure: sẽ được gửi cả qua HTTP.', en: 'Cookie "{{name}}" on an HTTPS site lacks Secure: it is also sent over HTTP.' },
    noHttpOnly: { vi: 'Cookie phiên "{{name}}" thiếu HttpOnly: script trong trang (XSS) đọc được.', en: 'Session cookie "{{name}}" lacks HttpOnly: page script (XSS) can read it.' },
    clearText: { vi: 'Cookie phiên "{{name}}" được gửi qua HTTP không mã hóa (trang không có HTTPS).', en: 'Session cookie "{{name}}" travels over unencrypted HTTP (the site has no HTTPS).' },
    sameSiteNoneInsecure: { vi: 'Cookie "{{name}}" có SameSite=None nhưng thiếu Secure: trình duyệt sẽ từ chối.', en: 'Cookie "{{name}}" has SameSite=None without Secure: browsers reject it.' },
    sameSiteInvalid: { vi: 'Cookie "{{name}}" có SameSite="{{value}}" không hợp lệ (chỉ Strict, Lax hoặc None).', en: 'Cookie "{{name}}" has an invalid SameSite="{{value}}" (only Strict, Lax or None).' },
    sameSiteMissing: { vi: 'Cookie phiên/chống CSRF "{{name}}" không khai báo SameSite.', en: 'Session/anti-CSRF cookie "{{name}}" declares no SameSite.' },
    prefixViolation: { vi: 'Cookie "{{name}}" vi phạm quy tắc tiền tố: {{rule}} (trình duyệt sẽ từ chối).', en: 'Cookie "{{name}}" breaks its prefix rule: {{rule}} (browsers reject it).' },
  },
});

/** Cookies from the judged chain and from the http:// chain (a cookie set before the redirect to HTTPS has already travelled in clear). */
function allCookies(obs: HttpObservation): ObservedCookie[] {
  const seen = new Set<string>();
  const out: ObservedCookie[] = [];
  for (const c of [...obs.cookies, ...(obs.http?.page?.cookies ?? [])]) {
    const key = `${c.name}\u0000${c.setBy}`;
    if (seen.has(key) || out.some((o) => o.name === c.name && o.overHttps === c.overHttps)) continue;
    seen.add(key);
    out.push(c);
  }
  return out.slice(0, 100);
}

export function run(obs: HttpObservation): CheckResult<M> | CheckResult<M>[] {
  const cookies = allCookies(obs);
  if (!cookies.length) return { outcome: 'not_applicable', reason: 'no cookies set' };
  const siteHasHttps = !!httpsPage(obs);
  const out: CheckResult<M>[] = [];
  for (const c of cookies) {
    const name = c.name.slice(0, 100);
    const session = isSessionLikeCookie(c.name) || /csrf|xsrf/i.test(c.name);
    const evidence = { cookie: name, secure: c.secure, httpOnly: c.httpOnly, sameSite: c.sameSite ?? null, setBy: c.setBy };
    const fail = (messageId: M, severity: Severity, data: Record<string, unknown> = {}) => out.push({ outcome: 'fail', messageId, severity, data: { name, ...data }, evidence, discriminator: `${name}:${messageId}` });
    const sameSite = c.sameSite?.trim().toLowerCase();
    if (siteHasHttps && !c.secure) fail('noSecure', session ? 'high' : 'medium');
    if (!siteHasHttps && session && !c.overHttps) fail('clearText', 'medium');
    if (session && !c.httpOnly && !/csrf|xsrf/i.test(c.name)) fail('noHttpOnly', 'high');
    if (sameSite === 'none' && !c.secure) fail('sameSiteNoneInsecure', 'medium');
    else if (c.sameSite !== undefined && !['strict', 'lax', 'none'].includes(sameSite ?? '')) fail('sameSiteInvalid', 'low', { value: c.sameSite.slice(0, 40) });
    else if (c.sameSite === undefined && session) fail('sameSiteMissing', 'low');
    const prefix = prefixViolation(c);
    if (prefix) fail('prefixViolation', 'medium', { rule: prefix });
  }
  return out.length ? out : { outcome: 'pass', evidence: { cookies: cookies.map((c) => c.name.slice(0, 100)) } };
}
