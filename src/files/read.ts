import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { InputError, isToolkitError, type ToolkitError } from '../errors.js';
import { formatBytes, INPUT_LIMITS, type InputKind } from './limits.js';

/**
 * Reading a file that someone else wrote: a regular file only (a FIFO, a device such as
 * /dev/zero or a directory is refused before a byte is read), at most INPUT_LIMITS[kind]
 * bytes, and text is strict UTF-8 (an invalid byte is an error naming line and column, never a
 * silent U+FFFD that could end up in a signed report).
 */
export interface ReadInputOptions {
  /** Turn an open/read failure (ENOENT, EACCES…) into the caller's own error. */
  unreadable?: (errno: string, cause: unknown) => ToolkitError;
}

export function readInputBytes(file: string, kind: InputKind, opts: ReadInputOptions = {}): Buffer {
  const limit = INPUT_LIMITS[kind];
  return withInput(file, kind, opts, (fd, size) => {
    // Read at most limit + 1 bytes: a file growing while we read is still bounded.
    const buf = Buffer.allocUnsafe(Math.min(size, limit.bytes) + 1);
    let got = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got === buf.length) {
        if (got > limit.bytes) throw tooLarge(file, kind, got);
        break;
      }
    }
    return buf.subarray(0, got);
  });
}

/**
 * The same file as readInputText, given piece by piece (`chunkBytes` at a time) and never whole:
 * `onBytes` receives strict UTF-8 bytes that end on a character boundary, and the byte offset in
 * the file where they start (a UTF-8 byte-order mark is dropped). The same limits and messages as
 * readInputText; an invalid byte is reported at its line and column however the pieces fall.
 */
export function readInputChunks(file: string, kind: InputKind, opts: ReadInputOptions, onBytes: (bytes: Buffer, offset: number) => void, chunkBytes = 1 << 20): void {
  const limit = INPUT_LIMITS[kind];
  withInput(file, kind, opts, (fd) => {
    const buf = Buffer.allocUnsafe(chunkBytes);
    /** The first bytes of a character that the previous piece cut. */
    let carry: Buffer | undefined;
    let read = 0;
    let bomBytes = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      if (read === 0) {
        const head = buf.subarray(0, n);
        const bom = utf16Bom(head);
        if (bom) throw utf16Error(file, bom);
        if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) bomBytes = 3;
      }
      read += n;
      if (read > limit.bytes) throw tooLarge(file, kind, read);
      const start = read === n ? bomBytes : 0;
      const data = carry ? Buffer.concat([carry, buf.subarray(start, n)]) : buf.subarray(start, n);
      const offset = read - n + start - (carry?.length ?? 0);
      const end = completeCharacters(data);
      const bad = firstInvalidUtf8(data.subarray(0, end));
      if (bad >= 0) throw invalidUtf8(file, offset + bad, bomBytes, data[bad]);
      carry = end < data.length ? Buffer.from(data.subarray(end)) : undefined;
      if (end > 0) onBytes(data.subarray(0, end), offset);
    }
    if (carry) throw invalidUtf8(file, read - carry.length, bomBytes, carry[0]);
  });
}

/** The hex digest of an input file, read 1 MiB at a time (the same limits as readInputBytes). */
export function hashInputFile(file: string, kind: InputKind, algorithm = 'sha256', opts: ReadInputOptions = {}): string {
  const limit = INPUT_LIMITS[kind];
  return withInput(file, kind, opts, (fd) => {
    const digest = createHash(algorithm);
    const buf = Buffer.allocUnsafe(1 << 20);
    let read = 0;
    for (let n = fs.readSync(fd, buf, 0, buf.length, null); n > 0; n = fs.readSync(fd, buf, 0, buf.length, null)) {
      read += n;
      if (read > limit.bytes) throw tooLarge(file, kind, read);
      digest.update(buf.subarray(0, n));
    }
    return digest.digest('hex');
  });
}

