import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The report's typeface, embedded in the report itself so that the HTML and the PDF look the
 * same on every machine, with or without system fonts. Decree 30/2020 (Phụ lục I, I.4) asks for
 * Times New Roman; Tinos (Apache/OFL, from the ChromeOS core fonts) has Times New Roman's
 * metrics, so lines break where they would in Times New Roman, and its `vietnamese` subset
 * covers every precomposed Vietnamese letter. Only the `latin` and `vietnamese` subsets are
 * embedded (about 100 kB for the four faces): everything the report prints must lie inside
 * `EMBEDDED_RANGES` (a test checks the rendered text against it).
 */
export const REPORT_FONT_FAMILY = 'Tinos';

const SUBSETS = ['latin', 'vietnamese'] as const;
const FACES = [
  { weight: 400, style: 'normal' },
  { weight: 400, style: 'italic' },
  { weight: 700, style: 'normal' },
  { weight: 700, style: 'italic' },
] as const;

function fontDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@fontsource/tinos/latin-400.css'));
}

/** `"U+0000-00FF,U+0131"` → [[0, 255], [305, 305]]. */
export function parseUnicodeRange(spec: string): Array<[number, number]> {
  return spec.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const lo = parseInt(a, 16);
    return [lo, b === undefined ? lo : parseInt(b, 16)];
  });
}

function fontFile(dir: string, subset: string, face: (typeof FACES)[number], ext: 'woff' | 'woff2'): string {
  return path.join(dir, 'files', `tinos-${subset}-${face.weight}-${face.style}.${ext}`);
}

/** The font files of the embedded faces (every subset and face). */
export function reportFontFiles(ext: 'woff' | 'woff2'): string[] {
  const dir = fontDir();
  return FACES.flatMap((face) => SUBSETS.map((subset) => fontFile(dir, subset, face, ext)));
}

let cached: { css: string; ranges: Array<[number, number]> } | null = null;

function load(): { css: string; ranges: Array<[number, number]> } {
  if (cached) return cached;
  const dir = fontDir();
  const unicode = JSON.parse(fs.readFileSync(path.join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const faces: string[] = [];
  for (const face of FACES) {
    for (const subset of SUBSETS) {
      const file = fontFile(dir, subset, face, 'woff2');
      const data = fs.readFileSync(file).toString('base64');
      // font-display: block — never print a fallback font while the embedded one decodes.
      faces.push(
        `@font-face{font-family:'${REPORT_FONT_FAMILY}';font-style:${face.style};font-weight:${face.weight};font-display:block;` +
          `src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${unicode[subset]};}`,
      );
    }
  }
  cached = { css: faces.join('\n'), ranges: SUBSETS.flatMap((s) => parseUnicodeRange(unicode[s])) };
  return cached;
}

/** The @font-face rules with the font files inlined (data: URLs; the CSP allows only those). */
export function embeddedFontCss(): string {
  return load().css;
}

/** Code point ranges the embedded faces cover. */
export function embeddedRanges(): Array<[number, number]> {
  return load().ranges;
}

/** Characters of `text` the embedded font cannot draw (whitespace and controls aside). */
export function uncoveredCharacters(text: string): string[] {
  const ranges = embeddedRanges();
  const out = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || ch === '\u00a0') continue;
    if (!ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) out.add(ch);
  }
  return [...out];
}

/**
 * Symbols that check and questionnaire texts use but the embedded subsets lack, written with
 * characters the font has (otherwise the browser would borrow a glyph from whatever font the
 * machine has, and without any, Chromium's print path aborts).
 */
const SYMBOL_FALLBACKS: Record<string, string> = { '≥': '>=', '≤': '<=', '→': '->', '←': '<-', '✓': '+', '✗': 'x', '✔': '+', '✘': 'x', '≠': '!=', '⩾': '>=', '⩽': '<=' };
const SYMBOLS = new RegExp(`[${Object.keys(SYMBOL_FALLBACKS).join('')}]`, 'gu');

export function withFontSymbols(text: string): string {
  return text.replace(SYMBOLS, (c) => SYMBOL_FALLBACKS[c] ?? c);
}
