import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import type { TlsVulnerabilityProbes, VulnProbe } from '../../observations/tls/index.js';
import { buildClientHello } from './client-hello.js';
import { CONTENT, EXT, HANDSHAKE, type ProtocolName } from './constants.js';
import { connectRetryingWhileThrottled, openConnection, type Endpoint, type SocketReader } from './connection.js';
import { FlightParser, type ServerFlight } from './server-flight.js';
import { u16, u8 } from './wire.js';

/**
 * Active probes for named TLS vulnerabilities. Each is read-only and bounded: one connection,
 * no more than the protocol needs to show the flaw, answers capped in bytes, and nothing the
 * server leaks is kept (only how many bytes came back). Run after enumeration, so each probe
 * offers a protocol and suites the server is known to accept.
 */
export interface VulnProbeInput {
  ep: Endpoint;
  serverName?: string;
  /** The best TLS ≤ 1.2 protocol the server speaks and its accepted suite code points. */
  legacy?: { protocol: ProtocolName; suites: number[] };
  secureRenegotiation: boolean | null;
}

/** Payload attt sends in a heartbeat, and how many bytes more it declares (the over-read a vulnerable server proves). */
const HEARTBEAT_PAYLOAD = 16;
const HEARTBEAT_OVERREAD = 48;
/** How long to wait for a reply that a patched server never sends. */
const QUIET_WINDOW_MS = 1500;
const MAX_REPLY_BYTES = 64 * 1024;

interface Conversation {
  socket: net.Socket;
  reader: SocketReader;
  flight: ServerFlight;
}

function record(type: number, version: number, body: Buffer): Buffer {
  return Buffer.concat([u8(type), u16(version), u16(body.length), body]);
}

