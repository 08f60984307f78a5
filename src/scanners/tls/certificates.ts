import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import forge from 'node-forge';
import type { CertificateFacts } from '../../observations/tls/index.js';

/** Signature algorithm OIDs (RFC 3279, RFC 4055, RFC 5758, RFC 8410) → name and digest. */
const SIGNATURE_OIDS: Record<string, [string, string]> = {
  '1.2.840.113549.1.1.2': ['md2WithRSAEncryption', 'md2'],
  '1.2.840.113549.1.1.4': ['md5WithRSAEncryption', 'md5'],
  '1.2.840.113549.1.1.5': ['sha1WithRSAEncryption', 'sha1'],
  '1.2.840.113549.1.1.11': ['sha256WithRSAEncryption', 'sha256'],
  '1.2.840.113549.1.1.12': ['sha384WithRSAEncryption', 'sha384'],
  '1.2.840.113549.1.1.13': ['sha512WithRSAEncryption', 'sha512'],
  '1.2.840.113549.1.1.14': ['sha224WithRSAEncryption', 'sha224'],
  '1.2.840.113549.1.1.10': ['rsassa-pss', 'pss'],
  '1.2.840.10045.4.1': ['ecdsa-with-SHA1', 'sha1'],
  '1.2.840.10045.4.3.2': ['ecdsa-with-SHA256', 'sha256'],
  '1.2.840.10045.4.3.3': ['ecdsa-with-SHA384', 'sha384'],
  '1.2.840.10045.4.3.4': ['ecdsa-with-SHA512', 'sha512'],
  '1.2.840.10040.4.3': ['dsa-with-sha1', 'sha1'],
  '2.16.840.1.101.3.4.3.2': ['dsa-with-sha256', 'sha256'],
  '1.3.101.112': ['Ed25519', 'ed25519'],
  '1.3.101.113': ['Ed448', 'ed448'],
};

/** Read signatureAlgorithm from the outer Certificate SEQUENCE (node:crypto does not expose it on Node 20). */
function signatureAlgorithmOf(der: Buffer): { name: string; hash: string } {
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), false);
    const algSeq = (asn1.value as forge.asn1.Asn1[])[1];
    const oid = forge.asn1.derToOid((algSeq.value as forge.asn1.Asn1[])[0].value as string);
    const known = SIGNATURE_OIDS[oid];
    return known ? { name: known[0], hash: known[1] } : { name: oid, hash: 'unknown' };
  } catch {
    return { name: 'unparseable', hash: 'unknown' };
  }
}

function dnText(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

/** SAN text of node:crypto ("DNS:a, IP Address:1.2.3.4") → ["DNS:a", "IP:1.2.3.4"], bounded. */
function altNames(x: X509Certificate): string[] {
  const text = x.subjectAltName ?? '';
  return text
    .split(/,\s*/)
    .filter(Boolean)
    .slice(0, 500)
    .map((s) => s.replace(/^IP Address:/, 'IP:'));
}

function isSelfSigned(x: X509Certificate): boolean {
  if (x.subject !== x.issuer) return false;
  try {
    return x.verify(x.publicKey);
  } catch {
    return false;
  }
}

export function describeCertificate(der: Buffer): { facts: CertificateFacts; x509?: X509Certificate } {
  let x: X509Certificate;
  try {
    x = new X509Certificate(der);
  } catch (error) {
    // A certificate the server sent but nobody can parse: keep a record, judge it as broken.
    return {
      facts: {
        subject: '(unparseable)', issuer: '(unparseable)', serialNumber: '', notBefore: '', notAfter: '', keyType: 'unknown', keyBits: 0,
        signatureAlgorithm: 'unparseable', signatureHash: 'unknown', subjectAltNames: [], selfSigned: false, isCA: false,
        fingerprintSha256: '', 
      },
    };
  }
  const key = x.publicKey;
  const details = (key.asymmetricKeyDetails ?? {}) as { modulusLength?: number; namedCurve?: string; divisorLength?: number };
  const keyType = (key.asymmetricKeyType ?? 'unknown').toUpperCase().replace('RSA-PSS', 'RSA');
  const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256, prime192v1: 192, secp224r1: 224 };
  const keyBits =
    details.modulusLength ?? (details.namedCurve ? curveBits[details.namedCurve] ?? 0 : keyType === 'ED25519' ? 256 : keyType === 'ED448' ? 456 : 0);
  const sig = signatureAlgorithmOf(der);
  return {
    x509: x,
    facts: {
      subject: dnText(x.subject),
      issuer: dnText(x.issuer),
      serialNumber: x.serialNumber,
      notBefore: new Date(x.validFrom).toISOString(),
      notAfter: new Date(x.validTo).toISOString(),
      keyType: keyType === 'EC' ? 'EC' : keyType,
      keyBits,
      ...(details.namedCurve ? { curve: details.namedCurve } : {}),
      signatureAlgorithm: sig.name,
      signatureHash: sig.hash,
      subjectAltNames: altNames(x),
      selfSigned: isSelfSigned(x),
      isCA: x.ca,
      fingerprintSha256: x.fingerprint256,
    },
  };
}

