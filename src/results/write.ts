import { readInputText } from '../files/index.js';
import { writeFileAtomic } from '../files/index.js';
import { InputError } from '../errors.js';
import { resultsSchema, type Results } from './schema.js';

/** Every output file is written by the one hardened writer (src/files/write.ts). */
export { writeFileAtomic } from '../files/index.js';

export function writeResults(file: string, results: Results): void {
  writeFileAtomic(file, JSON.stringify(results, null, 2) + '\n');
}

/** Read and validate a results.json; a clear InputError (exit 2) when it is not one. */
export function readResults(file: string): Results {
  const text = readInputText(file, 'results', {
    unreadable: (code, cause) => new InputError('ATTT_RESULTS_INVALID', { vi: `Không đọc được tệp kết quả ${file} (${code}).`, en: `Cannot read results file ${file} (${code}).` }, { cause }),
  });
  return parseResults(text, file);
}

/** Validate the text of a results.json already in memory (a bundle's entry); `file` names it in messages. */
export function parseResults(text: string, file: string): Results {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      'ATTT_RESULTS_INVALID',
      { vi: `${file} không phải JSON hợp lệ: ${(error as Error).message}`, en: `${file} is not valid JSON: ${(error as Error).message}` },
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
