import os from 'node:os';
import path from 'node:path';
import { describeError, isToolkitError } from '../errors.js';
import type { Localized } from '../i18n.js';
import type { Results } from '../results/index.js';
import { readResults, writeResults } from '../results/index.js';
import type { CliContext } from './context.js';

/**
 * Save an audit's results so that nothing is lost when the disk is full: first the asked-for
 * file; if that fails, a file in the system's temporary folder (often another file system);
 * if that fails too, the whole results.json on stdout. Every failed attempt leaves no temp
 * file behind (src/files/write.ts). Returns where the results are: the asked-for file, the
 * fallback file, or `-` for stdout; the caller exits 3 unless it is the asked-for file.
 */
export function saveResults(file: string, results: Results, ctx: CliContext): string {
  let first: unknown;
  try {
    writeResults(file, results);
    return file;
  } catch (error) {
    first = error;
  }
  const reason = isToolkitError(first) ? ctx.t(first.text) : describeError(first);
  const fallback = path.join(os.tmpdir(), `attt-results-${safeName(results.cycle)}-${results.startedAt.replace(/[:.]/g, '-')}.json`);
  if (path.dirname(fallback) !== path.dirname(file)) {
    try {
      writeResults(fallback, results);
      ctx.error(ctx.t(where(reason, { vi: `Kết quả đã được lưu tạm vào ${fallback}; hãy chép tệp này về ${file} khi có chỗ trống.`, en: `The results were saved to ${fallback} instead; copy that file to ${file} once there is space.` })));
      return fallback;
    } catch {
      // the temporary folder is full too: stdout is the last place left
    }
  }
  ctx.out(JSON.stringify(results, null, 2));
  ctx.error(ctx.t(where(reason, { vi: `Không còn chỗ ghi tệp; toàn bộ results.json đã được in ra stdout (chuyển hướng stdout sang tệp trên ổ khác để giữ lại).`, en: `No file could be written; the whole results.json was printed on stdout (redirect stdout to a file on another disk to keep it).` })));
  return '-';
}

function where(reason: string, saved: Localized): Localized {
  return { vi: `attt: ${reason}\nattt: ${saved.vi}`, en: `attt: ${reason}\nattt: ${saved.en}` };
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'cycle';
}

/** What an existing results.json holds, for the no-overwrite message. */
export function describeExistingResults(file: string): Localized {
  try {
    const r = readResults(file);
    const flag = r.interrupted ? { vi: ', bị dừng giữa chừng', en: ', interrupted' } : { vi: '', en: '' };
    return {
      vi: `kết quả kỳ ${r.cycle} của ${r.organization.name}, bắt đầu ${r.startedAt}${flag.vi}`,
      en: `results of cycle ${r.cycle} for ${r.organization.name}, started ${r.startedAt}${flag.en}`,
    };
  } catch {
    return { vi: 'không phải tệp kết quả attt đọc được', en: 'not a readable attt results file' };
  }
}
