import type * as pkijs from 'pkijs';
import type { Localized } from '../i18n.js';
import { DOCUMENT_SIGNING_EKUS, extendedKeyUsages, isCaCertificate, keyUsages } from './certificates.js';

/**
 * The rules a signer certificate must meet, shared by `attt sign` (refuse to sign) and
 * `attt verify` (reject): see docs/signing.md. Each failed rule has a stable code.
 */
export type VerifyCode =
  | 'ATTT_VERIFY_DIGEST_MISMATCH'
  | 'ATTT_VERIFY_BAD_SIGNATURE'
  | 'ATTT_VERIFY_SIGNER_NOT_FOUND'
  | 'ATTT_VERIFY_WEAK_DIGEST'
  | 'ATTT_VERIFY_SIGNER_IS_CA'
  | 'ATTT_VERIFY_KEY_USAGE'
  | 'ATTT_VERIFY_EXT_KEY_USAGE'
  | 'ATTT_VERIFY_FUTURE_SIGNING_TIME'
  | 'ATTT_VERIFY_SIGNER_NOT_VALID'
  | 'ATTT_VERIFY_UNTRUSTED'
  | 'ATTT_VERIFY_REVOKED'
  | 'ATTT_VERIFY_TIMESTAMP_INVALID'
  | 'ATTT_VERIFY_PDF_RANGE'
  | 'ATTT_VERIFY_PDF_UNSIGNED_CHANGES';

export interface Problem {
  code: VerifyCode;
  text: Localized;
}

/** End-entity certificate, keyUsage allowing signatures, extendedKeyUsage allowing documents. */
export function signerCertificateProblems(cert: pkijs.Certificate): Problem[] {
  const problems: Problem[] = [];
  if (isCaCertificate(cert)) {
    problems.push({
      code: 'ATTT_VERIFY_SIGNER_IS_CA',
      text: { vi: 'Chứng thư người ký là chứng thư CA (basicConstraints cA=true), không phải chứng thư của người ký.', en: 'The signer certificate is a CA certificate (basicConstraints cA=true), not an end-entity certificate.' },
    });
  }
  const ku = keyUsages(cert);
  if (ku !== null && !ku.includes('digitalSignature') && !ku.includes('nonRepudiation')) {
    problems.push({
      code: 'ATTT_VERIFY_KEY_USAGE',
      text: {
        vi: `Mục đích sử dụng khóa (keyUsage: ${ku.join(', ') || 'trống'}) không cho phép ký số (cần digitalSignature hoặc nonRepudiation).`,
        en: `The key usage (${ku.join(', ') || 'empty'}) does not allow signing (digitalSignature or nonRepudiation needed).`,
      },
    });
  }
  const eku = extendedKeyUsages(cert);
  if (eku !== null && !eku.some((oid) => DOCUMENT_SIGNING_EKUS.includes(oid))) {
    problems.push({
      code: 'ATTT_VERIFY_EXT_KEY_USAGE',
      text: {
        vi: `Mục đích sử dụng mở rộng (extendedKeyUsage: ${eku.join(', ')}) không cho phép ký văn bản (cần emailProtection, ký tài liệu hoặc anyExtendedKeyUsage).`,
        en: `The extended key usage (${eku.join(', ')}) does not allow signing documents (emailProtection, document signing or anyExtendedKeyUsage needed).`,
      },
    });
  }
  return problems;
}

/** The certificate's validity period holds at `at`. */
export function validityProblem(cert: pkijs.Certificate, at: Date, basis: Localized): Problem | null {
  const from = cert.notBefore.value;
  const to = cert.notAfter.value;
  if (at >= from && at <= to) return null;
  return {
    code: 'ATTT_VERIFY_SIGNER_NOT_VALID',
    text: {
      vi: `Chứng thư người ký không có hiệu lực tại ${at.toISOString()} (${basis.vi}); hiệu lực từ ${from.toISOString()} đến ${to.toISOString()}.`,
      en: `The signer certificate is not valid at ${at.toISOString()} (${basis.en}); valid from ${from.toISOString()} to ${to.toISOString()}.`,
    },
  };
}

/** Clocks differ a little between machines; a claimed time this far ahead is still accepted. */
export const CLOCK_SKEW_MS = 5 * 60_000;