/** Opens `file` for reading as an input of `kind` (a regular file within its limit) and runs `use`. */
function withInput<T>(file: string, kind: InputKind, opts: ReadInputOptions, use: (fd: number, size: number) => T): T {
  const limit = INPUT_LIMITS[kind];
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore the flag.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw unreadable(file, kind, error, opts);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      const type = fileType(stat);
      throw new InputError('ATTT_INPUT_NOT_A_FILE', {
        vi: `${file} là ${type.vi}, không phải tệp thông thường; attt chỉ đọc ${limit.what.vi} từ một tệp thông thường.`,
        en: `${file} is ${type.en}, not a regular file; attt reads the ${limit.what.en} only from a regular file.`,
      });
    }
    if (stat.size > limit.bytes) throw tooLarge(file, kind, stat.size);
    return use(fd, stat.size);
  } catch (error) {
    // Only the system's own errors (EIO, EISDIR…) are "cannot read"; the reader's own pass through.
    if (isToolkitError(error) || (error as NodeJS.ErrnoException).syscall === undefined) throw error;
    throw unreadable(file, kind, error, opts);
  } finally {
    fs.closeSync(fd);
  }
}

/** Length of `data` without a character cut at its end (at most 3 bytes are left over). */
function completeCharacters(data: Buffer): number {
  for (let i = data.length - 1; i >= Math.max(0, data.length - 3); i--) {
    const b = data[i];
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return data.length;
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return i + needed > data.length ? i : data.length;
  }
  return data.length;
}

/**
 * The line and column (1-based; the column in characters) of byte `offset` of a file, found by
 * reading it again up to there: only for error messages about a file read piece by piece.
 * `skip` bytes at the start (a byte-order mark) do not count as a column.
 */
export function placeInFile(file: string, offset: number, skip = 0): { line: number; column: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let line = 1;
    let lineStart = skip;
    for (let at = 0; at < offset; ) {
      const n = fs.readSync(fd, buffer, 0, Math.min(buffer.length, offset - at), at);
      if (n === 0) break;
      for (let i = buffer.indexOf(0x0a); i >= 0 && i < n; i = buffer.indexOf(0x0a, i + 1)) {
        line++;
        lineStart = at + i + 1;
      }
      at += n;
    }
    const prefix = Buffer.allocUnsafe(Math.max(0, offset - lineStart));
    if (prefix.length) fs.readSync(fd, prefix, 0, prefix.length, lineStart);
    return { line, column: [...prefix.toString('utf8')].length + 1 };
  } finally {
    fs.closeSync(fd);
  }
}

/** readInputBytes, then strict UTF-8 (a UTF-8 byte-order mark is dropped). */
export function readInputText(file: string, kind: InputKind, opts: ReadInputOptions = {}): string {
  return decodeUtf8Strict(readInputBytes(file, kind, opts), file);
}

/**
 * Strict UTF-8 decoding with a message a person can act on: UTF-16/UTF-32 files (recognised by
 * their byte-order mark) are named as such; any other invalid byte is located by line and column.
 */
export function decodeUtf8Strict(data: Buffer, file: string): string {
  const bom = utf16Bom(data);
  if (bom) throw utf16Error(file, bom);
  const body = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
  const bad = firstInvalidUtf8(body);
  if (bad < 0) return body.toString('utf8');
  const before = body.subarray(0, bad);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const line = countByte(before, 0x0a) + 1;
  const column = [...before.subarray(lineStart).toString('utf8')].length + 1;
  throw encodingError(file, line, column, body[bad]);
}

function utf16Error(file: string, bom: string): InputError {
  return new InputError('ATTT_INPUT_ENCODING', {
    vi: `${file} được lưu bằng mã ${bom} (có BOM); attt đọc UTF-8. Hãy lưu lại tệp với mã hoá UTF-8 (trong Notepad: Lưu thành → Mã hoá: UTF-8).`,
    en: `${file} is saved as ${bom} (it starts with a byte-order mark); attt reads UTF-8. Save the file again as UTF-8 (in Notepad: Save as → Encoding: UTF-8).`,
  });
}

