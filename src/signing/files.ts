import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { InputError } from '../errors.js';
import type { Localized } from '../i18n.js';

/** File helpers shared by signing and verification. */
export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function readInput(file: string, what: Localized): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(code === 'ENOENT' ? 'ATTT_FILE_MISSING' : 'ATTT_FILE_UNREADABLE', {
      vi: `Không đọc được ${what.vi} ${file} (${code}).`,
      en: `Cannot read ${what.en} ${file} (${code}).`,
    }, { cause: error });
  }
}

export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}
