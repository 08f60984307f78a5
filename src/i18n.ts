/** Languages every user-facing text exists in. Vietnamese is the default (DESIGN.md). */
export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

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

/** Fill both languages of a localized template with the same data. */
export function localize(text: Localized, data: Record<string, unknown> = {}): Localized {
  return { vi: interpolate(text.vi, data), en: interpolate(text.en, data) };
}

export function pick(text: Localized, lang: Lang): string {
  return text[lang] ?? text.en;
}

export function isLang(value: unknown): value is Lang {
  return value === 'vi' || value === 'en';
}
