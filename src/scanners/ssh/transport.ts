import net from 'node:net';
import { MSG, Reader, SshParseError, takeIdentification, takePacket } from '../../observations/ssh/index.js';

/** Where and how to connect; every field comes from the engine's ScanContext and the planned target. */
export interface SshEndpoint {
  /** In-scope address (resolved and checked by the engine). */
  address: string;
  port: number;
  timeoutMs: number;
  signal: AbortSignal;
  /** Wraps each connection: the engine's per-host limiter. */
  runSession<T>(fn: () => Promise<T>): Promise<T>;
}

/** At most this many bytes are read from one connection (a KEXINIT is rarely above 2 KiB). */
export const MAX_CONNECTION_BYTES = 256 * 1024;
const PREAMBLE_LIMITS = { maxLines: 32, maxBytes: 8192 };

/** A failure of one probe with a reason code (`timeout`, `closed`, `disconnect`, `connect-failed` …). */
export class SshProbeError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One bounded TCP conversation: bytes are buffered up to MAX_CONNECTION_BYTES, and every wait
 * races the connection's deadline (timeoutMs from the connect) and the scan's abort signal.
 */
export class SshConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private received = 0;
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly deadline: Promise<never>;
  private timer: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.fail(new SshProbeError('aborted', 'the scan was stopped'));
  private failure: ((e: Error) => void) | undefined;

  private constructor(
    readonly socket: net.Socket,
    readonly ep: SshEndpoint,
  ) {
    this.deadline = new Promise<never>((_, reject) => {
      this.failure = reject;
    });
    this.deadline.catch(() => undefined);
    this.timer = setTimeout(() => this.fail(new SshProbeError('timeout', `no complete answer within ${ep.timeoutMs} ms`)), ep.timeoutMs);
    if (ep.signal.aborted) this.onAbort();
    else ep.signal.addEventListener('abort', this.onAbort, { once: true });
    socket.on('data', (d: Buffer) => {
      this.received += d.length;
      if (this.received > MAX_CONNECTION_BYTES) {
        this.fail(new SshProbeError('oversized', `more than ${MAX_CONNECTION_BYTES} bytes on one connection`));
        return;
      }
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, d]) : d;
      this.notify();
    });
    const end = () => {
      this.ended = true;
      this.notify();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', (e) => {
      this.error = e;
      end();
    });
  }

  private fail(e: Error): void {
    this.failure?.(e);
    this.socket.destroy();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async more(what: string): Promise<void> {
    if (this.ended) {
      const code = (this.error as NodeJS.ErrnoException | undefined)?.code;
      throw new SshProbeError(code === 'ECONNRESET' ? 'reset' : 'closed', `the server closed the connection while attt waited for ${what}${this.buffer.length ? ` (${this.buffer.length} unparsed byte(s))` : ''}`);
    }
    await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), this.deadline]);
  }

  static async open(ep: SshEndpoint): Promise<SshConnection> {
    const socket = net.connect({ host: ep.address, port: ep.port });
    socket.setNoDelay(true);
    const conn = new SshConnection(socket, ep);
    try {
      await Promise.race([
        new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', reject);
        }),
        conn.deadline,
      ]);
    } catch (error) {
      conn.close();
      if (error instanceof SshProbeError) throw error;
      const e = error as NodeJS.ErrnoException;
      throw new SshProbeError(e.code === 'ECONNREFUSED' ? 'connection-refused' : 'connect-failed', e.message);
    }
    return conn;
  }

  write(data: Buffer | string): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** The server's identification line and what it sent before it. */
  async readIdentification(): Promise<{ preamble: string[]; ident: string }> {
    for (;;) {
      const got = takeIdentification(this.buffer, PREAMBLE_LIMITS);
      if (got) {
        this.buffer = got.rest;
        return { preamble: got.preamble, ident: got.ident };
      }
      await this.more('the identification line');
    }
  }

  /** The next SSH-2 packet's payload, skipping IGNORE/DEBUG; a DISCONNECT becomes an SshProbeError. */
  async readPacket(what: string): Promise<Buffer> {
    for (;;) {
      const got = takePacket(this.buffer);
      if (got) {
        this.buffer = got.rest;
        const type = got.payload[0];
        if (type === MSG.IGNORE || type === MSG.DEBUG) continue;
        if (type === MSG.DISCONNECT) throw new SshProbeError('disconnect', `the server disconnected: ${describeDisconnect(got.payload)}`);
        return got.payload;
      }
      await this.more(what);
    }
  }

  /** Raw bytes for protocol 1 framing: wait until at least `n` bytes are buffered. */
  async readRaw(n: number, what: string): Promise<Buffer> {
    while (this.buffer.length < n) await this.more(what);
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  close(): void {
    clearTimeout(this.timer);
    this.ep.signal.removeEventListener('abort', this.onAbort);
    this.socket.destroy();
  }
}

function describeDisconnect(payload: Buffer): string {
  try {
    const r = new Reader(payload);
    r.byte();
    const code = r.uint32();
    const text = r.string().toString('utf8').replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
    return `code ${code}${text ? `, "${text}"` : ''}`;
  } catch {
    return 'no reason given';
  }
}

/** Run `fn` on a fresh connection inside the engine's limiter, always closing it. */
export function withConnection<T>(ep: SshEndpoint, fn: (conn: SshConnection) => Promise<T>): Promise<T> {
  return ep.runSession(async () => {
    if (ep.signal.aborted) throw new SshProbeError('aborted', 'the scan was stopped');
    const conn = await SshConnection.open(ep);
    try {
      return await fn(conn);
    } catch (error) {
      if (error instanceof SshParseError) throw new SshProbeError(error.reason, error.message);
      throw error;
    } finally {
      conn.close();
    }
  });
}
