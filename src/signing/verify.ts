import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import type { Localized } from '../i18n.js';
import { fingerprint, summarize, type CertificateSummary } from './certificates.js';
import { chainProblem, issuersOf, revocationOf } from './chain.js';
import { DIGEST_NAMES, parseSignedData, signatureVerifies } from './cms.js';
import { CLOCK_SKEW_MS, signerCertificateProblems, validityProblem, type Problem } from './rules.js';
import { verifyTimestamp, type TimestampVerdict } from './timestamp.js';

/**
 * The verdict on one CMS signature: integrity (message digest), the signature itself (PKI.js),
 * the signer rules, the time the certificate is judged at (a trusted timestamp's time, else
 * now), the chain to the trusted roots at that time, and revocation from the given CRLs.
 */
export interface Check {
  id: string;
  passed: boolean;
  text: Localized;
}

export interface SignatureVerdict {
  valid: boolean;
  /** 'valid' includes the chain to a trusted root; 'valid-chain-unchecked' when no root was given. */
  status: 'valid' | 'valid-chain-unchecked' | 'invalid';
  signer: CertificateSummary | null;
  /** The signer's issuers up to the root, as found in the signature and the trusted roots. */
  chain: CertificateSummary[];
  /** Claimed signing time (signed attribute, or the PDF's /M), not proof. */
  signingTime: string | null;
  timestamp: TimestampVerdict | null;
  /** The time the signer certificate was judged at, and why that time. */
  judgedAt: string;
  judgedBy: 'timestamp' | 'verification-time';
  checks: Check[];
  problems: Problem[];
}

export interface TrustInputs {
  trusted: pkijs.Certificate[];
  crls: pkijs.CertificateRevocationList[];
  now: Date;
  /**
   * Chain verdicts already reached in this run, by signer, embedded certificates and time (a
   * merge of many bundles from few auditors validates each path once; PKI.js's path validation
   * is the slow part of a verification).
   */
  chainVerdicts?: Map<string, string | null>;
}

