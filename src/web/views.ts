import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Lang } from '../i18n.js';
import { FINDING_STATUS_LABEL, SEVERITY_LABEL } from '../labels.js';
import { packagePath } from '../paths.js';
import { text } from './texts.js';

/**
 * Server-rendered pages: templates/web/<page>.hbs inside templates/web/layout.hbs. Handlebars
 * escapes every {{value}}; the data is also made inert first (control and bidi characters
 * removed), so text from scanned servers can neither run nor reorder what the reader sees.
 */
export type Render = (page: string, data: Record<string, unknown>, lang: Lang) => string;

// C0/C1 controls (but tab and newline) and the bidi embedding/override/isolate characters.
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_CHAR = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// Values already made inert (cached page data): not walked again on every render.
const ALREADY_INERT = new WeakSet<object>();

/** Copy of a value with every string stripped of control and bidi characters. */
export function inert(value: unknown, depth = 0, mark = false): unknown {
  if (typeof value === 'string') return UNSAFE_CHAR.test(value) ? value.replace(UNSAFE_CHARS, '') : value;
  if (value === null || typeof value !== 'object' || depth > 12 || ALREADY_INERT.has(value)) return value;
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => inert(v, depth + 1, mark));
  else if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  else out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inert(v, depth + 1, mark)]));
  if (mark) ALREADY_INERT.add(out as object);
  return out;
}

/** An inert copy that later renders use as it is (for page data kept in a cache). */
export function inertOnce<T extends object>(value: T): T {
  return inert(value, 0, true) as T;
}

export function createRenderer(templateDir = packagePath('templates', 'web')): Render {
  const hb = Handlebars.create();
  hb.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const lang = (options.data.root as { lang: Lang }).lang;
    let s = text(key, lang);
    for (const [k, v] of Object.entries(options.hash ?? {})) s = s.replace(`{${k}}`, String(v));
    return s;
  });
  hb.registerHelper('sev', (s: keyof typeof SEVERITY_LABEL, options: Handlebars.HelperOptions) => SEVERITY_LABEL[s]?.[(options.data.root as { lang: Lang }).lang] ?? s);
  hb.registerHelper('st', (s: keyof typeof FINDING_STATUS_LABEL, options: Handlebars.HelperOptions) => FINDING_STATUS_LABEL[s]?.[(options.data.root as { lang: Lang }).lang] ?? s);
  hb.registerHelper('loc', (v: { vi: string; en: string } | undefined, options: Handlebars.HelperOptions) => (v ? v[(options.data.root as { lang: Lang }).lang] : ''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
  hb.registerHelper('json', (v: unknown) => JSON.stringify(v, null, 2));
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  const read = (name: string) => fs.readFileSync(path.join(templateDir, name), 'utf8');
  for (const f of fs.readdirSync(path.join(templateDir, 'partials'))) {
    if (f.endsWith('.hbs')) hb.registerPartial(f.slice(0, -4), read(path.join('partials', f)));
  }
  const layout = hb.compile(read('layout.hbs'), { strict: false });
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  for (const f of fs.readdirSync(templateDir)) {
    if (f.endsWith('.hbs') && f !== 'layout.hbs') pages.set(f.slice(0, -4), hb.compile(read(f)));
  }
  return (page, data, lang) => {
    const template = pages.get(page);
    if (!template) throw new Error(`attt: no web template ${page}`);
    const ctx = { ...(inert(data) as Record<string, unknown>), lang };
    return layout({ ...ctx, body: template(ctx) });
  };
}
