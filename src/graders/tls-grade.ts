import type { ProtocolName } from '../observations/tls/index.js';
import type { GradeCap, TlsFacts, TlsObservation } from '../observations/tls/index.js';

/**
 * Letter grade modelled on the Qualys SSL Labs SSL Server Rating Guide (2009q/2009r) as
 * summarised in shared/reference/tls.md §2 and documented in docs/tls.md: three scores
 * (protocol 30 %, key exchange 30 %, cipher 40 %; each the mean of best and worst), a letter
 * from the total, then caps. attt grades TLS alone, so the best grade is A (A+ also needs
 * HSTS, which the http family judges).
 */
export type GradeInput = TlsFacts;

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

interface CapRule {
  rule: string;
  cap: string;
  applies: boolean;
  text: { vi: string; en: string };
  fix: { vi: string; en: string };
}

export function gradeObservation(o: GradeInput, now: Date = new Date()): Pick<TlsObservation, 'grade' | 'gradeIgnoringTrust' | 'score' | 'gradeCaps'> {
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

  const any = (f: (x: (typeof accepted)[number]) => boolean) => accepted.some(f);
  const best = spoken.filter((p) => p !== 'SSLv2').at(-1);
  const modern = (p: ProtocolName) => p === 'TLSv1.1' || p === 'TLSv1.2' || p === 'TLSv1.3';
  const smallestKey = Math.min(leaf && leaf.keyType === 'RSA' ? leaf.keyBits : Infinity, o.dhBits ?? Infinity);
  const presentedNonRoot = o.certificate.filter((c) => !c.selfSigned || c === leaf);
  const expiredOrNotYet = o.certificate.some((c) => c.notAfter && (new Date(c.notAfter) < now || new Date(c.notBefore) > now));

  const rules: CapRule[] = [
    { rule: 'sslv2', cap: 'F', applies: o.protocols.SSLv2, text: { vi: 'Máy chủ nhận SSL 2.0', en: 'SSL 2.0 is offered' }, fix: { vi: 'tắt SSL 2.0', en: 'disable SSL 2.0' } },
    { rule: 'sslv3-best', cap: 'F', applies: best === 'SSLv3', text: { vi: 'SSL 3.0 là giao thức tốt nhất', en: 'SSL 3.0 is the best protocol' }, fix: { vi: 'bật TLS 1.2 và TLS 1.3', en: 'enable TLS 1.2 and TLS 1.3' } },
    { rule: 'export', cap: 'F', applies: any(({ s }) => s.export), text: { vi: 'Có bộ mã EXPORT', en: 'Export suites are offered' }, fix: { vi: 'tắt các bộ mã EXPORT', en: 'disable export suites' } },
    { rule: 'anonymous', cap: 'F', applies: any(({ s }) => s.anonymous), text: { vi: 'Có bộ mã ẩn danh (không xác thực)', en: 'Anonymous (unauthenticated) suites are offered' }, fix: { vi: 'tắt các bộ mã ẩn danh (aNULL)', en: 'disable anonymous suites (aNULL)' } },
    { rule: 'cipher-under-112', cap: 'F', applies: any(({ s }) => s.enc === 'None' || s.bits < 112), text: { vi: 'Có bộ mã dưới 112 bit (kể cả NULL)', en: 'Suites under 112 bits (including NULL) are offered' }, fix: { vi: 'tắt bộ mã NULL, DES và 40/56 bit', en: 'disable NULL, DES and 40/56-bit suites' } },
    { rule: 'key-under-1024', cap: 'F', applies: smallestKey < 1024, text: { vi: 'Khóa hoặc nhóm DH dưới 1024 bit', en: 'Key or DH group under 1024 bits' }, fix: { vi: 'dùng khóa RSA ≥ 2048 bit và nhóm DH ≥ 2048 bit', en: 'use RSA ≥ 2048-bit keys and DH groups ≥ 2048 bits' } },
    { rule: 'md5-signature', cap: 'F', applies: presentedNonRoot.some((c) => c.signatureHash === 'md5' || c.signatureHash === 'md2'), text: { vi: 'Chứng thư ký bằng MD5/MD2', en: 'Certificate signed with MD5/MD2' }, fix: { vi: 'cấp lại chứng thư ký bằng SHA-256', en: 'reissue the certificate signed with SHA-256' } },
    { rule: 'tls1.0-1.1', cap: 'B', applies: o.protocols.TLSv1 || o.protocols['TLSv1.1'], text: { vi: 'Còn nhận TLS 1.0/1.1', en: 'TLS 1.0/1.1 offered' }, fix: { vi: 'tắt TLS 1.0 và TLS 1.1', en: 'disable TLS 1.0 and TLS 1.1' } },
    { rule: 'sslv3', cap: 'B', applies: o.protocols.SSLv3, text: { vi: 'Còn nhận SSL 3.0', en: 'SSL 3.0 offered' }, fix: { vi: 'tắt SSL 3.0', en: 'disable SSL 3.0' } },
    { rule: 'rc4', cap: 'B', applies: any(({ s }) => s.enc === 'RC4'), text: { vi: 'Có bộ mã RC4', en: 'RC4 offered' }, fix: { vi: 'tắt RC4', en: 'disable RC4' } },
    { rule: 'no-forward-secrecy', cap: 'B', applies: accepted.length > 0 && !any(({ s }) => s.forwardSecrecy), text: { vi: 'Không có bí mật chuyển tiếp (forward secrecy)', en: 'No forward secrecy' }, fix: { vi: 'bật các bộ mã ECDHE', en: 'enable ECDHE suites' } },
    { rule: 'no-aead', cap: 'B', applies: accepted.length > 0 && !any(({ s }) => s.aead), text: { vi: 'Không có bộ mã AEAD', en: 'No AEAD suites' }, fix: { vi: 'bật AES-GCM hoặc ChaCha20-Poly1305', en: 'enable AES-GCM or ChaCha20-Poly1305' } },
    { rule: 'key-under-2048', cap: 'B', applies: smallestKey >= 1024 && smallestKey < 2048, text: { vi: 'Khóa hoặc nhóm DH từ 1024 đến 2047 bit', en: 'Key or DH group of 1024–2047 bits' }, fix: { vi: 'dùng khóa RSA và nhóm DH ≥ 2048 bit', en: 'use RSA keys and DH groups ≥ 2048 bits' } },
    { rule: 'no-tls1.2', cap: 'C', applies: !o.protocols['TLSv1.2'] && !o.protocols['TLSv1.3'], text: { vi: 'Không hỗ trợ TLS 1.2', en: 'TLS 1.2 not supported' }, fix: { vi: 'bật TLS 1.2 và TLS 1.3', en: 'enable TLS 1.2 and TLS 1.3' } },
    { rule: 'rc4-modern', cap: 'C', applies: any(({ p, s }) => modern(p) && s.enc === 'RC4'), text: { vi: 'RC4 dùng với TLS 1.1 trở lên', en: 'RC4 with TLS 1.1 or later' }, fix: { vi: 'tắt RC4', en: 'disable RC4' } },
    { rule: 'sweet32', cap: 'C', applies: any(({ p, s }) => modern(p) && ['3DES', 'DES', 'IDEA', 'RC2'].includes(s.enc)), text: { vi: 'Mã khối 64 bit (3DES…) với TLS 1.1 trở lên (SWEET32)', en: '64-bit block cipher (3DES…) with TLS 1.1 or later (SWEET32)' }, fix: { vi: 'tắt 3DES, DES, IDEA, RC2', en: 'disable 3DES, DES, IDEA and RC2' } },
    { rule: 'no-secure-renegotiation', cap: 'A-', applies: o.secureRenegotiation === false, text: { vi: 'Không hỗ trợ thương lượng lại an toàn (RFC 5746)', en: 'No secure renegotiation (RFC 5746)' }, fix: { vi: 'bật RFC 5746 (cập nhật phần mềm TLS)', en: 'enable RFC 5746 (update the TLS software)' } },
  ];
  const trustRules: CapRule[] = [
    { rule: 'untrusted', cap: 'T', applies: !o.trusted, text: { vi: 'Chứng thư không được tin cậy', en: 'Certificate not trusted' }, fix: { vi: 'dùng chứng thư do CA tin cậy cấp, gửi đủ chuỗi', en: 'use a certificate from a trusted CA and send the full chain' } },
    { rule: 'cert-dates', cap: 'T', applies: expiredOrNotYet, text: { vi: 'Chứng thư hết hạn hoặc chưa có hiệu lực', en: 'Certificate expired or not yet valid' }, fix: { vi: 'gia hạn chứng thư', en: 'renew the certificate' } },
    { rule: 'sha1-signature', cap: 'T', applies: presentedNonRoot.some((c) => c.signatureHash === 'sha1'), text: { vi: 'Chứng thư ký bằng SHA-1', en: 'Certificate signed with SHA-1' }, fix: { vi: 'cấp lại chứng thư ký bằng SHA-256', en: 'reissue the certificate signed with SHA-256' } },
    { rule: 'name-mismatch', cap: 'M', applies: o.certificate.length > 0 && !o.hostnameMatches, text: { vi: 'Tên máy chủ không khớp chứng thư', en: 'Host name does not match the certificate' }, fix: { vi: 'cấp chứng thư có tên máy chủ trong SAN', en: 'issue a certificate with the host name in its SAN' } },
  ];

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
