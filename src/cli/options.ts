import path from 'node:path';
import { ensureOutputDir } from '../files/index.js';
import { isPostgresLocation } from '../tracker/index.js';
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
  return ensureOutputDir(dir, flag);
}

/** `--eol-data FILE` of `attt audit` and `attt rejudge`. */
export const EOL_DATA_HELP = { vi: 'tệp dữ liệu hết hạn hỗ trợ phần mềm thay cho dữ liệu đi kèm', en: 'software end-of-life data file replacing the bundled one' } as const;

/**
 * Where the tracker is: `given` (--db, --tracker), else the ATTT_DB environment variable, else
 * `fallback`. A PostgreSQL URL (postgres://…) is used as it is; a file path is resolved against
 * the working folder. Undefined when nothing applies.
 */
export function trackerLocation(cwd: string, env: NodeJS.ProcessEnv, given: string | undefined, fallback?: string): string | undefined {
  const value = given ?? (env.ATTT_DB || undefined) ?? fallback;
  if (value === undefined) return undefined;
  return isPostgresLocation(value) ? value : path.resolve(cwd, value);
}

/** Help text of --db: an SQLite file or a PostgreSQL URL (the password better in PGPASSWORD or ~/.pgpass). */
export const DB_OPTION_HELP = {
  vi: 'cơ sở dữ liệu theo dõi: tệp SQLite (mặc định ./attt.db hoặc biến ATTT_DB) hoặc postgres://người-dùng@máy-chủ/csdl (mật khẩu nên để trong PGPASSWORD hoặc ~/.pgpass)',
  en: 'tracker database: an SQLite file (default ./attt.db, or the ATTT_DB variable) or postgres://user@host/db (keep the password in PGPASSWORD or ~/.pgpass)',
} as const;
