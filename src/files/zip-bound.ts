import zlib from 'node:zlib';
import { InputError } from '../errors.js';
import { formatBytes, INPUT_LIMITS } from './limits.js';

/**
 * An .xlsx file is a zip archive; a 317 KB one can inflate to 300 MB ("zip bomb"). Before the
 * spreadsheet library sees it, walk the archive's central directory and inflate every entry
 * with a hard output cap, so what the archive claims and what it really holds are both bounded
 * by INPUT_LIMITS.xlsxUncompressed. Memory stays at one entry at a time.
 */
const MAX_ENTRIES = 10_000;

export function assertZipWithinLimit(data: Buffer, file: string): void {
  const limit = INPUT_LIMITS.xlsxUncompressed.bytes;
  const eocd = findEndOfCentralDirectory(data);
  if (eocd < 0) throw notZip(file, 'no end-of-central-directory record');
  const entries = data.readUInt16LE(eocd + 10);
  let p = data.readUInt32LE(eocd + 16);
  if (entries > MAX_ENTRIES) throw tooBig(file, `${entries} entries (at most ${MAX_ENTRIES})`);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) throw notZip(file, `central directory entry ${i + 1} is damaged`);
    const method = data.readUInt16LE(p + 10);
    const compressedSize = data.readUInt32LE(p + 20);
    const declared = data.readUInt32LE(p + 24);
    const nameLen = data.readUInt16LE(p + 28);
    const extraLen = data.readUInt16LE(p + 30);
    const commentLen = data.readUInt16LE(p + 32);
    const local = data.readUInt32LE(p + 42);
    const name = data.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    // 0xFFFFFFFF means "see the ZIP64 record": a size over 4 GiB, far past any limit here.
    if (declared === 0xffffffff || compressedSize === 0xffffffff) throw tooBig(file, `${name}: a ZIP64 entry`);
    total += declared;
    if (total > limit) throw tooBig(file, `${formatBytes(total)} declared`);
    if (local + 30 > data.length || data.readUInt32LE(local) !== 0x04034b50) throw notZip(file, `${name}: local header is damaged`);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const body = data.subarray(start, start + compressedSize);
    if (method === 0) continue;
    if (method !== 8) throw notZip(file, `${name}: compression method ${method}`);
    // The real size, whatever the header says: inflate with a cap of what is left of the budget.
    let actual: number;
    try {
      actual = zlib.inflateRawSync(body, { maxOutputLength: Math.max(1, limit - (total - declared) + 1) }).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig(file, `${name} inflates past the limit`);
      throw notZip(file, `${name}: ${(error as Error).message}`);
    }
    total += actual - declared;
    if (total > limit) throw tooBig(file, `${formatBytes(total)} after inflating`);
  }
}

function findEndOfCentralDirectory(data: Buffer): number {
  const stop = Math.max(0, data.length - 22 - 0xffff);
  for (let i = data.length - 22; i >= stop; i--) if (data.readUInt32LE(i) === 0x06054b50) return i;
  return -1;
}

function tooBig(file: string, why: string): InputError {
  const limit = INPUT_LIMITS.xlsxUncompressed;
  return new InputError('ATTT_INPUT_TOO_LARGE', {
    vi: `${file}: ${limit.what.vi} vượt giới hạn ${formatBytes(limit.bytes)} (${why}); attt không mở tệp này.`,
    en: `${file}: the ${limit.what.en} exceeds the ${formatBytes(limit.bytes)} limit (${why}); attt did not open it.`,
  });
}

function notZip(file: string, why: string): InputError {
  return new InputError('ATTT_XLSX_INVALID', {
    vi: `${file} không phải tệp Excel (.xlsx) đọc được (${why}). Hãy dùng tệp do "attt questionnaire export" tạo ra và lưu lại dạng .xlsx.`,
    en: `${file} is not a readable Excel (.xlsx) file (${why}). Use the file made by "attt questionnaire export" and save it as .xlsx.`,
  });
}
