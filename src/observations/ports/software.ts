import { identifySoftware, type SoftwareSource } from '../../software/index.js';
import { mysqlVersion } from './services.js';
import type { ServiceName } from './types.js';

export interface BannerSoftware {
  product: string;
  version?: string;
  distro?: string;
}

const SOURCES: Partial<Record<ServiceName, SoftwareSource>> = { ssh: 'ssh', ftp: 'ftp', smtp: 'smtp', pop3: 'pop3', imap: 'imap' };

/**
 * Product and version disclosed by a banner: picks the text worth parsing for each service
 * (the greeting line, the MySQL server version, the HTTP Server header) and hands it to the
 * shared parser in src/software, which the HTTP family uses for its headers too.
 */
export function productFromBanner(service: ServiceName, raw: Buffer, banner: string | undefined): BannerSoftware | undefined {
  if (!raw.length || !banner) return undefined;
  let found;
  if (service === 'mysql') {
    const version = mysqlVersion(raw);
    found = version ? identifySoftware(version, 'mysql')[0] : undefined;
  } else if (service === 'http' || service === 'elasticsearch') {
    const server = /\| Server: (.*)$/.exec(banner)?.[1];
    found = server ? identifySoftware(server, 'http-server')[0] : undefined;
  } else {
    found = identifySoftware(banner, SOURCES[service] ?? 'other')[0];
  }
  if (!found) return undefined;
  return { product: found.product, ...(found.version ? { version: found.version } : {}), ...(found.distro ? { distro: found.distro } : {}) };
}
