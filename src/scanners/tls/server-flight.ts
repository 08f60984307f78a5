import { ALERTS, CONTENT, EXT, HANDSHAKE, HRR_RANDOM, LIMITS, VERSION } from './constants.js';
import { suiteByCode } from '../../observations/tls/index.js';
import { Reader, TlsParseError } from './wire.js';

/** The parts of a ServerHello the scanner uses. */
export interface ServerHelloInfo {
  /** Negotiated version: supported_versions when present, else the legacy field. */
  version: number;
  legacyVersion: number;
  cipherSuite: number;
  compression: number;
  extensions: number[];
  isHelloRetryRequest: boolean;
  /** TLS 1.3: the group of the server's key share, or the group a HelloRetryRequest asks for. */
  selectedGroup?: number;
  /** The server echoed renegotiation_info (RFC 5746). */
  secureRenegotiation: boolean;
  /** The server acknowledged status_request (it will staple an OCSP response). */
  statusRequestAcked: boolean;
}

export type KeyExchangeInfo =
  | { kind: 'dh'; primeBits: number }
  | { kind: 'ecdh'; group?: number; curveType: number }
  | { kind: 'rsa'; modulusBits: number }
  | { kind: 'other' };

export interface Sslv2ServerHello {
  version: number;
  certificate?: Buffer;
  cipherKinds: number[];
}

export interface ServerFlight {
  bytes: number;
  serverHello?: ServerHelloInfo;
  certificates?: Buffer[];
  keyExchange?: KeyExchangeInfo;
  /** A CertificateStatus message with a non-empty OCSP response arrived. */
  ocspStapled: boolean;
  serverHelloDone: boolean;
  alert?: { level: number; description: number; name: string };
  sslv2?: Sslv2ServerHello;
  sslv2Error?: number;
}

function bitLength(b: Buffer): number {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (i === b.length) return 0;
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]));
}

export function parseServerHello(body: Buffer): ServerHelloInfo {
  const r = new Reader(body, 'ServerHello');
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  const sessionId = r.vector(1);
  if (sessionId.length > 32) throw new TlsParseError('bad-server-hello', `ServerHello: session id of ${sessionId.length} bytes (at most 32 allowed)`);
  const cipherSuite = r.u16();
  const compression = r.u8();
  const info: ServerHelloInfo = {
    version: legacyVersion,
    legacyVersion,
    cipherSuite,
    compression,
    extensions: [],
    isHelloRetryRequest: random.equals(HRR_RANDOM),
    secureRenegotiation: false,
    statusRequestAcked: false,
  };
  if (r.remaining === 0) return info;
  const exts = new Reader(r.vector(2), 'ServerHello extensions');
  while (exts.remaining > 0) {
    const type = exts.u16();
    const data = new Reader(exts.vector(2), `ServerHello extension ${type}`);
    if (info.extensions.length >= 64) throw new TlsParseError('bad-server-hello', 'ServerHello: more than 64 extensions');
    info.extensions.push(type);
    if (type === EXT.supportedVersions) info.version = data.u16();
    else if (type === EXT.keyShare) info.selectedGroup = data.u16();
    else if (type === EXT.renegotiationInfo) info.secureRenegotiation = true;
    else if (type === EXT.statusRequest) info.statusRequestAcked = true;
  }
  return info;
}

export function parseCertificateList(body: Buffer): Buffer[] {
  const r = new Reader(body, 'Certificate');
  const list = new Reader(r.vector(3), 'Certificate list');
  const certs: Buffer[] = [];
  while (list.remaining > 0) {
    const der = list.vector(3);
    if (der.length === 0) throw new TlsParseError('bad-certificate', 'Certificate: an empty certificate entry');
    if (certs.length < LIMITS.maxCertificates) certs.push(Buffer.from(der));
  }
  return certs;
}

