import { createHash, generateKeyPairSync, getDiffieHellman, randomBytes } from 'node:crypto';
import net from 'node:net';
import { encodeKexInit, encodeMpint, encodePacket, encodeString, encodeUint32, MSG, Reader, takePacket } from '../observations/ssh/index.js';

/**
 * A raw-socket SSH responder for the demo and the tests, including what OpenSSH no longer
 * serves: protocol 1 (1.5 and 1.99), arcfour, blowfish, cast128, DSA host keys, SHA-1-only
 * RSA. It speaks just enough: the identification, KEXINIT, the key-exchange reply carrying the
 * host key (with a dummy signature and server value: attt never completes the exchange),
 * group exchange, and the protocol-1 public-key message. Its configuration is the truth the
 * tests compare with. It listens on the loopback address it is given only.
 */
export interface RawSshdConfig {
  ident: string;
  preamble?: string[];
  kex?: string[];
  hostKey?: string[];
  ciphers?: string[];
  macs?: string[];
  compression?: string[];
  /** Key blobs by host-key algorithm; default: an RSA-1024 blob for ssh-rsa*, a DSA-1024 blob for ssh-dss. */
  keys?: Record<string, Buffer>;
  /** Protocol-1 key sizes and cipher mask bits. */
  ssh1?: { hostKeyBits: number; serverKeyBits: number; cipherMask: number };
}

export interface RawSshd {
  port: number;
  connections: number;
  keys: Record<string, Buffer>;
  close(): Promise<void>;
}

function mpintBytes(bits: number): Buffer {
  const b = randomBytes(Math.ceil(bits / 8));
  b[0] |= 0x80;
  return b;
}

export function rsaBlob(bits: number): Buffer {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return Buffer.concat([encodeString('ssh-rsa'), encodeMpint(Buffer.from(jwk.e, 'base64url')), encodeMpint(Buffer.from(jwk.n, 'base64url'))]);
}

/** A DSA-shaped blob of random numbers: attt reads the size of p and never verifies a signature. */
export function dsaBlob(bits: number): Buffer {
  return Buffer.concat([encodeString('ssh-dss'), encodeMpint(mpintBytes(bits)), encodeMpint(mpintBytes(160)), encodeMpint(mpintBytes(bits)), encodeMpint(mpintBytes(bits))]);
}

export function ed25519Blob(): Buffer {
  const { publicKey } = generateKeyPairSync('ed25519');
  return Buffer.concat([encodeString('ssh-ed25519'), encodeString(Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url'))]);
}

export function ecdsaP256Blob(): Buffer {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return Buffer.concat([encodeString('ecdsa-sha2-nistp256'), encodeString('nistp256'), encodeString(point)]);
}

export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** SSH-1 public key packet: length, padding, type 2, cookie, keys, flags, masks, CRC (not checked by attt, zero here). */
function ssh1PublicKey(c: NonNullable<RawSshdConfig['ssh1']>): Buffer {
  const mp = (bits: number) => {
    const h = Buffer.alloc(2);
    h.writeUInt16BE(bits);
    return Buffer.concat([h, mpintBytes(bits)]);
  };
  const body = Buffer.concat([Buffer.from([2]), randomBytes(8), encodeUint32(c.serverKeyBits), mp(6), mp(c.serverKeyBits), encodeUint32(c.hostKeyBits), mp(6), mp(c.hostKeyBits), encodeUint32(0), encodeUint32(c.cipherMask), encodeUint32(1 << 2)]);
  const length = body.length + 4;
  const padding = 8 - (length % 8);
  return Buffer.concat([encodeUint32(length), Buffer.alloc(padding), body, Buffer.alloc(4)]);
}

function kexInitOf(config: RawSshdConfig): Buffer {
  return encodePacket(
    encodeKexInit(
      {
        kex: config.kex ?? [], hostKey: config.hostKey ?? [],
        ciphersClientToServer: config.ciphers ?? [], ciphersServerToClient: config.ciphers ?? [],
        macsClientToServer: config.macs ?? [], macsServerToClient: config.macs ?? [],
        compressionClientToServer: config.compression ?? ['none'], compressionServerToClient: config.compression ?? ['none'],
        languagesClientToServer: [], languagesServerToClient: [],
      },
      randomBytes(16),
    ),
  );
}

/** One connection: identification, then protocol 1 or the protocol-2 key exchange up to the reply. */
function converse(socket: net.Socket, config: RawSshdConfig, keys: Record<string, Buffer>): void {
  socket.write([...(config.preamble ?? []), config.ident].map((l) => `${l}\r\n`).join(''));
  let buf: Buffer = Buffer.alloc(0);
  let clientIdent: string | undefined;
  let chosenKey: Buffer | undefined;
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    if (buf.length > 65536) return void socket.destroy();
    if (clientIdent === undefined) {
      const nl = buf.indexOf(0x0a);
      if (nl < 0) return;
      clientIdent = buf.subarray(0, nl).toString('latin1').trim();
      buf = buf.subarray(nl + 1);
      const v1 = clientIdent.startsWith('SSH-1.');
      if (v1 && config.ssh1) return void socket.end(ssh1PublicKey(config.ssh1));
      if (!v1 && config.ident.startsWith('SSH-1.5')) return void socket.end('Protocol major versions differ.\n');
      socket.write(kexInitOf(config));
    }
    try {
      for (let p = takePacket(buf); p; p = takePacket(buf)) {
        buf = p.rest;
        const type = p.payload[0];
        if (type === MSG.KEXINIT) {
          const r = new Reader(p.payload);
          r.bytes(17);
          r.nameList();
          chosenKey = keys[r.nameList()[0]];
          if (!chosenKey) return void socket.end(encodePacket(Buffer.concat([Buffer.from([MSG.DISCONNECT]), encodeUint32(3), encodeString('no matching host key type'), encodeString('')])));
        } else if (type === MSG.KEXDH_INIT || type === MSG.KEX_DH_GEX_INIT) {
          const reply = type === MSG.KEXDH_INIT ? MSG.KEXDH_REPLY : MSG.KEX_DH_GEX_REPLY;
          socket.write(encodePacket(Buffer.concat([Buffer.from([reply]), encodeString(chosenKey ?? Buffer.alloc(0)), encodeMpint(mpintBytes(1024)), encodeString(Buffer.concat([encodeString('ssh-rsa'), encodeString(randomBytes(128))]))])));
        } else if (type === MSG.KEX_DH_GEX_REQUEST) {
          const dh = getDiffieHellman('modp14');
          socket.write(encodePacket(Buffer.concat([Buffer.from([MSG.KEX_DH_GEX_GROUP]), encodeMpint(dh.getPrime()), encodeMpint(dh.getGenerator())])));
        }
      }
    } catch {
      socket.destroy();
    }
  });
}

export async function startRawSshd(config: RawSshdConfig, host = '127.0.0.1'): Promise<RawSshd> {
  const keys: Record<string, Buffer> = { ...(config.keys ?? {}) };
  const rsa = keys['ssh-rsa'] ?? rsaBlob(1024);
  for (const alg of config.hostKey ?? []) {
    if (keys[alg]) continue;
    if (alg.startsWith('ssh-dss')) keys[alg] = dsaBlob(1024);
    else keys[alg] = rsa;
  }
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    converse(socket, config, keys);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return state.connections;
    },
    keys,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
