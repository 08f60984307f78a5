/**
 * Product and version from what a service says about itself: HTTP `Server` / `X-Powered-By`
 * headers and port banners (SSH, FTP, SMTP, POP3, IMAP, the MySQL greeting). Banners are
 * hostile text: the input is bounded, every regex is linear, and nothing is trusted beyond
 * "the service claims this". A distribution build marker (`Debian-10+deb9u7`, `(CentOS)`,
 * `-0ubuntu0.16.04.1`, `.el7`) is kept in `distro`, because distributions backport security
 * fixes without changing the upstream version: such findings need verification.
 */
export type SoftwareSource = 'ssh' | 'ftp' | 'smtp' | 'pop3' | 'imap' | 'mysql' | 'http-server' | 'x-powered-by' | 'other';

export interface IdentifiedSoftware {
  /** Stable product id, e.g. `openssh`, `apache-http-server`, `php`. */
  product: string;
  /** The exact version claimed, when the text gives one. */
  version?: string;
  /** The part of the text this came from. */
  raw: string;
  /** Distribution build marker, when present: the version may carry backported fixes. */
  distro?: string;
}

const MAX_INPUT = 2048;

/** Names as they appear in banners → product ids (lowercased keys). */
const PRODUCT_NAMES: Record<string, string> = {
  apache: 'apache-http-server',
  'apache httpd': 'apache-http-server',
  httpd: 'apache-http-server',
  nginx: 'nginx',
  openresty: 'openresty',
  'microsoft-iis': 'iis',
  iis: 'iis',
  php: 'php',
  openssl: 'openssl',
  'apache tomcat': 'tomcat',
  tomcat: 'tomcat',
  'apache-coyote': 'apache-coyote',
  lighttpd: 'lighttpd',
  litespeed: 'litespeed',
  jetty: 'jetty',
  'asp.net': 'aspnet',
  mod_ssl: 'mod_ssl',
  mod_perl: 'mod_perl',
  mod_wsgi: 'mod_wsgi',
  mod_fcgid: 'mod_fcgid',
  perl: 'perl',
  python: 'python',
  openssh: 'openssh',
  openssh_for_windows: 'openssh',
  dropbear: 'dropbear',
  vsftpd: 'vsftpd',
  proftpd: 'proftpd',
  'filezilla server': 'filezilla-server',
  'pure-ftpd': 'pure-ftpd',
  postfix: 'postfix',
  exim: 'exim',
  sendmail: 'sendmail',
  dovecot: 'dovecot',
  mysql: 'mysql',
  mariadb: 'mariadb',
  'phusion passenger': 'passenger',
  kestrel: 'kestrel',
  express: 'express',
  'next.js': 'nextjs',
  servlet: 'servlet',
  jsp: 'jsp',
};

const DISTRO_WORDS = /\b(ubuntu|debian|centos|red ?hat|rhel|fedora|suse|sles|opensuse|amazon|rocky|almalinux|oracle linux|raspbian|freebsd|openbsd|netbsd|alpine|gentoo|mageia|win32|win64|windows)\b/i;
// Build suffixes distributions add to upstream versions.
const DISTRO_VERSION_MARKERS = /(?:[-+~.](?:\d*ubuntu[\w.+~-]*|deb\d+u\d+[\w.]*|el\d+[\w.]*|fc\d+|fips|amzn[\w.]*|suse[\w.]*|\d*\+deb[\w.]*))/i;

function productId(name: string): string {
  const key = name.trim().toLowerCase();
  return PRODUCT_NAMES[key] ?? key.replace(/[^a-z0-9.+_-]+/g, '-').replace(/^-+|-+$/g, '');
}

function distroFromComment(comment: string | undefined): string | undefined {
  if (!comment) return undefined;
  const m = DISTRO_WORDS.exec(comment);
  // Win32/Win64 say which build of Apache/PHP runs, not who patches it: not a backport marker.
  if (!m || /^win(32|64)$/i.test(m[1])) return undefined;
  return comment.trim().slice(0, 80);
}

function distroFromVersion(version: string): string | undefined {
  const m = DISTRO_VERSION_MARKERS.exec(version);
  return m ? m[0].replace(/^[-+~.]/, '') : undefined;
}

/** Split a version into the upstream part and a distribution suffix (kept apart for comparison). */
function splitVersion(version: string): { version: string; distro?: string } {
  const distro = distroFromVersion(version);
  if (!distro) return { version };
  const i = version.toLowerCase().indexOf(distro.toLowerCase());
  return { version: version.slice(0, Math.max(0, i - 1)) || version, distro };
}

function push(out: IdentifiedSoftware[], item: IdentifiedSoftware): void {
  if (!item.product) return;
  if (out.some((o) => o.product === item.product && o.version === item.version)) return;
  out.push(item);
}

/** `Name/1.2.3 (Comment) Other/4.5` product tokens (RFC 9110 §10.2.4 `Server` grammar). */
function fromProductTokens(text: string): IdentifiedSoftware[] {
  const out: IdentifiedSoftware[] = [];
  const comment = /\(([^()]{0,200})\)/.exec(text)?.[1];
  const sharedDistro = distroFromComment(comment);
  const re = /([A-Za-z][A-Za-z0-9_.+-]*(?: [A-Z][A-Za-z]+)?)\/(\d[\w.+~-]{0,60})/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(text)) && n++ < 20) {
    const { version, distro } = splitVersion(m[2]);
    const d = distro ?? sharedDistro;
    push(out, { product: productId(m[1]), version, raw: m[0], ...(d ? { distro: d } : {}) });
  }
  // Jetty writes `Jetty(9.4.43.v20210629)`.
  const jetty = /\bJetty\((\d[\w.]{0,40})\)/i.exec(text);
  if (jetty) push(out, { product: 'jetty', version: jetty[1], raw: jetty[0] });
  if (out.length === 0) {
    // A bare product name without a version (`nginx`, `Microsoft-IIS`, `ASP.NET`).
    const bare = /^\s*([A-Za-z][A-Za-z0-9_.+-]{0,40})/.exec(text);
    if (bare) push(out, { product: productId(bare[1]), raw: bare[1], ...(sharedDistro ? { distro: sharedDistro } : {}) });
  }
  return out;
}

