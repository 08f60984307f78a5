/**
 * Spreadsheet (CSV/xlsx) formula injection. Text in an export can come from a scanned server
 * (a banner, a header) or from a person; a spreadsheet runs a cell that starts with = + - @
 * (and, in some programs, a tab or CR) as a formula. OWASP's advice is a leading apostrophe.
 * That is not enough for CSV: a spreadsheet set up for a `;` locale (Vietnamese Excel uses
 * `;` as the list separator) splits a `,` file at every `;` (and naive importers split at `,`
 * inside quotes), so every point where a cell could begin gets the apostrophe: the start, and
 * right after `,` `;` tab, CR and LF.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);
const SPLIT_POINTS = new Set([',', ';', '\t', '\r', '\n']);

export function neutraliseFormula(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (TRIGGERS.has(ch) && (i === 0 || SPLIT_POINTS.has(text[i - 1]))) out += "'";
    out += ch;
  }
  return out;
}

/** One CSV field: neutralised and always quoted (RFC 4180), so no separator inside it is live. */
export function csvField(value: unknown): string {
  return `"${neutraliseFormula(String(value ?? '')).replace(/"/g, '""')}"`;
}
