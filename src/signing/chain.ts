import fs from 'node:fs';
import * as pkijs from 'pkijs';
import { InputError } from '../errors.js';
import { nameText, parseCertificates, sameName } from './certificates.js';
import { pkiEngine } from './engine.js';
import { oneLine } from './text.js';

/**
 * Trust: certificate paths validated by PKI.js's chain engine against the roots the user
 * trusts (--ca, the inventory's trust.caFiles), at a given time; certificate revocation lists
 * given with --crl (offline networks cannot fetch them).
 */

/** Why `leaf` does not chain to `trusted` at `at`, or null when it does. */
export async function chainProblem(leaf: pkijs.Certificate, pool: pkijs.Certificate[], trusted: pkijs.Certificate[], at: Date): Promise<string | null> {
  pkiEngine();
  const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: trusted, certs: [leaf, ...pool.filter((c) => c !== leaf)], checkDate: at });
  try {
    const r = await engine.verify();
    return r.result ? null : r.resultMessage || `code ${r.resultCode}`;
  } catch (error) {
    return (error as { resultMessage?: string }).resultMessage ?? (error as Error).message ?? String(error);
  }
}

/** The certificates of the path from `leaf` up to a trusted root, by issuer name (leaf excluded). */
export function issuersOf(leaf: pkijs.Certificate, pool: pkijs.Certificate[]): pkijs.Certificate[] {
  const out: pkijs.Certificate[] = [];
  let current = leaf;
  for (let n = 0; n < 10; n++) {
    if (sameName(current.subject, current.issuer)) break;
    const parent = pool.find((c) => c !== current && !out.includes(c) && sameName(c.subject, current.issuer));
    if (!parent) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

function readFile(file: string, what: { vi: string; en: string }): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(code === 'ENOENT' ? 'ATTT_FILE_MISSING' : 'ATTT_FILE_UNREADABLE', { vi: `Không đọc được ${what.vi} ${file} (${code}).`, en: `Cannot read ${what.en} ${file} (${code}).` }, { cause: error });
  }
}

export function readTrustedCertificates(files: string[]): pkijs.Certificate[] {
  const out: pkijs.Certificate[] = [];
  for (const file of files) {
    const bytes = readFile(file, { vi: 'tệp CA', en: 'CA file' });
    try {
      out.push(...parseCertificates(bytes));
    } catch (error) {
      throw new InputError('ATTT_CA_INVALID', { vi: `${file} không chứa chứng thư CA (PEM hoặc DER) đọc được.`, en: `${file} holds no readable CA certificate (PEM or DER).` }, { cause: error });
    }
  }
  return out;
}

export interface Revocation {
  revokedAt: Date;
  crlIssuer: string;
}

/** CRLs from files (DER or PEM), each checked to be signed by its issuer among `issuers`. */
export function readCrls(files: string[]): pkijs.CertificateRevocationList[] {
  const out: pkijs.CertificateRevocationList[] = [];
  for (const file of files) {
    const bytes = readFile(file, { vi: 'tệp CRL', en: 'CRL file' });
    const text = bytes.toString('latin1');
    const der = text.includes('-----BEGIN X509 CRL-----') ? Buffer.from(text.replace(/-----[^-]+-----|\s+/g, ''), 'base64') : bytes;
    try {
      out.push(pkijs.CertificateRevocationList.fromBER(new Uint8Array(der) as Uint8Array<ArrayBuffer>));
    } catch (error) {
      throw new InputError('ATTT_CRL_INVALID', { vi: `${file} không phải danh sách thu hồi chứng thư (CRL) đọc được.`, en: `${file} is not a readable certificate revocation list (CRL).` }, { cause: error });
    }
  }
  return out;
}

/** The revocation of `cert` in a CRL signed by its issuer, or null. A CRL whose signature fails is an input error. */
export async function revocationOf(cert: pkijs.Certificate, issuer: pkijs.Certificate | undefined, crls: pkijs.CertificateRevocationList[]): Promise<Revocation | null> {
  pkiEngine();
  for (const crl of crls) {
    if (!sameName(crl.issuer, cert.issuer)) continue;
    if (!issuer || !(await crl.verify({ issuerCertificate: issuer }).catch(() => false))) {
      throw new InputError('ATTT_CRL_INVALID', {
        vi: `CRL của ${oneLine(nameText(crl.issuer))} không có chữ ký hợp lệ của CA cấp chứng thư.`,
        en: `The CRL of ${oneLine(nameText(crl.issuer))} is not validly signed by the issuing CA.`,
      });
    }
    const serial = Buffer.from(cert.serialNumber.valueBlock.valueHexView);
    const entry = crl.revokedCertificates?.find((r) => Buffer.from(r.userCertificate.valueBlock.valueHexView).equals(serial));
    if (entry) return { revokedAt: entry.revocationDate.value, crlIssuer: nameText(crl.issuer) };
  }
  return null;
}
