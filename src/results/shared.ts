import { hash } from 'node:crypto';

/**
 * The `shared` catalogue of results.json schemaVersion 2 (docs/results.md): a JSON value that
 * is long enough to be worth it (the same Vietnamese and English message in thousands of
 * results, a cipher suite's facts in every TLS observation, a URL in every result of a target)
 * is written once, as an entry of `shared`, and everywhere else as `{"$shared": n}`.
 *
 * Entries may themselves hold references, but only to earlier entries, so a reader resolves
 * them in one pass. An object of the data whose only key is `$shared` or `$literal` (a server
 * may send a header of that name) is written as `{"$literal": {...}}`, so data never reads as
 * a reference.
 */

/** Shorter encoded values stay inline: a reference would save nothing. */
const MIN_SHARED_LENGTH = 24;
/** Longer encoded values are remembered by their SHA-1, so the writer's index stays small. */
const MAX_KEY_LENGTH = 64;

export class SharedEncoder {
  private readonly index = new Map<string, number>();
  private next = 0;

  /** `emit` receives each new entry's encoded JSON, in order (entry n is the n-th call). */
  constructor(private readonly emit: (json: string) => void) {}

  get size(): number {
    return this.next;
  }

  /** Encoded JSON of `value`; the value itself may become a reference when it is long enough. */
  encode(value: unknown): string {
    return this.share(this.encodeInline(value));
  }

  /** Encoded JSON of `value` written in place (its parts may be references, the value itself never). */
  encodeInline(value: unknown): string {
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return this.encodeInline(json.call(value));
    if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : this.encode(v))).join(',')}]`;
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || typeof v === 'function') continue;
      parts.push(`${JSON.stringify(k)}:${this.encode(v)}`);
    }
    const body = `{${parts.join(',')}}`;
    return isMarkerShaped(value as Record<string, unknown>) ? `{"$literal":${body}}` : body;
  }

  /** The number of the entry holding `value` (added when new); for fields that always refer. */
  ref(value: unknown): number {
    return this.entry(this.encodeInline(value));
  }

  private share(json: string): string {
    if (json.length < MIN_SHARED_LENGTH) return json;
    return `{"$shared":${this.entry(json)}}`;
  }

  private entry(json: string): number {
    const key = json.length <= MAX_KEY_LENGTH ? json : hash('sha1', json, 'base64');
    const known = this.index.get(key);
    if (known !== undefined) return known;
    const n = this.next++;
    this.index.set(key, n);
    this.emit(json);
    return n;
  }
}

function isMarkerShaped(o: Record<string, unknown>): boolean {
  const keys = Object.keys(o).filter((k) => o[k] !== undefined && typeof o[k] !== 'function');
  return keys.length === 1 && (keys[0] === '$shared' || keys[0] === '$literal');
}

/** Why a value cannot be decoded: where, and what was wrong. */
export class SharedDecodeError extends Error {}

/**
 * Resolves references against the entries of a parsed `shared` array. Every entry is decoded
 * once and frozen: the same object stands for every place that referred to it, so a reader's
 * memory follows the file's size, and a reader that tried to change one place would change
 * them all (it fails loudly instead).
 */
export class SharedDecoder {
  private readonly decoded: unknown[] = [];

  constructor(entries: readonly unknown[] = []) {
    for (const entry of entries) this.push(entry);
  }

  /** How many entries are decoded. */
  get size(): number {
    return this.decoded.length;
  }

  /** Decodes the next entry (its references may only be to the entries before it) and returns its value. */
  push(entry: unknown): unknown {
    const value = this.resolve(entry, `shared[${this.decoded.length}]`, true);
    this.decoded.push(value);
    return value;
  }

  /** The value of entry `n` (for fields that always refer). */
  entry(n: unknown, where: string): unknown {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= this.decoded.length) {
      throw new SharedDecodeError(`${where}: ${JSON.stringify(n)} is not an entry of shared (0–${this.decoded.length - 1})`);
    }
    return this.decoded[n];
  }

  /** `value` with every reference replaced by its entry. */
  resolve(value: unknown, where: string, freeze = false): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const out = value.map((v, i) => this.resolve(v, `${where}[${i}]`, freeze));
      return freeze ? Object.freeze(out) : out;
    }
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$shared') return this.entry(o.$shared, where);
    const source = keys.length === 1 && keys[0] === '$literal' && o.$literal && typeof o.$literal === 'object' && !Array.isArray(o.$literal) ? (o.$literal as Record<string, unknown>) : o;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(source)) setOwn(out, k, this.resolve(v, `${where}.${k}`, freeze));
    return freeze ? Object.freeze(out) : out;
  }
}

/** `o[k] = v` that keeps a key named `__proto__` a plain property, as JSON.parse does. */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
