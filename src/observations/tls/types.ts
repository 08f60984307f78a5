import type { ProtocolName } from './protocols.js';
import type { CipherSuite } from './suites.js';

/**
 * The TLS observation: facts about one endpoint, no verdicts (checks/tls/* judge them).
 * Plain JSON: no Buffers, no Dates (ISO strings).
 */
export interface TlsFacts {
  /** Version of this observation's shape. */
  schema: 'attt.tls/1';
  /** Host name as written in the inventory (used for SNI and the name check). */
  host: string;
  /** SNI sent (absent for IP literals without an explicit `sni`). */
  sni?: string;
  address: string;
  port: number;
  starttls?: 'smtp' | 'imap' | 'pop3' | 'ftp' | 'postgres' | 'mysql' | 'ldap';
  /** Which protocol versions the server negotiates. */
  protocols: Record<ProtocolName, boolean>;
  /** Protocol → IANA suite names the server accepts; in the server's order when it imposes one. */
  ciphers: Partial<Record<ProtocolName, string[]>>;
  /** Attributes of every suite named in `ciphers` (from the IANA-based table), so checks need no lookup. */
  suites: Record<string, SuiteFacts>;
  /** Protocol → whether the server imposes its own suite order (null: fewer than two suites, or undecided). */
  serverCipherOrder: Partial<Record<ProtocolName, boolean | null>>;
  /** Key-exchange groups the server accepts, in its preference order, and how they were found. */
  groups: string[];
  groupsProbedWith?: 'TLSv1.3' | 'TLSv1.2';
  /** Smallest DH prime (bits) seen with a DHE suite; null when no DHE suite is accepted. */
  dhBits: number | null;
  /** Suite name → DH prime bits, per DHE suite seen. */
  dhBitsBySuite: Record<string, number>;
  /** RFC 5746 renegotiation_info echoed on TLS ≤ 1.2; null when only TLS 1.3 (or only SSL) is spoken. */
  secureRenegotiation: boolean | null;
  /** RFC 7507: `supported` (inappropriate_fallback alert), `missing` (downgraded hello accepted), `not-applicable` (one protocol only), `unknown`. */
  fallbackScsv: 'supported' | 'missing' | 'not-applicable' | 'unknown';
  /** Whether the server stapled an OCSP response when asked; null when no certificate was obtained. */
  ocspStapled: boolean | null;
  /** The certificate chain exactly as the server sent it (leaf first). */
  certificate: CertificateFacts[];
  /** Where the chain came from: attt's own handshake (TLS ≤ 1.2), node:tls (TLS 1.3-only servers) or SSL 2.0. */
  certificateSource: 'handshake' | 'node-tls' | 'sslv2' | 'none';
  /**
   * The server sent a certificate chain larger than attt reads (bytes over `limit`), or more
   * certificates than it keeps (`certificates` over `limit`): judged by tls.cert.oversized-chain.
   */
  certificateChainTooLarge?: { bytes?: number; limit?: number; certificates?: number; detail: string };
  /** The leaf chains to Node's bundled roots or the inventory's trust.caFiles. */
  trusted: boolean;
  /** Why not trusted: `self-signed`, `issuer-not-found`, `bad-signature`, `no-certificate`. */
  trustError?: string;
  /** The presented chain reaches a trusted root (or self-signed cert) without needing an unsent intermediate. */
  chainComplete: boolean;
  /** The leaf is valid for the host name (or IP) checked. */
  hostnameMatches: boolean;
  /** The name the certificate was checked against. */
  hostnameChecked: string;
  /** Probes that failed with an error (not a refusal), e.g. a timeout mid-enumeration. */
  probeErrors: ProbeError[];
  /** Active probes for named vulnerabilities (absent when the probes were turned off). */
  vulnerabilities?: TlsVulnerabilityProbes;
  /** ClientHellos sent for this observation. */
  handshakes: number;
  durationMs: number;
}

/** One vulnerability probe's outcome; `evidence` holds sizes and codes only, never bytes a server leaked. */
export interface VulnProbe {
  status: 'vulnerable' | 'not-vulnerable' | 'inconclusive' | 'not-applicable' | 'error';
  detail: string;
  evidence?: Record<string, string | number | boolean | null>;
}

export interface TlsVulnerabilityProbes {
  heartbleed: VulnProbe;
  ccsInjection: VulnProbe;
  compression: VulnProbe;
  clientRenegotiation: VulnProbe;
  ticketbleed: VulnProbe;
}

/** What the TLS grader adds after judging (src/graders/tls-grade.ts). */
export interface TlsGrading {
  /** Letter grade (A … F, T for trust problems, M for a name mismatch); see docs/tls.md. */
  grade: string;
  /** The grade trust problems aside. */
  gradeIgnoringTrust: string;
  score: { protocol: number; keyExchange: number; cipher: number; total: number };
  /** Every cap that applies; `binding` marks the ones holding the grade down. */
  gradeCaps: GradeCap[];
}

/**
 * The TLS observation as results.json stores it under observations[key]: the facts, the
 * grade, and the comparison with Mozilla's profiles (the same one tls.mozilla.intermediate
 * judges), both added after judging.
 */
export interface TlsObservation extends TlsFacts, TlsGrading {
  /** Compliance with Mozilla's server-side TLS profiles (versioned data). */
  mozilla: MozillaCompliance;
}

/** A suite as recorded in an observation: the cipher-suite table's facts plus its judged strength. */
export interface SuiteFacts extends Pick<CipherSuite, 'code' | 'kx' | 'au' | 'enc' | 'bits' | 'mac' | 'aead' | 'forwardSecrecy' | 'anonymous' | 'export'> {
  /** insecure < weak < ok < strong (colouring and the report). */
  strength: 'insecure' | 'weak' | 'ok' | 'strong';
}

export interface CertificateFacts {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyType: string;
  keyBits: number;
  curve?: string;
  /** e.g. sha256WithRSAEncryption, ecdsa-with-SHA256. */
  signatureAlgorithm: string;
  /** Digest of the signature: md5, sha1, sha256 … (`unknown` when the OID is not known). */
  signatureHash: string;
  subjectAltNames: string[];
  /** Subject equals issuer and the certificate verifies with its own key. */
  selfSigned: boolean;
  isCA: boolean;
  fingerprintSha256: string;
}

export interface GradeCap {
  rule: string;
  cap: string;
  text: { vi: string; en: string };
  fix: { vi: string; en: string };
  binding: boolean;
  /** The grade if this rule's problem were fixed (only for binding caps). */
  gradeIfFixed?: string;
}

export interface MozillaDeviation {
  rule: string;
  text: { vi: string; en: string };
  /** A difference that weakens nothing (groups stronger than the profile's): shown, not failed. */
  informational?: boolean;
}

export interface MozillaCompliance {
  guidelinesVersion: string;
  profiles: Record<string, { compliant: boolean; deviations: MozillaDeviation[] }>;
}

export interface ProbeError {
  probe: string;
  reason: string;
  detail: string;
}
