import { badSignatureFormat } from '../cms.js';
import type { Problem } from '../rules.js';
import { verifySignature, type SignatureVerdict, type TrustInputs } from '../verify.js';

/**
 * Signatures embedded in a PDF, found in the raw bytes (not through a PDF parser, so a damaged
 * file is judged rather than refused): every /ByteRange [a b c d] whose gap holds the hex CMS.
 * Each signature is verified over its two ranges; the last one must reach the end of the file,
 * else something was appended that no signature covers.
 */
export interface PdfSignatureVerdict extends SignatureVerdict {
  byteRange: [number, number, number, number];
  subFilter: string | null;
  /** This signature's ranges run to the end of the file. */
  coversWholeFile: boolean;
}

export interface PdfVerdict {
  signatures: PdfSignatureVerdict[];
  problems: Problem[];
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;
const MAX_SIGNATURES = 32;

/** The dictionary text around a match: from the enclosing "obj" to "endobj" (bounded). */
function enclosingObject(text: string, at: number): string {
  const start = Math.max(text.lastIndexOf(' obj', at), at - 4096, 0);
  const end = text.indexOf('endobj', at);
  return text.slice(start, end === -1 ? Math.min(text.length, at + 4096) : Math.min(end, at + 70_000));
}

/** "D:20260105140312+07'00'" → Date. */
function pdfDate(raw: string | undefined): Date | null {
  const m = raw?.match(/^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const base = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const offset = sign === '+' || sign === '-' ? (sign === '+' ? 1 : -1) * (+oh * 60 + +om) * 60_000 : 0;
  const date = new Date(base - offset);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The DER element at the start of the zero-padded /Contents (its length from its own header). */
function derPrefix(buf: Buffer): Buffer {
  if (buf.length < 2 || buf[0] !== 0x30) return buf;
  const first = buf[1];
  if (first < 0x80) return buf.subarray(0, 2 + first);
  const n = first & 0x7f;
  if (n === 0 || n > 4 || buf.length < 2 + n) return buf;
  const len = buf.subarray(2, 2 + n).reduce((acc, byte) => acc * 256 + byte, 0);
  return buf.subarray(0, Math.min(buf.length, 2 + n + len));
}

export async function verifyPdfSignatures(pdf: Buffer, file: string, trust: TrustInputs): Promise<PdfVerdict> {
  const text = pdf.toString('latin1');
  const signatures: PdfSignatureVerdict[] = [];
  const problems: Problem[] = [];
  for (const m of text.matchAll(BYTE_RANGE)) {
    if (signatures.length >= MAX_SIGNATURES) break;
    const br = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    const [a, b, c, d] = br;
    const gapOk = a === 0 && b > 0 && c > b && c + d <= pdf.length && pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
    const dict = enclosingObject(text, m.index ?? 0);
    const subFilter = dict.match(/\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/)?.[1] ?? null;
    const claimed = pdfDate(dict.match(/\/M\s*\((D:[^)]{0,40})\)/)?.[1]);
    if (!gapOk) {
      problems.push({ code: 'ATTT_VERIFY_PDF_RANGE', text: { vi: `Vùng ký /ByteRange [${br.join(' ')}] không hợp lệ trong ${file}.`, en: `The signed range /ByteRange [${br.join(' ')}] in ${file} is not valid.` } });
      continue;
    }
    const hex = pdf.subarray(b + 1, c - 1).toString('latin1').replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) throw badSignatureFormat(`${file} /ByteRange [${br.join(' ')}]`);
    const cms = derPrefix(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
    const content = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]);
    const verdict = await verifySignature(cms, content, `${file} /ByteRange [${br.join(' ')}]`, trust, claimed);
    signatures.push({ ...verdict, byteRange: br, subFilter, coversWholeFile: c + d === pdf.length });
  }
  const covered = Math.max(0, ...signatures.map((s) => s.byteRange[2] + s.byteRange[3]));
  const rest = pdf.subarray(covered).toString('latin1');
  if (signatures.length > 0 && rest.trim().length > 0) {
    problems.push({
      code: 'ATTT_VERIFY_PDF_UNSIGNED_CHANGES',
      text: { vi: `${pdf.length - covered} byte cuối của ${file} được thêm sau chữ ký cuối cùng và không được ký.`, en: `The last ${pdf.length - covered} bytes of ${file} were added after the last signature and are not signed.` },
    });
  }
  return { signatures, problems };
}
