import { buildClientHello, buildSslv2ClientHello } from './client-hello.js';
import { GROUPS, VERSION, type ProtocolName } from './constants.js';
import { retryWhileThrottled, sendHello, type Endpoint, type ProbeOutcome } from './connection.js';
import type { KeyExchangeInfo, ServerFlight } from './server-flight.js';
import { isTls13Suite, suiteByCode, suiteTable } from '../../observations/tls/index.js';
import type { ProbeError } from '../../observations/tls/index.js';

/** Shared state of one endpoint's scan: the endpoint, the SNI name and a handshake counter. */
export interface ProbeSession {
  ep: Endpoint;
  serverName?: string;
  handshakes: number;
  errors: ProbeError[];
  /** How many times the server refused a session for load (each was retried). */
  throttled?: number;
}

export async function probe(session: ProbeSession, hello: Buffer, label: string, opts: { sslv2?: boolean } = {}): Promise<ProbeOutcome> {
  const out = await retryWhileThrottled(
    session.ep,
    () => {
      session.handshakes++;
      return sendHello(session.ep, hello, opts);
    },
    (o) => o.status === 'error' && o.reason === 'throttled',
    () => (session.throttled = (session.throttled ?? 0) + 1),
  );
  if (out.status === 'error' && out.reason !== 'aborted') session.errors.push({ probe: label, reason: out.reason, detail: out.detail });
  return out;
}

/** The suites worth offering for a protocol: TLS 1.3 suites only for 1.3; no TLS 1.2-only suites below 1.2. */
export function candidateSuites(protocol: ProtocolName): number[] {
  const all = suiteTable().tls;
  const pick = all.filter((s) => {
    if (protocol === 'TLSv1.3') return isTls13Suite(s);
    if (isTls13Suite(s)) return false;
    if (protocol === 'TLSv1.2') return true;
    return s.since !== 'TLSv1.2';
  });
  return pick.map((s) => parseInt(s.code, 16));
}

export interface ProtocolEnumeration {
  protocol: ProtocolName;
  supported: boolean;
  /** Accepted suites in the order found (the server's order when it imposes one). */
  suites: number[];
  /** The first accepted handshake's flight (certificates, renegotiation_info, OCSP). */
  firstFlight?: ServerFlight;
  /** Flights that carried a certificate, by suite (anonymous suites carry none). */
  certificateFlights: ServerFlight[];
  keyExchanges: Map<number, KeyExchangeInfo>;
  /** A flight cut off after its ServerHello because it was too large (a huge certificate chain). */
  oversized?: ServerFlight['oversized'];
  /** The largest certificate count a Certificate message of this protocol listed. */
  certificateCount?: number;
  /** The first probe of this protocol failed with an error, so support is unknown. */
  undecided: boolean;
}

/**
 * Every suite the server accepts for one protocol: offer all candidates, note the chosen one,
 * offer the rest again, until the server refuses. The number of handshakes grows with the
 * suites the server supports (plus one refusal), not with the suites attt knows.
 */
export async function enumerateProtocol(session: ProbeSession, protocol: ProtocolName): Promise<ProtocolEnumeration> {
  const result: ProtocolEnumeration = { protocol, supported: false, suites: [], certificateFlights: [], keyExchanges: new Map(), undecided: false };
  let remaining = candidateSuites(protocol);
  for (let round = 0; remaining.length > 0 && round <= remaining.length + 1; round++) {
    const hello = buildClientHello({ protocol, suites: remaining, serverName: session.serverName });
    let out = await probe(session, hello, `${protocol} suites`);
    if (isQuirkRefusal(out, round)) out = await retryInOtherOrders(session, protocol, remaining, out);
    if (out.status !== 'answered') {
      if (out.status === 'error' && result.suites.length === 0) result.undecided = true;
      break;
    }
    const sh = out.flight.serverHello;
    if (!sh || sh.version !== VERSION[protocol]) break; // the server answered with another version: not this one
    if (!remaining.includes(sh.cipherSuite)) {
      session.errors.push({ probe: `${protocol} suites`, reason: 'unoffered-suite', detail: `server chose 0x${sh.cipherSuite.toString(16).padStart(4, '0')}, which was not offered` });
      break;
    }
    result.supported = true;
    result.suites.push(sh.cipherSuite);
    if (!result.firstFlight) result.firstFlight = out.flight;
    if (out.flight.certificates?.length) result.certificateFlights.push(out.flight);
    if (out.flight.oversized) result.oversized ??= out.flight.oversized;
    if (out.flight.certificateCount) result.certificateCount = Math.max(result.certificateCount ?? 0, out.flight.certificateCount);
    if (out.flight.keyExchange) result.keyExchanges.set(sh.cipherSuite, out.flight.keyExchange);
    remaining = remaining.filter((c) => c !== sh.cipherSuite);
  }
  return result;
}

/**
 * A refusal that may be the server failing on the suite it picked rather than declining the
 * offer: an internal_error alert, or (on a protocol's first offer only, since closing is also how
 * many servers decline) the connection closed or reset without a word. Dovecot without `ssl_dh`,
 * for one, picks a DHE suite it cannot serve and aborts.
 */
