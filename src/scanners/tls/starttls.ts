import type net from 'node:net';
import { LIMITS } from './constants.js';
import type { SocketReader } from './connection.js';

export type StarttlsProtocol = 'smtp' | 'imap' | 'pop3' | 'ftp' | 'postgres' | 'mysql' | 'ldap';
export const STARTTLS_PROTOCOLS: readonly StarttlsProtocol[] = ['smtp', 'imap', 'pop3', 'ftp', 'postgres', 'mysql', 'ldap'];

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

/** Read raw bytes until `complete(bytes)` says how many make the reply; bounded like readReply. */
async function readBytes(reader: SocketReader, complete: (bytes: Buffer) => boolean, what: string): Promise<Buffer> {
  let bytes = Buffer.alloc(0);
  for (;;) {
    bytes = Buffer.concat([bytes, reader.take()]);
    if (bytes.length > LIMITS.maxStarttlsBytes) throw new StarttlsError(`${what}: more than ${LIMITS.maxStarttlsBytes} bytes without a complete reply`);
    if (bytes.length && complete(bytes)) return bytes;
    if (reader.ended && !bytes.length) throw new ThrottledError(`${what}: connection closed before any reply`);
    if (reader.ended) throw new StarttlsError(`${what}: connection closed after ${bytes.length} byte(s)`);
    await reader.next();
  }
}

/** PostgreSQL SSLRequest (protocol 3 §53.2.9): length 8, code 80877103; the server answers one byte, S or N. */
const PG_SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** MySQL/MariaDB capability flags: CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION. */
const MYSQL_CLIENT_SSL = 0x0800;
const MYSQL_SSL_REQUEST_FLAGS = 0x0200 | MYSQL_CLIENT_SSL | 0x8000;

/** A complete MySQL packet: 3-byte little-endian length and a sequence byte, then the payload. */
const mysqlPacketDone = (b: Buffer) => b.length >= 4 && b.length >= 4 + b.readUIntLE(0, 3);

/**
 * The server's initial handshake (protocol 10): whether it offers TLS (CLIENT_SSL). An error
 * packet first (0xff) is the server refusing the connection; 1040 "Too many connections" and
 * 1129 "Host blocked" are load, not configuration.
 */
function mysqlGreeting(packet: Buffer): { ssl: boolean; version: string } {
  const payload = packet.subarray(4, 4 + packet.readUIntLE(0, 3));
  if (payload[0] === 0xff) {
    const code = payload.length >= 3 ? payload.readUInt16LE(1) : 0;
    const text = payload.subarray(3).toString('latin1').replace(/[^\x20-\x7e]/g, '').slice(0, 120);
    if (code === 1040 || code === 1129) throw new ThrottledError(`MySQL greeting: the server refused the connection (${code} ${text})`);
    throw new StarttlsError(`MySQL greeting: error ${code} ${JSON.stringify(text)}`);
  }
  if (payload[0] !== 0x0a) throw new StarttlsError(`MySQL greeting: protocol ${payload[0]} is not 10`);
  const end = payload.indexOf(0, 1);
  if (end < 0 || payload.length < end + 1 + 4 + 8 + 1 + 2) throw new StarttlsError('MySQL greeting: truncated');
  const version = payload.subarray(1, end).toString('latin1').slice(0, 60);
  const caps = payload.readUInt16LE(end + 1 + 4 + 8 + 1);
  return { ssl: (caps & MYSQL_CLIENT_SSL) !== 0, version };
}

/** The SSLRequest packet (sequence 1): capability flags, max packet size, charset utf8mb4, 23 zero bytes. */
function mysqlSslRequest(): Buffer {
  const payload = Buffer.alloc(32);
  payload.writeUInt32LE(MYSQL_SSL_REQUEST_FLAGS, 0);
  payload.writeUInt32LE(16 * 1024 * 1024, 4);
  payload[8] = 45;
  return Buffer.concat([Buffer.from([32, 0, 0, 1]), payload]);
}

