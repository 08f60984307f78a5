import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError } from '../errors.js';
import { certificateDer, sameName } from './certificates.js';
import { pkiEngine } from './engine.js';
import type { SignatureScheme, SigningKey } from './keys.js';

/**
 * CMS SignedData (RFC 5652) built and read with PKI.js. Signing is done here (not by PKI.js's
 * sign()) because the key may live on a token: the DER of the signed attributes is handed to the
 * key's own sign function. The issuer name and serial in the SignerInfo are the certificate's
 * own DER fields, never re-encoded.
 */
export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  mgf1: '1.2.840.113549.1.1.8',
} as const;

export const DIGEST_NAMES: Record<string, 'sha256' | 'sha384' | 'sha512'> = {
  [CMS_OID.sha256]: 'sha256',
  [CMS_OID.sha384]: 'sha384',
  [CMS_OID.sha512]: 'sha512',
};

const sha256Id = () => new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 });

export function signatureAlgorithm(scheme: SignatureScheme): pkijs.AlgorithmIdentifier {
  if (scheme === 'ecdsa') return new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.10045.4.3.2' });
  if (scheme === 'rsa-pkcs1') return new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.11', algorithmParams: new asn1js.Null() });
  const params = new pkijs.RSASSAPSSParams({
    hashAlgorithm: sha256Id(),
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.mgf1, algorithmParams: sha256Id().toSchema() }),
    saltLength: 32,
  });
  return new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.10', algorithmParams: params.toSchema() });
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** ESS signing-certificate-v2 (RFC 5035): binds the signer certificate into the signature (PAdES/CAdES). */
function signingCertificateV2(cert: pkijs.Certificate): asn1js.Sequence {
  const certHash = createHash('sha256').update(certificateDer(cert)).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })] }), cert.serialNumber],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

export interface BuildOptions {
  /** SHA-256 of the signed content (the file, or the PDF's byte ranges). */
  contentDigest: Buffer;
  key: SigningKey;
  /** Claimed signing time as a signed attribute (detached files); PAdES puts it in the signature dictionary instead. */
  signingTime?: Date;
  /** Add ESS signing-certificate-v2 (CAdES/PAdES baseline). */
  cades?: boolean;
  /** Obtain an RFC 3161 timestamp token over the signature value. */
  timestamp?: (signatureValue: Buffer) => Promise<Buffer>;
}

/** Build a detached SignedData (DER ContentInfo). */
export async function buildSignedData(opts: BuildOptions): Promise<Buffer> {
  const cert = opts.key.certificate;
  const attrs = [attribute(CMS_OID.contentType, new asn1js.ObjectIdentifier({ value: CMS_OID.data }))];
  if (opts.signingTime) attrs.push(attribute(CMS_OID.signingTime, new asn1js.UTCTime({ valueDate: opts.signingTime })));
  attrs.push(attribute(CMS_OID.messageDigest, new asn1js.OctetString({ valueHex: opts.contentDigest })));
  if (opts.cades) attrs.push(attribute(CMS_OID.signingCertificateV2, signingCertificateV2(cert)));
  // DER orders a SET OF by encoding; verifiers (OpenSSL) re-encode the set before checking.
  const encoded = attrs.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }));
  encoded.sort((x, y) => Buffer.compare(x.der, y.der));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: encoded.map((e) => e.a) });
  const toSign = Buffer.from(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31; // signed as a SET, not as the [0] IMPLICIT field (RFC 5652 §5.4)
  const signature = await opts.key.sign(toSign);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256Id(),
    signedAttrs,
    signatureAlgorithm: signatureAlgorithm(opts.key.scheme),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  if (opts.timestamp) {
    const token = await opts.timestamp(signature);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [attribute(CMS_OID.signatureTimeStampToken, asn1js.fromBER(new Uint8Array(token)).result)] });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Id()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: CMS_OID.data }),
    certificates: [cert, ...opts.key.chain],
    signerInfos: [signerInfo],
  });
  const ci = new pkijs.ContentInfo({ contentType: CMS_OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(ci.toSchema().toBER());
}

export interface ParsedSignedData {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  certificates: pkijs.Certificate[];
  /** The certificate whose issuer DER and serial match the SignerInfo's sid, byte for byte. */
  signerCertificate: pkijs.Certificate | null;
  digestAlgorithm: string;
  messageDigest: Buffer | null;
  signingTime: Date | null;
  timestampToken: Buffer | null;
  hasSigningCertificateV2: boolean;
}

export function badSignatureFormat(where: string, cause?: unknown): SigningError {
  return new SigningError('ATTT_SIGNATURE_FORMAT', {
    vi: `${where} không phải chữ ký CMS/PKCS#7 (SignedData) đọc được.`,
    en: `${where} is not a readable CMS/PKCS#7 (SignedData) signature.`,
  }, { cause });
}

function attrValue(si: pkijs.SignerInfo, type: string, unsigned = false): asn1js.AsnType | undefined {
  const set = unsigned ? si.unsignedAttrs : si.signedAttrs;
  return set?.attributes.find((a) => a.type === type)?.values[0];
}

/** Parse a DER (or PEM) CMS ContentInfo holding SignedData with one signer. */
export function parseSignedData(bytes: Buffer, where: string): ParsedSignedData {
  try {
    let der = bytes;
    const text = bytes.subarray(0, 64).toString('latin1');
    if (text.startsWith('-----BEGIN')) der = Buffer.from(bytes.toString('latin1').replace(/-----[^-]+-----|\s+/g, ''), 'base64');
    const ci = pkijs.ContentInfo.fromBER(new Uint8Array(der));
    if (ci.contentType !== CMS_OID.signedData) throw new Error(`content type ${ci.contentType} is not SignedData`);
    const signedData = new pkijs.SignedData({ schema: ci.content });
    if (signedData.signerInfos.length === 0) throw new Error('no SignerInfo');
    const signerInfo = signedData.signerInfos[0];
    const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    const sid = signerInfo.sid;
    const signerCertificate =
      sid instanceof pkijs.IssuerAndSerialNumber
        ? (certificates.find((c) => sameName(c.issuer, sid.issuer) && Buffer.from(c.serialNumber.valueBlock.valueHexView).equals(Buffer.from(sid.serialNumber.valueBlock.valueHexView))) ?? null)
        : null;
    const md = attrValue(signerInfo, CMS_OID.messageDigest) as asn1js.OctetString | undefined;
    const st = attrValue(signerInfo, CMS_OID.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
    const ts = attrValue(signerInfo, CMS_OID.signatureTimeStampToken, true);
    return {
      signedData,
      signerInfo,
      certificates,
      signerCertificate,
      digestAlgorithm: signerInfo.digestAlgorithm.algorithmId,
      messageDigest: md ? Buffer.from(md.valueBlock.valueHexView) : null,
      signingTime: st ? st.toDate() : null,
      timestampToken: ts ? Buffer.from(ts.toBER()) : null,
      hasSigningCertificateV2: attrValue(signerInfo, CMS_OID.signingCertificateV2) !== undefined,
    };
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw badSignatureFormat(where, error);
  }
}

/** PKI.js's check of the signature over the signed attributes with the signer's public key. */
export async function signatureVerifies(parsed: ParsedSignedData, content: Buffer): Promise<boolean> {
  pkiEngine();
  try {
    const r = await parsed.signedData.verify({ signer: 0, data: new Uint8Array(content).buffer as ArrayBuffer, checkChain: false, extendedMode: true });
    return r.signatureVerified === true;
  } catch {
    return false;
  }
}
