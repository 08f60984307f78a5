import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { readInputBytes, type InputKind } from '../files/index.js';
import type { Localized } from '../i18n.js';

/** File helpers shared by signing and verification. */
export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A bounded read of a regular file (src/files/limits.ts): a .p7s or certificate is never megabytes. */
export function readInput(file: string, what: Localized, kind: InputKind): Buffer {
  return readInputBytes(file, kind, {
    unreadable: (code, cause) =>
      new InputError(code === 'ENOENT' ? 'ATTT_FILE_MISSING' : 'ATTT_FILE_UNREADABLE', {
        vi: `Không đọc được ${what.vi} ${file} (${code}).`,
        en: `Cannot read ${what.en} ${file} (${code}).`,
      }, { cause }),
  });
}

export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}
