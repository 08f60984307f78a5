import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import { CONTENT, EXT, GROUPS, HANDSHAKE, SIGNATURE_SCHEMES, VERSION, type ProtocolName } from './constants.js';
import { u16, u8, vec } from './wire.js';

/** What one ClientHello offers. Built byte by byte so attt can offer what OpenSSL refuses to. */
export interface ClientHelloOptions {
  /** client_version (for TLS 1.3 the legacy 0x0303 is sent and `TLSv1.3` goes in supported_versions). */
  protocol: ProtocolName;
  /** Cipher-suite code points in preference order. */
  suites: number[];
  /** Host name for SNI; omitted for IP addresses (RFC 6066 forbids literal IPs). */
  serverName?: string;
  /** supported_groups, by code point (default: every group attt knows). */
  groups?: number[];
  /** Groups to send key shares for (TLS 1.3); `[]` sends an empty key_share to provoke a HelloRetryRequest. */
  keyShareGroups?: number[];
  /** Versions for supported_versions (TLS 1.3 probes). */
  supportedVersions?: ProtocolName[];
  /** Add TLS_FALLBACK_SCSV (RFC 7507). */
  fallbackScsv?: boolean;
  /** Ask for a stapled OCSP response (status_request, RFC 6066). Default true. */
  statusRequest?: boolean;
  /** Send the empty renegotiation_info extension (RFC 5746). Default true. */
  renegotiationInfo?: boolean;
  /** Compression methods offered (default [0], null only); the CRIME probe offers DEFLATE (1). */
  compressionMethods?: number[];
  /** Offer the heartbeat extension (RFC 6520, peer_allowed_to_send) for the Heartbleed probe. */
  heartbeat?: boolean;
  /** Legacy session id (TLS ≤ 1.2); the Ticketbleed probe sends a short one with a ticket. */
  sessionId?: Buffer;
  /** SessionTicket extension contents (RFC 5077); default empty ("I support tickets"). */
  sessionTicket?: Buffer;
}

const ALL_GROUPS = Object.keys(GROUPS).map(Number).filter((g) => g !== 0x11ec);

function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vec(2, body)]);
}

/** A fresh public key for a key share: the server must be able to parse it or it aborts. */
/**
 * One public key share per group for the whole process: a probe only reads the server's answer
 * and never completes the key exchange (no private key is kept), so a fresh key pair for each of
 * the dozens of hellos per endpoint bought nothing and cost a tenth of a TLS scan's CPU.
 */
const keyShares = new Map<number, Buffer | undefined>();
function keyShareFor(group: number): Buffer | undefined {
  if (!keyShares.has(group)) keyShares.set(group, newKeyShare(group));
  return keyShares.get(group);
}

function newKeyShare(group: number): Buffer | undefined {
  switch (group) {
    case 0x001d:
    case 0x001e: {
      const { publicKey } = group === 0x001d ? generateKeyPairSync('x25519') : generateKeyPairSync('x448');
      const der = publicKey.export({ type: 'spki', format: 'der' });
      return der.subarray(der.length - (group === 0x001d ? 32 : 56));
    }
    case 0x0017:
      return createECDH('prime256v1').generateKeys();
    case 0x0018:
      return createECDH('secp384r1').generateKeys();
    case 0x0019:
      return createECDH('secp521r1').generateKeys();
    default:
      return undefined;
  }
}

