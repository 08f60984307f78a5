/**
 * Small pure helpers the http.* and software.* checks share to read an HTTP observation.
 * No verdicts here: the checks judge.
 */
import { identifySoftware, type IdentifiedSoftware, type SoftwareSource } from '../../software/identify.js';
import type { FetchedPage, HttpObservation } from './types.js';

export function headerValues(obs: Pick<HttpObservation, 'headers'>, name: string): string[] {
  return obs.headers[name.toLowerCase()] ?? [];
}

export function firstHeader(obs: Pick<HttpObservation, 'headers'>, name: string): string | undefined {
  return headerValues(obs, name)[0];
}

/** The HTTPS page, when the site answered over HTTPS (directly or at the end of a redirect). */
export function httpsPage(obs: HttpObservation): FetchedPage | undefined {
  return obs.https?.page && obs.https.page.url.startsWith('https:') ? obs.https.page : undefined;
}

export function judgedOverHttps(obs: HttpObservation): boolean {
  return obs.finalUrl.startsWith('https:');
}

/** Headers that name software, and how to read them (OWASP Secure Headers Project remove list, subset). */
const SOFTWARE_HEADERS: Array<{ header: string; source: SoftwareSource; prefix?: string }> = [
  { header: 'server', source: 'http-server' },
  { header: 'x-powered-by', source: 'x-powered-by' },
  { header: 'x-aspnet-version', source: 'x-powered-by', prefix: 'ASP.NET/' },
  { header: 'x-aspnetmvc-version', source: 'x-powered-by', prefix: 'ASP.NET-MVC/' },
  { header: 'x-php-version', source: 'x-powered-by', prefix: 'PHP/' },
  { header: 'x-generator', source: 'x-powered-by' },
  { header: 'x-powered-cms', source: 'x-powered-by' },
];

export interface HeaderSoftware {
  header: string;
  value: string;
  software: IdentifiedSoftware[];
}

/**
 * Software named by the judged response's headers. A distribution marker in one header (e.g.
 * `Server: Apache/2.4.6 (CentOS)`) applies to the products of the others (`X-Powered-By:
 * PHP/5.4.16` is then most likely CentOS's PHP build, with backported fixes).
 */
export function softwareFromHeaders(obs: Pick<HttpObservation, 'headers'>): HeaderSoftware[] {
  const found: HeaderSoftware[] = [];
  for (const { header, source, prefix } of SOFTWARE_HEADERS) {
    for (const value of headerValues(obs, header).slice(0, 5)) {
      const text = prefix && /^\s*\d/.test(value) ? `${prefix}${value.trim()}` : value;
      const software = identifySoftware(text, source);
      if (software.length) found.push({ header, value, software });
    }
  }
  const distro = found.flatMap((f) => f.software).find((s) => s.distro)?.distro;
  if (distro) for (const f of found) for (const s of f.software) s.distro ??= `${distro} (inferred from another header)`;
  return found;
}
