/**
 * Software claimed by what the scanners observed, for the software.* checks: port banners
 * (ports observation) and HTTP headers (http observation). Pure: no I/O.
 */
import { headerValues } from '../observations/http/index.js';
import type { HttpObservation } from '../observations/http/index.js';
import { isSshObservation } from '../observations/ssh/index.js';
import { identifySoftware, type IdentifiedSoftware, type SoftwareSource } from './identify.js';

/** The part of the ports observation these checks read (see src/observations/ports/types.ts). */
export interface PortsLike {
  open: Array<{ port: number; service?: string; banner?: string; product?: string; version?: string; distro?: string }>;
}

/** Where a claim was seen: a port, or a response header. */
export interface SoftwareClaim {
  /** `port` for a ports observation, `header` for an http one. */
  where: { port: number; service?: string } | { header: string };
  /** Discriminator prefix: the port number or the header name. */
  key: string;
  /** The banner or header value (bounded). */
  text: string;
  software: IdentifiedSoftware[];
}

const SOURCES: Record<string, SoftwareSource> = { ssh: 'ssh', ftp: 'ftp', smtp: 'smtp', pop3: 'pop3', imap: 'imap', mysql: 'mysql' };

export function claimsFromPorts(obs: PortsLike): SoftwareClaim[] {
  const claims: SoftwareClaim[] = [];
  for (const p of (obs.open ?? []).slice(0, 1000)) {
    const banner = (p.banner ?? '').slice(0, 1024);
    let software: IdentifiedSoftware[];
    if (p.product && p.version) {
      software = [{ product: p.product, version: p.version, raw: banner.slice(0, 200), ...(p.distro ? { distro: p.distro } : {}) }];
    } else if (p.service === 'http') {
      // An HTTP banner probe: read its Server line.
      const server = /^Server:[ \t]*([^\r\n]{1,200})/im.exec(banner)?.[1];
      software = server ? identifySoftware(server, 'http-server') : [];
    } else {
      software = identifySoftware(banner, SOURCES[p.service ?? ''] ?? 'other');
    }
    if (software.length) claims.push({ where: { port: p.port, ...(p.service ? { service: p.service } : {}) }, key: String(p.port), text: banner.slice(0, 256), software });
  }
  return claims;
}

export function claimsFromHttp(obs: HttpObservation): SoftwareClaim[] {
  return softwareFromHeaders(obs).map((h) => ({ where: { header: h.header }, key: h.header, text: h.value.slice(0, 256), software: h.software }));
}

/**
 * The SSH identification line of an ssh observation. When the audit's port scan found the
 * service, the ports observation already carries the same banner, so it is judged there only.
 */
export function claimsFromSsh(observation: unknown): SoftwareClaim[] {
  if (!isSshObservation(observation) || observation.discoveredBy === 'ports') return [];
  const software = identifySoftware(observation.banner, 'ssh');
  return software.length ? [{ where: { port: observation.port, service: 'ssh' }, key: String(observation.port), text: observation.banner.slice(0, 256), software }] : [];
}

/** Claims from whichever observation family the check is judging. */
export function softwareClaims(observation: unknown, family: string): SoftwareClaim[] {
  if (family === 'ports') return claimsFromPorts(observation as PortsLike);
  if (family === 'ssh') return claimsFromSsh(observation);
  if (family === 'http') return claimsFromHttp(observation as HttpObservation);
  return [];
}

const NAMES: Record<string, string> = {
  'apache-http-server': 'Apache HTTP Server',
  nginx: 'nginx',
  php: 'PHP',
  openssl: 'OpenSSL',
  tomcat: 'Apache Tomcat',
  iis: 'Microsoft IIS',
  openssh: 'OpenSSH',
  vsftpd: 'vsftpd',
  proftpd: 'ProFTPD',
  postfix: 'Postfix',
  exim: 'Exim',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  aspnet: 'ASP.NET',
};

export function productName(product: string): string {
  return NAMES[product] ?? product;
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
