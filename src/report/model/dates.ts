import { DEFAULT_TIME_ZONE, isTimeZone, type Lang } from '../../i18n.js';
import { cleanText } from '../sanitize.js';

/**
 * The report follows the run's one time zone: the command line sets TZ from `--tz` or ATTT_TZ
 * (Vietnam time when neither is given: a report dated at 23:30 UTC on 31 December is
 * dated 1 January). A TZ that is not an IANA zone name (POSIX strings such
 * as ":/etc/localtime") falls back to Vietnam time rather than to the machine's zone.
 */
let checked = { tz: '', zone: DEFAULT_TIME_ZONE };
export function reportTimeZone(): string {
  const tz = process.env.TZ?.trim() ?? '';
  // Every date in the report asks; the answer changes only when TZ does.
  if (tz !== checked.tz) checked = { tz, zone: tz && isTimeZone(tz) ? tz : DEFAULT_TIME_ZONE };
  return checked.zone;
}
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function dateParts(d: Date): { day: number; month: number; year: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: reportTimeZone(), day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { day: get('day'), month: get('month'), year: get('year') };
}

/** Decree 30/2020 Phụ lục I, II.4: day < 10 and months 1–2 take a leading zero. */
export function vietnameseDateLine(place: string, d: Date): string {
  const { day, month, year } = dateParts(d);
  return `${place}, ngày ${pad(day, 10)} tháng ${pad(month, 3)} năm ${year}`;
}

export function englishDateLine(place: string, d: Date): string {
  const { day, month, year } = dateParts(d);
  return `${place}, ${day} ${EN_MONTHS[month - 1]} ${year}`;
}

function pad(n: number, below: number): string {
  return n < below ? `0${n}` : String(n);
}

/** "ngày 05 tháng 01 năm 2026" / "5 January 2026" for a YYYY-MM-DD date (citations, decisions). */
export function longDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return cleanText(iso, { max: 40 });
  const [day, month, year] = [Number(m[3]), Number(m[2]), m[1]];
  return lang === 'vi' ? `ngày ${pad(day, 10)} tháng ${pad(month, 3)} năm ${year}` : `${day} ${EN_MONTHS[month - 1]} ${year}`;
}

/** dd/mm/yyyy in Vietnamese, d Month yyyy in English: never an ISO date in the text. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return cleanText(iso, { max: 40 });
  return lang === 'vi' ? `${m[3]}/${m[2]}/${m[1]}` : `${Number(m[3])} ${EN_MONTHS[Number(m[2]) - 1].slice(0, 3)} ${m[1]}`;
}

export function formatDateTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return cleanText(iso, { max: 40 });
  const timeZone = reportTimeZone();
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'shortOffset' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  // Vietnam time goes unmarked, as officials write it; any other zone is named ("GMT+9"), so a
  // reader never takes a time in another zone for Vietnam's.
  const zone = timeZone === DEFAULT_TIME_ZONE ? '' : ` (${get('timeZoneName')})`;
  return lang === 'vi'
    ? `${get('hour')} giờ ${get('minute')} ngày ${get('day')}/${get('month')}/${get('year')}${zone}`
    : `${get('hour')}:${get('minute')} on ${Number(get('day'))} ${EN_MONTHS[Number(get('month')) - 1].slice(0, 3)} ${get('year')}${zone}`;
}

/** The report date as YYYY-MM-DD in Vietnam. */
export function isoDay(d: Date): string {
  const { day, month, year } = dateParts(d);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];
export function roman(n: number): string {
  return ROMAN[n - 1] ?? String(n);
}

/**
 * A cycle as officials write it: "2026-Q4" → "quý IV năm 2026" ("Q4 2026"), "2026-H1" → "6 tháng
 * đầu năm 2026", "2026" → "năm 2026". Any other id is shown as given.
 */
export function cycleLabel(cycle: string, lang: Lang): string {
  const c = cleanText(cycle, { max: 80 });
  let m = /^(\d{4})-Q([1-4])$/i.exec(c);
  if (m) return lang === 'vi' ? `quý ${roman(Number(m[2]))} năm ${m[1]}` : `Q${m[2]} ${m[1]}`;
  m = /^(\d{4})-H([12])$/i.exec(c);
  if (m) return lang === 'vi' ? `6 tháng ${m[2] === '1' ? 'đầu' : 'cuối'} năm ${m[1]}` : `${m[2] === '1' ? 'first' : 'second'} half of ${m[1]}`;
  m = /^(\d{4})$/.exec(c);
  if (m) return lang === 'vi' ? `năm ${m[1]}` : m[1];
  return c;
}

/** ISO dates inside a check's text ("hết hạn ngày 2026-11-28") in the report's date style. */
export function localizeIsoDates(text: string, lang: Lang): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b(?!T\d)/g, (m) => formatDate(m, lang));
}
