import type { ConnectionLimiter } from '../../engine/index.js';
import { connectScan } from './connect-scan.js';
import { probeMysqlEmptyRoot, probePostgresTrust } from './default-credentials.js';
import { identifyPort } from './identify-port.js';
import { probeCleartextLogin } from './login-policy.js';
import { probeAuth } from './probe-auth.js';
import { firstLine, printable } from './read-bounded.js';
import { mysqlVersion, PORT_SERVICES, productFromBanner, type OpenPort, type PortsObservation, type ServiceName } from '../../observations/ports/index.js';

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
  /** Deadline of the probe round on a port the greeting did not identify (default: bannerTimeoutMs). */
  probeRoundMs?: number;
  /** Default-credential probes of databases (inventory `probeDefaultCredentials: false` turns them off). */
  defaultCredentials?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Connect scan; each open port is identified as soon as it is found, then safe auth probes. */
export async function scanHostPorts(o: PortScanOptions): Promise<PortsObservation> {
  const t0 = performance.now();
  const described = new Map<number, Promise<OpenPort>>();
  const describe = (port: number) => {
    if (!described.has(port)) described.set(port, o.connections.run(o.address, 'probe', () => describeOpenPort(port, o)));
  };
  const states = await connectScan(o.address, o.ports, { connectTimeoutMs: o.connectTimeoutMs, connections: o.connections, signal: o.signal, onProgress: o.onProgress, onOpen: describe });
  for (const port of states.open) describe(port);
  const open = await Promise.all(states.open.map((port) => described.get(port)!));
  return {
    schema: 'attt.ports/1',
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
  const common = { address: o.address, port, waitFirstMs: o.waitFirstMs, timeoutMs: o.probeRoundMs ?? o.bannerTimeoutMs, signal: o.signal };
  let found = await identifyPort(common);
  let insideTls = false;
  if (found.service === 'tls' && !o.signal?.aborted) {
    // A TLS port: identify what runs inside the session, so its risks are judged whatever wraps it.
    const inner = await identifyPort({ ...common, tls: true });
    if (inner.service && inner.service !== 'tls') {
      found = inner;
      insideTls = true;
    }
  }
  const expected = PORT_SERVICES[port];
  const service: ServiceName = found.service ?? (expected && expected !== 'tls' ? expected : expected ?? 'unknown');
  const entry: OpenPort = { port, service, identifiedBy: found.service ? found.by ?? 'probe' : 'port' };
  if (insideTls) entry.tls = true;
  if (!found.service) entry.probes = found.probes;
  const raw = found.raw;
  if (raw.length) entry.banner = bannerText(service, raw);
  const software = productFromBanner(service, raw, entry.banner);
  if (software?.product) {
    entry.product = software.product;
    if (software.version) entry.version = software.version;
    if (software.distro) entry.distro = software.distro;
  }
  const probeOpts = { address: o.address, port, timeoutMs: o.bannerTimeoutMs, signal: o.signal, tls: insideTls };
  const auth = await probeAuth(service, probeOpts);
  if (auth.auth) entry.auth = auth.auth;
  if (auth.version && !entry.version) {
    entry.product ??= service;
    entry.version = auth.version;
  }
  if (o.defaultCredentials !== false && !insideTls && !o.signal?.aborted) {
    if (service === 'mysql' && raw[4] === 0x0a) entry.defaultCredentials = await probeMysqlEmptyRoot(probeOpts);
    if (service === 'postgresql') entry.defaultCredentials = await probePostgresTrust(probeOpts);
  }
  if (!insideTls && !o.signal?.aborted) {
    const login = await probeCleartextLogin(service, probeOpts);
    if (login) entry.cleartextLogin = login;
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
