import type { Lang } from '../../i18n.js';
import { cleanText } from '../sanitize.js';

/**
 * Technical evidence as readable text in the report's language: known fields get a label,
 * lists are joined, bilingual texts take the report's language, yes/no are words. Internal
 * bookkeeping fields (how a check told two findings apart, the rule it applied, which data file
 * it used) are left out; unknown fields keep their name, as a reference to the raw results.json.
 */
const LABELS: Record<string, { vi: string; en: string }> = {
  port: { vi: 'cổng', en: 'port' },
  service: { vi: 'dịch vụ', en: 'service' },
  header: { vi: 'tiêu đề', en: 'header' },
  value: { vi: 'giá trị', en: 'value' },
  banner: { vi: 'thông tin phiên bản (banner)', en: 'banner' },
  product: { vi: 'phần mềm', en: 'product' },
  products: { vi: 'phần mềm', en: 'products' },
  version: { vi: 'phiên bản', en: 'version' },
  latest: { vi: 'phiên bản mới nhất', en: 'latest version' },
  branch: { vi: 'nhánh', en: 'branch' },
  eol: { vi: 'hết hỗ trợ từ', en: 'end of life' },
  distro: { vi: 'bản phân phối', en: 'distribution' },
  advisories: { vi: 'cảnh báo bảo mật', en: 'advisories' },
  url: { vi: 'địa chỉ', en: 'URL' },
  cookie: { vi: 'cookie', en: 'cookie' },
  secure: { vi: 'cờ Secure', en: 'Secure flag' },
  httpOnly: { vi: 'cờ HttpOnly', en: 'HttpOnly flag' },
  sameSite: { vi: 'thuộc tính SameSite', en: 'SameSite' },
  protocol: { vi: 'giao thức', en: 'protocol' },
  protocols: { vi: 'giao thức', en: 'protocols' },
  ciphers: { vi: 'bộ mã hóa', en: 'cipher suites' },
  suites: { vi: 'bộ mã hóa', en: 'cipher suites' },
  dhBits: { vi: 'độ dài khóa DH (bit)', en: 'DH key size (bits)' },
  subject: { vi: 'chủ thể chứng thư', en: 'certificate subject' },
  issuer: { vi: 'tổ chức cấp', en: 'issuer' },
  notBefore: { vi: 'hiệu lực từ', en: 'valid from' },
  notAfter: { vi: 'hết hạn', en: 'expires' },
  ocspStapled: { vi: 'đính kèm trạng thái OCSP', en: 'OCSP stapled' },
  text: { vi: 'nhận xét', en: 'note' },
  reason: { vi: 'lý do', en: 'reason' },
  confidenceReason: { vi: 'độ tin cậy', en: 'confidence' },
  reply: { vi: 'phản hồi', en: 'reply' },
  probe: { vi: 'yêu cầu thử', en: 'probe' },
  observed: { vi: 'quan sát', en: 'observed' },
  answer: { vi: 'câu trả lời', en: 'answer' },
  source: { vi: 'nguồn', en: 'source' },
  keyBits: { vi: 'độ dài khóa (bit)', en: 'key size (bits)' },
  keyType: { vi: 'loại khóa', en: 'key type' },
  signatureAlgorithm: { vi: 'thuật toán ký', en: 'signature algorithm' },
  daysLeft: { vi: 'số ngày còn lại', en: 'days left' },
  hostnames: { vi: 'tên miền', en: 'host names' },
};
const SKIP = new Set(['discriminator', 'rule', 'setBy', 'eolData', 'identifiedBy', 'fingerprintSha256', 'chain', 'dhBitsBySuite', 'requirement', 'questionnaire', 'question']);
const MAX_DEPTH = 3;

function isLocalized(v: unknown): v is { vi: string; en: string } {
  return !!v && typeof v === 'object' && typeof (v as { vi?: unknown }).vi === 'string' && typeof (v as { en?: unknown }).en === 'string';
}

function valueText(v: unknown, lang: Lang, depth: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return lang === 'vi' ? (v ? 'có' : 'không') : v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}(T|$)/.test(v) ? isoToText(v, lang) : v;
  if (isLocalized(v)) return v[lang];
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(v)) return v.map((x) => valueText(x, lang, depth + 1)).filter(Boolean).join(', ');
  if (typeof v === 'object') return fieldsText(v as Record<string, unknown>, lang, depth + 1, '; ');
  return '';
}

function isoToText(v: string, lang: Lang): string {
  const [y, m, d] = v.slice(0, 10).split('-');
  return lang === 'vi' ? `${d}/${m}/${y}` : `${Number(d)}/${Number(m)}/${y}`;
}

function fieldsText(o: Record<string, unknown>, lang: Lang, depth: number, sep: string): string {
  return Object.entries(o)
    .filter(([k, v]) => !SKIP.has(k) && v !== undefined && v !== null && v !== '')
    .map(([k, v]) => {
      const text = valueText(v, lang, depth);
      return text === '' ? '' : `${LABELS[k]?.[lang] ?? k}: ${text}`;
    })
    .filter(Boolean)
    .join(sep);
}

export function evidenceText(evidence: Record<string, unknown>, lang: Lang): string {
  return cleanText(fieldsText(evidence ?? {}, lang, 0, ' · '), { max: 2000 });
}
