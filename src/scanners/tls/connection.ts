import net from 'node:net';
import { FlightParser, type ServerFlight } from './server-flight.js';
import { negotiateStarttls, type StarttlsProtocol } from './starttls.js';
import { TlsParseError } from './wire.js';

/** Where and how to connect; every field comes from the engine's ScanContext and the planned target. */
export interface Endpoint {
  /** In-scope address (resolved and checked by the engine). */
  address: string;
  port: number;
  starttls?: StarttlsProtocol;
  timeoutMs: number;
  signal: AbortSignal;
  /** Wraps each connection: the engine's per-host limiter. */
  runSession<T>(fn: () => Promise<T>): Promise<T>;
  /** Tell the limiter the host is throttling; returns how long to wait before retrying. */
  throttled?(): number;
}

/**
 * The outcome of one ClientHello. `answered`: a ServerHello (or SSLv2 SERVER-HELLO) came back.
 * `refused`: the server declined before any hello (alert, clean close or reset with no data),
 * which is how servers say "not this version / none of these suites". `error`: anything else
 * (timeout, garbage, truncated or oversized answer, connect failure), with a reason code.
 */
export type ProbeOutcome =
  | { status: 'answered'; flight: ServerFlight }
  | { status: 'refused'; reason: 'alert' | 'closed' | 'reset' | 'sslv2-error'; alert?: string }
  | { status: 'error'; reason: string; detail: string };

/** A socket reader with a byte budget: collects data and wakes the waiting step. */
export class SocketReader {
  buffer: Buffer = Buffer.alloc(0);
  ended = false;
  error: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly onData = (d: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, d]);
    this.notify();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.notify();
  };
  private readonly onError = (e: Error) => {
    this.error = e;
    this.ended = true;
    this.notify();
  };

  constructor(readonly socket: net.Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }
  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
  /** Wait until new data, end or error. */
  next(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }
  take(): Buffer {
    const b = this.buffer;
    this.buffer = Buffer.alloc(0);
    return b;
  }
  /** Stop listening (before handing the socket to node:tls). */
  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
  }
}

class ProbeTimeout extends Error {}

/** Attempts per connection while the server says it is busy (each after a growing pause). */
const THROTTLE_RETRIES = 6;

/**
 * Run `attempt` again while the server refuses the session for load (421, BYE, busy, closed
 * before its greeting), after the pause the engine's limiter gives (`ep.throttled`, which also
 * slows every other session to that host). Every prober (suite enumeration and the tls.vuln.*
 * probes) comes through here: a busy server is asked again later, never skipped.
 */
export async function retryWhileThrottled<T>(ep: Endpoint, attempt: () => Promise<T>, isThrottled: (outcome: T) => boolean, onRetry?: () => void): Promise<T> {
  let out = await attempt();
  for (let n = 1; isThrottled(out) && n <= THROTTLE_RETRIES && !ep.signal.aborted; n++) {
    onRetry?.();
    await new Promise((r) => setTimeout(r, ep.throttled?.() ?? 250 * 2 ** n));
    out = await attempt();
  }
  return out;
}

/** `retryWhileThrottled` for a connection that throws when refused (openConnection's ThrottledError). */
export async function connectRetryingWhileThrottled<T>(ep: Endpoint, fn: () => Promise<T>): Promise<T> {
  const out = await retryWhileThrottled(
    ep,
    () => fn().then((value) => ({ value }), (error: unknown) => ({ error })),
    (o) => 'error' in o && (o.error as { code?: string } | undefined)?.code === 'ATTT_THROTTLED',
  );
  if ('error' in out) throw out.error;
  return out.value;
}

/** Connect (inside the limiter), run STARTTLS if asked, and return the open socket with its reader. */
export async function openConnection(ep: Endpoint, deadline: Promise<never>): Promise<{ socket: net.Socket; reader: SocketReader }> {
  const socket = net.connect({ host: ep.address, port: ep.port });
  socket.setNoDelay(true);
  const reader = new SocketReader(socket);
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }),
      deadline,
    ]);
    if (ep.starttls) await Promise.race([negotiateStarttls(ep.starttls, socket, reader), deadline]);
    return { socket, reader };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

function makeDeadline(ep: Endpoint): { promise: Promise<never>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no complete answer within ${ep.timeoutMs} ms`)), ep.timeoutMs);
    onAbort = () => reject(new ProbeTimeout('aborted'));
    if (ep.signal.aborted) onAbort();
    else ep.signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return {
    promise,
    clear() {
      clearTimeout(timer);
      if (onAbort) ep.signal.removeEventListener('abort', onAbort);
    },
  };
}

/** Send one hello and read the server's first flight, bounded in bytes and time. */
export function sendHello(ep: Endpoint, hello: Buffer, opts: { sslv2?: boolean } = {}): Promise<ProbeOutcome> {
  return ep.runSession(async () => {
    if (ep.signal.aborted) return { status: 'error', reason: 'aborted', detail: 'the scan was stopped' };
    const deadline = makeDeadline(ep);
    let socket: net.Socket | undefined;
    const parser = new FlightParser(opts);
    try {
      const conn = await openConnection(ep, deadline.promise);
      socket = conn.socket;
      const reader = conn.reader;
      socket.write(hello);
      for (;;) {
        const chunk = reader.take();
        if (chunk.length) parser.push(chunk);
        if (parser.done) break;
        if (reader.ended) break;
        await Promise.race([reader.next(), deadline.promise]);
      }
      const f = parser.flight;
      if (f.serverHello || f.sslv2) {
        return { status: 'answered', flight: f };
      }
      if (f.alert) return { status: 'refused', reason: 'alert', alert: f.alert.name };
      if (f.sslv2Error !== undefined) return { status: 'refused', reason: 'sslv2-error', alert: `sslv2_error_${f.sslv2Error}` };
      if (f.bytes === 0) {
        const code = (reader.error as NodeJS.ErrnoException | undefined)?.code;
        return { status: 'refused', reason: code === 'ECONNRESET' ? 'reset' : 'closed' };
      }
      return { status: 'error', reason: 'truncated', detail: `connection ended after ${f.bytes} byte(s), inside a record or message (${parser.incompleteBytes} byte(s) incomplete)` };
    } catch (error) {
      if (error instanceof TlsParseError) return { status: 'error', reason: error.reason, detail: error.message };
      if (error instanceof ProbeTimeout) {
        const f = parser.flight;
        if (f.serverHello) return { status: 'answered', flight: f };
        return { status: 'error', reason: error.message === 'aborted' ? 'aborted' : 'timeout', detail: f.bytes ? `${error.message} (${f.bytes} byte(s) received)` : error.message };
      }
      const e = error as NodeJS.ErrnoException;
      const reason = e.code === 'ECONNREFUSED' ? 'connection-refused' : e.code === 'ATTT_THROTTLED' ? 'throttled' : e.code === 'ATTT_STARTTLS' ? 'starttls-failed' : 'connect-failed';
      return { status: 'error', reason, detail: e.message };
    } finally {
      deadline.clear();
      socket?.destroy();
    }
  });
}

