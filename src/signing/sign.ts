import { createHash } from 'node:crypto';
import { SigningError } from '../errors.js';
import { writeFileAtomic } from '../results/index.js';
import { signerName } from './certificates.js';
import { buildSignedData } from './cms.js';
import { isPdf, readInput, sha256Hex } from './files.js';
import type { SigningKey } from './keys.js';
import type { PdfAppearance } from './pdf/sign.js';
import { signerCertificateProblems, validityProblem } from './rules.js';
import { oneLine } from './text.js';
import { requestTimestamp } from './timestamp.js';

/**
 * `attt sign`: a PDF is signed inside the file (PAdES baseline B-B, incremental update, visible
 * appearance); any other file gets a detached CMS signature in FILE.p7s (DER). The signer
 * certificate must pass the same rules `attt verify` applies, and be valid now.
 */
export interface SignOptions {
  key: SigningKey;
  now?: Date;
  /** RFC 3161 time-stamping authority to timestamp the signature. */
  tsaUrl?: string;
  /** Detached signature path (default FILE.p7s). */
  sigPath?: string;
  /** PDF: where and how the signature appears. */
  appearance?: Partial<PdfAppearance>;
}

export interface SignResult {
  /** 'pdf': signed inside the file; 'p7s': detached signature next to it. */
  format: 'pdf' | 'p7s';
  file: string;
  /** The signature file (p7s) or the signed PDF itself. */
  output: string;
  /** SHA-256 of the signed file as it is now (the PDF after signing). */
  sha256: string;
  signer: string;
  signedAt: string;
  timestamped: boolean;
}

export function assertUsableSigner(key: SigningKey, now: Date): void {
  const name = oneLine(signerName(key.certificate));
  const problems = signerCertificateProblems(key.certificate);
  const validity = validityProblem(key.certificate, now, { vi: 'lúc ký', en: 'signing time' });
  if (validity) problems.push(validity);
  if (problems.length) {
    throw new SigningError(validity && problems.length === 1 ? 'ATTT_SIGNER_EXPIRED' : 'ATTT_SIGNER_UNSUITABLE', {
      vi: `Không thể ký bằng chứng thư ${name}: ${problems.map((p) => p.text.vi).join(' ')}`,
      en: `Cannot sign with the certificate of ${name}: ${problems.map((p) => p.text.en).join(' ')}`,
    });
  }
}

export async function signFile(file: string, opts: SignOptions): Promise<SignResult> {
  const now = opts.now ?? new Date();
  assertUsableSigner(opts.key, now);
  const content = readInput(file, { vi: 'tệp cần ký', en: 'file to sign' }, 'report');
  const timestamp = opts.tsaUrl ? (sig: Buffer) => requestTimestamp(opts.tsaUrl!, sig) : undefined;
  const signer = signerName(opts.key.certificate);
  if (isPdf(content) && !opts.sigPath) {
    // pdf-lib and fontkit load only when a PDF is signed: every other command starts faster.
    const { signPdf } = await import('./pdf/sign.js');
    const signed = await signPdf(content, { key: opts.key, now, timestamp, appearance: opts.appearance });
    writeFileAtomic(file, signed);
    return { format: 'pdf', file, output: file, sha256: sha256Hex(signed), signer, signedAt: now.toISOString(), timestamped: !!timestamp };
  }
  const der = await buildSignedData({ contentDigest: createHash('sha256').update(content).digest(), key: opts.key, signingTime: now, timestamp });
  const sigPath = opts.sigPath ?? `${file}.p7s`;
  writeFileAtomic(sigPath, der);
  return { format: 'p7s', file, output: sigPath, sha256: sha256Hex(content), signer, signedAt: now.toISOString(), timestamped: !!timestamp };
}
