import type { ConnectionLimiter } from '../../engine/index.js';
import { connectScan } from './connect-scan.js';
import { probeAuth } from './probe-auth.js';
import { exchange, firstLine, printable } from './read-bounded.js';
import { fallbackNudges, identify, mysqlVersion, nudgeFor, PORT_SERVICES } from '../../observations/ports/index.js';
import { productFromBanner } from '../../observations/ports/index.js';
import type { OpenPort, PortsObservation, ServiceName } from '../../observations/ports/index.js';

export interface PortScanOptions {
  host: string;
  address: string;
  ports: readonly number[];
  portSpec: string;
  connections: ConnectionLimiter;
  connectTimeoutMs: number;
  /** Budget for one banner conversation. */
  bannerTimeoutMs: number;
  /** How long to let a server speak first before nudging it. */
  waitFirstMs: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Services that never speak first: nudge them at once instead of waiting for a greeting. */
const CLIENT_FIRST = new Set<ServiceName>(['redis', 'memcached', 'postgresql', 'rdp', 'mssql', 'mongodb', 'tls', 'http', 'elasticsearch']);
const BANNER_MAX_BYTES = 4096;

/** Connect scan, then one bounded banner conversation per open port, then safe auth probes. */
export async function scanHostPorts(o: PortScanOptions): Promise<PortsObservation> {
  const t0 = performance.now();
  const states = await connectScan(o.address, o.ports, { connectTimeoutMs: o.connectTimeoutMs, connections: o.connections, signal: o.signal, onProgress: o.onProgress });
  const openPorts = states.open;
  const open = await Promise.all(openPorts.map((port) => o.connections.run(o.address, 'probe', () => describeOpenPort(port, o))));
  return {
    host: o.host,
    address: o.address,
    portsScanned: o.ports.length,
    portSpec: o.portSpec,
    open,
    closed: states.closed,
    filtered: states.filtered.length,
    errors: states.errors.slice(0, 100),
    durationMs: Math.round(performance.now() - t0),
  };
}

async function describeOpenPort(port: number, o: PortScanOptions): Promise<OpenPort> {
  if (o.signal?.aborted) return { port, service: PORT_SERVICES[port] ?? 'unknown', identifiedBy: 'port' };
  const nudge = nudgeFor(port);
  const expected = PORT_SERVICES[port];
  const talk = await exchange({
    address: o.address,
    port,
    send: nudge.bytes,
    waitFirstMs: expected && CLIENT_FIRST.has(expected) ? 0 : o.waitFirstMs,
    maxBytes: BANNER_MAX_BYTES,
    timeoutMs: o.bannerTimeoutMs,
    signal: o.signal,
    // A one-line greeting (SSH, FTP, SMTP, POP3, IMAP) is complete at its first newline.
    complete: (d) => d.includes(0x0a) && !/^HTTP\//.test(d.toString('latin1')),
  });
  let identified = identify(port, talk.greeting, talk.reply);
  let raw = talk.greeting.length ? talk.greeting : talk.reply;
  // Still unknown but it reacted (answered something or hung up at once): try the other
  // read-only nudges. A port that stays silent until the timeout gets no more traffic.
  if (!identified && talk.error !== 'timeout' && !talk.greeting.length) {
    for (const next of fallbackNudges(nudge.name)) {
      if (o.signal?.aborted) break;
      const again = await exchange({ address: o.address, port, send: next.bytes, waitFirstMs: 0, maxBytes: BANNER_MAX_BYTES, timeoutMs: o.bannerTimeoutMs, signal: o.signal });
      identified = identify(port, again.greeting, again.reply);
      if (identified) {
        raw = again.greeting.length ? again.greeting : again.reply;
        break;
      }
      if (!raw.length && (again.greeting.length || again.reply.length)) raw = again.greeting.length ? again.greeting : again.reply;
      if (again.error === 'timeout') break;
    }
  }
  const service: ServiceName = identified ?? expected ?? 'unknown';
  const entry: OpenPort = { port, service, identifiedBy: identified ? (talk.greeting.length ? 'banner' : 'probe') : 'port' };
  if (raw.length) entry.banner = bannerText(service, raw);
  const software = productFromBanner(service, raw, entry.banner);
  if (software?.product) {
    entry.product = software.product;
    if (software.version) entry.version = software.version;
    if (software.distro) entry.distro = software.distro;
  }
  const auth = await probeAuth(service, { address: o.address, port, timeoutMs: o.bannerTimeoutMs, signal: o.signal });
  if (auth.auth) entry.auth = auth.auth;
  if (auth.version && !entry.version) {
    entry.product ??= service;
    entry.version = auth.version;
  }
  return entry;
}

/** The part of what a service said that identifies it, as printable text. */
function bannerText(service: ServiceName, raw: Buffer): string {
  if (service === 'mysql') {
    const v = mysqlVersion(raw);
    return v ? `mysql protocol 10, server version ${printable(Buffer.from(v, 'latin1'), 100)}` : printable(raw, 200);
  }
  if (service === 'http' || service === 'elasticsearch') {
    // Status line and the Server header: the rest of an HTTP reply is not a banner.
    const text = raw.toString('latin1');
    const status = text.split('\r\n')[0];
    const server = /\r\nServer:[ \t]*([^\r\n]*)/i.exec(text)?.[1];
    return printable(Buffer.from(server ? `${status} | Server: ${server}` : status, 'latin1'), 300);
  }
  if (service === 'tls' || service === 'rdp' || service === 'mssql' || service === 'mongodb' || service === 'postgresql') {
    return printable(raw, 48);
  }
  return firstLine(raw, 300);
}
