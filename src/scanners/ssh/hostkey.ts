import { createDiffieHellman, createECDH, generateKeyPairSync, getDiffieHellman, randomBytes } from 'node:crypto';
import { parseHostKey, type HostKeyFacts } from '../../observations/ssh/index.js';
import { encodeKexInit, encodeMpint, encodePacket, encodeString, encodeUint32, MSG, Reader, type KexInit } from '../../observations/ssh/index.js';
import { SshProbeError, type SshConnection } from './transport.js';

/**
 * Key exchange methods attt can run far enough to receive the server's host key (the
 * KEXDH/ECDH reply carries it, RFC 4253 §8, RFC 5656 §4, RFC 8731 §3, RFC 4419 §3). attt never
 * sends NEWKEYS: the connection is closed as soon as the key is read. Preference: cheapest first.
 */
export const HOST_KEY_KEX_METHODS = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group14-sha1',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group-exchange-sha1',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group1-sha1',
] as const;

const FIXED_GROUPS: Record<string, string> = {
  'diffie-hellman-group1-sha1': 'modp2',
  'diffie-hellman-group14-sha1': 'modp14',
  'diffie-hellman-group14-sha256': 'modp14',
  'diffie-hellman-group16-sha512': 'modp16',
  'diffie-hellman-group18-sha512': 'modp18',
};
const EC_CURVES: Record<string, string> = { 'ecdh-sha2-nistp256': 'prime256v1', 'ecdh-sha2-nistp384': 'secp384r1', 'ecdh-sha2-nistp521': 'secp521r1' };

/** The first method attt can run that the server offers, or undefined. */
export function chooseKexMethod(serverKex: readonly string[]): string | undefined {
  return HOST_KEY_KEX_METHODS.find((m) => serverKex.includes(m));
}

/** Our identification line (RFC 4253 §4.2). */
export const CLIENT_IDENT = 'SSH-2.0-attt_scanner\r\n';

/**
 * On a connection whose server KEXINIT has been read: ask for one host-key algorithm with one
 * key exchange method, and return the key from the server's reply. The symmetric lists echo
 * the server's own, so only the host-key algorithm can fail to match.
 */
export async function requestHostKey(conn: SshConnection, server: KexInit, hostKeyAlgorithm: string, kexMethod: string): Promise<HostKeyFacts> {
  const compression = server.compressionClientToServer.includes('none') ? ['none'] : server.compressionClientToServer;
  const ours = encodeKexInit(
    {
      kex: [kexMethod],
      hostKey: [hostKeyAlgorithm],
      ciphersClientToServer: server.ciphersClientToServer,
      ciphersServerToClient: server.ciphersServerToClient,
      macsClientToServer: server.macsClientToServer,
      macsServerToClient: server.macsServerToClient,
      compressionClientToServer: compression,
      compressionServerToClient: server.compressionServerToClient.includes('none') ? ['none'] : server.compressionServerToClient,
      languagesClientToServer: [],
      languagesServerToClient: [],
    },
    randomBytes(16),
  );
  conn.write(encodePacket(ours));
  let replyType: number = MSG.KEXDH_REPLY;
  if (kexMethod.startsWith('diffie-hellman-group-exchange-')) {
    // RFC 4419 §3 / RFC 8270: ask for 2048..8192 bits, preferring 2048 (cheapest to answer).
    conn.write(encodePacket(Buffer.concat([Buffer.from([MSG.KEX_DH_GEX_REQUEST]), encodeUint32(2048), encodeUint32(2048), encodeUint32(8192)])));
    const group = await conn.readPacket('SSH_MSG_KEX_DH_GEX_GROUP');
    if (group[0] !== MSG.KEX_DH_GEX_GROUP) throw new SshProbeError('unexpected-message', `expected SSH_MSG_KEX_DH_GEX_GROUP (31), got message ${group[0]}`);
    const r = new Reader(group);
    r.byte();
    const p = r.string('gex p');
    const g = r.string('gex g');
    if (p.length > 1025) throw new SshProbeError('oversized', `group-exchange prime of ${p.length} bytes`);
    const dh = createDiffieHellman(p, g);
    conn.write(encodePacket(Buffer.concat([Buffer.from([MSG.KEX_DH_GEX_INIT]), encodeMpint(dh.generateKeys())])));
    replyType = MSG.KEX_DH_GEX_REPLY;
  } else {
    conn.write(encodePacket(Buffer.concat([Buffer.from([MSG.KEXDH_INIT]), clientPublicValue(kexMethod)])));
  }
  const reply = await conn.readPacket('the key exchange reply');
  if (reply[0] === MSG.KEXINIT) throw new SshProbeError('unexpected-message', 'the server sent a second KEXINIT');
  if (reply[0] !== replyType) throw new SshProbeError('unexpected-message', `expected key exchange reply (${replyType}), got message ${reply[0]}`);
  const r = new Reader(reply);
  r.byte();
  return parseHostKey(r.string('host key'));
}

/** The client's ephemeral public value, encoded for SSH_MSG_KEXDH_INIT / SSH_MSG_KEX_ECDH_INIT. */
function clientPublicValue(kexMethod: string): Buffer {
  if (kexMethod.startsWith('curve25519-sha256')) {
    const { publicKey } = generateKeyPairSync('x25519');
    const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
    return encodeString(Buffer.from(x, 'base64url'));
  }
  if (EC_CURVES[kexMethod]) {
    const ecdh = createECDH(EC_CURVES[kexMethod]);
    return encodeString(ecdh.generateKeys());
  }
  const group = FIXED_GROUPS[kexMethod];
  if (!group) throw new SshProbeError('unsupported-kex', `attt cannot run ${kexMethod}`);
  const dh = getDiffieHellman(group);
  return encodeMpint(dh.generateKeys());
}
