/**
 * Many rows through one statement (TrackerDb.runMany). The statement is written once, for one
 * row, in SQL both engines take: `INSERT INTO t (…) VALUES (?, …)` or
 * `UPDATE t SET … FROM (VALUES (?, …)) AS v WHERE t.id = v.column1`. SQLite runs it per row (an
 * in-process call costs microseconds); PostgreSQL gets the `VALUES (…)` tuple spelled once per
 * row, so a thousand rows are one statement and one round trip instead of a thousand
 * (docs/tracker.md, "Storage").
 */

/** What runMany reports back. */
export interface BatchResult {
  /** Rows the statement changed, over every row of parameters. */
  changes: number;
  /** For an INSERT into a table that numbers itself (see AUTO_ID_TABLES): the new keys, in row order. Else empty. */
  ids: number[];
}

/** One row of parameters: positional values, or one object of `@name` values. */
export type BatchRow = readonly unknown[] | Readonly<Record<string, unknown>>;

/** The table an `INSERT INTO table …` statement writes, lower case; undefined for any other statement. */
export function insertTable(sql: string): string | undefined {
  return /^\s*INSERT\s+INTO\s+([a-z_]+)/i.exec(sql)?.[1]?.toLowerCase();
}

/** PostgreSQL takes at most 65,535 parameters per statement; this many rows per statement at most. */
const MAX_ROWS = 1000;
const MAX_PARAMS = 65_535;

/** The text with its string literals and quoted identifiers blanked out (same length). */
function unquoted(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end < 0 ? text.length : end + 1;
      out += ' '.repeat(stop - i);
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Where the statement's `VALUES (…)` tuple starts and ends (end exclusive), given its unquoted() mask; undefined when it has none. */
function valuesTuple(masked: string): { start: number; end: number } | undefined {
  const at = /\bVALUES\s*\(/i.exec(masked);
  if (!at) return undefined;
  const start = at.index + at[0].length - 1;
  let depth = 0;
  for (let i = start; i < masked.length; i++) {
    if (masked[i] === '(') depth++;
    else if (masked[i] === ')' && --depth === 0) return { start, end: i + 1 };
  }
  return undefined;
}

/**
 * PostgreSQL's statements for `rows` (each already bound to `$1…$k`): the tuple spelled once per
 * row with its parameters renumbered, in chunks under the server's parameter limit. A statement
 * with parameters outside its tuple (or without a tuple) is sent once per row, still in one request.
 */
export function spellBatch(text: string, rows: unknown[][]): Array<{ sql: string; params: unknown[] }> {
  const perRow = rows[0]?.length ?? 0;
  const masked = unquoted(text);
  const tuple = valuesTuple(masked);
  const paramsOutside = /\$\d/.test(tuple ? masked.slice(0, tuple.start) + masked.slice(tuple.end) : masked);
  if (!tuple || perRow === 0 || paramsOutside) return rows.map((params) => ({ sql: text, params }));
  const one = text.slice(tuple.start, tuple.end);
  const oneMask = masked.slice(tuple.start, tuple.end);
  // A `$n` inside a string literal is text, not a parameter: only those outside quotes are renumbered.
  const renumbered = (offset: number) => one.replace(/\$(\d+)/g, (m, n: string, at: number) => (oneMask[at] === '$' ? `$${Number(n) + offset}` : m));
  const rowsPerStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / perRow)));
  const out: Array<{ sql: string; params: unknown[] }> = [];
  for (let from = 0; from < rows.length; from += rowsPerStatement) {
    const chunk = rows.slice(from, from + rowsPerStatement);
    const tuples = chunk.map((_, j) => renumbered(j * perRow));
    out.push({ sql: text.slice(0, tuple.start) + tuples.join(', ') + text.slice(tuple.end), params: chunk.flat() });
  }
  return out;
}
