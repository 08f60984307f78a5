/** Wire constants (RFC 5246, RFC 8446, RFC 6101, draft-hickman-netscape-ssl-00) and names for them. */

import { PROTOCOLS, type ProtocolName } from '../../observations/tls/index.js';

export { PROTOCOLS, type ProtocolName };

/** Protocol version numbers as sent in ClientHello/ServerHello (SSLv2 uses 0x0002). */
export const VERSION: Record<ProtocolName, number> = {
  SSLv2: 0x0002,
  SSLv3: 0x0300,
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export function protocolOfVersion(v: number): ProtocolName | undefined {
  return PROTOCOLS.find((p) => VERSION[p] === v);
}

export const CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23, heartbeat: 24 } as const;

export const HANDSHAKE = {
  helloRequest: 0,
  clientHello: 1,
  serverHello: 2,
  newSessionTicket: 4,
  encryptedExtensions: 8,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateStatus: 22,
} as const;

export const EXT = {
  serverName: 0,
  statusRequest: 5,
  supportedGroups: 10,
  ecPointFormats: 11,
  signatureAlgorithms: 13,
  heartbeat: 15,
  alpn: 16,
  padding: 21,
  encryptThenMac: 22,
  extendedMasterSecret: 23,
  sessionTicket: 35,
  supportedVersions: 43,
  pskKeyExchangeModes: 45,
  keyShare: 51,
  renegotiationInfo: 0xff01,
} as const;

/** Signalling cipher suite values (RFC 5746, RFC 7507): never "supported suites". */
export const SCSV = { emptyRenegotiationInfo: 0x00ff, fallback: 0x5600 } as const;

/** Named groups (IANA TLS Supported Groups registry). */
export const GROUPS: Record<number, string> = {
  0x0017: 'secp256r1',
  0x0018: 'secp384r1',
  0x0019: 'secp521r1',
  0x001d: 'x25519',
  0x001e: 'x448',
  0x0100: 'ffdhe2048',
  0x0101: 'ffdhe3072',
  0x0102: 'ffdhe4096',
  0x0103: 'ffdhe6144',
  0x0104: 'ffdhe8192',
  0x11ec: 'X25519MLKEM768',
  0x0015: 'secp224r1',
  0x0016: 'secp256k1',
  0x001a: 'brainpoolP256r1',
  0x001b: 'brainpoolP384r1',
  0x001c: 'brainpoolP512r1',
  0x0013: 'secp192r1',
};

/** Bits of security-relevant size per group, for grading key exchange. */
export const GROUP_BITS: Record<string, number> = {
  secp192r1: 192, secp224r1: 224, secp256r1: 256, secp256k1: 256, secp384r1: 384, secp521r1: 521, x25519: 253, x448: 448,
  brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512,
  ffdhe2048: 2048, ffdhe3072: 3072, ffdhe4096: 4096, ffdhe6144: 6144, ffdhe8192: 8192, X25519MLKEM768: 253,
};

/** Signature schemes offered in signature_algorithms: modern first, then legacy so old servers still answer. */
export const SIGNATURE_SCHEMES = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601,
  0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202, 0x0101, 0x0102, 0x0103,
];

export const ALERTS: Record<number, string> = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 21: 'decryption_failed', 22: 'record_overflow',
  30: 'decompression_failure', 40: 'handshake_failure', 41: 'no_certificate', 42: 'bad_certificate',
  43: 'unsupported_certificate', 44: 'certificate_revoked', 45: 'certificate_expired', 46: 'certificate_unknown',
  47: 'illegal_parameter', 48: 'unknown_ca', 49: 'access_denied', 50: 'decode_error', 51: 'decrypt_error',
  60: 'export_restriction', 70: 'protocol_version', 71: 'insufficient_security', 80: 'internal_error',
  86: 'inappropriate_fallback', 90: 'user_canceled', 100: 'no_renegotiation', 109: 'missing_extension',
  110: 'unsupported_extension', 112: 'unrecognized_name', 116: 'certificate_required', 120: 'no_application_protocol',
};

/** SHA-256("HelloRetryRequest"): the ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3). */
export const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

/** Hard bounds on what a server may send us. */
export const LIMITS = {
  /** Largest TLS record body accepted (2^14 plus the RFC 5246 expansion allowance). */
  maxRecordBody: 16384 + 2048,
  /** Largest single handshake message (a long certificate chain). */
  maxHandshakeMessage: 128 * 1024,
  /** Everything read on one connection. */
  maxFlightBytes: 256 * 1024,
  /** Certificates kept from one Certificate message. */
  maxCertificates: 16,
  /** STARTTLS dialogue: bytes of banner/response lines. */
  maxStarttlsBytes: 16 * 1024,
} as const;
