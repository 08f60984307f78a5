import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Reading X.509 certificates through PKI.js: names as text, key usage, extended key usage,
 * basic constraints, and the summary shown to users. Certificates are always kept as parsed
 * from their original DER, so issuer names and serials are compared byte for byte.
 */
const NAME_ORDER: Array<[string, string]> = [
  ['2.5.4.3', 'CN'],
  ['2.5.4.12', 'T'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.10', 'O'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.6', 'C'],
  ['1.2.840.113549.1.9.1', 'E'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
];

export const OID = {
  commonName: '2.5.4.3',
  title: '2.5.4.12',
  organization: '2.5.4.10',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  anyExtendedKeyUsage: '2.5.29.37.0',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  documentSigning: '1.3.6.1.5.5.7.3.36',
  msDocumentSigning: '1.3.6.1.4.1.311.10.3.12',
  adobeAuthenticDocuments: '1.2.840.113583.1.1.5',
} as const;

/** Extended key usages that allow signing documents (RFC 9336, Microsoft, Adobe, S/MIME, any). */
export const DOCUMENT_SIGNING_EKUS: readonly string[] = [OID.emailProtection, OID.documentSigning, OID.msDocumentSigning, OID.adobeAuthenticDocuments, OID.anyExtendedKeyUsage];

const KEY_USAGE_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'] as const;
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

export function parseCertificate(der: ArrayBuffer | Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(der) as Uint8Array<ArrayBuffer>);
}

export function certificateDer(cert: pkijs.Certificate): Buffer {
  return Buffer.from(cert.toSchema().toBER(false));
}

export function certificatePem(cert: pkijs.Certificate): string {
  const b64 = certificateDer(cert).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}

/** Every certificate in a PEM text (several blocks allowed) or a single DER certificate. */
export function parseCertificates(bytes: Buffer): pkijs.Certificate[] {
  const text = bytes.toString('latin1');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) return [parseCertificate(bytes)];
  return blocks.map((b) => parseCertificate(Buffer.from(b.replace(/-----[^-]+-----|\s+/g, ''), 'base64')));
}

function attributeText(value: unknown): string {
  const block = (value as { valueBlock?: { value?: unknown; valueHexView?: Uint8Array } }).valueBlock;
  if (typeof block?.value === 'string') return block.value;
  return block?.valueHexView ? Buffer.from(block.valueHexView).toString('hex') : '';
}

/** A name as "CN=…, O=…, C=…" (most specific first), values decoded from their ASN.1 string types. */
export function nameText(name: pkijs.RelativeDistinguishedNames): string {
  const parts = name.typesAndValues.map((tv) => {
    const known = NAME_ORDER.findIndex(([oid]) => oid === tv.type);
    return { rank: known === -1 ? NAME_ORDER.length : known, text: `${known === -1 ? tv.type : NAME_ORDER[known][1]}=${attributeText(tv.value)}` };
  });
  return parts.sort((a, b) => a.rank - b.rank).map((p) => p.text).join(', ');
}

export function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | undefined {
  const tv = name.typesAndValues.find((t) => t.type === oid);
  return tv ? attributeText(tv.value) : undefined;
}

/** "Nguyễn Văn An, Sở …": common name and organisation, or the whole subject. */
export function signerName(cert: pkijs.Certificate): string {
  const cn = nameAttribute(cert.subject, OID.commonName);
  const o = nameAttribute(cert.subject, OID.organization);
  return [cn, o].filter(Boolean).join(', ') || nameText(cert.subject);
}

export function serialHex(cert: pkijs.Certificate): string {
  return Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex').replace(/^(00)+(?=.)/, '');
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid);
}

/** The key usages named in the certificate, or null when it has no keyUsage extension. */
export function keyUsages(cert: pkijs.Certificate): KeyUsageName[] | null {
  const ext = extension(cert, OID.keyUsage);
  if (!ext) return null;
  const bits = (ext.parsedValue as asn1js.BitString | undefined)?.valueBlock.valueHexView ?? new Uint8Array();
  return KEY_USAGE_BITS.filter((_, i) => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
}

/** Extended key usage OIDs, or null when the certificate has no extendedKeyUsage extension. */
export function extendedKeyUsages(cert: pkijs.Certificate): string[] | null {
  const ext = extension(cert, OID.extKeyUsage);
  if (!ext) return null;
  return (ext.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
}

export function isCaCertificate(cert: pkijs.Certificate): boolean {
  const ext = extension(cert, OID.basicConstraints);
  return (ext?.parsedValue as pkijs.BasicConstraints | undefined)?.cA === true;
}

export function isSelfIssued(cert: pkijs.Certificate): boolean {
  return Buffer.from(cert.subject.toSchema().toBER()).equals(Buffer.from(cert.issuer.toSchema().toBER()));
}

export function sameName(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  return Buffer.from(a.toSchema().toBER()).equals(Buffer.from(b.toSchema().toBER()));
}

/**
 * Fingerprints already computed, per certificate object: PKI.js re-encodes the whole certificate
 * for its DER, and one verification asks for the same certificates' fingerprints several times
 * (the chain verdict's key, the signer's and the chain's summaries), a merge of many bundles
 * asks again for the same trusted roots. Certificates are not changed after parsing.
 */
const fingerprints = new WeakMap<pkijs.Certificate, string>();

export function fingerprint(cert: pkijs.Certificate): string {
  let hex = fingerprints.get(cert);
  if (hex === undefined) fingerprints.set(cert, (hex = createHash('sha256').update(certificateDer(cert)).digest('hex')));
  return hex;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  keyUsage: KeyUsageName[] | null;
  extendedKeyUsage: string[] | null;
  ca: boolean;
  sha256: string;
}

export function summarize(cert: pkijs.Certificate): CertificateSummary {
  return {
    subject: nameText(cert.subject),
    issuer: nameText(cert.issuer),
    serial: serialHex(cert),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
    keyUsage: keyUsages(cert),
    extendedKeyUsage: extendedKeyUsages(cert),
    ca: isCaCertificate(cert),
    sha256: fingerprint(cert),
  };
}
