import type { Localized } from '../i18n.js';
import type { Question } from './definition.js';
import type { ValueWords } from './rules.js';

/** The answer a unit gives when a question does not apply to it (only where `notApplicableAllowed`). */
export const NOT_APPLICABLE = 'n/a';

/** An answer value after validation: its type follows the question type; null = not answered yet. */
export type AnswerValue = boolean | number | string | string[] | null;

export type Coerced = { ok: true; value: AnswerValue } | { ok: false; problem: Localized };

const TRUE_WORDS = new Set(['true', 'yes', 'có', 'co', 'đúng']);
const FALSE_WORDS = new Set(['false', 'no', 'không', 'khong', 'sai']);

function fail(vi: string, en: string): Coerced {
  return { ok: false, problem: { vi, en } };
}

function shown(raw: unknown): string {
  const s = typeof raw === 'string' ? JSON.stringify(raw) : JSON.stringify(raw) ?? String(raw);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function expectedText(q: Question): Localized {
  const bounds = (lang: 'vi' | 'en') => {
    if (q.min !== undefined && q.max !== undefined) return lang === 'vi' ? ` từ ${q.min} đến ${q.max}` : ` from ${q.min} to ${q.max}`;
    if (q.min !== undefined) return lang === 'vi' ? ` ≥ ${q.min}` : ` ≥ ${q.min}`;
    if (q.max !== undefined) return lang === 'vi' ? ` ≤ ${q.max}` : ` ≤ ${q.max}`;
    return '';
  };
  const choices = q.choices?.map((c) => c.value).join(', ') ?? '';
  const na = q.notApplicableAllowed ? { vi: `, hoặc "${NOT_APPLICABLE}" nếu không áp dụng`, en: `, or "${NOT_APPLICABLE}" if not applicable` } : { vi: '', en: '' };
  const byType: Record<Question['type'], Localized> = {
    boolean: { vi: 'true/false (có/không)', en: 'true/false (yes/no)' },
    integer: { vi: `một số nguyên${bounds('vi')}`, en: `a whole number${bounds('en')}` },
    number: { vi: `một số${bounds('vi')}`, en: `a number${bounds('en')}` },
    choice: { vi: `một trong: ${choices}`, en: `one of: ${choices}` },
    'multi-choice': { vi: `danh sách các giá trị trong: ${choices}`, en: `a list of values from: ${choices}` },
    text: { vi: 'một đoạn văn bản', en: 'a text' },
    date: { vi: 'một ngày dạng ngày/tháng/năm (31/12/2025) hoặc YYYY-MM-DD', en: 'a date as dd/mm/yyyy (31/12/2025) or YYYY-MM-DD' },
  };
  return { vi: byType[q.type].vi + na.vi, en: byType[q.type].en + na.en };
}

/** A valid calendar date YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * A date as Vietnamese documents write it (day first: 31/12/2025, also 31-12-2025 or
 * 31.12.2025) or as ISO 8601 (2025-12-31); the ISO form, or null when it is not a real day.
 */
export function parseDayFirstOrIsoDate(text: string): string | null {
  const s = text.trim();
  if (isIsoDate(s)) return s;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

function choiceValueOf(q: Question, text: string): string | undefined {
  const t = text.trim().toLowerCase();
  for (const c of q.choices ?? []) {
    if (c.value === t || c.label.vi.toLowerCase() === t || c.label.en.toLowerCase() === t) return c.value;
  }
  return undefined;
}

/**
 * Turn a raw answer (from YAML, a spreadsheet cell or the keyboard) into a typed value, or say
 * exactly what was expected. The same function serves all three ways of answering, so they
 * accept the same things and agree. Empty input means "not answered yet" (null).
 */
export function coerceAnswer(q: Question, raw: unknown): Coerced {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, value: null };
  if (Array.isArray(raw) && raw.length === 0 && q.type !== 'multi-choice') return { ok: true, value: null };
  const expected = expectedText(q);
  const wrong = () => fail(`câu trả lời ${shown(raw)} không hợp lệ: cần ${expected.vi}`, `answer ${shown(raw)} is invalid: expected ${expected.en}`);
  if (typeof raw === 'string' && raw.trim().toLowerCase() === NOT_APPLICABLE) {
    return q.notApplicableAllowed ? { ok: true, value: NOT_APPLICABLE } : fail(`câu hỏi này không cho phép trả lời "${NOT_APPLICABLE}" (không áp dụng): cần ${expected.vi}`, `this question does not accept "${NOT_APPLICABLE}" (not applicable): expected ${expected.en}`);
  }
  switch (q.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (typeof raw === 'string') {
        const t = raw.trim().toLowerCase();
        if (TRUE_WORDS.has(t)) return { ok: true, value: true };
        if (FALSE_WORDS.has(t)) return { ok: true, value: false };
      }
      return wrong();
    }
    case 'integer':
    case 'number': {
      let n: number;
      if (typeof raw === 'number') n = raw;
      else if (typeof raw === 'string' && /^\s*-?\d+([.,]\d+)?\s*$/.test(raw)) n = Number(raw.trim().replace(',', '.'));
      else return wrong();
      if (!Number.isFinite(n) || (q.type === 'integer' && !Number.isInteger(n))) return wrong();
      if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) return wrong();
      return { ok: true, value: n };
    }
    case 'choice': {
      if (typeof raw !== 'string') return wrong();
      const v = choiceValueOf(q, raw);
      return v === undefined ? wrong() : { ok: true, value: v };
    }
    case 'multi-choice': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean) : undefined;
      if (!items) return wrong();
      const values: string[] = [];
      for (const item of items) {
        const v = typeof item === 'string' ? choiceValueOf(q, item) : undefined;
        if (v === undefined) return fail(`giá trị ${shown(item)} không hợp lệ: cần ${expected.vi}`, `value ${shown(item)} is invalid: expected ${expected.en}`);
        if (!values.includes(v)) values.push(v);
      }
      // Keep the definition's order so the same selection always reads and compares the same.
      const order = (q.choices ?? []).map((c) => c.value);
      return { ok: true, value: values.sort((a, b) => order.indexOf(a) - order.indexOf(b)) };
    }
    case 'text': {
      if (typeof raw === 'string') return { ok: true, value: raw.trim() };
      if (typeof raw === 'number') return { ok: true, value: String(raw) };
      return wrong();
    }
    case 'date': {
      if (raw instanceof Date && !Number.isNaN(raw.getTime())) return { ok: true, value: raw.toISOString().slice(0, 10) };
      const iso = typeof raw === 'string' ? parseDayFirstOrIsoDate(raw) : null;
      if (iso) return { ok: true, value: iso };
      return wrong();
    }
  }
}

