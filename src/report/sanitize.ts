/**
 * Everything a scanned server sends is hostile (docs/architecture.md, "Observe"). Before any of
 * it enters a report it is cleaned here: escape sequences and control characters removed, bidi
 * overrides dropped (they can reorder what a reader sees), and length bounded. HTML escaping is
 * then done by Handlebars ({{…}}), Markdown and CSV escaping by their writers.
 */
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// C0 controls except tab/newline, DEL, C1 controls, bidi overrides and isolates.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export const MAX_TEXT = 2000;

/** Clean untrusted text; newlines become spaces unless `keepNewlines`. */
export function cleanText(value: unknown, opts: { max?: number; keepNewlines?: boolean } = {}): string {
  let s = String(value ?? '')
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '');
  if (!opts.keepNewlines) s = s.replace(/[\n\t]+/g, ' ');
  s = s.normalize('NFC');
  const max = opts.max ?? MAX_TEXT;
  if (s.length > max) s = `${s.slice(0, max)}… (+${s.length - max})`;
  return s;
}

/** Evidence (arbitrary JSON) as short `key: value` lines of cleaned text. */
export function evidenceLines(evidence: Record<string, unknown>, maxLines = 12, maxValue = 400): Array<{ key: string; value: string }> {
  const lines: Array<{ key: string; value: string }> = [];
  for (const [key, value] of Object.entries(evidence ?? {})) {
    if (lines.length >= maxLines) {
      lines.push({ key: '…', value: `+${Object.keys(evidence).length - maxLines}` });
      break;
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    lines.push({ key: cleanText(key, { max: 80 }), value: cleanText(text, { max: maxValue }) });
  }
  return lines;
}
