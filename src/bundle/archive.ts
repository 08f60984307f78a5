import zlib from 'node:zlib';
import tar from 'tar-stream';
import { formatBytes } from '../files/index.js';
import { bundleError, unsafeName, type BundleLimits } from './format.js';

/**
 * The archive layer of a bundle: write a gzip-compressed tar from named buffers, and read one
 * back into memory. Nothing is ever extracted to disk; every name is checked before its bytes
 * are read, and every size is bounded (see BundleLimits), so a "tar bomb", a `../../etc/passwd`
 * entry or a symlink is refused with the entry's name instead of being followed.
 */
export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

/** A reproducible .tar.gz: entries in the given order, fixed owner, mode and time. */
export async function packArchive(entries: ArchiveEntry[], mtime: Date): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const e of entries) pack.entry({ name: e.name, size: e.data.length, mode: 0o644, mtime, uid: 0, gid: 0, uname: '', gname: '', type: 'file' }, e.data);
  pack.finalize();
  await done;
  return zlib.gzipSync(Buffer.concat(chunks), { level: 9 });
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** Gunzip with a hard output cap: the smaller of the total limit and the ratio limit times the input. */
function gunzipBounded(bytes: Buffer, file: string, limits: BundleLimits): Buffer {
  if (bytes.length < 2 || !bytes.subarray(0, 2).equals(GZIP_MAGIC)) {
    throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: 'không phải gói kết quả attt (tệp .tar.gz nén gzip).', en: 'is not an attt result bundle (a gzip-compressed .tar.gz).' });
  }
  const byRatio = Math.max(limits.ratioFloorBytes, limits.maxRatio * bytes.length);
  const cap = Math.min(limits.maxTotalBytes, byRatio);
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: cap });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      const why = cap === limits.maxTotalBytes
        ? { vi: `giải nén vượt quá ${formatBytes(limits.maxTotalBytes)}`, en: `it inflates past ${formatBytes(limits.maxTotalBytes)}` }
        : { vi: `giải nén vượt quá ${limits.maxRatio} lần kích thước nén (${formatBytes(cap)})`, en: `it inflates to more than ${limits.maxRatio} times its compressed size (${formatBytes(cap)})` };
      throw bundleError('ATTT_BUNDLE_TOO_LARGE', file, { vi: `bị từ chối: ${why.vi} (bom nén).`, en: `refused: ${why.en} (a compression bomb).` });
    }
    throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `nén gzip bị hỏng (${(error as Error).message}).`, en: `the gzip compression is damaged (${(error as Error).message}).` });
  }
}

/**
 * Every regular file of the archive, by name, in memory. Refuses (exit 2, naming the entry):
 * links, devices and FIFOs; unsafe names; a name twice; more entries or bytes than the limits.
 * Directory entries are returned in `directories` so the caller can refuse unlisted ones.
 */
export async function readArchive(bytes: Buffer, file: string, limits: BundleLimits): Promise<{ files: Map<string, Buffer>; directories: string[] }> {
  const tarBytes = gunzipBounded(bytes, file, limits);
  const files = new Map<string, Buffer>();
  const directories: string[] = [];
  let entries = 0;
  let total = 0;
  const extract = tar.extract();
  const refuse = (error: Error) => extract.destroy(error);
  return new Promise((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      // Refusing destroys the archive and with it this entry's stream, with the same error; the
      // archive's own 'error' handler reports it, so the entry's copy must not go unhandled
      // (an unhandled stream error would crash the process instead of exiting 2).
      stream.on('error', () => {});
      const name = header.name;
      const type = header.type ?? 'file';
      const shown = JSON.stringify(name.slice(0, 300));
      if (++entries > limits.maxEntries) return refuse(bundleError('ATTT_BUNDLE_TOO_LARGE', file, { vi: `có hơn ${limits.maxEntries} mục.`, en: `holds more than ${limits.maxEntries} entries.` }));
      if (type !== 'file' && type !== 'directory') {
        const what = type === 'symlink' ? { vi: 'liên kết tượng trưng (symlink)', en: 'a symbolic link' } : type === 'link' ? { vi: 'liên kết cứng (hardlink)', en: 'a hard link' } : { vi: `loại ${type}`, en: `of type ${type}` };
        return refuse(bundleError('ATTT_BUNDLE_INVALID', file, { vi: `mục ${shown} là ${what.vi}; gói chỉ được chứa tệp thường.`, en: `entry ${shown} is ${what.en}; a bundle holds regular files only.` }));
      }
      const dirName = type === 'directory' ? name.replace(/\/+$/, '') : name;
      const unsafe = unsafeName(dirName);
      if (unsafe) return refuse(bundleError('ATTT_BUNDLE_INVALID', file, { vi: `mục ${shown} có đường dẫn không an toàn (${unsafe}); không giải nén.`, en: `entry ${shown} has an unsafe path (${unsafe}); nothing is extracted.` }));
      if (files.has(dirName) || directories.includes(dirName)) return refuse(bundleError('ATTT_BUNDLE_INVALID', file, { vi: `mục ${shown} xuất hiện hai lần.`, en: `entry ${shown} appears twice.` }));
      const size = header.size ?? 0;
      if (type === 'directory') {
        directories.push(dirName);
        stream.on('end', () => next());
        stream.resume();
        return;
      }
      if (size > limits.maxEntryBytes) return refuse(bundleError('ATTT_BUNDLE_TOO_LARGE', file, { vi: `mục ${shown} lớn ${formatBytes(size)}, vượt giới hạn ${formatBytes(limits.maxEntryBytes)}.`, en: `entry ${shown} is ${formatBytes(size)}, over the ${formatBytes(limits.maxEntryBytes)} limit.` }));
      total += size;
      if (total > limits.maxTotalBytes) return refuse(bundleError('ATTT_BUNDLE_TOO_LARGE', file, { vi: `tổng dung lượng vượt ${formatBytes(limits.maxTotalBytes)}.`, en: `its entries add up to more than ${formatBytes(limits.maxTotalBytes)}.` }));
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        files.set(name, Buffer.concat(chunks));
        next();
      });
    });
    extract.on('finish', () => resolve({ files, directories }));
    extract.on('error', (error: Error) => {
      if ('code' in error && typeof (error as { code: unknown }).code === 'string' && String((error as { code: string }).code).startsWith('ATTT_')) reject(error);
      else reject(bundleError('ATTT_BUNDLE_INVALID', file, { vi: `không đọc được lưu trữ tar (${error.message}).`, en: `the tar archive cannot be read (${error.message}).` }));
    });
    extract.end(tarBytes);
  });
}
