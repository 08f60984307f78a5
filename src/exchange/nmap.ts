import { XMLParser } from 'fast-xml-parser';
import { InputError } from '../errors.js';
import type { OpenPort, PortsObservation, ServiceName } from '../observations/ports/index.js';
import { identifySoftware } from '../software/index.js';

/** The largest nmap XML accepted (a /16 with -sV stays far below). */
export const MAX_NMAP_XML_BYTES = 200 * 1024 * 1024;
const MAX_HOSTS = 65_536;
const MAX_TEXT = 200;

/** nmap's service names → attt's (nmap-services names; `ssl/…` tunnels become tls). */
const SERVICE: Record<string, ServiceName> = {
  ssh: 'ssh', ftp: 'ftp', smtp: 'smtp', submission: 'smtp', pop3: 'pop3', imap: 'imap', http: 'http', 'http-proxy': 'http', 'http-alt': 'http',
  https: 'tls', 'ssl/http': 'tls', mysql: 'mysql', postgresql: 'postgresql', 'ms-sql-s': 'mssql', redis: 'redis', mongodb: 'mongodb', mongod: 'mongodb',
  elasticsearch: 'elasticsearch', 'wap-wsp': 'elasticsearch', memcache: 'memcached', memcached: 'memcached', 'ms-wbt-server': 'rdp', vnc: 'vnc', telnet: 'telnet',
  'microsoft-ds': 'smb', 'netbios-ssn': 'netbios', ldap: 'ldap', domain: 'dns', rpcbind: 'rpcbind', docker: 'docker', x11: 'x11', snmp: 'snmp', etcd: 'etcd', kubelet: 'kubelet',
};

export interface NmapHost {
  /** The address nmap scanned (IPv4 or IPv6). */
  address: string;
  hostnames: string[];
  observation: PortsObservation;
}

