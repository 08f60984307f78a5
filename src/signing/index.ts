/**
 * Public surface of sign-off (see docs/signing.md): sign (detached CMS or PAdES inside the PDF),
 * verify, keys (PKCS#12, PKCS#11 tokens, throwaway demo keys) and the one-line escaping of
 * certificate text for the terminal.
 */
export { signFile, type SignOptions, type SignResult } from './sign.js';
export { verifyFile, type FileVerdict, type VerifyFileOptions } from './verify-file.js';
export type { SignatureVerdict, Check } from './verify.js';
export type { PdfSignatureVerdict } from './pdf/verify.js';
export type { PdfAppearance } from './pdf/sign.js';
export type { Problem, VerifyCode } from './rules.js';
export { loadP12, type SigningKey, type SignatureScheme } from './keys.js';
export { loadPkcs11Key, type Pkcs11Options } from './pkcs11.js';
export { createDemoKeys, DEMO_PASSPHRASE, type DemoKeys } from './demo-keys.js';
export { oneLine } from './text.js';
export type { CertificateSummary } from './certificates.js';
export { certificateFingerprints, signBytes, verificationCache, verifyBytes, type VerificationCache, type VerifyBytesOptions } from './detached.js';
export { certificatePem, signerName } from './certificates.js';