/** Invalid UTF-8 at byte `offset` of a file read piece by piece (the place is found by reading it again). */
function invalidUtf8(file: string, offset: number, bomBytes: number, value: number): InputError {
  const { line, column } = placeInFile(file, offset, bomBytes);
  return encodingError(file, line, column, value);
}

function encodingError(file: string, line: number, column: number, value: number): InputError {
  const byte = `0x${value.toString(16).padStart(2, '0').toUpperCase()}`;
  return new InputError('ATTT_INPUT_ENCODING', {
    vi: `${file}:${line}:${column}: byte ${byte} không phải UTF-8 hợp lệ. Tệp có thể được lưu bằng mã khác (Windows-1258, TCVN3/ABC, VNI); hãy lưu lại bằng UTF-8.`,
    en: `${file}:${line}:${column}: byte ${byte} is not valid UTF-8. The file may be saved in another encoding (Windows-1258, TCVN3/ABC, VNI); save it again as UTF-8.`,
  });
}

function utf16Bom(data: Buffer): string | undefined {
  if (data[0] === 0xff && data[1] === 0xfe) return data[2] === 0 && data[3] === 0 ? 'UTF-32 LE' : 'UTF-16 LE';
  if (data[0] === 0xfe && data[1] === 0xff) return 'UTF-16 BE';
  if (data[0] === 0 && data[1] === 0 && data[2] === 0xfe && data[3] === 0xff) return 'UTF-32 BE';
  return undefined;
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function countByte(b: Buffer, byte: number): number {
  let n = 0;
  for (let i = b.indexOf(byte); i >= 0; i = b.indexOf(byte, i + 1)) n++;
  return n;
}

function tooLarge(file: string, kind: InputKind, size: number): InputError {
  const limit = INPUT_LIMITS[kind];
  return new InputError('ATTT_INPUT_TOO_LARGE', {
    vi: `${file} lớn hơn giới hạn ${formatBytes(limit.bytes)} cho ${limit.what.vi} (${size > limit.bytes + 1 ? formatBytes(size) : 'tệp vẫn đang lớn lên'}); attt không đọc tệp này.`,
    en: `${file} is larger than the ${formatBytes(limit.bytes)} limit for an ${limit.what.en} (${size > limit.bytes + 1 ? formatBytes(size) : 'the file kept growing'}); attt did not read it.`,
  });
}

function unreadable(file: string, kind: InputKind, error: unknown, opts: ReadInputOptions): ToolkitError {
  const errno = (error as NodeJS.ErrnoException).code ?? 'EIO';
  if (opts.unreadable) return opts.unreadable(errno, error);
  const what = INPUT_LIMITS[kind].what;
  return new InputError(errno === 'ENOENT' ? 'ATTT_FILE_MISSING' : 'ATTT_FILE_UNREADABLE', {
    vi: `Không đọc được ${what.vi} ${file} (${errno}).`,
    en: `Cannot read the ${what.en} ${file} (${errno}).`,
  }, { cause: error });
}

export function fileType(stat: fs.Stats): { vi: string; en: string } {
  if (stat.isDirectory()) return { vi: 'một thư mục', en: 'a directory' };
  if (stat.isFIFO()) return { vi: 'một đường ống (FIFO)', en: 'a FIFO (named pipe)' };
  if (stat.isSocket()) return { vi: 'một socket', en: 'a socket' };
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return { vi: 'một thiết bị', en: 'a device' };
  if (stat.isSymbolicLink()) return { vi: 'một liên kết tượng trưng', en: 'a symbolic link' };
  return { vi: 'một tệp đặc biệt', en: 'a special file' };
}
