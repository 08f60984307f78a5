import type { ServiceName } from './types.js';

/**
 * Well-known ports → the service usually found there (IANA assignments as commonly deployed).
 * Used to choose the first read-only nudge, and as a last-resort label (identifiedBy: 'port').
 */
export const PORT_SERVICES: Readonly<Record<number, ServiceName>> = {
  21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'dns', 80: 'http', 110: 'pop3', 111: 'rpcbind', 135: 'smb', 139: 'netbios',
  143: 'imap', 389: 'ldap', 443: 'tls', 445: 'smb', 465: 'tls', 587: 'smtp', 636: 'tls', 993: 'tls', 995: 'tls', 1433: 'mssql',
  2375: 'docker', 2376: 'tls', 2379: 'etcd', 2380: 'etcd', 3000: 'http', 3306: 'mysql', 3389: 'rdp', 5000: 'http', 5432: 'postgresql', 5900: 'vnc', 5901: 'vnc',
  6000: 'x11', 6379: 'redis', 8000: 'http', 8008: 'http', 8080: 'http', 8081: 'http', 8443: 'tls', 8888: 'http', 9200: 'elasticsearch', 9300: 'elasticsearch',
  10250: 'kubelet', 11211: 'memcached', 27017: 'mongodb', 27018: 'mongodb',
};

/** A read-only protocol probe: its name, its bytes, and when its reply is complete enough to judge. */
export interface Nudge {
  name: string;
  bytes: Buffer;
  complete?: (reply: Buffer) => boolean;
}

/** The first nudge to send when a service stays silent: chosen by the port's usual service. */
export function nudgeFor(port: number): Nudge {
  const byService: Partial<Record<ServiceName, string>> = {
    redis: 'redis PING',
    memcached: 'memcached version',
    postgresql: 'postgresql SSLRequest',
    rdp: 'rdp X.224 connection request',
    mssql: 'mssql PRELOGIN',
    mongodb: 'mongodb hello',
    tls: 'tls ClientHello',
  };
  const name = byService[PORT_SERVICES[port]] ?? 'GET /';
  return PROTOCOL_PROBES.find((p) => p.name === name)!;
}

// HTTP/1.0: the server closes after its answer, so the Server header and the body's start are read.
const GET_ROOT: Nudge = { name: 'GET /', bytes: Buffer.from('GET / HTTP/1.0\r\n\r\n'), complete: () => false };


/** Identify a service from what it said first (greeting) or in reply to our nudge. */
export function identify(port: number, greeting: Buffer, reply: Buffer): ServiceName | undefined {
  const g = greeting.toString('latin1');
  if (greeting.length) {
    if (g.startsWith('SSH-')) return 'ssh';
    if (/^220[ -]/.test(g)) {
      if (/E?SMTP|Postfix|Exim|Sendmail|mail/i.test(g)) return 'smtp';
      if (/FTP/i.test(g)) return 'ftp';
      return PORT_SERVICES[port] === 'smtp' ? 'smtp' : 'ftp';
    }
    if (g.startsWith('+OK')) return 'pop3';
    if (/^\* (OK|PREAUTH)/.test(g)) return 'imap';
    if (/^RFB \d{3}\.\d{3}/.test(g)) return 'vnc';
    if (greeting[0] === 0xff && [0xfb, 0xfc, 0xfd, 0xfe].includes(greeting[1])) return 'telnet';
    if (isMysqlGreeting(greeting)) return 'mysql';
    if (/^HTTP\/\d/.test(g)) return 'http';
  }
  if (reply.length) {
    const r = reply.toString('latin1');
    if (/^HTTP\/\d/.test(r)) return /You Know, for Search|"cluster_name"/.test(r) ? 'elasticsearch' : 'http';
    if (/^(\+PONG|-NOAUTH|-ERR (unknown command|wrong number|operation not permitted)|-DENIED)/.test(r)) return 'redis';
    if (/^VERSION \d/.test(r) || /^STAT pid/.test(r)) return 'memcached';
    if ((reply[0] === 0x16 || reply[0] === 0x15) && reply[1] === 0x03) return 'tls';
    if (reply.length === 1 && (r === 'S' || r === 'N')) return 'postgresql';
    if (reply[0] === 0x03 && reply[1] === 0x00 && reply.length >= 11) return 'rdp';
    if (reply[0] === 0x04 && reply[1] === 0x01) return 'mssql';
    if (reply.length >= 16 && reply.readInt32LE(12) === 2013) return 'mongodb';
    if (/^-ERR/.test(r) && PORT_SERVICES[port] === 'redis') return 'redis';
  }
  return undefined;
}

/** MySQL/MariaDB initial handshake: 3-byte length, sequence 0, protocol 10 (or an error packet 0xff). */
export function isMysqlGreeting(data: Buffer): boolean {
  if (data.length < 6) return false;
  const length = data.readUIntLE(0, 3);
  if (data[3] !== 0 || length < 2 || length > 0xffff) return false;
  return data[4] === 0x0a || (data[4] === 0xff && /MySQL|MariaDB|not allowed/i.test(data.toString('latin1')));
}

/** The server version string of a MySQL greeting (`5.5.62-log`, `10.3.39-MariaDB`). */
export function mysqlVersion(data: Buffer): string | undefined {
  if (!isMysqlGreeting(data) || data[4] !== 0x0a) return undefined;
  const end = data.indexOf(0, 5);
  if (end < 0 || end - 5 > 100) return undefined;
  return data.subarray(5, end).toString('latin1');
}

// RDP: TPKT (19 bytes) + X.224 Connection Request (LI 14, CR 0xe0) + RDP_NEG_REQ asking for TLS | CredSSP.
const RDP_CONNECTION_REQUEST = Buffer.from('030000130ee000000000000100080003000000', 'hex');

