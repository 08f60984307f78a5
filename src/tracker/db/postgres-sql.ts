/**
 * The tracker's SQL as PostgreSQL takes it: `?` and `@name` parameters become `$1…`, and an INSERT
 * into a table the database numbers itself returns the new key (better-sqlite3's lastInsertRowid).
 */
import { insertTable } from './batch.js';
import { AUTO_ID_TABLES } from './migrations.js';

export interface TranslatedSql {
  text: string;
  /** For `@name` parameters: the name of each `$n`, in order. Empty for `?` parameters. */
  names: string[];
  positional: number;
  returnsId: boolean;
}

const cache = new Map<string, TranslatedSql>();

/** Rewrite parameters outside string literals and quoted identifiers. */
export function translateSql(sql: string): TranslatedSql {
  const hit = cache.get(sql);
  if (hit) return hit;
  let text = '';
  const names: string[] = [];
  const byName = new Map<string, number>();
  let positional = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end;
      text += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '?') {
      text += `$${++positional}`;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      let n = byName.get(name);
      if (n === undefined) {
        names.push(name);
        byName.set(name, (n = names.length));
      }
      text += `$${n}`;
      i += name.length;
    } else {
      text += c;
    }
  }
  if (positional && names.length) throw new Error('SQL mixes ? and @name parameters');
  const table = insertTable(sql);
  const returnsId = table !== undefined && AUTO_ID_TABLES.includes(table) && !/\bRETURNING\b/i.test(sql);
  if (returnsId) text += ' RETURNING id';
  const out = { text, names, positional, returnsId };
  if (cache.size < 2000) cache.set(sql, out);
  return out;
}

function plainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

function value(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** The values for `$1…` from better-sqlite3-style arguments (positional values, or one object of named ones). */
export function bindParams(t: TranslatedSql, args: unknown[]): unknown[] {
  if (t.names.length) {
    const named = args.length === 1 && plainObject(args[0]) ? args[0] : {};
    return t.names.map((n) => {
      if (!(n in named)) throw new Error(`missing SQL parameter @${n}`);
      return value(named[n]);
    });
  }
  // An object of named values for a statement without parameters binds nothing (as in better-sqlite3).
  if (t.positional === 0 && args.length === 1 && plainObject(args[0])) return [];
  const flat = args.flatMap((a) => (Array.isArray(a) ? a : [a]));
  if (flat.length !== t.positional) throw new Error(`SQL expects ${t.positional} parameters, got ${flat.length}`);
  return flat.map(value);
}
