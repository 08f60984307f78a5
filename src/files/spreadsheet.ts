/**
 * Spreadsheet (CSV/xlsx) formula injection. Text in an export can come from a scanned server
 * (a banner, a header) or from a person; a spreadsheet runs a cell that starts with = + - @
 * (and, in some programs, a tab or CR) as a formula. OWASP's advice is a leading apostrophe.
 * That is not enough for CSV: a spreadsheet set up for a `;` locale (Vietnamese Excel uses
 * `;` as the list separator) splits a `,` file at every `;` (and naive importers split at `,`
 * inside quotes), so every point where a cell could begin gets the apostrophe: the start, and
 * right after `,` `;` tab, CR and LF, leading spaces included.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);
const SPLIT_POINTS = new Set([',', ';', '\t', '\r', '\n']);

export function neutraliseFormula(text: string): string {
  let out = '';
  // Where a cell could begin. Leading spaces do not end that (some programs trim them), nor do
  // quotes (read with the other separator, a doubled quote becomes an empty quoted string).
  let cellStart = true;
  for (const ch of text) {
    if (cellStart && TRIGGERS.has(ch)) out += "'";
    if (SPLIT_POINTS.has(ch)) cellStart = true;
    else if (ch !== ' ' && ch !== '"') cellStart = false;
    out += ch;
  }
  return out;
}

/** One CSV field: neutralised and always quoted (RFC 4180), so no separator inside it is live. */
export function csvField(value: unknown): string {
  return `"${neutraliseFormula(String(value ?? '')).replace(/"/g, '""')}"`;
}
