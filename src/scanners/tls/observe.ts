import tls from 'node:tls';
import net from 'node:net';
import { ScanTimeoutError, TargetUnreachableError, ToolkitError } from '../../errors.js';
import { buildClientHello } from './client-hello.js';
import { PROTOCOLS, type ProtocolName } from './constants.js';
import { openConnection, type Endpoint } from './connection.js';
import { analyzeChain } from './certificates.js';
import {
  candidateSuites, detectServerOrder, enumerateGroups, enumerateProtocol, probe, probeFallbackScsv, probeSslv2,
  type ProbeSession, type ProtocolEnumeration,
} from './enumerate.js';
import type { StarttlsProtocol } from './starttls.js';
import { suiteByCode, suiteStrength, suiteTable, type CipherSuite } from '../../observations/tls/index.js';
import type { SuiteFacts, TlsFacts } from '../../observations/tls/index.js';

export interface TlsScanOptions {
  /** Name from the inventory: SNI (unless an IP) and the certificate name check. */
  host: string;
  /** Explicit SNI (inventory `sni:`), overriding `host` for both. */
  sni?: string;
  address: string;
  port: number;
  starttls?: StarttlsProtocol;
  /** Per-connection time limit. */
  timeoutMs: number;
  signal: AbortSignal;
  /** PEM text of extra trusted CAs (inventory trust.caFiles). */
  trustedCAs: string[];
  /** The engine's limiter, so every socket respects the per-host session cap. */
  runSession<T>(fn: () => Promise<T>): Promise<T>;
}

function facts(s: CipherSuite): SuiteFacts {
  return { code: s.code, kx: s.kx, au: s.au, enc: s.enc, bits: s.bits, mac: s.mac, aead: s.aead, forwardSecrecy: s.forwardSecrecy, anonymous: s.anonymous, export: s.export, strength: suiteStrength(s) };
}

