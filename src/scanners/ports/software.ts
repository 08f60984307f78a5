import { mysqlVersion } from './services.js';
import type { ServiceName } from './types.js';

export interface BannerSoftware {
  product: string;
  version?: string;
  distro?: string;
}

/**
 * Product and version disclosed by a banner. Shared parsing of product strings lives in
 * src/software; this adapter picks the text to parse for each service.
 */
export function productFromBanner(service: ServiceName, raw: Buffer, banner: string | undefined): BannerSoftware | undefined {
  if (!raw.length || !banner) return undefined;
  if (service === 'mysql') {
    const v = mysqlVersion(raw);
    if (!v) return undefined;
    const m = /^(\d+\.\d+\.\d+)/.exec(v);
    return { product: /mariadb/i.test(v) ? 'mariadb' : 'mysql', ...(m ? { version: m[1] } : {}) };
  }
  if (service === 'ssh') {
    const m = /^SSH-[\d.]+-OpenSSH_([\w.]+)(?:[ _](.+))?/.exec(banner);
    if (m) return { product: 'openssh', version: m[1], ...(m[2] ? { distro: m[2] } : {}) };
    const d = /^SSH-[\d.]+-dropbear_([\w.]+)/.exec(banner);
    if (d) return { product: 'dropbear', version: d[1] };
    return undefined;
  }
  const patterns: Array<[RegExp, string]> = [
    [/\bvsFTPd ([\d.]+)/i, 'vsftpd'],
    [/\bProFTPD ([\d.]+\w*)/i, 'proftpd'],
    [/\bPure-FTPd\b(?: ([\d.]+))?/i, 'pure-ftpd'],
    [/\bFileZilla Server(?: version)? ([\d.]+)/i, 'filezilla-server'],
    [/\bPostfix\b(?: \(?([\d.]+))?/i, 'postfix'],
    [/\bExim ([\d.]+)/i, 'exim'],
    [/\bSendmail ([\d.]+)/i, 'sendmail'],
    [/\bDovecot\b(?: ([\d.]+))?/i, 'dovecot'],
    [/\bApache\/([\d.]+)/, 'apache-http-server'],
    [/\bnginx\/([\d.]+)/, 'nginx'],
    [/\bMicrosoft-IIS\/([\d.]+)/, 'iis'],
    [/\bredis_version:([\d.]+)/, 'redis'],
  ];
  for (const [re, product] of patterns) {
    const m = re.exec(banner);
    if (m) {
      const distro = /\((Debian|Ubuntu|CentOS|Red Hat|RHEL|Fedora|SUSE|Alpine|Amazon)[^)]*\)/i.exec(banner)?.[0];
      return { product, ...(m[1] ? { version: m[1] } : {}), ...(distro ? { distro } : {}) };
    }
  }
  return undefined;
}