let bundledRoots: X509Certificate[] | undefined;
/** Node's bundled Mozilla root store, parsed once on first use. */
function nodeRoots(): X509Certificate[] {
  bundledRoots ??= tls.rootCertificates.flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  return bundledRoots;
}

function parsePemBundle(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.flatMap((b) => {
    try {
      return [new X509Certificate(b)];
    } catch {
      return [];
    }
  });
}

function signs(issuer: X509Certificate, subject: X509Certificate): boolean {
  if (issuer.subject !== subject.issuer) return false;
  try {
    return subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export interface ChainVerdict {
  certificate: CertificateFacts[];
  trusted: boolean;
  trustError?: string;
  chainComplete: boolean;
  hostnameMatches: boolean;
  hostnameChecked: string;
}

/**
 * Build a path from the leaf through the certificates as sent to a trust anchor (Node's
 * bundled roots plus `extraCAs`). The chain is complete when every certificate the path
 * needed from the trust store is a self-signed root: an intermediate the server should have
 * sent but did not makes it incomplete, even when the root behind it is trusted.
 */
export function analyzeChain(ders: Buffer[], opts: { host: string; extraCAs: string[] }): ChainVerdict {
  const described = ders.map(describeCertificate);
  const certificate = described.map((d) => d.facts);
  const hostnameChecked = opts.host;
  const leaf = described[0]?.x509;
  if (!leaf) return { certificate, trusted: false, trustError: ders.length ? 'unparseable' : 'no-certificate', chainComplete: false, hostnameMatches: false, hostnameChecked };

  const anchors = [...parsePemBundle(opts.extraCAs.join('\n')), ...nodeRoots()];
  const presented = described.slice(1).flatMap((d) => (d.x509 ? [d.x509] : []));
  let current = leaf;
  let trusted = false;
  let trustError: string | undefined;
  let chainComplete = true;
  const used = new Set<string>([leaf.fingerprint256]);
  for (let depth = 0; depth < 12; depth++) {
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) {
      trusted = true;
      break;
    }
    const anchor = anchors.find((a) => signs(a, current));
    if (anchor) {
      trusted = true;
      if (!isSelfSigned(anchor)) chainComplete = false;
      break;
    }
    const next = presented.find((c) => !used.has(c.fingerprint256) && signs(c, current));
    if (next) {
      used.add(next.fingerprint256);
      current = next;
      continue;
    }
    if (isSelfSigned(current)) {
      trustError = current === leaf ? 'self-signed' : 'untrusted-root';
      break;
    }
    const namedIssuer = presented.find((c) => c.subject === current.issuer);
    trustError = namedIssuer ? 'bad-signature' : 'issuer-not-found';
    // A server may omit the root (RFC 5246 §7.4.2): a missing issuer above an intermediate CA is
    // taken as an unknown root; a missing issuer of the leaf itself means an unsent intermediate.
    if (namedIssuer || current === leaf || !current.ca) chainComplete = false;
    break;
  }
  if (!trusted && !trustError) trustError = 'chain-too-long';
  const hostnameMatches = net.isIP(opts.host) ? leaf.checkIP(opts.host) !== undefined : leaf.checkHost(opts.host, { subject: 'default' }) !== undefined;
  return { certificate, trusted, ...(trustError && !trusted ? { trustError } : {}), chainComplete, hostnameMatches, hostnameChecked };
}
