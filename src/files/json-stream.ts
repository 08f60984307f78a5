import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { InputError, type ErrorCodeWithStatus } from '../errors.js';
import { type InputKind } from './limits.js';
import { placeInFile, readInputChunks, type ReadInputOptions } from './read.js';

/** How deep and how long a value may be in a JSON file someone else wrote, and the error code for a bad one. */
export interface JsonLimits {
  /** Objects and arrays nested deeper than this are refused (readers recurse over values). */
  maxDepth: number;
  /** A single string longer than this (in bytes of the file) is refused before it is complete. */
  maxStringBytes: number;
  /** The code of the InputError for a file that is not JSON (e.g. ATTT_RESULTS_INVALID). */
  code: ErrorCodeWithStatus<2>;
}

/** Strings up to this length are kept once however often they occur (check ids, outcomes, keys). */
const INTERN_MAX_LENGTH = 64;
/** At most this many distinct short strings are remembered; past it they are kept as they come. */
const INTERN_MAX_ENTRIES = 100_000;

/**
 * A JSON file read piece by piece (1 MiB at a time; the whole text is never in memory) into the
 * value JSON.parse would give, with the limits and UTF-8 rules of readInputText, a depth bound
 * and a string-length bound. A short string that repeats (a check id, an outcome, a key) is one
 * string in memory. Errors are InputError (exit 2) naming the file, line and column, and the
 * path inside the document where the parser was.
 */
/**
 * By top-level key: each element of the array under that key is handed to the function as soon
 * as it is complete (with the document's top level as read so far) and replaced by what it
 * returns. A reader can keep each row of a large file in its own compact form instead of as parsed.
 */
export type JsonElements = Readonly<Record<string, (value: unknown, index: number, top: Record<string, unknown>) => unknown>>;

export function readJsonFile(file: string, kind: InputKind, limits: JsonLimits, opts: ReadInputOptions & { chunkBytes?: number; elements?: JsonElements } = {}): unknown {
  // Strings are gathered in 64 KiB buffers (not one piece per character), and offered while
  // still incomplete at the end of each piece, so a huge one is refused before it is whole.
  const tokenizer = new Tokenizer({ stringBufferSize: 64 * 1024, emitPartialTokens: true });
  const parser = new TokenParser();
  const interned = new Map<string, string>();
  let root: unknown;
  let done = false;
  let depth = 0;
  /** Bytes before the tokenizer's first (a byte-order mark), and the offset of the last token. */
  let skipped: number | undefined;
  let last = 0;
  /** Where the parser is: the open containers (the parser's live stack) and the last value completed in the innermost. */
  let open: ReadonlyArray<{ key?: unknown }> = [];
  let lastKey: unknown;
  let lastDepth = -1;
  const fail = (offset: number, why: { vi: string; en: string }): never => {
    const path = open.slice(1).map((s) => String(s.key));
    if (open.length === lastDepth && open.length > 0) path.push(String(lastKey));
    throw notJson(file, offset, skipped ?? 0, path.join('.'), why, limits.code);
  };
  const elements = opts.elements;
  parser.onValue = ({ stack, key, value, parent }) => {
    open = stack;
    lastKey = key;
    lastDepth = stack.length;
    if (elements && stack.length === 2 && typeof stack[1].key === 'string' && Object.hasOwn(elements, stack[1].key) && Array.isArray(parent) && typeof key === 'number') {
      const top = stack[1].value;
      if (top && typeof top === 'object' && !Array.isArray(top)) (parent as unknown[])[key] = elements[stack[1].key](value, key, top as Record<string, unknown>);
    }
    if (stack.length > 0) return;
    root = value;
    done = true;
  };
  // Errors raised inside a callback come back through onError: they pass as they are.
  parser.onError = (error) => {
    if (error instanceof InputError) throw error;
    fail(last, { vi: `phần tử không đúng chỗ: ${error.message}`, en: `a value out of place: ${error.message}` });
  };
  tokenizer.onError = (error) => {
    if (error instanceof InputError) throw error;
    const at = /Unexpected "(.*)" at chunk position "\d+" \(absolute position "(\d+)"\)/s.exec(error.message);
    if (!at) fail(last, { vi: error.message, en: error.message });
    fail((skipped ?? 0) + Number(at![2]), { vi: `ký tự không mong đợi ${JSON.stringify(at![1])}`, en: `unexpected character ${JSON.stringify(at![1])}` });
  };
  tokenizer.onToken = (token) => {
    last = (skipped ?? 0) + token.offset;
    if (token.token === TokenType.STRING && typeof token.value === 'string') {
      if (token.value.length > limits.maxStringBytes / 3 && Buffer.byteLength(token.value) > limits.maxStringBytes) {
        fail(last, { vi: `một chuỗi dài hơn ${limits.maxStringBytes} byte`, en: `a string longer than ${limits.maxStringBytes} bytes` });
      }
      if (token.partial) return;
      if (token.value.length <= INTERN_MAX_LENGTH) token = { ...token, value: intern(interned, token.value) };
    } else if (token.partial) {
      return;
    } else if (token.token === TokenType.LEFT_BRACE || token.token === TokenType.LEFT_BRACKET) {
      if (++depth > limits.maxDepth) fail(last, { vi: `lồng sâu quá ${limits.maxDepth} mức`, en: `nested deeper than ${limits.maxDepth} levels` });
    } else if (token.token === TokenType.RIGHT_BRACE || token.token === TokenType.RIGHT_BRACKET) {
      depth--;
    }
    parser.write(token);
  };
  let size = 0;
  readInputChunks(file, kind, opts, (bytes, offset) => {
    skipped ??= offset;
    size = offset + bytes.length;
    tokenizer.write(bytes);
  }, opts.chunkBytes);
  tokenizer.end();
  if (!done) fail(size, { vi: 'tệp kết thúc trước khi giá trị JSON kết thúc (tệp bị cắt cụt?)', en: 'the file ends before the JSON value does (is it truncated?)' });
  return root;
}

function intern(map: Map<string, string>, s: string): string {
  const known = map.get(s);
  if (known !== undefined) return known;
  if (map.size < INTERN_MAX_ENTRIES) map.set(s, s);
  return s;
}

function notJson(file: string, offset: number, skip: number, where: string, why: { vi: string; en: string }, code: ErrorCodeWithStatus<2>): InputError {
  let at: string;
  try {
    const { line, column } = placeInFile(file, offset, skip);
    at = `:${line}:${column}`;
  } catch {
    // the file went away meanwhile: the byte offset still says where
    at = ` (byte ${offset})`;
  }
  const inside = where ? { vi: ` (ở ${where})`, en: ` (at ${where})` } : { vi: '', en: '' };
  return new InputError(code, {
    vi: `${file}${at} không phải JSON hợp lệ${inside.vi}: ${why.vi}`,
    en: `${file}${at} is not valid JSON${inside.en}: ${why.en}`,
  });
}
