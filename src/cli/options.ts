import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { SPEEDS, type Speed } from '../inventory/index.js';
import { SEVERITIES, SEVERITY_RANK, type Results, type Severity } from '../results/index.js';
import { isFinding } from '../engine/index.js';

/** Shared parsing and checks of command-line values, each failing with a clear usage error. */
export function parseSeverity(value: string, flag = '--fail-on'): Severity {
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw new UsageError({
    vi: `${flag} phải là một trong: ${SEVERITIES.join(', ')} (nhận được "${value}").`,
    en: `${flag} must be one of: ${SEVERITIES.join(', ')} (got "${value}").`,
  });
}

export function parseSpeed(value: string): Speed {
  if ((SPEEDS as readonly string[]).includes(value)) return value as Speed;
  throw new UsageError({ vi: `--speed phải là polite, normal hoặc fast (nhận được "${value}").`, en: `--speed must be polite, normal or fast (got "${value}").` });
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError({ vi: `${flag} phải là số nguyên dương (nhận được "${value}").`, en: `${flag} must be a positive integer (got "${value}").` });
  return n;
}

/** True when some finding is at or above the threshold (for --fail-on CI gates). */
export function hasFindingAtOrAbove(results: Pick<Results, 'results'>, threshold: Severity): boolean {
  return results.results.some((r) => isFinding(r) && SEVERITY_RANK[r.severity] >= SEVERITY_RANK[threshold]);
}

/**
 * Make sure an output folder exists and is writable before any work starts, so a long
 * audit never ends with nowhere to save its results.
 */
export function ensureWritableDir(dir: string, flag = '--out'): string {
  const abs = path.resolve(dir);
  try {
    if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    fs.mkdirSync(abs, { recursive: true });
    const probe = path.join(abs, `.attt-write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(
      { vi: `Không ghi được vào thư mục ${flag} ${abs} (${code}). Chọn thư mục khác hoặc kiểm tra quyền ghi.`, en: `Cannot write to the ${flag} folder ${abs} (${code}). Choose another folder or check permissions.` },
      { cause: error },
    );
  }
  return abs;
}

/** `--eol-data FILE` of `attt audit` and `attt rejudge`. */
export const EOL_DATA_HELP = { vi: 'tệp dữ liệu hết hạn hỗ trợ phần mềm thay cho dữ liệu đi kèm', en: 'software end-of-life data file replacing the bundled one' } as const;