/** The TLS 1.3 Certificate message is encrypted; for TLS 1.3-only servers node:tls fetches the chain. */
async function fetchChainWithNodeTls(ep: Endpoint, servername: string | undefined): Promise<{ ders: Buffer[]; ocspStapled: boolean }> {
  return ep.runSession(async () => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no TLS 1.3 handshake within ${ep.timeoutMs} ms`)), ep.timeoutMs);
    });
    deadline.catch(() => undefined);
    let socket: tls.TLSSocket | undefined;
    try {
      const conn = await openConnection(ep, deadline);
      conn.reader.detach();
      let ocsp = false;
      // requestOCSP is a documented tls.connect option missing from @types/node 20.
      socket = tls.connect({ socket: conn.socket, servername, rejectUnauthorized: false, requestOCSP: true, minVersion: 'TLSv1.3' } as tls.ConnectionOptions);
      socket.on('OCSPResponse', (r: Buffer | null) => {
        ocsp = (r?.length ?? 0) > 0;
      });
      const s = socket;
      await Promise.race([new Promise<void>((resolve, reject) => { s.once('secureConnect', resolve); s.once('error', reject); }), deadline]);
      const ders: Buffer[] = [];
      let cert = s.getPeerCertificate(true) as tls.DetailedPeerCertificate | undefined;
      const seen = new Set<string>();
      while (cert && cert.raw && !seen.has(cert.fingerprint256) && ders.length < 16) {
        seen.add(cert.fingerprint256);
        ders.push(cert.raw);
        cert = cert.issuerCertificate;
      }
      return { ders, ocspStapled: ocsp };
    } finally {
      clearTimeout(timer);
      socket?.destroy();
    }
  });
}

/** Observe one TLS endpoint: protocols, suites, order, groups, DH size, RFC 5746/7507, chain. */
export async function scanTls(opts: TlsScanOptions): Promise<TlsFacts> {
  const t0 = performance.now();
  const ep: Endpoint = { address: opts.address, port: opts.port, starttls: opts.starttls, timeoutMs: opts.timeoutMs, signal: opts.signal, runSession: opts.runSession };
  const nameForCert = opts.sni ?? opts.host;
  // RFC 6066 §3: literal IP addresses are not permitted in SNI.
  const serverName = nameForCert && !net.isIP(nameForCert) ? nameForCert : undefined;
  const session: ProbeSession = { ep, serverName, handshakes: 0, errors: [] };

  // Connectivity first (as sslyze does): a server that answers garbage or nothing fails fast, once.
  const all = [...candidateSuites('TLSv1.3'), ...candidateSuites('TLSv1.2')];
  const first = await probe(session, buildClientHello({ protocol: 'TLSv1.2', suites: all, serverName, supportedVersions: ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1'] }), 'connectivity');
  if (first.status === 'error') throw probeFailure(opts, first.reason, first.detail);

  const tlsProtocols = PROTOCOLS.filter((p) => p !== 'SSLv2');
  const [sslv2, ...enums] = await Promise.all([probeSslv2(session), ...tlsProtocols.map((p) => enumerateProtocol(session, p))]);
  const byProtocol = new Map<ProtocolName, ProtocolEnumeration>(enums.map((e) => [e.protocol, e]));

  const protocols = Object.fromEntries(PROTOCOLS.map((p) => [p, p === 'SSLv2' ? sslv2.supported : byProtocol.get(p)!.supported])) as Record<ProtocolName, boolean>;
  if (!Object.values(protocols).some(Boolean)) {
    const err = session.errors[0];
    if (err) throw probeFailure(opts, err.reason, err.detail);
    throw new ToolkitError('ATTT_TLS_NO_PROTOCOL', {
      vi: `${opts.address}:${opts.port} không chấp nhận phiên bản SSL/TLS nào attt đề nghị (máy chủ từ chối mọi ClientHello).`,
      en: `${opts.address}:${opts.port} accepted no SSL/TLS version attt offered (every ClientHello was refused).`,
    });
  }

  const ciphers: TlsFacts['ciphers'] = {};
  const suites: Record<string, SuiteFacts> = {};
  const serverCipherOrder: TlsFacts['serverCipherOrder'] = {};
  const dhBitsBySuite: Record<string, number> = {};
  if (sslv2.supported) {
    const table = suiteTable().sslv2;
    ciphers.SSLv2 = sslv2.cipherKinds.map((k) => {
      const s = table.find((x) => parseInt(x.code, 16) === k)!;
      suites[s.name] = facts(s);
      return s.name;
    });
  }
  const orders = await Promise.all(tlsProtocols.map((p) => detectServerOrder(session, p, byProtocol.get(p)!.suites)));
  tlsProtocols.forEach((p, i) => {
    const e = byProtocol.get(p)!;
    if (!e.supported) return;
    ciphers[p] = e.suites.map((code) => {
      const s = suiteByCode(code);
      if (!s) return `0x${code.toString(16).padStart(4, '0')}`;
      suites[s.name] = facts(s);
      const kx = e.keyExchanges.get(code);
      if (kx?.kind === 'dh') dhBitsBySuite[s.name] = Math.min(dhBitsBySuite[s.name] ?? Infinity, kx.primeBits);
      return s.name;
    });
    serverCipherOrder[p] = orders[i];
  });
  const dhValues = Object.values(dhBitsBySuite);

  // Groups: TLS 1.3 when spoken (HelloRetryRequest), else TLS 1.2 ECDHE suites.
  let groups: string[] = [];
  let groupsProbedWith: 'TLSv1.3' | 'TLSv1.2' | undefined;
  const ecdhe12 = (byProtocol.get('TLSv1.2')!.suites ?? []).filter((c) => /^ECDHE/.test(suiteByCode(c)?.kx ?? ''));
  if (protocols['TLSv1.3']) {
    groupsProbedWith = 'TLSv1.3';
    groups = await enumerateGroups(session, 'TLSv1.3', []);
  } else if (ecdhe12.length) {
    groupsProbedWith = 'TLSv1.2';
    groups = await enumerateGroups(session, 'TLSv1.2', ecdhe12);
  }

  // RFC 7507 needs two versions to fall back between.
  const spoken = tlsProtocols.filter((p) => protocols[p]);
  let fallbackScsv: TlsFacts['fallbackScsv'] = 'not-applicable';
  if (spoken.length >= 2) {
    const lower = spoken[spoken.length - 2];
    fallbackScsv = await probeFallbackScsv(session, lower, byProtocol.get(lower)!.suites);
  }

  // RFC 5746 is judged on the best TLS ≤ 1.2 handshake (SSLv3 hellos carry no extensions).
  const legacy = (['TLSv1.2', 'TLSv1.1', 'TLSv1'] as const).map((p) => byProtocol.get(p)!).find((e) => e.supported);
  const secureRenegotiation = legacy?.firstFlight?.serverHello ? legacy.firstFlight.serverHello.secureRenegotiation : null;

  // The chain as sent: from attt's own handshake when TLS ≤ 1.2 is spoken, else node:tls (TLS 1.3 encrypts it).
  let ders: Buffer[] = [];
  let certificateSource: TlsFacts['certificateSource'] = 'none';
  let ocspStapled: boolean | null = null;
  const withCert = (['TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'] as const).map((p) => byProtocol.get(p)!.certificateFlights[0]).find(Boolean);
  if (withCert?.certificates) {
    ders = withCert.certificates;
    certificateSource = 'handshake';
    ocspStapled = withCert.ocspStapled;
  } else if (protocols['TLSv1.3']) {
    try {
      const fetched = await fetchChainWithNodeTls(ep, serverName);
      ders = fetched.ders;
      certificateSource = 'node-tls';
      ocspStapled = fetched.ocspStapled;
    } catch (error) {
      session.errors.push({ probe: 'TLSv1.3 certificate', reason: 'certificate-fetch-failed', detail: (error as Error).message });
    }
  } else if (sslv2.certificate) {
    ders = [sslv2.certificate];
    certificateSource = 'sslv2';
  }
  const chain = analyzeChain(ders, { host: nameForCert || opts.address, extraCAs: opts.trustedCAs });

  const base = {
    schema: 'attt.tls/1' as const,
    host: opts.host,
    ...(serverName ? { sni: serverName } : {}),
    address: opts.address,
    port: opts.port,
    ...(opts.starttls ? { starttls: opts.starttls } : {}),
    protocols,
    ciphers,
    suites,
    serverCipherOrder,
    groups,
    ...(groupsProbedWith ? { groupsProbedWith } : {}),
    dhBits: dhValues.length ? Math.min(...dhValues) : null,
    dhBitsBySuite,
    secureRenegotiation,
    fallbackScsv,
    ocspStapled: ders.length ? ocspStapled ?? false : null,
    ...chain,
    certificateSource,
    probeErrors: session.errors,
  };
  return { ...base, handshakes: session.handshakes, durationMs: Math.round(performance.now() - t0) };
}

function probeFailure(opts: TlsScanOptions, reason: string, detail: string): ToolkitError {
  const where = `${opts.address}:${opts.port}`;
  if (reason === 'timeout') return new ScanTimeoutError({ vi: `${where}: máy chủ không trả lời TLS trong thời hạn (${detail}).`, en: `${where}: the server gave no TLS answer in time (${detail}).` });
  if (reason === 'connection-refused' || reason === 'connect-failed') {
    return new TargetUnreachableError({ vi: `${where}: không kết nối được (${detail}).`, en: `${where}: cannot connect (${detail}).` });
  }
  return new ToolkitError(`ATTT_TLS_${reason.toUpperCase().replace(/-/g, '_')}`, {
    vi: `${where}: câu trả lời TLS không hợp lệ — ${reason}: ${detail}`,
    en: `${where}: invalid TLS answer — ${reason}: ${detail}`,
  });
}