/** The ClientHello handshake message wrapped in one TLS record (or several when > 2^14 bytes). */
export function buildClientHello(opts: ClientHelloOptions): Buffer {
  const isTls13 = opts.protocol === 'TLSv1.3' || (opts.supportedVersions?.includes('TLSv1.3') ?? false);
  const clientVersion = opts.protocol === 'TLSv1.3' ? VERSION['TLSv1.2'] : VERSION[opts.protocol];
  const suites = [...opts.suites];
  if (opts.fallbackScsv) suites.push(0x5600);
  const extensions: Buffer[] = [];
  if (opts.protocol !== 'SSLv3') {
    if (opts.serverName) {
      const name = Buffer.from(opts.serverName, 'ascii');
      extensions.push(extension(EXT.serverName, vec(2, u8(0), vec(2, name))));
    }
    const groups = opts.groups ?? ALL_GROUPS;
    extensions.push(extension(EXT.supportedGroups, vec(2, ...groups.map(u16))));
    extensions.push(extension(EXT.ecPointFormats, vec(1, u8(0), u8(1), u8(2))));
    // RFC 5246 §7.4.1.4.1: signature_algorithms exists from TLS 1.2 on; older servers may reject it.
    if (opts.protocol === 'TLSv1.2' || isTls13) extensions.push(extension(EXT.signatureAlgorithms, vec(2, ...SIGNATURE_SCHEMES.map(u16))));
    if (opts.statusRequest !== false) extensions.push(extension(EXT.statusRequest, Buffer.from([1, 0, 0, 0, 0])));
    if (opts.renegotiationInfo !== false && opts.protocol !== 'TLSv1.3') extensions.push(extension(EXT.renegotiationInfo, u8(0)));
    extensions.push(extension(EXT.extendedMasterSecret, Buffer.alloc(0)));
    extensions.push(extension(EXT.sessionTicket, opts.sessionTicket ?? Buffer.alloc(0)));
    if (opts.heartbeat) extensions.push(extension(EXT.heartbeat, u8(1)));
    if (isTls13) {
      const versions = opts.supportedVersions ?? ['TLSv1.3'];
      extensions.push(extension(EXT.supportedVersions, vec(1, ...versions.map((v) => u16(VERSION[v])))));
      extensions.push(extension(EXT.pskKeyExchangeModes, vec(1, u8(1))));
      const shares = (opts.keyShareGroups ?? [0x001d, 0x0017])
        .map((g) => ({ g, key: keyShareFor(g) }))
        .filter((s): s is { g: number; key: Buffer } => s.key !== undefined)
        .map((s) => Buffer.concat([u16(s.g), vec(2, s.key)]));
      extensions.push(extension(EXT.keyShare, vec(2, ...shares)));
    }
  }
  const sessionId = opts.sessionId ?? (isTls13 ? randomBytes(32) : Buffer.alloc(0));
  const bodyWithout = (exts: Buffer[]) =>
    Buffer.concat([u16(clientVersion), randomBytes(32), vec(1, sessionId), vec(2, ...suites.map(u16)), vec(1, ...(opts.compressionMethods ?? [0]).map(u8)), ...(exts.length ? [vec(2, ...exts)] : [])]);
  let body = bodyWithout(extensions);
  // Some TLS terminators hang on ClientHellos of 256–511 bytes; RFC 7685 padding moves us past that range.
  if (extensions.length && body.length + 4 >= 256 && body.length + 4 < 512) {
    const padLen = Math.max(1, 512 - (body.length + 4) - 4);
    body = bodyWithout([...extensions, extension(EXT.padding, Buffer.alloc(padLen))]);
  }
  const handshake = Buffer.concat([u8(HANDSHAKE.clientHello), u8(body.length >> 16), u16(body.length & 0xffff), body]);
  const recordVersion = opts.protocol === 'SSLv3' ? VERSION.SSLv3 : VERSION.TLSv1;
  const records: Buffer[] = [];
  for (let i = 0; i < handshake.length; i += 16384) {
    const chunk = handshake.subarray(i, i + 16384);
    records.push(Buffer.concat([u8(CONTENT.handshake), u16(recordVersion), u16(chunk.length), chunk]));
  }
  return Buffer.concat(records);
}

/** An SSL 2.0 CLIENT-HELLO (draft-hickman-netscape-ssl-00 §2.5) offering the given 3-byte cipher kinds. */
export function buildSslv2ClientHello(cipherKinds: number[]): Buffer {
  const specs = Buffer.concat(cipherKinds.map((k) => Buffer.from([(k >> 16) & 0xff, (k >> 8) & 0xff, k & 0xff])));
  const challenge = randomBytes(16);
  const body = Buffer.concat([u8(1), u16(0x0002), u16(specs.length), u16(0), u16(challenge.length), specs, challenge]);
  // Two-byte header with the high bit set: no padding.
  return Buffer.concat([u16(0x8000 | body.length), body]);
}
