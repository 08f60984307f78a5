import { exchange, type ExchangeResult } from './read-bounded.js';
import { identify, nudgeFor, PORT_SERVICES, PROTOCOL_PROBES, type Nudge } from '../../observations/ports/index.js';
import type { ServiceName } from '../../observations/ports/index.js';

export interface IdentifyOptions {
  address: string;
  port: number;
  /** Talk inside TLS (the port already answered a TLS handshake). */
  tls?: boolean;
  /** How long a server may take to speak first before the probe round starts. */
  waitFirstMs: number;
  /** Deadline of the probe round (and of the greeting conversation). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface Identification {
  service?: ServiceName;
  /** What identified it: the greeting, or the reply to a probe. */
  by?: 'banner' | 'probe';
  /** The bytes that identified it (or the first bytes the port sent at all). */
  raw: Buffer;
  /** The probes sent, in the order listed (for evidence and tests). */
  probes: string[];
}

/** Services that never speak first: nudge them at once instead of waiting for a greeting. */
const CLIENT_FIRST = new Set<ServiceName>(['redis', 'memcached', 'postgresql', 'rdp', 'mssql', 'mongodb', 'tls', 'http', 'elasticsearch']);
const BANNER_MAX_BYTES = 4096;
/** Probes that make no sense inside an established TLS session. */
const NOT_INSIDE_TLS = new Set(['tls ClientHello', 'rdp X.224 connection request', 'mssql PRELOGIN', 'postgresql SSLRequest']);

/**
 * Identify the service on one open port by what it says, whatever the port number:
 * 1. the greeting conversation: wait up to `waitFirstMs` for the server to speak first
 *    (SSH, FTP, SMTP, POP3, IMAP, MySQL, VNC …), else send the port's usual nudge;
 * 2. if that did not identify it, the probe round: every other read-only protocol probe
 *    (HTTP GET /, TLS ClientHello, Redis PING, memcached version, PostgreSQL SSLRequest,
 *    MSSQL PRELOGIN, RDP, MongoDB hello), each on its own connection, all at once under one
 *    deadline. It starts as soon as the greeting wait is over, so a silent port costs the
 *    greeting wait plus one probe round, not the sum of every probe's timeout.
 * The first identification in a fixed order wins (greeting, then the probes' list order).
 */
export async function identifyPort(o: IdentifyOptions): Promise<Identification> {
  const expected = PORT_SERVICES[o.port];
  const first = o.tls ? nudgeForInsideTls(o.port) : nudgeFor(o.port);
  // Inside TLS nothing is known yet about who speaks first (IMAPS and SMTPS greet, HTTPS waits).
  const speaksLater = o.tls || !(expected && CLIENT_FIRST.has(expected));
  const base = { address: o.address, port: o.port, maxBytes: BANNER_MAX_BYTES, signal: o.signal, tls: o.tls };
  const greeting = exchange({
    ...base,
    send: first.bytes,
    waitFirstMs: speaksLater ? o.waitFirstMs : 0,
    timeoutMs: (speaksLater ? o.waitFirstMs : 0) + o.timeoutMs,
    // A one-line greeting (SSH, FTP, SMTP, POP3, IMAP) is complete at its first newline.
    complete: (d) => (d.includes(0x0a) && !/^HTTP\//.test(d.toString('latin1'))) || (first.name === 'postgresql SSLRequest' && d.length === 1),
  });
  // Start the probe round once the greeting wait is over, unless the greeting already settled it.
  const waited = await Promise.race([greeting.then((r) => ({ r })), delay(speaksLater ? o.waitFirstMs : 0, o.signal).then(() => undefined)]);
  const early = waited?.r;
  if (early && (early.greeting.length || identify(o.port, early.greeting, early.reply))) return settle(o.port, [[first.name, early]], [first.name]);
  if (o.signal?.aborted) return { raw: Buffer.alloc(0), probes: [first.name] };
  const others = PROTOCOL_PROBES.filter((p) => p.name !== first.name && !(o.tls && NOT_INSIDE_TLS.has(p.name)));
  const round = others.map((p) =>
    exchange({ ...base, send: p.bytes, waitFirstMs: 0, timeoutMs: o.timeoutMs, complete: p.complete ?? ((d) => identify(o.port, Buffer.alloc(0), d) !== undefined) }),
  );
  const all = await Promise.all([greeting, ...round]);
  const named: Array<[string, ExchangeResult]> = [[first.name, all[0]], ...others.map((p, i): [string, ExchangeResult] => [p.name, all[i + 1]])];
  return settle(o.port, named, named.map(([n]) => n));
}

function settle(port: number, results: Array<[string, ExchangeResult]>, probes: string[]): Identification {
  for (const [, r] of results) {
    const service = identify(port, r.greeting, r.reply);
    if (service) return { service, by: r.greeting.length ? 'banner' : 'probe', raw: r.greeting.length ? r.greeting : r.reply, probes };
  }
  // A server that greets late (after our nudge went out, e.g. an SMTP server doing reverse DNS
  // first) has its greeting in the reply: judge it as the greeting it is.
  for (const [, r] of results) {
    const service = !r.greeting.length && r.reply.length ? identify(port, r.reply, Buffer.alloc(0)) : undefined;
    if (service) return { service, by: 'banner', raw: r.reply, probes };
  }
  const said = results.map(([, r]) => (r.greeting.length ? r.greeting : r.reply)).find((b) => b.length) ?? Buffer.alloc(0);
  return { raw: said, probes };
}

/** Inside TLS the port's usual service decides the first nudge; a TLS port (443, 993 …) gets GET /. */
function nudgeForInsideTls(port: number): Nudge {
  const n = nudgeFor(port);
  return NOT_INSIDE_TLS.has(n.name) ? PROTOCOL_PROBES[0] : n;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