// MSSQL TDS PRELOGIN (type 0x12, 26 bytes): VERSION and ENCRYPTION (NOT_SUP) options, terminator 0xff.
const MSSQL_PRELOGIN = Buffer.from('1201001a00000100' + '00000b0006' + '0100110001' + 'ff' + '000000000000' + '02', 'hex');

// A plain TLS 1.2 ClientHello offering common suites; any TLS server answers with a record.
const TLS_CLIENT_HELLO = buildClientHello();

function buildClientHello(): Buffer {
  const suites = [0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035, 0x000a];
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const ext = (type: number, body: Buffer) => Buffer.concat([u16(type), u16(body.length), body]);
  const groups = Buffer.concat([u16(6), u16(0x001d), u16(0x0017), u16(0x0018)]);
  const sigalgs = [0x0403, 0x0503, 0x0804, 0x0805, 0x0401, 0x0501, 0x0201];
  const extensions = Buffer.concat([
    ext(0x000a, groups),
    ext(0x000b, Buffer.from([1, 0])),
    ext(0x000d, Buffer.concat([u16(sigalgs.length * 2), ...sigalgs.map(u16)])),
  ]);
  const body = Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32, 0x5a),
    Buffer.from([0]),
    u16(suites.length * 2),
    ...suites.map(u16),
    Buffer.from([1, 0]),
    u16(extensions.length),
    extensions,
  ]);
  const handshake = Buffer.concat([Buffer.from([1, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 3, 1]), u16(handshake.length), handshake]);
}

// ------------------------------------------------------------ MongoDB OP_MSG with minimal BSON

/** Encode a flat BSON document of numbers, strings and booleans (enough for admin commands). */
export function bson(doc: Record<string, number | string | boolean>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const name = Buffer.concat([Buffer.from(key, 'utf8'), Buffer.from([0])]);
    if (typeof value === 'number') {
      const b = Buffer.alloc(4);
      b.writeInt32LE(value);
      parts.push(Buffer.from([0x10]), name, b);
    } else if (typeof value === 'boolean') {
      parts.push(Buffer.from([0x08]), name, Buffer.from([value ? 1 : 0]));
    } else {
      const s = Buffer.from(value, 'utf8');
      const len = Buffer.alloc(4);
      len.writeInt32LE(s.length + 1);
      parts.push(Buffer.from([0x02]), name, len, s, Buffer.from([0]));
    }
  }
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(4);
  head.writeInt32LE(body.length + 5);
  return Buffer.concat([head, body, Buffer.from([0])]);
}

export function mongoCommand(doc: Record<string, number | string | boolean>, requestId: number): Buffer {
  const section = Buffer.concat([Buffer.from([0]), bson(doc)]);
  const header = Buffer.alloc(20);
  header.writeInt32LE(16 + 4 + section.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12); // OP_MSG
  header.writeUInt32LE(0, 16); // flagBits
  return Buffer.concat([header, section]);
}

/**
 * Read the top-level scalar fields of the first BSON document in an OP_MSG reply
 * (ok, errmsg, code, version …). Defensive: any malformed length stops the walk.
 */
export function parseMongoReply(data: Buffer): Record<string, number | string | boolean> | undefined {
  if (data.length < 26 || data.readInt32LE(12) !== 2013 || data[20] !== 0) return undefined;
  const start = 21;
  const docLen = data.readInt32LE(start);
  if (docLen < 5 || start + docLen > data.length) return undefined;
  const out: Record<string, number | string | boolean> = {};
  let i = start + 4;
  const end = start + docLen - 1;
  while (i < end) {
    const type = data[i++];
    const nameEnd = data.indexOf(0, i);
    if (nameEnd < 0 || nameEnd >= end) break;
    const name = data.subarray(i, nameEnd).toString('utf8');
    i = nameEnd + 1;
    if (type === 0x01) { out[name] = data.readDoubleLE(i); i += 8; }
    else if (type === 0x10) { out[name] = data.readInt32LE(i); i += 4; }
    else if (type === 0x12) { out[name] = Number(data.readBigInt64LE(i)); i += 8; }
    else if (type === 0x08) { out[name] = data[i] === 1; i += 1; }
    else if (type === 0x02) {
      const len = data.readInt32LE(i);
      if (len < 1 || i + 4 + len > end + 1) break;
      out[name] = data.subarray(i + 4, i + 4 + len - 1).toString('utf8');
      i += 4 + len;
    } else if (type === 0x03 || type === 0x04) {
      const len = data.readInt32LE(i);
      if (len < 5) break;
      i += len;
    } else if (type === 0x09) i += 8;
    else if (type === 0x07) i += 12;
    else if (type === 0x0a) { /* null */ }
    else break;
  }
  return out;
}

/**
 * Every read-only protocol probe, for ports the greeting did not identify, whatever their
 * number (PostgreSQL on 5433, Redis on 16379 …); list order is the order of preference
 * when several answer. Each is one request a client of that protocol sends first.
 */
export const PROTOCOL_PROBES: readonly Nudge[] = [
  GET_ROOT,
  { name: 'tls ClientHello', bytes: TLS_CLIENT_HELLO },
  { name: 'redis PING', bytes: Buffer.from('PING\r\n') },
  { name: 'memcached version', bytes: Buffer.from('version\r\n') },
  { name: 'postgresql SSLRequest', bytes: Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]) },
  { name: 'mssql PRELOGIN', bytes: MSSQL_PRELOGIN },
  { name: 'rdp X.224 connection request', bytes: RDP_CONNECTION_REQUEST },
  { name: 'mongodb hello', bytes: mongoCommand({ hello: 1, $db: 'admin' }, 1) },
];