export interface NmapScan {
  args: string;
  version: string;
  /** ISO time the scan started, from nmap's own clock. */
  startedAt?: string;
  finishedAt?: string;
  hosts: NmapHost[];
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string => String(v ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_TEXT).trim();
const isoFromEpoch = (v: unknown): string | undefined => (/^\d{1,12}$/.test(String(v ?? '')) ? new Date(Number(v) * 1000).toISOString() : undefined);

/** Product id and upstream version as attt's banner parser names them (openssh 9.2p1, distro marker apart). */
function software(product: string, version: string): Pick<OpenPort, 'product' | 'version' | 'distro'> {
  if (!product) return {};
  const [upstream, ...rest] = version.split(/\s+/);
  const distroText = rest.join(' ');
  const distro = /debian|ubuntu|deb\d|el\d|centos|red ?hat|suse|fc\d/i.test(distroText) ? distroText.slice(0, 80) : undefined;
  const token = product.replace(/\s+httpd$/i, '').replace(/\s+/g, '-');
  const known = upstream ? identifySoftware(`${token}/${upstream}`, 'http-server')[0] : undefined;
  const id = known?.product ?? product.toLowerCase().replace(/[^a-z0-9.+_-]+/g, '-');
  return { product: id, ...(upstream ? { version: known?.version ?? upstream } : {}), ...(distro ? { distro } : {}) };
}

function serviceOf(name: string, tunnel: string): ServiceName {
  if (tunnel === 'ssl') return name === 'http' || name === 'https' || !SERVICE[name] ? 'tls' : SERVICE[name];
  return SERVICE[name] ?? 'unknown';
}

/**
 * Read an nmap XML report (`nmap -sV -oX`): per host that was up, the open TCP ports with
 * nmap's service identification, as an attt ports observation. The file is untrusted input:
 * bounded size, no entity expansion, every text field bounded; a file that is not an nmap
 * report is an input error naming the file.
 */
export function parseNmapXml(xml: string, file: string): NmapScan {
  const fail = (why: string, whyVi: string) =>
    new InputError('ATTT_NMAP_INVALID', { vi: `${file} không phải báo cáo XML của nmap (${whyVi}). Tạo bằng: nmap -sV -oX ${file} …`, en: `${file} is not an nmap XML report (${why}). Produce one with: nmap -sV -oX ${file} …` });
  if (xml.length > MAX_NMAP_XML_BYTES) throw fail(`larger than ${MAX_NMAP_XML_BYTES} bytes`, `lớn hơn ${MAX_NMAP_XML_BYTES} byte`);
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: false, allowBooleanAttributes: true, isArray: (name) => ['host', 'port', 'hostname', 'address', 'extraports', 'cpe'].includes(name) }).parse(xml);
  } catch (error) {
    throw fail(`unreadable XML: ${text((error as Error).message)}`, `XML lỗi: ${text((error as Error).message)}`);
  }
  const run = doc.nmaprun as Record<string, unknown> | undefined;
  if (!run || typeof run !== 'object') throw fail('no <nmaprun> element', 'không có phần tử <nmaprun>');
  const scanInfo = asArray(run.scaninfo as Record<string, string> | Array<Record<string, string>>).find((s) => s.protocol === 'tcp');
  const hosts: NmapHost[] = [];
  const rawHosts = asArray(run.host as Array<Record<string, unknown>>);
  if (rawHosts.length > MAX_HOSTS) throw fail(`more than ${MAX_HOSTS} hosts`, `hơn ${MAX_HOSTS} máy`);
  for (const h of rawHosts) {
    if ((h.status as { state?: string } | undefined)?.state !== 'up') continue;
    const addresses = asArray(h.address as Array<{ addr: string; addrtype: string }>);
    const address = addresses.find((a) => a.addrtype === 'ipv4' || a.addrtype === 'ipv6')?.addr;
    if (!address) continue;
    const hostnames = asArray((h.hostnames as { hostname?: Array<{ name: string }> } | undefined)?.hostname).map((n) => text(n.name)).filter(Boolean);
    const portsNode = (h.ports ?? {}) as { port?: Array<Record<string, unknown>>; extraports?: Array<{ state: string; count: string }> };
    const open: OpenPort[] = [];
    let closed = 0;
    let filtered = 0;
    for (const extra of asArray(portsNode.extraports)) {
      if (extra.state === 'closed') closed += Number(extra.count) || 0;
      else if (/filtered/.test(extra.state)) filtered += Number(extra.count) || 0;
    }
    for (const p of asArray(portsNode.port)) {
      if (p.protocol !== 'tcp') continue;
      const port = Number(p.portid);
      if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
      const state = (p.state as { state?: string } | undefined)?.state ?? '';
      if (state === 'closed') closed++;
      else if (state !== 'open') filtered++;
      if (state !== 'open') continue;
      const svc = (p.service ?? {}) as Record<string, string>;
      const name = text(svc.name).toLowerCase();
      const product = text(svc.product);
      const version = text(svc.version);
      const banner = [product, version, svc.extrainfo ? `(${text(svc.extrainfo)})` : ''].filter(Boolean).join(' ');
      open.push({
        port,
        service: serviceOf(name, text(svc.tunnel)),
        identifiedBy: svc.method === 'probed' ? 'probe' : 'port',
        ...(banner ? { banner: `nmap: ${banner}` } : {}),
        ...software(product, version),
      });
    }
    const scanned = Number(scanInfo?.numservices) || open.length + closed + filtered;
    hosts.push({
      address,
      hostnames,
      observation: { schema: 'attt.ports/1', host: address, address, portsScanned: scanned, portSpec: text(scanInfo?.services) || 'nmap', open: open.sort((a, b) => a.port - b.port), closed, filtered, errors: [], durationMs: Math.max(0, (Number(h.endtime) - Number(h.starttime)) * 1000 || 0) },
    });
  }
  const finished = (run.runstats as { finished?: { time?: string } } | undefined)?.finished?.time;
  return { args: text(run.args), version: text(run.version), startedAt: isoFromEpoch(run.start), finishedAt: isoFromEpoch(finished), hosts };
}
