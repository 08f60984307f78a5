import { constants, createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import { InputError, SigningError, type ErrorCode } from '../errors.js';
import { sameName } from './certificates.js';
import { pkiEngine } from './engine.js';
import { readInput } from './files.js';

/**
 * The signer's key. A key is either in a PKCS#12 file (read with PKI.js; the private key goes
 * to node:crypto) or on a PKCS#11 token (see pkcs11.ts); both give the same interface, so the
 * CMS code never sees where the key lives.
 */
export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';

export interface SigningKey {
  certificate: pkijs.Certificate;
  /** Further certificates to embed (intermediates), leaf excluded. */
  chain: pkijs.Certificate[];
  scheme: SignatureScheme;
  /** Signature over `data` with SHA-256 (ECDSA as a DER SEQUENCE of r and s). */
  sign(data: Buffer): Promise<Buffer>;
  close(): void;
}

const RSA = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const EC = '1.2.840.10045.2.1';

/** The scheme a certificate's key implies; `preferPss` turns an RSA key to RSA-PSS. */
export function schemeFor(cert: pkijs.Certificate, preferPss = false): SignatureScheme {
  const alg = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  if (alg === EC) return 'ecdsa';
  if (alg === RSA_PSS) return 'rsa-pss';
  if (alg === RSA) return preferPss ? 'rsa-pss' : 'rsa-pkcs1';
  throw new SigningError('ATTT_SIGNER_KEY_TYPE', {
    vi: `Loại khóa của chứng thư người ký (${alg}) không được hỗ trợ: chỉ RSA và ECDSA.`,
    en: `The signer certificate's key type (${alg}) is not supported: RSA and ECDSA only.`,
  });
}

export function nodeKeySigner(key: KeyObject, scheme: SignatureScheme): (data: Buffer) => Promise<Buffer> {
  return async (data) =>
    scheme === 'rsa-pss'
      ? nodeSign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : scheme === 'ecdsa'
        ? nodeSign('sha256', data, { key, dsaEncoding: 'der' })
        : nodeSign('sha256', data, key);
}

function p12Error(code: ErrorCode, p12Path: string, vi: string, en: string, cause?: unknown): SigningError {
  return new SigningError(code, { vi: `${p12Path}: ${vi}`, en: `${p12Path}: ${en}` }, { cause });
}

/** Read the signer's key and certificate from a PKCS#12 file (PBES2/AES, as OpenSSL 3 and current tools write). */
export async function loadP12(p12Path: string, passphrase: string, opts: { pss?: boolean } = {}): Promise<SigningKey> {
  const bytes = readInput(p12Path, { vi: 'tệp PKCS#12', en: 'PKCS#12 file' }, 'certificate');
  const crypto = pkiEngine();
  const password = new TextEncoder().encode(passphrase).buffer as ArrayBuffer;
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(new Uint8Array(bytes));
  } catch (error) {
    throw p12Error('ATTT_P12_INVALID', p12Path, 'không phải tệp PKCS#12 (.p12/.pfx) hợp lệ chứa khóa và chứng thư ký.', 'is not a valid PKCS#12 (.p12/.pfx) file with a signing key and certificate.', error);
  }
  try {
    await pfx.parseInternalValues({ password, checkIntegrity: true }, crypto);
  } catch (error) {
    throw p12Error('ATTT_P12_PASSPHRASE', p12Path, 'sai mật khẩu (không mở được khóa ký). Kiểm tra lại mật khẩu hoặc biến ATTT_P12_PASSPHRASE.', 'wrong passphrase (the signing key cannot be opened). Check the passphrase or ATTT_P12_PASSPHRASE.', error);
  }
  const keys: Buffer[] = [];
  const certs: pkijs.Certificate[] = [];
  try {
    const authSafe = pfx.parsedValue!.authenticatedSafe!;
    await authSafe.parseInternalValues({ safeContents: authSafe.safeContents.map(() => ({ password })) }, crypto);
    for (const contents of authSafe.parsedValue.safeContents as Array<{ value: pkijs.SafeContents }>) {
      for (const bag of contents.value.safeBags) {
        if (bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
          // The bag's own parseInternalValues is typed protected; it does exactly this through
          // PKI.js's public EncryptedData: decrypt the content, which is a PKCS#8 PrivateKeyInfo.
          const encrypted = new pkijs.EncryptedData({
            encryptedContentInfo: new pkijs.EncryptedContentInfo({ contentEncryptionAlgorithm: bag.bagValue.encryptionAlgorithm, encryptedContent: bag.bagValue.encryptedData }),
          });
          keys.push(Buffer.from(await encrypted.decrypt({ password }, crypto)));
        } else if (bag.bagValue instanceof pkijs.PrivateKeyInfo) {
          keys.push(Buffer.from(bag.bagValue.toSchema().toBER()));
        } else if (bag.bagValue instanceof pkijs.CertBag && bag.bagValue.parsedValue instanceof pkijs.Certificate) {
          certs.push(bag.bagValue.parsedValue);
        }
      }
    }
  } catch (error) {
    throw p12Error(
      'ATTT_P12_UNSUPPORTED',
      p12Path,
      `không giải mã được nội dung (${(error as Error).message}). Tệp mã hóa kiểu cũ (RC2/3DES) cần xuất lại: openssl pkcs12 -in CU.p12 -nodes | openssl pkcs12 -export -out MOI.p12`,
      `cannot decrypt its contents (${(error as Error).message}). Files with legacy encryption (RC2/3DES) must be exported again: openssl pkcs12 -in OLD.p12 -nodes | openssl pkcs12 -export -out NEW.p12`,
      error,
    );
  }
  if (keys.length === 0) throw p12Error('ATTT_P12_NO_KEY', p12Path, 'không chứa khóa ký.', 'holds no signing key.');
  const key = createPrivateKey({ key: keys[0], format: 'der', type: 'pkcs8' });
  const publicDer = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const certificate = certs.find((c) => Buffer.from(c.subjectPublicKeyInfo.toSchema().toBER()).equals(publicDer));
  if (!certificate) throw p12Error('ATTT_P12_NO_CERT', p12Path, 'không chứa chứng thư tương ứng với khóa ký.', 'holds no certificate matching the signing key.');
  const scheme = schemeFor(certificate, opts.pss);
  return { certificate, chain: orderChain(certificate, certs.filter((c) => c !== certificate)), scheme, sign: nodeKeySigner(key, scheme), close: () => {} };
}

/** Intermediates ordered leaf-upwards by issuer name, so the embedded chain reads naturally. */
export function orderChain(leaf: pkijs.Certificate, pool: pkijs.Certificate[]): pkijs.Certificate[] {
  const out: pkijs.Certificate[] = [];
  let current = leaf;
  const rest = [...pool];
  for (;;) {
    const i = rest.findIndex((c) => sameName(c.subject, current.issuer) && c !== current);
    if (i === -1) break;
    current = rest.splice(i, 1)[0];
    out.push(current);
  }
  return [...out, ...rest];
}
