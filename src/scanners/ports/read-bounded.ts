import net from 'node:net';
import tls from 'node:tls';

export interface ExchangeOptions {
  address: string;
  port: number;
  /** Bytes sent right after connecting, or after `waitFirstMs` of silence when `sendOnSilence`. */
  send?: Buffer;
  /** Wait this long for the server to speak first before sending `send`. 0 sends at once. */
  waitFirstMs: number;
  /** Stop reading after this many bytes (a hostile server may send megabytes). */
  maxBytes: number;
  /** Give up after this long overall. */
  timeoutMs: number;
  /** Stop early once the collected bytes are enough to judge. */
  complete?: (data: Buffer) => boolean;
  signal?: AbortSignal;
  /**
   * Talk inside TLS: handshake first (any certificate: this identifies the service, the tls
   * family judges the certificate), then the same conversation over the encrypted channel.
   */
  tls?: boolean;
}

export interface ExchangeResult {
  /** What the server sent before speaking first (if it did). */
  greeting: Buffer;
  /** What it sent after our probe (empty when nothing was sent). */
  reply: Buffer;
  sent: boolean;
  error?: string;
}

/**
 * One bounded conversation: connect, let the server speak first, optionally send one
 * read-only probe, read at most `maxBytes`, and always close within `timeoutMs`. Never throws.
 */
export function exchange(opts: ExchangeOptions): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    const socket: net.Socket = opts.tls
      ? tls.connect({ host: opts.address, port: opts.port, rejectUnauthorized: false, ALPNProtocols: undefined, minVersion: 'TLSv1' })
      : net.connect({ host: opts.address, port: opts.port });
    const greeting: Buffer[] = [];
    const reply: Buffer[] = [];
    let total = 0;
    let sent = false;
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(silence);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      socket.on('error', () => {});
      socket.destroy();
      resolve({ greeting: Buffer.concat(greeting), reply: Buffer.concat(reply), sent, ...(error ? { error } : {}) });
    };
    const onAbort = () => finish('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const overall = setTimeout(() => finish(total === 0 ? 'timeout' : undefined), opts.timeoutMs);
    let silence: NodeJS.Timeout | undefined;
    const sendProbe = () => {
      if (settled || sent || !opts.send) return;
      sent = true;
      socket.write(opts.send);
    };
    socket.once(opts.tls ? 'secureConnect' : 'connect', () => {
      if (!opts.send) return;
      if (opts.waitFirstMs <= 0) sendProbe();
      else silence = setTimeout(sendProbe, opts.waitFirstMs);
    });
    socket.on('data', (chunk: Buffer) => {
      const room = opts.maxBytes - total;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      (sent ? reply : greeting).push(part);
      total += part.length;
      if (total >= opts.maxBytes) return finish();
      const soFar = Buffer.concat(sent ? reply : greeting);
      if (opts.complete?.(soFar)) {
        // A server-first greeting is complete: we have what we need without probing.
        if (!sent) return finish();
        return finish();
      }
      if (!sent && opts.send && silence) {
        // It spoke first; give it a moment to finish its greeting, then decide.
        clearTimeout(silence);
        silence = setTimeout(() => finish(), 150);
      }
    });
    socket.once('end', () => finish());
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}

/** Bytes → printable text: printable ASCII and common whitespace kept, everything else as \xNN. */
export function printable(data: Buffer, max = 1024): string {
  let out = '';
  for (const byte of data.subarray(0, max)) {
    if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte >= 0x20 && byte < 0x7f && byte !== 0x5c) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  if (data.length > max) out += `…(+${data.length - max} bytes)`;
  return out;
}

/** Printable text of the first line, for banners such as `SSH-2.0-OpenSSH_9.2p1`. */
export function firstLine(data: Buffer, max = 256): string {
  const end = data.indexOf(0x0a);
  return printable(end >= 0 ? data.subarray(0, end) : data, max).replace(/\\r$/, '');
}
