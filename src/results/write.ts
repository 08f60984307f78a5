import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { resultsSchema, type Results } from './schema.js';

/** Write a file atomically: a temp file in the same folder, fsync, then rename over the target. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o644);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

export function writeResults(file: string, results: Results): void {
  writeFileAtomic(file, JSON.stringify(results, null, 2) + '\n');
}

/** Read and validate a results.json; a clear InputError (exit 2) when it is not one. */
export function readResults(file: string): Results {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      'ATTT_RESULTS_INVALID',
      code
        ? { vi: `Không đọc được tệp kết quả ${file} (${code}).`, en: `Cannot read results file ${file} (${code}).` }
        : { vi: `${file} không phải JSON hợp lệ: ${(error as Error).message}`, en: `${file} is not valid JSON: ${(error as Error).message}` },
      { cause: error },
    );
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (raw && typeof raw === 'object' && version !== undefined && version !== 1) {
    throw new InputError('ATTT_RESULTS_VERSION', {
      vi: `${file} có schemaVersion ${JSON.stringify(version)}; attt này đọc schemaVersion 1. Hãy dùng phiên bản attt phù hợp.`,
      en: `${file} has schemaVersion ${JSON.stringify(version)}; this attt reads schemaVersion 1. Use a matching attt version.`,
    });
  }
  const parsed = resultsSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InputError(
      'ATTT_RESULTS_INVALID',
      {
        vi: `${file} không phải tệp kết quả attt (results.json schemaVersion 1).`,
        en: `${file} is not an attt results file (results.json schemaVersion 1).`,
      },
      { details: first },
    );
  }
  return parsed.data;
}