export async function verifySignature(cms: Buffer, content: Buffer, where: string, trust: TrustInputs, claimed?: Date | null): Promise<SignatureVerdict> {
  const parsed = parseSignedData(cms, where);
  const checks: Check[] = [];
  const problems: Problem[] = [];
  const check = (id: string, passed: boolean, text: Localized, problem?: Problem) => {
    checks.push({ id, passed, text: passed ? text : (problem?.text ?? text) });
    if (!passed && problem) problems.push(problem);
  };
  const digestName = DIGEST_NAMES[parsed.digestAlgorithm];
  check('digest-algorithm', !!digestName, { vi: `Thuật toán băm ${digestName ?? parsed.digestAlgorithm}`, en: `Digest algorithm ${digestName ?? parsed.digestAlgorithm}` }, {
    code: 'ATTT_VERIFY_WEAK_DIGEST',
    text: { vi: `Thuật toán băm ${parsed.digestAlgorithm} không được chấp nhận (chỉ SHA-256/384/512).`, en: `Digest algorithm ${parsed.digestAlgorithm} is not accepted (SHA-256/384/512 only).` },
  });
  const digestOk = !!digestName && !!parsed.messageDigest && createHash(digestName).update(content).digest().equals(parsed.messageDigest);
  check('integrity', digestOk, { vi: 'Nội dung không bị thay đổi sau khi ký', en: 'Content unchanged since signing' }, {
    code: 'ATTT_VERIFY_DIGEST_MISMATCH',
    text: { vi: 'Nội dung đã bị thay đổi sau khi ký (mã băm không khớp).', en: 'The content was changed after signing (digest mismatch).' },
  });
  const cert = parsed.signerCertificate;
  check('signer-certificate', !!cert, { vi: 'Chữ ký kèm chứng thư người ký', en: 'The signature carries the signer certificate' }, {
    code: 'ATTT_VERIFY_SIGNER_NOT_FOUND',
    text: { vi: 'Chữ ký không kèm chứng thư của người ký (issuer/serial không khớp).', en: 'The signature does not carry the signer certificate (issuer/serial do not match).' },
  });
  if (cert && digestOk) {
    const ok = await signatureVerifies(parsed, content);
    check('signature', ok, { vi: 'Chữ ký số đúng với khóa công khai của người ký', en: 'Signature verifies with the signer public key' }, {
      code: 'ATTT_VERIFY_BAD_SIGNATURE',
      text: { vi: 'Chữ ký số không đúng với khóa công khai của người ký.', en: 'The signature does not verify with the signer public key.' },
    });
  }
  const signingTime = parsed.signingTime ?? claimed ?? null;
  const future = signingTime !== null && signingTime.getTime() > trust.now.getTime() + CLOCK_SKEW_MS;
  check('signing-time', !future, { vi: 'Thời điểm ký không ở tương lai', en: 'Signing time is not in the future' }, {
    code: 'ATTT_VERIFY_FUTURE_SIGNING_TIME',
    text: { vi: `Thời điểm ký ${signingTime?.toISOString()} ở tương lai so với lúc kiểm tra ${trust.now.toISOString()}.`, en: `The signing time ${signingTime?.toISOString()} lies in the future of the verification time ${trust.now.toISOString()}.` },
  });
  let timestamp: TimestampVerdict | null = null;
  if (parsed.timestampToken) {
    timestamp = await verifyTimestamp(parsed.timestampToken, Buffer.from(parsed.signerInfo.signature.valueBlock.valueHexView), trust.trusted);
    const tsFuture = timestamp.genTime !== null && Date.parse(timestamp.genTime) > trust.now.getTime() + CLOCK_SKEW_MS;
    if (tsFuture) timestamp.problems.push({ vi: 'Dấu thời gian ở tương lai.', en: 'The timestamp lies in the future.' });
    timestamp.valid = timestamp.valid && !tsFuture;
    check('timestamp', timestamp.valid, { vi: `Dấu thời gian RFC 3161 hợp lệ (${timestamp.genTime})`, en: `Valid RFC 3161 timestamp (${timestamp.genTime})` }, {
      code: 'ATTT_VERIFY_TIMESTAMP_INVALID',
      text: { vi: `Dấu thời gian không hợp lệ: ${timestamp.problems.map((p) => p.vi).join(' ')}`, en: `The timestamp is not valid: ${timestamp.problems.map((p) => p.en).join(' ')}` },
    });
  }
  const byTimestamp = timestamp?.valid === true && timestamp.genTime !== null;
  const judgedAt = byTimestamp ? new Date(timestamp!.genTime!) : trust.now;
  const basis: Localized = byTimestamp ? { vi: 'thời điểm trong dấu thời gian', en: 'the timestamp time' } : { vi: 'thời điểm kiểm tra; không có dấu thời gian tin cậy', en: 'the verification time; no trusted timestamp' };
  let chain: pkijs.Certificate[] = [];
  if (cert) {
    for (const p of signerCertificateProblems(cert)) check(p.code === 'ATTT_VERIFY_SIGNER_IS_CA' ? 'end-entity' : p.code === 'ATTT_VERIFY_KEY_USAGE' ? 'key-usage' : 'extended-key-usage', false, p.text, p);
    for (const id of ['end-entity', 'key-usage', 'extended-key-usage']) {
      if (!checks.some((c) => c.id === id)) check(id, true, { vi: `Quy tắc chứng thư người ký: ${id}`, en: `Signer certificate rule: ${id}` });
    }
    const v = validityProblem(cert, judgedAt, basis);
    check('validity', v === null, { vi: `Chứng thư có hiệu lực tại ${judgedAt.toISOString()} (${basis.vi})`, en: `Certificate valid at ${judgedAt.toISOString()} (${basis.en})` }, v ?? undefined);
    chain = issuersOf(cert, [...parsed.certificates, ...trust.trusted]);
    if (trust.trusted.length) {
      const key = [fingerprint(cert), judgedAt.toISOString(), ...parsed.certificates.map(fingerprint)].join('|');
      const known = trust.chainVerdicts?.get(key);
      const why = known !== undefined ? known : await chainProblem(cert, parsed.certificates, trust.trusted, judgedAt);
      trust.chainVerdicts?.set(key, why);
      check('chain', why === null, { vi: 'Chuỗi chứng thư dẫn tới CA tin cậy', en: 'Certificate chain leads to a trusted CA' }, {
        code: 'ATTT_VERIFY_UNTRUSTED',
        text: { vi: `Chứng thư người ký không dẫn tới CA tin cậy: ${why}`, en: `The signer certificate does not chain to a trusted CA: ${why}` },
      });
    }
    if (trust.crls.length) {
      const revoked = await revocationOf(cert, chain[0], trust.crls);
      const harmless = revoked !== null && byTimestamp && revoked.revokedAt > judgedAt;
      check('revocation', !revoked || harmless, { vi: 'Chứng thư không bị thu hồi (theo CRL)', en: 'Certificate not revoked (per CRL)' }, {
        code: 'ATTT_VERIFY_REVOKED',
        text: {
          vi: `Chứng thư người ký đã bị ${revoked?.crlIssuer} thu hồi lúc ${revoked?.revokedAt.toISOString()}${byTimestamp ? ', trước thời điểm trong dấu thời gian' : ' (không có dấu thời gian chứng minh chữ ký có trước đó)'}.`,
          en: `The signer certificate was revoked by ${revoked?.crlIssuer} at ${revoked?.revokedAt.toISOString()}${byTimestamp ? ', before the timestamp time' : ' (no timestamp proves the signature came first)'}.`,
        },
      });
    }
  }
  const valid = problems.length === 0;
  return {
    valid,
    status: !valid ? 'invalid' : trust.trusted.length ? 'valid' : 'valid-chain-unchecked',
    signer: cert ? summarize(cert) : null,
    chain: chain.map(summarize),
    signingTime: signingTime ? signingTime.toISOString() : null,
    timestamp,
    judgedAt: judgedAt.toISOString(),
    judgedBy: byTimestamp ? 'timestamp' : 'verification-time',
    checks,
    problems,
  };
}
