import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { request } from 'undici';
import { SigningError } from '../errors.js';
import type { Localized } from '../i18n.js';
import { extendedKeyUsages, nameText, OID } from './certificates.js';
import { CMS_OID, DIGEST_NAMES } from './cms.js';
import { chainProblem } from './chain.js';
import { pkiEngine } from './engine.js';

/**
 * RFC 3161 timestamps: `attt sign --tsa URL` asks a time-stamping authority to sign the hash of
 * the signature value; the token travels as the signatureTimeStampToken unsigned attribute.
 * A valid token from a TSA that chains to a trusted root proves the signature existed at
 * genTime, so the signer certificate is judged at that time instead of at verification time.
 */
const MAX_RESPONSE_BYTES = 1 << 20;
const TIMEOUT_MS = 30_000;

function tsaError(url: string, vi: string, en: string, cause?: unknown): SigningError {
  return new SigningError('ATTT_TSA_FAILED', { vi: `Máy chủ cấp dấu thời gian ${url}: ${vi}`, en: `Time-stamping authority ${url}: ${en}` }, { cause });
}

/** Obtain a timestamp token (DER ContentInfo) over SHA-256 of `signatureValue`. */
export async function requestTimestamp(url: string, signatureValue: Buffer): Promise<Buffer> {
  const hash = createHash('sha256').update(signatureValue).digest();
  const nonce = randomBytes(8);
  nonce[0] &= 0x7f;
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 }), hashedMessage: new asn1js.OctetString({ valueHex: hash }) }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  let body: Buffer;
  try {
    const res = await request(url, {
      method: 'POST',
      body: Buffer.from(req.toSchema().toBER()),
      headers: { 'content-type': 'application/timestamp-query' },
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) throw new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`);
      chunks.push(chunk);
    }
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    body = Buffer.concat(chunks);
  } catch (error) {
    throw tsaError(url, `không nhận được dấu thời gian (${(error as Error).message}).`, `no timestamp received (${(error as Error).message}).`, error);
  }
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(new Uint8Array(body) as Uint8Array<ArrayBuffer>);
  } catch (error) {
    throw tsaError(url, 'câu trả lời không phải TimeStampResp (RFC 3161).', 'the answer is not an RFC 3161 TimeStampResp.', error);
  }
  if (resp.status.status > 1 || !resp.timeStampToken) {
    throw tsaError(url, `từ chối cấp dấu thời gian (trạng thái ${resp.status.status}).`, `refused the timestamp (status ${resp.status.status}).`);
  }
  const token = Buffer.from(resp.timeStampToken.toSchema().toBER());
  const info = readTstInfo(token);
  if (!Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView).equals(hash) || !info.nonce || !Buffer.from(info.nonce.valueBlock.valueHexView).equals(nonce)) {
    throw tsaError(url, 'dấu thời gian không khớp yêu cầu (mã băm hoặc nonce).', 'the timestamp does not match the request (hash or nonce).');
  }
  return token;
}

function readTstInfo(token: Buffer): pkijs.TSTInfo {
  const ci = pkijs.ContentInfo.fromBER(new Uint8Array(token) as Uint8Array<ArrayBuffer>);
  const sd = new pkijs.SignedData({ schema: ci.content });
  if (sd.encapContentInfo.eContentType !== CMS_OID.tstInfo || !sd.encapContentInfo.eContent) throw new Error('not a TSTInfo token');
  return pkijs.TSTInfo.fromBER(sd.encapContentInfo.eContent.getValue());
}

export interface TimestampVerdict {
  valid: boolean;
  genTime: string | null;
  tsa: string | null;
  problems: Localized[];
}

/** Check a token: it covers this signature value, its own signature holds, and its TSA is trusted. */
export async function verifyTimestamp(token: Buffer, signatureValue: Buffer, trusted: pkijs.Certificate[]): Promise<TimestampVerdict> {
  pkiEngine();
  const problems: Localized[] = [];
  let info: pkijs.TSTInfo;
  let sd: pkijs.SignedData;
  try {
    const ci = pkijs.ContentInfo.fromBER(new Uint8Array(token) as Uint8Array<ArrayBuffer>);
    sd = new pkijs.SignedData({ schema: ci.content });
    info = readTstInfo(token);
  } catch {
    return { valid: false, genTime: null, tsa: null, problems: [{ vi: 'Dấu thời gian không đọc được.', en: 'The timestamp cannot be read.' }] };
  }
  const digest = DIGEST_NAMES[info.messageImprint.hashAlgorithm.algorithmId];
  if (!digest || !createHash(digest).update(signatureValue).digest().equals(Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView))) {
    problems.push({ vi: 'Dấu thời gian không thuộc về chữ ký này (mã băm khác).', en: 'The timestamp does not belong to this signature (different hash).' });
  }
  let tsaCert: pkijs.Certificate | null = null;
  try {
    // For a TSTInfo token PKI.js also checks the message imprint against `data`.
    const r = await sd.verify({ signer: 0, data: new Uint8Array(signatureValue).buffer as ArrayBuffer, checkChain: false, extendedMode: true });
    if (r.signatureVerified !== true) throw new Error('signature');
    tsaCert = r.signerCertificate ?? null;
  } catch {
    problems.push({ vi: 'Chữ ký của đơn vị cấp dấu thời gian không hợp lệ.', en: 'The time-stamping authority signature does not verify.' });
  }
  if (tsaCert) {
    const eku = extendedKeyUsages(tsaCert);
    if (!eku?.includes(OID.timeStamping)) problems.push({ vi: 'Chứng thư của đơn vị cấp dấu thời gian không có mục đích timeStamping.', en: 'The time-stamping authority certificate lacks the timeStamping purpose.' });
    const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    const why = trusted.length ? await chainProblem(tsaCert, certs, trusted, info.genTime) : 'no trusted roots given';
    if (why) problems.push({ vi: `Đơn vị cấp dấu thời gian không được tin cậy: ${why}`, en: `The time-stamping authority is not trusted: ${why}` });
  }
  return { valid: problems.length === 0, genTime: info.genTime.toISOString(), tsa: tsaCert ? nameText(tsaCert.subject) : null, problems };
}
