import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { fingerprint, parseCertificates } from './certificates.js';
import { readCrls, readTrustedCertificates } from './chain.js';
import { buildSignedData } from './cms.js';
import type { SigningKey } from './keys.js';
import { assertUsableSigner } from './sign.js';
import { verifySignature, type SignatureVerdict } from './verify.js';

/**
 * Detached CMS over bytes held in memory (a result bundle's manifest): the same SignedData,
 * signer rules and verification as `attt sign`/`attt verify` on a file, without a file.
 */
export async function signBytes(content: Buffer, key: SigningKey, now: Date = new Date()): Promise<Buffer> {
  assertUsableSigner(key, now);
  return buildSignedData({ contentDigest: createHash('sha256').update(content).digest(), key, signingTime: now });
}

export interface VerifyBytesOptions {
  caFiles?: string[];
  crlFiles?: string[];
  now?: Date;
  /** Shared by the verifications of one run (same files, same `now`): roots read and each chain validated once. */
  cache?: VerificationCache;
}

/** What many verifications of one run share; make one with `verificationCache()` and pass it to each. */
export interface VerificationCache {
  chainVerdicts: Map<string, string | null>;
  trust?: { trusted: ReturnType<typeof readTrustedCertificates>; crls: ReturnType<typeof readCrls> };
}

export function verificationCache(): VerificationCache {
  return { chainVerdicts: new Map() };
}

/** The verdict on a detached CMS signature (DER) over `content`; `where` names the signature in messages. */
export async function verifyBytes(cms: Buffer, content: Buffer, where: string, opts: VerifyBytesOptions = {}): Promise<SignatureVerdict> {
  const roots = opts.cache?.trust ?? { trusted: readTrustedCertificates(opts.caFiles ?? []), crls: readCrls(opts.crlFiles ?? []) };
  if (opts.cache) opts.cache.trust = roots;
  const trust = { ...roots, now: opts.now ?? new Date(), chainVerdicts: opts.cache?.chainVerdicts };
  return verifySignature(cms, content, where, trust);
}

/** SHA-256 (hex, of the DER) of every certificate in a PEM or DER file's bytes; `where` names the file in errors. */
export function certificateFingerprints(bytes: Buffer, where: string): string[] {
  try {
    return parseCertificates(bytes).map(fingerprint);
  } catch (error) {
    throw new InputError('ATTT_CA_INVALID', { vi: `${where} không chứa chứng thư số (PEM hoặc DER) đọc được.`, en: `${where} holds no readable certificate (PEM or DER).` }, { cause: error });
  }
}