function isQuirkRefusal(out: ProbeOutcome, round: number): boolean {
  if (out.status !== 'refused') return false;
  return out.alert === 'internal_error' || (round === 0 && (out.reason === 'closed' || out.reason === 'reset'));
}

const isFiniteFieldDh = (code: number) => /^DHE?_/.test(suiteByCode(code)?.kx ?? '');

/**
 * Offer the same suites in other orders (finite-field DHE last, then the list reversed), as
 * testssl.sh does, so a server that trips over its own choice is not taken for one that speaks
 * no such protocol. At most two more handshakes; the first answer wins.
 */
async function retryInOtherOrders(session: ProbeSession, protocol: ProtocolName, suites: number[], refused: ProbeOutcome): Promise<ProbeOutcome> {
  const dheLast = [...suites.filter((c) => !isFiniteFieldDh(c)), ...suites.filter(isFiniteFieldDh)];
  const orders = [dheLast, [...suites].reverse()].filter((o, i, all) => o.some((c, j) => c !== suites[j]) && all.findIndex((x) => x.every((c, j) => c === o[j])) === i);
  for (const order of orders) {
    const out = await probe(session, buildClientHello({ protocol, suites: order, serverName: session.serverName }), `${protocol} suites, another order`);
    if (out.status === 'answered') return out;
  }
  return refused;
}

/** Offer the found suites reversed: a server that still picks its first one imposes its order. */
export async function detectServerOrder(session: ProbeSession, protocol: ProtocolName, found: number[]): Promise<boolean | null> {
  if (found.length < 2) return null;
  const out = await probe(session, buildClientHello({ protocol, suites: [...found].reverse(), serverName: session.serverName }), `${protocol} order`);
  if (out.status !== 'answered' || !out.flight.serverHello) return null;
  const chosen = out.flight.serverHello.cipherSuite;
  if (chosen === found[0]) return true;
  if (chosen === found[found.length - 1]) return false;
  return null;
}

/**
 * Key-exchange groups in the server's preference order. TLS 1.3: offer groups with an empty
 * key_share so the server names its choice in a HelloRetryRequest, remove it, repeat.
 * TLS 1.2: offer ECDHE suites with one list of curves and read the curve from ServerKeyExchange.
 */
export async function enumerateGroups(session: ProbeSession, protocol: 'TLSv1.3' | 'TLSv1.2', ecdheSuites: number[]): Promise<string[]> {
  let remaining = Object.keys(GROUPS).map(Number);
  if (protocol === 'TLSv1.2') remaining = remaining.filter((g) => g < 0x0100);
  const found: string[] = [];
  const suites = protocol === 'TLSv1.3' ? candidateSuites('TLSv1.3') : ecdheSuites;
  if (!suites.length) return found;
  for (let round = 0; remaining.length > 0 && round < 24; round++) {
    const hello = buildClientHello({ protocol, suites, serverName: session.serverName, groups: remaining, keyShareGroups: [] });
    const out = await probe(session, hello, `${protocol} groups`);
    if (out.status !== 'answered' || !out.flight.serverHello) break;
    const sh = out.flight.serverHello;
    const group = protocol === 'TLSv1.3' ? sh.selectedGroup : out.flight.keyExchange?.kind === 'ecdh' ? out.flight.keyExchange.group : undefined;
    if (group === undefined || !remaining.includes(group)) break;
    found.push(GROUPS[group] ?? `0x${group.toString(16)}`);
    remaining = remaining.filter((g) => g !== group);
  }
  return found;
}

/**
 * RFC 7507: resend a hello at a lower version than the best with TLS_FALLBACK_SCSV; a server
 * that supports the SCSV answers inappropriate_fallback instead of negotiating.
 */
export async function probeFallbackScsv(session: ProbeSession, lower: ProtocolName, suites: number[]): Promise<'supported' | 'missing' | 'unknown'> {
  const out = await probe(session, buildClientHello({ protocol: lower, suites, serverName: session.serverName, fallbackScsv: true }), 'fallback SCSV');
  if (out.status === 'refused' && out.alert === 'inappropriate_fallback') return 'supported';
  if (out.status === 'answered' && out.flight.serverHello?.version === VERSION[lower]) return 'missing';
  return 'unknown';
}

/** SSL 2.0: one CLIENT-HELLO with every cipher kind; the SERVER-HELLO lists all the server accepts. */
export async function probeSslv2(session: ProbeSession): Promise<{ supported: boolean; cipherKinds: number[]; certificate?: Buffer; undecided: boolean }> {
  const kinds = suiteTable().sslv2.map((s) => parseInt(s.code, 16));
  const out = await probe(session, buildSslv2ClientHello(kinds), 'SSLv2', { sslv2: true });
  if (out.status === 'answered' && out.flight.sslv2) {
    const accepted = out.flight.sslv2.cipherKinds.filter((k) => kinds.includes(k));
    return { supported: accepted.length > 0, cipherKinds: accepted, certificate: out.flight.sslv2.certificate, undecided: false };
  }
  return { supported: false, cipherKinds: [], undecided: out.status === 'error' };
}
