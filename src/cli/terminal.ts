/**
 * Terminal output helpers. Everything a scanned server sends is hostile: before any of it
 * reaches the terminal, control characters (ANSI escapes, backspaces, bells, carriage
 * returns that overwrite lines) are removed or made visible.
 */
// C0 controls except tab/newline, DEL, C1 controls, and the bidi overrides that can reorder text.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/** Strip escape sequences and control characters; newlines become spaces unless `keepNewlines`. */
export function sanitizeTerminal(text: unknown, keepNewlines = false): string {
  let s = String(text ?? '').replace(ANSI, '').replace(CONTROL, (c) => (c === '\r' ? '' : '\uFFFD'));
  if (!keepNewlines) s = s.replace(/[\n\t]+/g, ' ');
  return s;
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  magenta(s: string): string;
  cyan(s: string): string;
}

const codes: Record<keyof Style, [number, number]> = {
  bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39],
};

export function makeStyle(enabled: boolean): Style {
  const paint = ([open, close]: [number, number]) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    bold: paint(codes.bold), dim: paint(codes.dim), red: paint(codes.red), green: paint(codes.green),
    yellow: paint(codes.yellow), blue: paint(codes.blue), magenta: paint(codes.magenta), cyan: paint(codes.cyan),
  };
}

/** Display width, counting combining marks (Vietnamese diacritics in NFD) as zero. */
export function displayWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  const plain = s.replace(/\u001b\[[0-9;]*m/g, '').normalize('NFC');
  let w = 0;
  for (const ch of plain) {
    const cp = ch.codePointAt(0)!;
    if (/\p{Mn}/u.test(ch)) continue;
    w += cp >= 0x1100 && /\p{Script=Han}|\p{Script=Hangul}|\p{Script=Hiragana}|\p{Script=Katakana}/u.test(ch) ? 2 : 1;
  }
  return w;
}

export function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + '…';
}

/** A plain text table; cells are sanitized; `maxWidths` truncates long columns. */
export function table(headers: string[], rows: string[][], opts: { maxWidths?: number[]; style?: Style } = {}): string {
  const clean = rows.map((r) => r.map((c, i) => {
    const s = sanitizeTerminal(c);
    const max = opts.maxWidths?.[i];
    return max ? truncate(s, max) : s;
  }));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...clean.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i])).join('  ').trimEnd();
  const head = opts.style ? opts.style.bold(line(headers)) : line(headers);
  return [head, widths.map((w) => '─'.repeat(w)).join('  '), ...clean.map(line)].join('\n');
}

/** A progress bar for stderr; callers draw it only when stderr is a TTY. */
export function progressLine(done: number, total: number, current: string, startedAt: number, width = 24): string {
  const ratio = total ? done / total : 1;
  const filled = Math.round(ratio * width);
  const elapsed = (Date.now() - startedAt) / 1000;
  const eta = done > 0 && done < total ? Math.round((elapsed / done) * (total - done)) : undefined;
  const etaText = eta === undefined ? '' : ` ETA ${eta >= 60 ? `${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, '0')}s` : `${eta}s`}`;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}${etaText} ${truncate(sanitizeTerminal(current), 50)}`;
}
