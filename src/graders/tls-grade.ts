import type { GradeCap, ProtocolName, TlsFacts, TlsGrading } from '../observations/tls/index.js';
import { capsThatApply, loadGradeCaps, type GradeCapRule } from './tls-caps.js';
import type { Verdict } from './verdict.js';

/**
 * Letter grade modelled on the Qualys SSL Labs SSL Server Rating Guide (2009q/2009r), as
 * documented in docs/tls.md: three scores (protocol 30 %, key exchange 30 %, cipher 40 %; each
 * the mean of best and worst), a letter from the total, then the caps of
 * checks/data/tls-grade-caps.yaml. Caps are keyed by the checks that decide them, so the
 * grader runs after judging and never judges again what a check judged. attt grades TLS alone,
 * so the best grade is A (A+ also needs HSTS, which the http family judges).
 */

const ORDER = ['A+', 'A', 'A-', 'B', 'C', 'D', 'E', 'F'];
const worse = (a: string, b: string) => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

const PROTOCOL_POINTS: Record<ProtocolName, number> = { SSLv2: 0, SSLv3: 80, TLSv1: 90, 'TLSv1.1': 95, 'TLSv1.2': 100, 'TLSv1.3': 100 };

function keyPoints(bits: number): number {
  if (bits <= 0) return 0;
  if (bits < 512) return 20;
  if (bits < 1024) return 40;
  if (bits < 2048) return 80;
  if (bits < 4096) return 90;
  return 100;
}
/** EC sizes compared with the rating guide's thresholds (110/123/163/225 bits). */
function ecPoints(bits: number): number {
  if (bits < 110) return 20;
  if (bits < 123) return 40;
  if (bits < 163) return 80;
  if (bits < 225) return 90;
  return 100;
}
function cipherPoints(bits: number): number {
  if (bits <= 0) return 0;
  if (bits < 128) return 20;
  if (bits < 256) return 80;
  return 100;
}
export function letterOf(score: number): string {
  if (score >= 80) return 'A';
  if (score >= 65) return 'B';
  if (score >= 50) return 'C';
  if (score >= 35) return 'D';
  if (score >= 20) return 'E';
  return 'F';
}

const GROUP_EC_BITS: Record<string, number> = { x25519: 253, x448: 448, secp256r1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, secp192r1: 192, X25519MLKEM768: 253 };

/** Grade one endpoint from its facts and the verdicts of its checks. Pure. */
export function gradeTls(o: TlsFacts, verdicts: readonly Verdict[], caps: readonly GradeCapRule[] = loadGradeCaps()): TlsGrading {
  const spoken = (Object.keys(o.protocols) as ProtocolName[]).filter((p) => o.protocols[p]);
  const accepted = spoken.flatMap((p) => (o.ciphers[p] ?? []).map((name) => ({ p, name, s: o.suites[name] }))).filter((x) => x.s);
  const leaf = o.certificate[0];
  const leafBits = leaf?.keyType === 'EC' ? 3072 : leaf?.keyBits ?? 0; // EC keys ≥ 256 rank with RSA 3072 (NIST SP 800-57 equivalence)

  const protoPts = spoken.map((p) => PROTOCOL_POINTS[p]);
  const protocol = protoPts.length ? (Math.max(...protoPts) + Math.min(...protoPts)) / 2 : 0;

  const groupBits = o.groups.map((g) => GROUP_EC_BITS[g]).filter((b): b is number => b !== undefined);
  const ecWorst = groupBits.length ? Math.min(...groupBits) : 256;
  const kxPts = accepted.map(({ name, s }) => {
    if (s.anonymous) return 0;
    if (s.export) return keyPoints(512);
    if (/^(DHE|DH_anon)/.test(s.kx)) return keyPoints(o.dhBitsBySuite[name] ?? o.dhBits ?? 1024);
    if (/^ECDHE/.test(s.kx) || s.kx === 'any') return Math.min(ecPoints(ecWorst), keyPoints(leafBits));
    return keyPoints(leafBits);
  });
  const keyExchange = kxPts.length ? (Math.max(...kxPts) + Math.min(...kxPts)) / 2 : 0;
  const cPts = accepted.map(({ s }) => cipherPoints(s.enc === 'None' ? 0 : s.bits));
  const cipher = cPts.length ? (Math.max(...cPts) + Math.min(...cPts)) / 2 : 0;
  const total = protocol === 0 || keyExchange === 0 || cipher === 0 ? 0 : Math.round(0.3 * protocol + 0.3 * keyExchange + 0.4 * cipher);


  const applying = capsThatApply(caps, o, verdicts);
  const rules = applying.filter((r) => r.cap !== 'T' && r.cap !== 'M');
  const trustRules = applying.filter((r) => r.cap === 'T' || r.cap === 'M');
  const scoreLetter = letterOf(total);
  const apply = (exclude: string | undefined) => rules.filter((r) => r.applies && r.rule !== exclude).reduce((g, r) => worse(g, r.cap), scoreLetter);
  const gradeIgnoringTrust = apply(undefined);
  const trustProblem = trustRules.filter((r) => r.applies);
  // Trust problems show as T (or M for a name mismatch), unless the configuration alone already fails.
  const grade = gradeIgnoringTrust === 'F' ? 'F' : trustProblem.length ? (trustProblem.some((r) => r.cap === 'T') ? 'T' : 'M') : gradeIgnoringTrust;

  const gradeCaps: GradeCap[] = [...rules, ...trustRules]
    .filter((r) => r.applies)
    .map((r) => {
      const isTrust = r.cap === 'T' || r.cap === 'M';
      const binding = isTrust ? grade === r.cap : r.cap === gradeIgnoringTrust && ORDER.indexOf(r.cap) > ORDER.indexOf(scoreLetter);
      const ifFixed = isTrust ? (trustProblem.length === 1 ? gradeIgnoringTrust : grade) : apply(r.rule);
      return { rule: r.rule, cap: r.cap, text: r.text, fix: r.fix, binding, ...(binding ? { gradeIfFixed: ifFixed } : {}) };
    });
  return { grade, gradeIgnoringTrust, score: { protocol, keyExchange, cipher, total }, gradeCaps };
}
