import { SshParseError } from './wire.js';

/** SSH protocol 1 cipher numbers (draft-ylonen-ssh-protocol-00 §"Encryption"), as in the supported-ciphers mask. */
const SSH1_CIPHERS = ['none', 'idea', 'des', '3des', 'tss', 'rc4', 'blowfish'];

/** The largest protocol-1 packet attt accepts (the public-key message is a few hundred bytes). */
export const MAX_SSH1_PACKET = 8192;

/** Total bytes of the protocol-1 packet whose 4-byte length is `length` (length + 1..8 bytes of padding). */
export function ssh1PacketSize(length: number): number {
  if (length < 5 || length > MAX_SSH1_PACKET) throw new SshParseError('bad-packet-length', `protocol-1 packet length ${length} is outside 5..${MAX_SSH1_PACKET}`);
  return 4 + length + (8 - (length % 8));
}

/**
 * SSH_SMSG_PUBLIC_KEY (type 2): server key and host key sizes and the cipher mask.
 * `packet` is the whole packet: length, padding, type, data, CRC.
 */
export function parseSsh1PublicKey(packet: Buffer): { serverKeyBits: number; hostKeyBits: number; ciphers: string[] } {
  const length = packet.readUInt32BE(0);
  const padding = 8 - (length % 8);
  let at = 4 + padding;
  const end = packet.length - 4; // CRC32 last
  const need = (n: number) => {
    if (at + n > end) throw new SshParseError('truncated', `protocol-1 public key message truncated at ${at}`);
  };
  need(1);
  const type = packet[at++];
  if (type !== 2) throw new SshParseError('unexpected-message', `expected SSH_SMSG_PUBLIC_KEY (2), got ${type}`);
  need(8);
  at += 8; // anti-spoofing cookie
  const uint32 = () => {
    need(4);
    const v = packet.readUInt32BE(at);
    at += 4;
    return v;
  };
  // Protocol-1 mp-int: uint16 bit count, then ceil(bits / 8) bytes.
  const mpint = () => {
    need(2);
    const bits = packet.readUInt16BE(at);
    at += 2;
    const n = Math.ceil(bits / 8);
    need(n);
    at += n;
  };
  const serverKeyBits = uint32();
  mpint();
  mpint();
  const hostKeyBits = uint32();
  mpint();
  mpint();
  uint32(); // protocol flags
  const mask = uint32();
  const ciphers = SSH1_CIPHERS.filter((_, i) => mask & (1 << i));
  return { serverKeyBits, hostKeyBits, ciphers };
}