/** ServerKeyExchange: only the parameters the audit judges (DH prime size, ECDH group, export RSA size). */
export function parseServerKeyExchange(body: Buffer, suite: number): KeyExchangeInfo {
  const kx = suiteByCode(suite)?.kx ?? '';
  const r = new Reader(body, 'ServerKeyExchange');
  if (/^(DHE|DH_anon)/.test(kx)) {
    const p = r.vector(2);
    r.vector(2); // g
    r.vector(2); // Ys
    return { kind: 'dh', primeBits: bitLength(p) };
  }
  if (/^(ECDHE|ECDH_anon)/.test(kx)) {
    const curveType = r.u8();
    return curveType === 3 ? { kind: 'ecdh', curveType, group: r.u16() } : { kind: 'ecdh', curveType };
  }
  if (kx === 'RSA') return { kind: 'rsa', modulusBits: bitLength(r.vector(2)) };
  return { kind: 'other' };
}

/**
 * Incremental parser of a server's first flight. Feed it bytes as they arrive; `done` says
 * when the scanner has what it came for. Throws TlsParseError on anything malformed,
 * oversized or not TLS at all.
 */
export class FlightParser {
  readonly flight: ServerFlight = { bytes: 0, ocspStapled: false, serverHelloDone: false };
  private pending: Buffer = Buffer.alloc(0);
  private handshake: Buffer = Buffer.alloc(0);
  private expectSslv2: boolean;

  constructor(opts: { sslv2?: boolean } = {}) {
    this.expectSslv2 = opts.sslv2 === true;
  }

  get done(): boolean {
    const f = this.flight;
    if (f.alert || f.sslv2 || f.sslv2Error !== undefined || f.serverHelloDone) return true;
    const sh = f.serverHello;
    return sh !== undefined && (sh.isHelloRetryRequest || sh.version === VERSION['TLSv1.3']);
  }

  push(chunk: Buffer): void {
    this.flight.bytes += chunk.length;
    if (this.flight.bytes > LIMITS.maxFlightBytes) throw new TlsParseError('oversized', `server sent more than ${LIMITS.maxFlightBytes} bytes before finishing its hello`);
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (!this.done) {
      if (this.expectSslv2 && this.pending.length > 0 && this.pending[0] & 0x80) {
        if (!this.readSslv2Record()) return;
        continue;
      }
      if (!this.readRecord()) return;
    }
  }

  /** Bytes received but not yet a complete record (for "truncated" diagnostics). */
  get incompleteBytes(): number {
    return this.pending.length + this.handshake.length;
  }

  private readRecord(): boolean {
    if (this.pending.length < 5) return false;
    const type = this.pending[0];
    const version = this.pending.readUInt16BE(1);
    const length = this.pending.readUInt16BE(3);
    if (type < CONTENT.changeCipherSpec || type > CONTENT.heartbeat) {
      throw new TlsParseError('not-tls', `record at byte ${this.flight.bytes - this.pending.length}: content type ${type} is not TLS (first bytes ${this.pending.subarray(0, 8).toString('hex')})`);
    }
    if (version >> 8 !== 3 || (version & 0xff) > 4) throw new TlsParseError('not-tls', `record version 0x${version.toString(16).padStart(4, '0')} is not SSL 3.0/TLS`);
    if (length > LIMITS.maxRecordBody) throw new TlsParseError('oversized', `record of ${length} bytes exceeds the ${LIMITS.maxRecordBody}-byte limit`);
    if (this.pending.length < 5 + length) return false;
    const body = this.pending.subarray(5, 5 + length);
    this.pending = this.pending.subarray(5 + length);
    if (type === CONTENT.alert) {
      if (body.length < 2) throw new TlsParseError('truncated', `alert record of ${body.length} byte(s)`);
      this.flight.alert = { level: body[0], description: body[1], name: ALERTS[body[1]] ?? `alert_${body[1]}` };
    } else if (type === CONTENT.handshake) {
      if (length === 0) throw new TlsParseError('bad-record', 'empty handshake record');
      this.handshake = this.handshake.length ? Buffer.concat([this.handshake, body]) : Buffer.from(body);
      this.readHandshakeMessages();
    } else if (type === CONTENT.changeCipherSpec || type === CONTENT.applicationData) {
      // TLS 1.3 compatibility CCS, or encrypted data after a ServerHello we already have: nothing to read.
      if (!this.flight.serverHello) throw new TlsParseError('unexpected-record', `content type ${type} before ServerHello`);
    }
    return true;
  }

