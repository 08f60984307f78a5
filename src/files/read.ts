import fs from 'node:fs';
import { InputError, type ToolkitError } from '../errors.js';
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
    // Read at most limit + 1 bytes: a file growing while we read is still bounded.
    const buf = Buffer.allocUnsafe(Math.min(stat.size, limit.bytes) + 1);
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
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unreadable(file, kind, error, opts);
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
  if (bom) {
    throw new InputError('ATTT_INPUT_ENCODING', {
      vi: `${file} được lưu bằng mã ${bom} (có BOM); attt đọc UTF-8. Hãy lưu lại tệp với mã hoá UTF-8 (trong Notepad: Lưu thành → Mã hoá: UTF-8).`,
      en: `${file} is saved as ${bom} (it starts with a byte-order mark); attt reads UTF-8. Save the file again as UTF-8 (in Notepad: Save as → Encoding: UTF-8).`,
    });
  }
  const body = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
  const bad = firstInvalidUtf8(body);
  if (bad < 0) return body.toString('utf8');
  const before = body.subarray(0, bad);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const line = countByte(before, 0x0a) + 1;
  const column = [...before.subarray(lineStart).toString('utf8')].length + 1;
  const byte = `0x${body[bad].toString(16).padStart(2, '0').toUpperCase()}`;
  throw new InputError('ATTT_INPUT_ENCODING', {
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
