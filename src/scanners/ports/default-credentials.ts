import net from 'node:net';
import { printable } from './read-bounded.js';
import type { CredentialProbe } from '../../observations/ports/index.js';

/**
 * Default-credential exposure of databases, tested in the one safe way each protocol allows
 * (docs/ports.md lists exactly what is sent):
 * - MySQL/MariaDB: one login as `root` with an empty password; on success COM_QUIT at once.
 *   No other user name, no other password, no query.
 * - PostgreSQL: one startup message as user `postgres` (database `postgres`); when the server
 *   asks for a password the conversation ends there, no password is ever sent. Only a server
 *   that lets `postgres` in without one (`trust`) answers AuthenticationOk.
 * Never throws; any doubt (timeout, odd reply) leaves `accepted` false with the reason.
 */
export interface CredentialOptions {
  address: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

const MAX_BYTES = 16384;

/** A connection that collects bytes and lets a step wait for "enough" of them, bounded in time and size. */
function conversation(o: CredentialOptions) {
  const socket = net.connect({ host: o.address, port: o.port });
  let data = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  socket.on('data', (d: Buffer) => {
    data = Buffer.concat([data, d]).subarray(0, MAX_BYTES);
    notify();
  });
  socket.on('error', () => ((ended = true), notify()));
  socket.on('close', () => ((ended = true), notify()));
  const deadline = Date.now() + o.timeoutMs;
  return {
    socket,
    /** Wait until `enough(data)` returns a value; undefined on close, timeout or abort. */
    async until<T>(enough: (d: Buffer) => T | undefined): Promise<T | undefined> {
      for (;;) {
        const got = enough(data);
        if (got !== undefined) return got;
        if (ended || o.signal?.aborted || Date.now() >= deadline) return undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.max(1, deadline - Date.now()));
        });
      }
    },
    take(n: number): Buffer {
      const b = data.subarray(0, n);
      data = data.subarray(n);
      return b;
    },
    close(): void {
      socket.destroy();
    },
  };
}

/** One MySQL packet: 3-byte length, sequence id, payload. */
function mysqlPacket(data: Buffer): { seq: number; payload: Buffer; size: number } | undefined {
  if (data.length < 4) return undefined;
  const len = data.readUIntLE(0, 3);
  if (data.length < 4 + len) return undefined;
  return { seq: data[3], payload: data.subarray(4, 4 + len), size: 4 + len };
}

// Client capabilities: LONG_PASSWORD | PROTOCOL_41 | SECURE_CONNECTION | PLUGIN_AUTH.
const CAPS = 0x00000001 | 0x00000200 | 0x00008000 | 0x00080000;

function handshakeResponse(seq: number): Buffer {
  const payload = Buffer.concat([
    Buffer.from([CAPS & 0xff, (CAPS >> 8) & 0xff, (CAPS >> 16) & 0xff, (CAPS >> 24) & 0xff]),
    Buffer.from([0, 0, 0, 1]), // max packet size 16 MiB
    Buffer.from([0x21]), // utf8_general_ci
    Buffer.alloc(23),
    Buffer.from('root\0', 'latin1'),
    Buffer.from([0]), // auth response: empty (the empty password)
    Buffer.from('mysql_native_password\0', 'latin1'),
  ]);
  const head = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, seq]);
  return Buffer.concat([head, payload]);
}

export async function probeMysqlEmptyRoot(o: CredentialOptions): Promise<CredentialProbe> {
  const probe = 'mysql login root with an empty password';
  const c = conversation(o);
  try {
    const greeting = await c.until((d) => mysqlPacket(d));
    if (!greeting) return { probe, accepted: false, answered: false, evidence: 'no MySQL greeting' };
    c.take(greeting.size);
    if (greeting.payload[0] !== 0x0a) return { probe, accepted: false, evidence: `greeting refused: ${printable(greeting.payload.subarray(3), 120)}` };
    c.socket.write(handshakeResponse(greeting.seq + 1));
    let reply = await c.until((d) => mysqlPacket(d));
    if (reply && reply.payload[0] === 0xfe && reply.payload.length > 1) {
      // Auth switch: the account uses another plugin; answer with the empty password's empty response, once.
      c.take(reply.size);
      c.socket.write(Buffer.from([0, 0, 0, reply.seq + 1]));
      reply = await c.until((d) => mysqlPacket(d));
    }
    if (!reply) return { probe, accepted: false, answered: false, evidence: 'no answer to the login' };
    if (reply.payload[0] === 0x00) {
      c.socket.write(Buffer.from([1, 0, 0, 0, 0x01])); // COM_QUIT
      return { probe, accepted: true, evidence: 'OK packet: logged in as root without a password' };
    }
    const message = reply.payload[0] === 0xff ? printable(reply.payload.subarray(reply.payload[3] === 0x23 ? 9 : 3), 160) : `reply type 0x${reply.payload[0].toString(16)}`;
    return { probe, accepted: false, evidence: message };
  } finally {
    c.close();
  }
}

function pgStartup(user: string): Buffer {
  const params = Buffer.from(`user\0${user}\0database\0postgres\0application_name\0attt\0\0`, 'latin1');
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + params.length, 0);
  head.writeInt32BE(196608, 4); // protocol 3.0
  return Buffer.concat([head, params]);
}

const PG_AUTH: Record<number, string> = { 2: 'Kerberos', 3: 'cleartext password', 5: 'MD5 password', 7: 'GSSAPI', 9: 'SSPI', 10: 'SASL (SCRAM)' };

export async function probePostgresTrust(o: CredentialOptions): Promise<CredentialProbe> {
  const probe = 'postgresql startup as postgres, no password';
  const c = conversation(o);
  try {
    c.socket.write(pgStartup('postgres'));
    const msg = await c.until((d) => (d.length >= 5 && d.length >= 1 + d.readInt32BE(1) ? { type: String.fromCharCode(d[0]), body: d.subarray(5, 1 + d.readInt32BE(1)) } : undefined));
    if (!msg) return { probe, accepted: false, answered: false, evidence: 'no answer to the startup message' };
    if (msg.type === 'R' && msg.body.length >= 4) {
      const code = msg.body.readInt32BE(0);
      if (code === 0) {
        c.socket.write(Buffer.from([0x58, 0, 0, 0, 4])); // Terminate
        return { probe, accepted: true, evidence: 'AuthenticationOk: user postgres admitted without a password (trust)' };
      }
      // The server asks for a password: stop here, none is sent.
      return { probe, accepted: false, evidence: `the server asked for a password (${PG_AUTH[code] ?? `method ${code}`}); none was sent` };
    }
    if (msg.type === 'E') {
      const text = msg.body.toString('utf8').split('\0').filter((f) => f.startsWith('M')).map((f) => f.slice(1))[0] ?? '';
      return { probe, accepted: false, evidence: `refused: ${printable(Buffer.from(text), 160)}` };
    }
    return { probe, accepted: false, evidence: `unexpected message ${msg.type}` };
  } finally {
    c.close();
  }
}
