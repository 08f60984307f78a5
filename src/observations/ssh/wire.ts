/**
 * SSH transport-layer encodings (RFC 4251 §5, RFC 4253 §6–7): pure parsing and building of the
 * identification line, unencrypted binary packets and SSH_MSG_KEXINIT. Every read is
 * bounds-checked: a server's bytes are hostile input.
 */

/** RFC 4253 §6.1: implementations must handle 35000-byte packets; nothing before NEWKEYS is larger. */
export const MAX_PACKET_BYTES = 35_000;
/** RFC 4253 §4.2: the identification line is at most 255 characters including CR LF. */
export const MAX_IDENT_LINE = 255;

export const MSG = {
  DISCONNECT: 1,
  IGNORE: 2,
  UNIMPLEMENTED: 3,
  DEBUG: 4,
  KEXINIT: 20,
  NEWKEYS: 21,
  KEXDH_INIT: 30,
  KEXDH_REPLY: 31,
  KEX_DH_GEX_GROUP: 31,
  KEX_DH_GEX_INIT: 32,
  KEX_DH_GEX_REPLY: 33,
  KEX_DH_GEX_REQUEST: 34,
} as const;

export class SshParseError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** A cursor over a buffer that throws SshParseError instead of reading past the end. */
export class Reader {
  offset = 0;
  constructor(readonly buf: Buffer) {}
  private need(n: number, what: string): void {
    if (n < 0 || this.offset + n > this.buf.length) throw new SshParseError('truncated', `${what}: needs ${n} byte(s) at offset ${this.offset}, ${this.buf.length - this.offset} left`);
  }
  byte(what = 'byte'): number {
    this.need(1, what);
    return this.buf[this.offset++];
  }
  uint32(what = 'uint32'): number {
    this.need(4, what);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  bytes(n: number, what = 'bytes'): Buffer {
    this.need(n, what);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  /** RFC 4251 `string`: uint32 length + bytes. */
  string(what = 'string'): Buffer {
    const n = this.uint32(`${what} length`);
    return this.bytes(n, what);
  }
  /** RFC 4251 `name-list`: comma-separated US-ASCII names. */
  nameList(what = 'name-list'): string[] {
    const raw = this.string(what);
    if (raw.length === 0) return [];
    // Names are printable US-ASCII without commas (RFC 4251 §6); anything else is shown escaped, never trusted.
    return raw
      .toString('latin1')
      .split(',')
      .map((n) => n.replace(/[^\x21-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  }
  get remaining(): number {
    return this.buf.length - this.offset;
  }
}

export function encodeString(data: Buffer | string): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

export function encodeUint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** RFC 4251 `mpint` from an unsigned big-endian magnitude: leading zeros stripped, a 0x00 added when the top bit is set. */
export function encodeMpint(magnitude: Buffer): Buffer {
  let i = 0;
  while (i < magnitude.length && magnitude[i] === 0) i++;
  let body = magnitude.subarray(i);
  if (body.length && body[0] & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return encodeString(body);
}

/** RFC 4253 §6: an unencrypted binary packet (block size 8, at least 4 bytes of padding). */
export function encodePacket(payload: Buffer): Buffer {
  let padding = 8 - ((payload.length + 5) % 8);
  if (padding < 4) padding += 8;
  const header = Buffer.alloc(5);
  header.writeUInt32BE(payload.length + padding + 1);
  header[4] = padding;
  return Buffer.concat([header, payload, Buffer.alloc(padding)]);
}

/**
 * Take one complete unencrypted packet from the front of `buf`.
 * Returns undefined when more bytes are needed; throws on an impossible length.
 */
export function takePacket(buf: Buffer): { payload: Buffer; rest: Buffer } | undefined {
  if (buf.length < 5) return undefined;
  const length = buf.readUInt32BE(0);
  if (length < 5 || length > MAX_PACKET_BYTES) throw new SshParseError('bad-packet-length', `packet length ${length} is outside 5..${MAX_PACKET_BYTES}`);
  if (buf.length < 4 + length) return undefined;
  const padding = buf[4];
  if (padding + 1 > length) throw new SshParseError('bad-padding', `padding ${padding} longer than the packet (${length})`);
  return { payload: buf.subarray(5, 4 + length - padding), rest: buf.subarray(4 + length) };
}

export interface KexInit {
  cookie: string;
  kex: string[];
  hostKey: string[];
  ciphersClientToServer: string[];
  ciphersServerToClient: string[];
  macsClientToServer: string[];
  macsServerToClient: string[];
  compressionClientToServer: string[];
  compressionServerToClient: string[];
  languagesClientToServer: string[];
  languagesServerToClient: string[];
  firstKexPacketFollows: boolean;
}

/** RFC 4253 §7.1 SSH_MSG_KEXINIT payload (starting with the message byte 20). */
export function parseKexInit(payload: Buffer): KexInit {
  const r = new Reader(payload);
  const type = r.byte('message type');
  if (type !== MSG.KEXINIT) throw new SshParseError('unexpected-message', `expected SSH_MSG_KEXINIT (20), got message ${type}`);
  const cookie = r.bytes(16, 'cookie').toString('hex');
  const lists = ['kex', 'host key', 'cipher c→s', 'cipher s→c', 'mac c→s', 'mac s→c', 'compression c→s', 'compression s→c', 'language c→s', 'language s→c'].map((w) => r.nameList(w));
  const firstKexPacketFollows = r.byte('first_kex_packet_follows') !== 0;
  r.uint32('reserved');
  return {
    cookie,
    kex: lists[0],
    hostKey: lists[1],
    ciphersClientToServer: lists[2],
    ciphersServerToClient: lists[3],
    macsClientToServer: lists[4],
    macsServerToClient: lists[5],
    compressionClientToServer: lists[6],
    compressionServerToClient: lists[7],
    languagesClientToServer: lists[8],
    languagesServerToClient: lists[9],
    firstKexPacketFollows,
  };
}

export function encodeKexInit(k: Omit<KexInit, 'cookie' | 'firstKexPacketFollows'>, cookie: Buffer): Buffer {
  const lists = [k.kex, k.hostKey, k.ciphersClientToServer, k.ciphersServerToClient, k.macsClientToServer, k.macsServerToClient, k.compressionClientToServer, k.compressionServerToClient, k.languagesClientToServer, k.languagesServerToClient];
  return Buffer.concat([Buffer.from([MSG.KEXINIT]), cookie, ...lists.map((l) => encodeString(l.join(','))), Buffer.from([0]), encodeUint32(0)]);
}

export interface Identification {
  /** The whole line without CR LF, control characters escaped. */
  line: string;
  protoVersion: string;
  softwareVersion: string;
  comments?: string;
}

/** RFC 4253 §4.2 `SSH-protoversion-softwareversion SP comments`. */
export function parseIdentification(line: string): Identification | undefined {
  const m = /^SSH-([^-\s]{1,20})-([^\s]*)(?: (.*))?$/.exec(line);
  if (!m) return undefined;
  return { line, protoVersion: m[1], softwareVersion: m[2], ...(m[3] !== undefined ? { comments: m[3] } : {}) };
}

/** Printable form of hostile text: control and non-ASCII bytes escaped. */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Split the server's first bytes into the lines before the identification (RFC 4253 §4.2
 * allows them) and the identification line itself. Returns undefined when more bytes are needed.
 */
export function takeIdentification(buf: Buffer, limits: { maxLines: number; maxBytes: number }): { preamble: string[]; ident: string; rest: Buffer } | undefined {
  const preamble: string[] = [];
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) {
      if (buf.length - start > MAX_IDENT_LINE && buf.subarray(start, start + 4).toString('latin1') === 'SSH-') throw new SshParseError('ident-too-long', `identification line longer than ${MAX_IDENT_LINE} bytes`);
      if (buf.length > limits.maxBytes) throw new SshParseError('no-identification', `no SSH identification line in the first ${limits.maxBytes} bytes`);
      return undefined;
    }
    const raw = buf.subarray(start, nl).toString('latin1').replace(/\r$/, '');
    const next = nl + 1;
    if (raw.startsWith('SSH-')) {
      if (raw.length + 2 > MAX_IDENT_LINE) throw new SshParseError('ident-too-long', `identification line of ${raw.length + 2} bytes (limit ${MAX_IDENT_LINE})`);
      return { preamble, ident: printable(raw), rest: buf.subarray(next) };
    }
    preamble.push(printable(raw.slice(0, 200)));
    if (preamble.length > limits.maxLines || next > limits.maxBytes) throw new SshParseError('no-identification', `no SSH identification line in the first ${preamble.length} line(s)`);
    start = next;
  }
}