  private readHandshakeMessages(): void {
    while (this.handshake.length >= 4 && !this.done) {
      const type = this.handshake[0];
      const length = this.handshake.readUIntBE(1, 3);
      if (length > LIMITS.maxHandshakeMessage) throw new TlsParseError('oversized', `handshake message ${type} of ${length} bytes exceeds the ${LIMITS.maxHandshakeMessage}-byte limit`);
      if (this.handshake.length < 4 + length) return;
      const body = this.handshake.subarray(4, 4 + length);
      this.handshake = this.handshake.subarray(4 + length);
      this.onHandshake(type, body);
    }
  }

  private onHandshake(type: number, body: Buffer): void {
    const f = this.flight;
    if (!f.serverHello && type !== HANDSHAKE.serverHello) {
      if (type === HANDSHAKE.helloRequest) return;
      throw new TlsParseError('unexpected-message', `handshake message ${type} before ServerHello`);
    }
    switch (type) {
      case HANDSHAKE.serverHello:
        if (f.serverHello) throw new TlsParseError('unexpected-message', 'a second ServerHello');
        f.serverHello = parseServerHello(body);
        break;
      case HANDSHAKE.certificate:
        f.certificates = parseCertificateList(body);
        break;
      case HANDSHAKE.serverKeyExchange:
        f.keyExchange = parseServerKeyExchange(body, f.serverHello!.cipherSuite);
        break;
      case HANDSHAKE.certificateStatus: {
        const r = new Reader(body, 'CertificateStatus');
        f.ocspStapled = r.u8() === 1 && r.vector(3).length > 0;
        break;
      }
      case HANDSHAKE.serverHelloDone:
        f.serverHelloDone = true;
        break;
      default:
        break; // CertificateRequest and others: not needed
    }
  }

  /** SSL 2.0 record with a two-byte header (draft-hickman-netscape-ssl-00 §1.2). */
  private readSslv2Record(): boolean {
    if (this.pending.length < 2) return false;
    const length = ((this.pending[0] & 0x7f) << 8) | this.pending[1];
    if (this.pending.length < 2 + length) return false;
    const body = this.pending.subarray(2, 2 + length);
    this.pending = this.pending.subarray(2 + length);
    const r = new Reader(body, 'SSLv2 SERVER-HELLO');
    const msgType = r.u8();
    if (msgType === 0) {
      this.flight.sslv2Error = r.u16();
      return true;
    }
    if (msgType !== 4) throw new TlsParseError('unexpected-message', `SSLv2 message type ${msgType} instead of SERVER-HELLO`);
    r.u8(); // session id hit
    r.u8(); // certificate type
    const version = r.u16();
    const certLength = r.u16();
    const specsLength = r.u16();
    const connIdLength = r.u16();
    if (specsLength % 3 !== 0) throw new TlsParseError('bad-server-hello', `SSLv2 cipher specs length ${specsLength} is not a multiple of 3`);
    const cert = r.bytes(certLength);
    const specs = r.bytes(specsLength);
    r.bytes(connIdLength);
    const cipherKinds: number[] = [];
    for (let i = 0; i < specs.length; i += 3) cipherKinds.push(specs.readUIntBE(i, 3));
    this.flight.sslv2 = { version, cipherKinds, ...(cert.length ? { certificate: Buffer.from(cert) } : {}) };
    return true;
  }
}
