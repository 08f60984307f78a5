import type net from 'node:net';
import { LIMITS } from './constants.js';
import type { SocketReader } from './connection.js';

export type StarttlsProtocol = 'smtp' | 'imap' | 'pop3' | 'ftp';

/** Raised when a STARTTLS dialogue fails; `code` lets the probe report `starttls-failed`. */
export class StarttlsError extends Error {
  readonly code: string = 'ATTT_STARTTLS';
}

/** The server refused the session for load, not for what we asked (the caller backs off and retries). */
export class ThrottledError extends StarttlsError {
  readonly code = 'ATTT_THROTTLED';
}

/**
 * Replies that mean "too busy, come back later": SMTP/FTP 421 (RFC 5321 §4.2.2, RFC 959),
 * IMAP `* BYE` before any command, POP3 `-ERR [SYS/TEMP]` / `[IN-USE]` (RFC 3206) or
 * "too many connections".
 */
function isThrottleReply(text: string): boolean {
  return /(^|\r\n)421[ -]/.test(text) || /^\* BYE/i.test(text) || /^-ERR (\[(SYS\/TEMP|IN-USE)\]|.*too many)/i.test(text) || /too many (concurrent )?connections/i.test(text);
}

/** Read until `complete(text)` holds; bounded by LIMITS.maxStarttlsBytes (the caller bounds time). */
async function readReply(reader: SocketReader, complete: (text: string) => boolean, what: string): Promise<string> {
  let text = '';
  for (;;) {
    text += reader.take().toString('latin1');
    if (text.length > LIMITS.maxStarttlsBytes) throw new StarttlsError(`${what}: more than ${LIMITS.maxStarttlsBytes} bytes without a complete reply`);
    if (complete(text)) return text;
    if (isThrottleReply(text)) throw new ThrottledError(`${what}: the server is busy (${JSON.stringify(text.trim().slice(0, 120))})`);
    // Closed or reset before it said anything: the way a server at its connection limit refuses.
    if (reader.ended && !text) throw new ThrottledError(`${what}: connection closed before any reply`);
    if (reader.ended) throw new StarttlsError(`${what}: connection closed (${JSON.stringify(text.slice(0, 120))})`);
    await reader.next();
  }
}

/** An SMTP/FTP reply is complete when its last line has the code followed by a space (RFC 5321 §4.2.1). */
function multilineDone(text: string): boolean {
  const lines = text.split('\r\n');
  if (lines.length < 2) return false;
  return lines.slice(0, -1).some((l) => /^\d{3} /.test(l) || /^\d{3}$/.test(l));
}
function codeOf(text: string): string {
  const lines = text.split('\r\n').filter((l) => /^\d{3}( |$)/.test(l));
  return lines.length ? lines[lines.length - 1].slice(0, 3) : '';
}
const lineDone = (text: string) => text.includes('\n');

function expect(ok: boolean, what: string, text: string): void {
  if (!ok && isThrottleReply(text)) throw new ThrottledError(`${what}: the server is busy (${JSON.stringify(text.trim().slice(0, 120))})`);
  if (!ok) throw new StarttlsError(`${what}: unexpected reply ${JSON.stringify(text.trim().slice(0, 160))}`);
}

/** Upgrade a plain connection: SMTP (RFC 3207), IMAP (RFC 2595/3501), POP3 (RFC 2595), FTP (RFC 4217). */
export async function negotiateStarttls(protocol: StarttlsProtocol, socket: net.Socket, reader: SocketReader): Promise<void> {
  switch (protocol) {
    case 'smtp': {
      const banner = await readReply(reader, multilineDone, 'SMTP banner');
      expect(codeOf(banner) === '220', 'SMTP banner', banner);
      socket.write('EHLO attt.invalid\r\n');
      const ehlo = await readReply(reader, multilineDone, 'SMTP EHLO');
      expect(codeOf(ehlo) === '250', 'SMTP EHLO', ehlo);
      socket.write('STARTTLS\r\n');
      const go = await readReply(reader, multilineDone, 'SMTP STARTTLS');
      expect(codeOf(go) === '220', 'SMTP STARTTLS', go);
      return;
    }
    case 'ftp': {
      const banner = await readReply(reader, multilineDone, 'FTP banner');
      expect(codeOf(banner) === '220', 'FTP banner', banner);
      socket.write('AUTH TLS\r\n');
      const go = await readReply(reader, multilineDone, 'FTP AUTH TLS');
      expect(codeOf(go) === '234', 'FTP AUTH TLS', go);
      return;
    }
    case 'imap': {
      const banner = await readReply(reader, lineDone, 'IMAP greeting');
      expect(/^\* (OK|PREAUTH)/i.test(banner), 'IMAP greeting', banner);
      socket.write('a1 STARTTLS\r\n');
      const go = await readReply(reader, (t) => /(^|\r\n)a1 /i.test(t) && t.endsWith('\n'), 'IMAP STARTTLS');
      expect(/(^|\r\n)a1 OK/i.test(go), 'IMAP STARTTLS', go);
      return;
    }
    case 'pop3': {
      const banner = await readReply(reader, lineDone, 'POP3 greeting');
      expect(banner.startsWith('+OK'), 'POP3 greeting', banner);
      socket.write('STLS\r\n');
      const go = await readReply(reader, lineDone, 'POP3 STLS');
      expect(go.startsWith('+OK'), 'POP3 STLS', go);
      return;
    }
  }
}