/** LDAP StartTLS (RFC 4511 §4.14): ExtendedRequest, messageID 1, requestName 1.3.6.1.4.1.1466.20037. */
const LDAP_START_TLS_OID = '1.3.6.1.4.1.1466.20037';
function ldapStartTlsRequest(): Buffer {
  const oid = Buffer.from(LDAP_START_TLS_OID, 'latin1');
  const name = Buffer.concat([Buffer.from([0x80, oid.length]), oid]);
  const op = Buffer.concat([Buffer.from([0x77, name.length]), name]);
  const body = Buffer.concat([Buffer.from([0x02, 0x01, 0x01]), op]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** BER length at `at`: [value, bytes used], or undefined while incomplete. */
function berLength(b: Buffer, at: number): [number, number] | undefined {
  if (at >= b.length) return undefined;
  const first = b[at];
  if (first < 0x80) return [first, 1];
  const n = first & 0x7f;
  if (n === 0 || n > 3) throw new StarttlsError('LDAP reply: unsupported BER length');
  if (at + 1 + n > b.length) return undefined;
  return [b.readUIntBE(at + 1, n), 1 + n];
}
const ldapMessageDone = (b: Buffer) => {
  const len = berLength(b, 1);
  return !!len && b.length >= 1 + len[1] + len[0];
};

/** The resultCode of an LDAP ExtendedResponse ([APPLICATION 24] holding ENUMERATED resultCode first). */
function ldapResultCode(message: Buffer): number {
  if (message[0] !== 0x30) throw new StarttlsError('LDAP reply: not an LDAPMessage');
  const outer = berLength(message, 1)!;
  let at = 1 + outer[1];
  if (message[at] !== 0x02) throw new StarttlsError('LDAP reply: no messageID');
  const id = berLength(message, at + 1)!;
  at += 1 + id[1] + id[0];
  if (message[at] !== 0x78) throw new StarttlsError(`LDAP reply: operation 0x${(message[at] ?? 0).toString(16)} is not an ExtendedResponse`);
  const op = berLength(message, at + 1)!;
  at += 1 + op[1];
  if (message[at] !== 0x0a || message[at + 1] !== 1) throw new StarttlsError('LDAP reply: no resultCode');
  return message[at + 2];
}

/**
 * Upgrade a plain connection: SMTP (RFC 3207), IMAP (RFC 2595/3501), POP3 (RFC 2595), FTP (RFC 4217),
 * PostgreSQL (SSLRequest), MySQL/MariaDB (SSLRequest packet), LDAP (RFC 4511 StartTLS). Nothing
 * sent logs in or changes state: each is the protocol's own "switch to TLS" request.
 */
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
    case 'postgres': {
      socket.write(PG_SSL_REQUEST);
      const answer = await readBytes(reader, () => true, 'PostgreSQL SSLRequest');
      if (answer[0] === 0x4e) throw new StarttlsError('PostgreSQL SSLRequest: the server answered N (ssl = off): it does not offer TLS');
      if (answer[0] !== 0x53 || answer.length !== 1) throw new StarttlsError(`PostgreSQL SSLRequest: unexpected reply ${JSON.stringify(answer.subarray(0, 40).toString('latin1').replace(/[^\x20-\x7e]/g, '.'))}`);
      return;
    }
    case 'mysql': {
      const greeting = mysqlGreeting(await readBytes(reader, mysqlPacketDone, 'MySQL greeting'));
      if (!greeting.ssl) throw new StarttlsError(`MySQL greeting: the server (${greeting.version}) does not offer TLS (no CLIENT_SSL capability)`);
      socket.write(mysqlSslRequest());
      return;
    }
    case 'ldap': {
      socket.write(ldapStartTlsRequest());
      const code = ldapResultCode(await readBytes(reader, ldapMessageDone, 'LDAP StartTLS'));
      if (code === 51) throw new ThrottledError('LDAP StartTLS: the server is busy (resultCode 51)');
      if (code !== 0) throw new StarttlsError(`LDAP StartTLS: the server refused (resultCode ${code})`);
      return;
    }
  }
}
