import { createHash } from 'node:crypto';
import { Reader } from './wire.js';

/** What a server host key blob (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4, OpenSSH PROTOCOL.certkeys) says about the key. */
export interface HostKeyFacts {
  /** Key type named inside the blob, e.g. `ssh-rsa`, `ecdsa-sha2-nistp256`, `ssh-ed25519`. */
  keyType: string;
  /** Family: rsa, dsa, ecdsa, ed25519, ed448, or `unknown`. */
  family: 'rsa' | 'dsa' | 'ecdsa' | 'ed25519' | 'ed448' | 'unknown';
  /** Modulus / prime / curve size in bits (0 when unknown). */
  bits: number;
  curve?: string;
  /** OpenSSH certificate (`*-cert-v01@openssh.com`). */
  certificate: boolean;
  /** As `ssh-keygen -l` prints it: `SHA256:` + unpadded base64 of SHA-256 over the blob. */
  fingerprintSha256: string;
}

const CURVE_BITS: Record<string, number> = { nistp256: 256, nistp384: 384, nistp521: 521 };

/** Bit length of an unsigned big-endian integer (mpint magnitude). */
export function bitLength(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Parse a host key blob. Unknown types keep their name with bits 0; a malformed blob throws SshParseError. */
export function parseHostKey(blob: Buffer): HostKeyFacts {
  const r = new Reader(blob);
  const keyType = r.string('key type').toString('latin1').replace(/[^\x21-\x7e]/g, '?').slice(0, 100);
  const certificate = keyType.endsWith('-cert-v01@openssh.com');
  if (certificate) r.string('certificate nonce');
  const base = keyType.replace(/-cert-v01@openssh\.com$/, '');
  const facts = { keyType, certificate, fingerprintSha256: fingerprintSha256(blob) };
  if (base === 'ssh-rsa') {
    r.string('rsa e');
    return { ...facts, family: 'rsa', bits: bitLength(r.string('rsa n')) };
  }
  if (base === 'ssh-dss') {
    return { ...facts, family: 'dsa', bits: bitLength(r.string('dsa p')) };
  }
  if (base.startsWith('ecdsa-sha2-') || base.startsWith('sk-ecdsa-sha2-')) {
    // Plain keys repeat the curve as a field; certificates carry it too (PROTOCOL.certkeys).
    const curve = r.string('ecdsa curve').toString('latin1').replace(/[^\x21-\x7e]/g, '?').slice(0, 40);
    return { ...facts, family: 'ecdsa', bits: CURVE_BITS[curve] ?? 0, curve };
  }
  if (base === 'ssh-ed25519' || base === 'sk-ssh-ed25519@openssh.com') return { ...facts, family: 'ed25519', bits: 256 };
  if (base === 'ssh-ed448') return { ...facts, family: 'ed448', bits: 456 };
  return { ...facts, family: 'unknown', bits: 0 };
}

/**
 * The key family a host-key algorithm name needs. Several algorithms share one key
 * (`ssh-rsa`, `rsa-sha2-256` and `rsa-sha2-512` all sign with the RSA key), so one
 * handshake per family is enough to learn every key the server holds.
 */
export function keyFamilyOfAlgorithm(algorithm: string): string {
  const a = algorithm.replace(/-cert-v01@openssh\.com$/, '');
  if (a === 'ssh-rsa' || a === 'rsa-sha2-256' || a === 'rsa-sha2-512') return algorithm.endsWith('-cert-v01@openssh.com') ? 'rsa-cert' : 'rsa';
  if (a === 'ssh-dss') return algorithm.endsWith('-cert-v01@openssh.com') ? 'dsa-cert' : 'dsa';
  return algorithm;
}