/** Send a ClientHello, read the flight up to ServerHelloDone, then let `then` continue on the same connection. */
async function afterHello<T>(ep: Endpoint, hello: Buffer, then: (c: Conversation) => Promise<T>): Promise<T> {
  return connectRetryingWhileThrottled(ep, () => ep.runSession(async () => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ep.timeoutMs} ms`)), ep.timeoutMs + QUIET_WINDOW_MS);
    });
    deadline.catch(() => undefined);
    let socket: net.Socket | undefined;
    try {
      const conn = await openConnection(ep, deadline);
      socket = conn.socket;
      socket.write(hello);
      const parser = new FlightParser();
      for (;;) {
        const chunk = conn.reader.take();
        try {
          if (chunk.length) parser.push(chunk);
        } catch (error) {
          // An abbreviated (resumed) handshake continues with encrypted records: the ServerHello is all a probe needs then.
          if (parser.flight.serverHello) break;
          throw error;
        }
        if (parser.done || conn.reader.ended) break;
        await Promise.race([conn.reader.next(), deadline]);
      }
      return await Promise.race([then({ socket, reader: conn.reader, flight: parser.flight }), deadline]);
    } finally {
      clearTimeout(timer);
      socket?.destroy();
    }
  }));
}

/** Read records after the hello until `stop` says so, the connection ends, or the quiet window passes. */
async function readRecords(reader: SocketReader, stop: (type: number, body: Buffer) => boolean, windowMs = QUIET_WINDOW_MS): Promise<{ type: number; body: Buffer } | 'closed' | 'quiet'> {
  let buffer: Buffer = Buffer.alloc(0);
  let total = 0;
  const quiet = new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), windowMs).unref());
  for (;;) {
    const chunk = reader.take();
    total += chunk.length;
    if (total > MAX_REPLY_BYTES) return 'closed';
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    while (buffer.length >= 5) {
      const length = buffer.readUInt16BE(3);
      if (buffer.length < 5 + length) break;
      const type = buffer[0];
      const body = buffer.subarray(5, 5 + length);
      buffer = buffer.subarray(5 + length);
      if (stop(type, body)) return { type, body };
    }
    if (reader.ended) return 'closed';
    if ((await Promise.race([reader.next().then(() => 'data' as const), quiet])) === 'quiet') return 'quiet';
  }
}

const failed = (error: unknown): VulnProbe => ({ status: 'error', detail: (error as Error).message.slice(0, 300) });
const notApplicable = (detail: string): VulnProbe => ({ status: 'not-applicable', detail });

/** CVE-2014-0160: a heartbeat whose declared length exceeds its payload; a reply longer than what was sent proves the over-read. */
export async function probeHeartbleed(input: VulnProbeInput): Promise<VulnProbe> {
  if (!input.legacy) return notApplicable('no TLS ≤ 1.2 protocol (heartbeats during the handshake need one)');
  const { protocol, suites } = input.legacy;
  try {
    return await afterHello(input.ep, buildClientHello({ protocol, suites, serverName: input.serverName, heartbeat: true }), async ({ socket, reader, flight }): Promise<VulnProbe> => {
      const sh = flight.serverHello;
      if (!sh || !flight.serverHelloDone) return { status: 'error', detail: `no complete server flight (${flight.alert?.name ?? 'no ServerHelloDone'})` };
      if (!sh.extensions.includes(EXT.heartbeat)) return { status: 'not-vulnerable', detail: 'the server does not offer the heartbeat extension', evidence: { heartbeatExtension: false } };
      const payload = randomBytes(HEARTBEAT_PAYLOAD);
      // The malformed request: declared length = payload + HEARTBEAT_OVERREAD; then a well-formed one, which any heartbeat peer answers.
      const malformed = Buffer.concat([u8(1), u16(HEARTBEAT_PAYLOAD + HEARTBEAT_OVERREAD), payload, randomBytes(16)]);
      const wellFormed = Buffer.concat([u8(1), u16(HEARTBEAT_PAYLOAD), payload, randomBytes(16)]);
      socket.write(Buffer.concat([record(CONTENT.heartbeat, sh.version, malformed), record(CONTENT.heartbeat, sh.version, wellFormed)]));
      const reply = await readRecords(reader, (type) => type === CONTENT.heartbeat || type === CONTENT.alert);
      if (typeof reply === 'string' || reply.type === CONTENT.alert) {
        return { status: 'not-vulnerable', detail: typeof reply === 'string' ? `no heartbeat answer (${reply})` : `alert ${reply.body[1]}`, evidence: { heartbeatExtension: true } };
      }
      // Keep only sizes: the bytes past the payload are the server's memory.
      const declared = reply.body.length >= 3 ? reply.body.readUInt16BE(1) : 0;
      if (declared > HEARTBEAT_PAYLOAD) {
        return { status: 'vulnerable', detail: `the server answered a ${HEARTBEAT_PAYLOAD}-byte heartbeat with ${declared} bytes (${declared - HEARTBEAT_PAYLOAD} bytes of its memory)`, evidence: { heartbeatExtension: true, sentPayloadBytes: HEARTBEAT_PAYLOAD, returnedPayloadBytes: declared } };
      }
      return { status: 'not-vulnerable', detail: 'the server ignored the malformed heartbeat and answered the well-formed one', evidence: { heartbeatExtension: true, returnedPayloadBytes: declared } };
    });
  } catch (error) {
    return failed(error);
  }
}

const ALERT_UNEXPECTED_MESSAGE = 10;
const ALERTS_AFTER_ACCEPTED_CCS = new Set([20, 21, 22]); // bad_record_mac, decryption_failed, record_overflow

/** CVE-2014-0224: ChangeCipherSpec before the key exchange. A patched server answers unexpected_message; a vulnerable one accepts it and then fails to decrypt. */
export async function probeCcsInjection(input: VulnProbeInput): Promise<VulnProbe> {
  if (!input.legacy) return notApplicable('no TLS ≤ 1.2 protocol');
  const { protocol, suites } = input.legacy;
  try {
    return await afterHello(input.ep, buildClientHello({ protocol, suites, serverName: input.serverName }), async ({ socket, reader, flight }): Promise<VulnProbe> => {
      const sh = flight.serverHello;
      if (!sh || !flight.serverHelloDone) return { status: 'error', detail: `no complete server flight (${flight.alert?.name ?? 'no ServerHelloDone'})` };
      const ccs = record(CONTENT.changeCipherSpec, sh.version, Buffer.from([1]));
      socket.write(Buffer.concat([ccs, ccs]));
      const reply = await readRecords(reader, (type) => type === CONTENT.alert);
      if (typeof reply === 'string') return { status: reply === 'closed' ? 'not-vulnerable' : 'inconclusive', detail: reply === 'closed' ? 'the server closed the connection without accepting the early ChangeCipherSpec' : 'no answer to an early ChangeCipherSpec' };
      const description = reply.body[1];
      if (ALERTS_AFTER_ACCEPTED_CCS.has(description)) return { status: 'vulnerable', detail: `the server accepted an early ChangeCipherSpec, then failed to decrypt (alert ${description})`, evidence: { alert: description } };
      return { status: 'not-vulnerable', detail: description === ALERT_UNEXPECTED_MESSAGE ? 'the server refused the early ChangeCipherSpec (unexpected_message)' : `alert ${description}`, evidence: { alert: description } };
    });
  } catch (error) {
    return failed(error);
  }
}

/** CRIME (CVE-2012-4929): offer DEFLATE and see whether the server picks it. */
export async function probeCompression(input: VulnProbeInput): Promise<VulnProbe> {
  if (!input.legacy) return notApplicable('TLS 1.3 has no compression');
  const { protocol, suites } = input.legacy;
  try {
    return await afterHello(input.ep, buildClientHello({ protocol, suites, serverName: input.serverName, compressionMethods: [1, 0] }), async ({ flight }): Promise<VulnProbe> => {
      const sh = flight.serverHello;
      if (!sh) return { status: 'error', detail: `no ServerHello (${flight.alert?.name ?? 'closed'})` };
      return sh.compression === 1
        ? { status: 'vulnerable', detail: `the server chose DEFLATE compression with ${protocol}`, evidence: { compression: 'DEFLATE', protocol } }
        : { status: 'not-vulnerable', detail: 'the server chose no compression', evidence: { compression: sh.compression } };
    });
  } catch (error) {
    return failed(error);
  }
}

/** Connect with node:tls (TLS ≤ 1.2), inside the limiter and the deadline; `fn` runs on the established session. */
function withNodeTls<T>(ep: Endpoint, serverName: string | undefined, onRaw: ((d: Buffer) => void) | undefined, fn: (s: tls.TLSSocket) => Promise<T>): Promise<T> {
  return connectRetryingWhileThrottled(ep, () => ep.runSession(async () => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      // The handshake and one renegotiation each get timeoutMs.
      timer = setTimeout(() => reject(new Error(`no TLS session within ${ep.timeoutMs} ms`)), 2 * ep.timeoutMs);
    });
    deadline.catch(() => undefined);
    let socket: tls.TLSSocket | undefined;
    let raw: net.Socket | undefined;
    try {
      const conn = await openConnection(ep, deadline);
      conn.reader.detach();
      raw = conn.socket;
      socket = tls.connect({ socket: onRaw ? tapped(conn.socket, onRaw) : conn.socket, servername: serverName, rejectUnauthorized: false, minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: 'ALL:@SECLEVEL=0' });
      const s = socket;
      s.on('error', () => undefined);
      await Promise.race([new Promise<void>((resolve, reject) => { s.once('secureConnect', resolve); s.once('error', reject); }), deadline]);
      return await Promise.race([fn(s), deadline]);
    } finally {
      clearTimeout(timer);
      socket?.destroy();
      raw?.destroy();
    }
  }));
}

/** A stream between node:tls and the socket that shows `onRaw` every byte the server sends (node:tls reads a plain socket's handle directly). */
function tapped(socket: net.Socket, onRaw: (d: Buffer) => void): Duplex {
  const tap = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
  });
  socket.on('data', (d: Buffer) => {
    onRaw(d);
    tap.push(d);
  });
  socket.on('end', () => tap.push(null));
  socket.on('error', (e) => tap.destroy(e));
  return tap;
}

/** Client-initiated renegotiation (a DoS lever; testssl.sh's "Secure Client-Initiated Renegotiation"): one renegotiation, never more. */
export async function probeClientRenegotiation(input: VulnProbeInput): Promise<VulnProbe> {
  if (!input.legacy) return notApplicable('no TLS ≤ 1.2 protocol (TLS 1.3 has no renegotiation)');
  if (input.secureRenegotiation !== true) return notApplicable('no secure renegotiation (RFC 5746): judged by tls.renegotiation.insecure');
  if (input.legacy.protocol === 'SSLv3') return notApplicable('SSL 3.0 only');
  try {
    return await withNodeTls(input.ep, input.serverName, undefined, (s) =>
      new Promise<VulnProbe>((resolve) => {
        const done = (accepted: boolean, detail: string) => resolve({ status: accepted ? 'vulnerable' : 'not-vulnerable', detail, evidence: { protocol: s.getProtocol() } });
        s.once('close', () => done(false, 'the server closed the connection on a client renegotiation'));
        // A server that refuses with a no_renegotiation warning just never completes it.
        const waitMs = Math.max(QUIET_WINDOW_MS, input.ep.timeoutMs);
        setTimeout(() => done(false, `the server did not complete a renegotiation within ${waitMs} ms`), waitMs).unref();
        const started = s.renegotiate({ rejectUnauthorized: false }, (error) => (error ? done(false, `refused: ${error.message}`) : done(true, 'the server completed a client-initiated renegotiation')));
        if (!started) done(false, 'renegotiation could not start on this session');
      }),
    );
  } catch (error) {
    return failed(error);
  }
}

/** The first NewSessionTicket in the plaintext part of a TLS ≤ 1.2 server flight (it precedes the server's ChangeCipherSpec). */
export function findSessionTicket(serverBytes: Buffer): Buffer | undefined {
  let at = 0;
  let handshake = Buffer.alloc(0);
  while (at + 5 <= serverBytes.length) {
    const type = serverBytes[at];
    const length = serverBytes.readUInt16BE(at + 3);
    if (at + 5 + length > serverBytes.length) return undefined;
    if (type === CONTENT.changeCipherSpec) return undefined;
    if (type === CONTENT.handshake) handshake = Buffer.concat([handshake, serverBytes.subarray(at + 5, at + 5 + length)]);
    at += 5 + length;
    while (handshake.length >= 4) {
      const msgLength = handshake.readUIntBE(1, 3);
      if (handshake.length < 4 + msgLength) break;
      if (handshake[0] === HANDSHAKE.newSessionTicket && msgLength >= 6) {
        const ticketLength = handshake.readUInt16BE(8);
        return Buffer.from(handshake.subarray(10, 10 + ticketLength));
      }
      handshake = handshake.subarray(4 + msgLength);
    }
  }
  return undefined;
}

/** CVE-2016-9244 (F5 Ticketbleed): resume with a ticket and a 16-byte session id; a 32-byte echo starting with ours leaks 16 bytes of memory. */
export async function probeTicketbleed(input: VulnProbeInput): Promise<VulnProbe> {
  if (!input.legacy || !input.legacy.suites.length || input.legacy.protocol === 'SSLv3') return notApplicable('no TLS 1.0–1.2 protocol');
  try {
    const raw: Buffer[] = [];
    let size = 0;
    await withNodeTls(input.ep, input.serverName, (d) => {
      if ((size += d.length) <= MAX_REPLY_BYTES) raw.push(d);
    }, async () => undefined);
    const ticket = findSessionTicket(Buffer.concat(raw));
    if (!ticket?.length) return notApplicable('the server issues no session tickets');
    const sessionId = randomBytes(16);
    const { protocol, suites } = input.legacy;
    return await afterHello(input.ep, buildClientHello({ protocol, suites, serverName: input.serverName, sessionId, sessionTicket: ticket }), async ({ flight }): Promise<VulnProbe> => {
      const echoed = flight.serverHello?.sessionId;
      if (!echoed) return { status: 'error', detail: `no ServerHello (${flight.alert?.name ?? 'closed'})` };
      if (echoed.length === 32 && echoed.subarray(0, 16).equals(sessionId)) {
        return { status: 'vulnerable', detail: 'the server echoed the 16-byte session id padded to 32 bytes with its memory', evidence: { sentSessionIdBytes: 16, echoedSessionIdBytes: 32 } };
      }
      return { status: 'not-vulnerable', detail: echoed.equals(sessionId) ? 'the server resumed and echoed the session id exactly' : 'the server started a new session', evidence: { sentSessionIdBytes: 16, echoedSessionIdBytes: echoed.length } };
    });
  } catch (error) {
    return failed(error);
  }
}

/** All probes (they share the per-host limiter, so they run in parallel only as far as it allows). */
export async function probeVulnerabilities(input: VulnProbeInput): Promise<TlsVulnerabilityProbes> {
  const [heartbleed, ccsInjection, compression, clientRenegotiation, ticketbleed] = await Promise.all([
    probeHeartbleed(input), probeCcsInjection(input), probeCompression(input), probeClientRenegotiation(input), probeTicketbleed(input),
  ]);
  return { heartbleed, ccsInjection, compression, clientRenegotiation, ticketbleed };
}