function fromSsh(text: string): IdentifiedSoftware[] {
  // RFC 4253 §4.2: SSH-protoversion-softwareversion SP comments
  const m = /SSH-[\d.]+-(\S{1,100})(?:[ \t]+([^\r\n]{0,100}))?/.exec(text);
  if (!m) return [];
  const software = m[1];
  const comment = m[2]?.trim();
  const sv = /^(.*?)[_-](\d[\w.]*)$/.exec(software) ?? /^([A-Za-z]+)_?(\d[\w.]*)/.exec(software);
  const name = sv ? sv[1] : software;
  const windows = /for_windows/i.test(name);
  const distro = comment && (DISTRO_WORDS.test(comment) || /\d/.test(comment)) ? comment.slice(0, 80) : windows ? 'Windows' : undefined;
  return [{ product: productId(name), ...(sv ? { version: sv[2] } : {}), raw: m[0].trim(), ...(distro ? { distro } : {}) }];
}

function fromKnownNames(text: string, patterns: Array<[RegExp, string]>): IdentifiedSoftware[] {
  const out: IdentifiedSoftware[] = [];
  const comment = /\(([^()]{0,200})\)/.exec(text)?.[1];
  for (const [re, product] of patterns) {
    const m = re.exec(text);
    if (!m) continue;
    const version = m[1];
    const split = version ? splitVersion(version) : undefined;
    const distro = split?.distro ?? distroFromComment(comment);
    push(out, { product, ...(split ? { version: split.version } : {}), raw: m[0].trim(), ...(distro ? { distro } : {}) });
  }
  return out;
}

const FTP_PATTERNS: Array<[RegExp, string]> = [
  [/vsFTPd\s+(\d[\w.]*)?/i, 'vsftpd'],
  [/ProFTPD\s+(\d[\w.]*)?/i, 'proftpd'],
  [/FileZilla Server(?:\s+version)?\s+(\d[\w.]*)?/i, 'filezilla-server'],
  [/Pure-FTPd/i, 'pure-ftpd'],
  [/Microsoft FTP Service/i, 'iis-ftp'],
];
const SMTP_PATTERNS: Array<[RegExp, string]> = [
  [/\bPostfix\b(?:\s+(\d[\w.]*))?/i, 'postfix'],
  [/\bExim\s+(\d[\w.]*)?/i, 'exim'],
  [/\bSendmail\s+(\d[\w.]*)?/i, 'sendmail'],
  [/Microsoft ESMTP MAIL Service(?:, Version: (\d[\w.]*))?/i, 'microsoft-smtp'],
  [/\bHaraka\/?\s*(\d[\w.]*)?/i, 'haraka'],
];
const MAIL_PATTERNS: Array<[RegExp, string]> = [
  [/\bDovecot\b(?:\s+(\d[\w.]*))?/i, 'dovecot'],
  [/\bCyrus IMAP(?:4)?\s+v?(\d[\w.]*)?/i, 'cyrus-imap'],
  [/\bCourier-IMAP\b(?:\s+(\d[\w.]*))?/i, 'courier-imap'],
  [/Microsoft Exchange/i, 'exchange'],
];

function fromMysql(text: string): IdentifiedSoftware[] {
  // The greeting's server version; MariaDB prefixes "5.5.5-" for old replication clients.
  const m = /(\d{1,2}\.\d{1,2}\.\d{1,3})((?:-[\w.+~]+)*)/.exec(text.replace(/^[\s\S]*?5\.5\.5-(?=\d+\.\d+\.\d+-MariaDB)/, ''));
  if (!m) return [];
  const isMaria = /mariadb/i.test(m[2] ?? '') || /mariadb/i.test(text);
  const suffix = (m[2] ?? '').replace(/-MariaDB/i, '').replace(/-log$/i, '').replace(/^-/, '');
  const distro = suffix && /ubuntu|deb|el\d|fc\d|suse/i.test(suffix) ? suffix.slice(0, 80) : undefined;
  return [{ product: isMaria ? 'mariadb' : 'mysql', version: m[1], raw: m[0], ...(distro ? { distro } : {}) }];
}

/** Identify software from a banner or header value; an empty list when nothing is recognisable. */
export function identifySoftware(text: string, source: SoftwareSource): IdentifiedSoftware[] {
  const t = String(text ?? '').slice(0, MAX_INPUT);
  switch (source) {
    case 'ssh':
      return fromSsh(t);
    case 'ftp':
      return fromKnownNames(t, FTP_PATTERNS);
    case 'smtp':
      return fromKnownNames(t, SMTP_PATTERNS);
    case 'pop3':
    case 'imap':
      return fromKnownNames(t, MAIL_PATTERNS);
    case 'mysql':
      return fromMysql(t);
    case 'http-server':
    case 'x-powered-by':
      return fromProductTokens(t);
    case 'other': {
      if (/^SSH-/.test(t)) return fromSsh(t);
      const known = [...fromKnownNames(t, FTP_PATTERNS), ...fromKnownNames(t, SMTP_PATTERNS), ...fromKnownNames(t, MAIL_PATTERNS)];
      return known.length ? known : fromProductTokens(t).filter((s) => s.version);
    }
  }
}
