import fs from 'node:fs';
import { SigningError } from '../errors.js';
import { readCrls, readTrustedCertificates } from './chain.js';
import { isPdf, readInput, sha256Hex } from './files.js';
import type { PdfSignatureVerdict } from './pdf/verify.js';
import type { Problem } from './rules.js';
import { verifySignature, type SignatureVerdict } from './verify.js';

/**
 * `attt verify FILE`: the signatures inside a PDF, or the detached FILE.p7s (or --sig) of any
 * file. Missing or unreadable inputs throw (exit 2); a signature that does not hold gives
 * `valid: false` with the reasons (exit 1).
 */
export interface VerifyFileOptions {
  sigPath?: string;
  /** Trusted roots: --ca files and the inventory's trust.caFiles. */
  caFiles?: string[];
  crlFiles?: string[];
  now?: Date;
}

export interface FileVerdict {
  file: string;
  /** SHA-256 of the file as it is now, hex. */
  sha256: string;
  kind: 'pdf' | 'p7s';
  sigPath: string | null;
  valid: boolean;
  status: 'valid' | 'valid-chain-unchecked' | 'invalid';
  chainChecked: boolean;
  signatures: Array<SignatureVerdict | PdfSignatureVerdict>;
  /** Every failed rule, of the file and of each signature. */
  problems: Problem[];
}

export async function verifyFile(file: string, opts: VerifyFileOptions = {}): Promise<FileVerdict> {
  const content = readInput(file, { vi: 'tệp báo cáo', en: 'report file' }, 'report');
  const trust = { trusted: readTrustedCertificates(opts.caFiles ?? []), crls: readCrls(opts.crlFiles ?? []), now: opts.now ?? new Date() };
  const chainChecked = trust.trusted.length > 0;
  let signatures: Array<SignatureVerdict | PdfSignatureVerdict>;
  let fileProblems: Problem[] = [];
  let kind: FileVerdict['kind'] = 'p7s';
  let sigPath: string | null = null;
  if (!opts.sigPath && isPdf(content) && !fs.existsSync(`${file}.p7s`)) {
    kind = 'pdf';
    // pdf-lib loads only when a PDF is verified (see sign.ts).
    const { verifyPdfSignatures } = await import('./pdf/verify.js');
    const pdf = await verifyPdfSignatures(content, file, trust);
    if (pdf.signatures.length === 0 && pdf.problems.length === 0) {
      throw new SigningError('ATTT_SIGNATURE_MISSING', {
        vi: `${file} không chứa chữ ký số nào, và không có tệp chữ ký ${file}.p7s. Ký trước bằng "attt sign".`,
        en: `${file} holds no signature, and there is no ${file}.p7s. Sign first with "attt sign".`,
      });
    }
    signatures = pdf.signatures;
    fileProblems = pdf.problems;
  } else {
    sigPath = opts.sigPath ?? `${file}.p7s`;
    if (!fs.existsSync(sigPath)) {
      throw new SigningError('ATTT_SIGNATURE_MISSING', {
        vi: `Không có tệp chữ ký ${sigPath}. Chỉ định bằng --sig, hoặc ký trước bằng "attt sign".`,
        en: `Signature file ${sigPath} does not exist. Name it with --sig, or sign first with "attt sign".`,
      });
    }
    const cms = readInput(sigPath, { vi: 'tệp chữ ký', en: 'signature file' }, 'signature');
    signatures = [await verifySignature(cms, content, sigPath, trust)];
  }
  const problems = [...fileProblems, ...signatures.flatMap((s) => s.problems)];
  const valid = problems.length === 0 && signatures.every((s) => s.valid);
  return {
    file,
    sha256: sha256Hex(content),
    kind,
    sigPath,
    valid,
    status: !valid ? 'invalid' : chainChecked ? 'valid' : 'valid-chain-unchecked',
    chainChecked,
    signatures,
    problems,
  };
}
