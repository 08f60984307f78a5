/** Languages every user-facing text exists in. Vietnamese is the default (README.md). */
export type Lang = 'vi' | 'en';

/** A text in both languages. Every check title, message and remediation is one of these. */
export interface Localized {
  vi: string;
  en: string;
}

/** Replace `{{name}}` placeholders with values from `data` (missing values stay visible). */
export function interpolate(template: string, data: Record<string, unknown> = {}): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = data[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

function isLocalized(value: unknown): value is Localized {
  return typeof value === 'object' && value !== null && typeof (value as Localized).vi === 'string' && typeof (value as Localized).en === 'string';
}

/** Data for one language: a `{vi, en}` value becomes the text in that language. */
function dataFor(data: Record<string, unknown>, lang: Lang): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, isLocalized(v) ? v[lang] : v]));
}

/** Fill both languages of a localized template; data values may themselves be `{vi, en}`. */
export function localize(text: Localized, data: Record<string, unknown> = {}): Localized {
  return { vi: interpolate(text.vi, dataFor(data, 'vi')), en: interpolate(text.en, dataFor(data, 'en')) };
}

export function pick(text: Localized, lang: Lang): string {
  return text[lang] ?? text.en;
}

export function isLang(value: unknown): value is Lang {
  return value === 'vi' || value === 'en';
}

/** The time zone dates are shown in when nothing else is said: Vietnam time. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Whether `name` is an IANA time zone this Node knows ("Asia/Ho_Chi_Minh", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.length > 0;
  } catch {
    return false;
  }
}

/**
 * A calendar date (YYYY-MM-DD) in the run's time zone (the command line sets TZ from --tz):
 * what an officer calls "today".
 */
export function localDate(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}
