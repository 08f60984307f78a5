import type { ObservedCookie } from './types.js';

/** At most this many Set-Cookie lines are parsed per response: a hostile server cannot flood the results. */
export const MAX_COOKIES_PER_RESPONSE = 50;
const MAX_COOKIE_LINE = 8192;

/** Parse one Set-Cookie line (RFC 6265 §5.2). The value is measured, never kept. */
export function parseSetCookie(line: string, setBy: string, overHttps: boolean): ObservedCookie | undefined {
  const [pair, ...attributes] = line.slice(0, MAX_COOKIE_LINE).split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return undefined; // RFC 6265 §5.2 step 2: ignore a line without a name-value pair
  const name = pair.slice(0, eq).trim();
  if (!name) return undefined;
  const cookie: ObservedCookie = { name, valueLength: pair.slice(eq + 1).trim().length, secure: false, httpOnly: false, setBy, overHttps };
  for (const attribute of attributes) {
    const i = attribute.indexOf('=');
    const key = (i < 0 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
    const value = i < 0 ? undefined : attribute.slice(i + 1).trim();
    switch (key) {
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite':
        cookie.sameSite = value ?? '';
        break;
      case 'path':
        if (value !== undefined) cookie.path = value.slice(0, 256);
        break;
      case 'domain':
        if (value) cookie.domain = value.replace(/^\./, '').toLowerCase().slice(0, 256);
        break;
      case 'expires':
        if (value) cookie.expires = value.slice(0, 64);
        break;
      case 'max-age':
        if (value && /^-?\d{1,12}$/.test(value)) cookie.maxAge = Number(value);
        break;
    }
  }
  return cookie;
}

/** Hide cookie values in a stored Set-Cookie line (they may be live session tokens); attributes stay. */
export function redactSetCookie(line: string): string {
  const semi = line.indexOf(';');
  const pair = semi < 0 ? line : line.slice(0, semi);
  const eq = pair.indexOf('=');
  if (eq < 0) return `[redacted ${pair.length} bytes]${semi < 0 ? '' : line.slice(semi)}`;
  return `${pair.slice(0, eq)}=[redacted ${pair.length - eq - 1} bytes]${semi < 0 ? '' : line.slice(semi)}`;
}

/** Names that suggest a session or login identifier (the Observatory's heuristic plus common framework names). */
export function isSessionLikeCookie(name: string): boolean {
  const n = name.toLowerCase();
  return /sess|login|auth|token|jwt|sid\b|^sid|asp\.net_sessionid|phpsessid|jsessionid|connect\.sid|remember/.test(n);
}

/** The Observatory's narrower heuristic (`login`/`sess` in the name), used for score parity only. */
export function isObservatorySessionCookie(name: string): boolean {
  const n = name.toLowerCase();
  return n.includes('login') || n.includes('sess');
}

/** `__Host-` and `__Secure-` prefix rules (draft-ietf-httpbis-rfc6265bis §4.1.3). */
export function prefixViolation(cookie: ObservedCookie): string | undefined {
  if (cookie.name.startsWith('__Secure-') && !cookie.secure) return '__Secure- without Secure';
  if (cookie.name.startsWith('__Host-')) {
    if (!cookie.secure) return '__Host- without Secure';
    if (cookie.domain) return '__Host- with Domain';
    if (cookie.path !== '/') return '__Host- without Path=/';
  }
  return undefined;
}

/** Whether a cookie's Domain attribute is one the setting host may use (RFC 6265 §5.3 step 6, without the public-suffix list). */
export function domainAcceptable(cookie: ObservedCookie, host: string): boolean {
  if (!cookie.domain) return true;
  const h = host.toLowerCase();
  return h === cookie.domain || h.endsWith(`.${cookie.domain}`);
}