/** How a value reads to a person: choice labels, Có/Không, the unit. */
export function describeValue(q: Question, value: unknown): Localized {
  if (value === null || value === undefined) return { vi: '(chưa trả lời)', en: '(not answered)' };
  if (value === NOT_APPLICABLE) return { vi: 'không áp dụng', en: 'not applicable' };
  if (typeof value === 'boolean') return value ? { vi: 'Có', en: 'Yes' } : { vi: 'Không', en: 'No' };
  if (typeof value === 'number') return { vi: `${value}${q.unit ? ` ${q.unit.vi}` : ''}`, en: `${value}${q.unit ? ` ${q.unit.en}` : ''}` };
  const label = (v: string): Localized => q.choices?.find((c) => c.value === v)?.label ?? { vi: v, en: v };
  if (Array.isArray(value)) {
    if (value.length === 0) return { vi: '(không chọn mục nào)', en: '(none selected)' };
    const labels = value.map((v) => label(String(v)));
    return { vi: labels.map((l) => l.vi).join('; '), en: labels.map((l) => l.en).join('; ') };
  }
  if (q.type === 'choice') return label(String(value));
  const s = String(value);
  const short = s.length > 200 ? `${s.slice(0, 197)}…` : s;
  return { vi: short, en: short };
}

/** Words for describing a question's rule values (choice labels, units). */
export function valueWords(q: Question): ValueWords {
  return { describe: (v) => (typeof v === 'number' ? { vi: String(v), en: String(v) } : describeValue(q, v)), unit: q.unit };
}

/** The expected-type hint shown in templates and spreadsheets. */
export function expectedAnswerText(q: Question): Localized {
  return expectedText(q);
}
