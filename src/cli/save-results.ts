import os from 'node:os';
import path from 'node:path';
import { describeError, isToolkitError } from '../errors.js';
import type { Localized } from '../i18n.js';
import { fileSink, readResults, type ResultsSink } from '../results/index.js';
import type { CliContext } from './context.js';

/**
 * Save an audit's results so that nothing is lost when the disk is full: first the asked-for
 * file; if that fails, a file in the system's temporary folder (often another file system);
 * if that fails too, the whole results.json on stdout. `write` writes the file into the sink it
 * is given and may be called again after a failure (the audit is judged again from what it
 * observed; nothing is scanned twice). Every failed attempt leaves no temp file behind
 * (src/files/write.ts). Returns where the results are: the asked-for file, the fallback file,
 * or `-` for stdout (the caller exits 3 unless it is the asked-for file), and what `write` returned.
 */
export async function saveResults<T>(file: string, about: { cycle: string; startedAt: string }, write: (sink: ResultsSink) => T | Promise<T>, ctx: CliContext): Promise<{ where: string; value: T }> {
  let first: unknown;
  try {
    return { where: file, value: await write(fileSink(file)) };
  } catch (error) {
    first = error;
  }
  const reason = isToolkitError(first) ? ctx.t(first.text) : describeError(first);
  const fallback = path.join(os.tmpdir(), `attt-results-${safeName(about.cycle)}-${about.startedAt.replace(/[:.]/g, '-')}.json`);
  if (path.dirname(fallback) !== path.dirname(file)) {
    try {
      const value = await write(fileSink(fallback));
      ctx.error(ctx.t(where(reason, { vi: `Kết quả đã được lưu tạm vào ${fallback}; hãy chép tệp này về ${file} khi có chỗ trống.`, en: `The results were saved to ${fallback} instead; copy that file to ${file} once there is space.` })));
      return { where: fallback, value };
    } catch {
      // the temporary folder is full too: stdout is the last place left
    }
  }
  const value = await write(stdoutSink(ctx));
  ctx.error(ctx.t(where(reason, { vi: `Không còn chỗ ghi tệp; toàn bộ results.json đã được in ra stdout (chuyển hướng stdout sang tệp trên ổ khác để giữ lại).`, en: `No file could be written; the whole results.json was printed on stdout (redirect stdout to a file on another disk to keep it).` })));
  return { where: '-', value };
}

/**
 * stdout as the last place for results.json. The writer's working pieces need a folder; the
 * temporary folder is tried (they are small beside the observations), else the current one.
 */
function stdoutSink(ctx: CliContext): ResultsSink {
  return { target: path.join(os.tmpdir(), 'attt-results-stdout.json'), write: (text) => ctx.writeOut(text), commit: () => {}, discard: () => {} };
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
