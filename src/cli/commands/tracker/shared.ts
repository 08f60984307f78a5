import path from 'node:path';
import { Option, type Command } from 'commander';
import { InputError } from '../../../errors.js';
import type { Localized } from '../../../i18n.js';
import { SEVERITIES, type Severity } from '../../../results/index.js';
import { asTrackerFault, expireAcceptancesNow, FINDING_STATUSES, hasExpiredAcceptances, openTracker, useTracker, SEVERITY_TEXT, STATUS_TEXT, type TrackerFinding, type ListFilter, type SlaDays, type TrackerDb } from '../../../tracker/index.js';
import type { CliContext } from '../../context.js';
import { DB_OPTION_HELP, trackerLocation } from '../../options.js';
import { table } from '../../terminal.js';

/** Helpers the `attt tracker` subcommands share: the database option, clock, actor, filters. */
export interface DbOption {
  db?: string;
}

export function usage(text: Localized): InputError {
  return new InputError('ATTT_TRACKER_USAGE', text);
}

/** The clock: ATTT_NOW (ISO date or time) lets tests and demos replay a date; otherwise now. */
export function clock(ctx: CliContext): Date {
  const raw = ctx.env.ATTT_NOW;
  if (!raw) return new Date();
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw usage({ vi: `ATTT_NOW không phải thời điểm hợp lệ: "${raw}".`, en: `ATTT_NOW is not a valid time: "${raw}".` });
  return d;
}

export function actorOf(ctx: CliContext, given?: string): string {
  return given?.trim() || ctx.env.ATTT_ACTOR || ctx.env.USER || ctx.env.USERNAME || 'attt';
}

/** --db, else ATTT_DB, else ./attt.db: a file path resolved, or a PostgreSQL URL as given. */
export function dbPath(ctx: CliContext, opts: DbOption): string {
  return trackerLocation(ctx.cwd, ctx.env, opts.db, 'attt.db')!;
}

/**
 * Read commands open read-only; only when a risk acceptance has expired do they reopen
 * read-write to record that (the lifecycle rule "expiry is evaluated at list time").
 */
export function openForRead(file: string, now: Date): TrackerDb {
  const db = openTracker(file, { readonly: true });
  let expired: boolean;
  try {
    expired = hasExpiredAcceptances(db, now);
  } catch (error) {
    db.close();
    throw asTrackerFault(file, error);
  }
  if (!expired) return db;
  db.close();
  const rw = openTracker(file);
  expireAcceptancesNow(rw, now);
  return rw;
}

export function withDb<T>(db: TrackerDb, fn: (db: TrackerDb) => T): T {
  return useTracker(db, fn);
}

export function splitList<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length) {
    throw usage({
      vi: `Giá trị không hợp lệ cho ${what}: ${bad.join(', ')}. Chọn trong: ${allowed.join(', ')}.`,
      en: `Invalid value for ${what}: ${bad.join(', ')}. Choose from: ${allowed.join(', ')}.`,
    });
  }
  return items as T[];
}

export function parseSla(spec: string | undefined): SlaDays | undefined {
  if (!spec) return undefined;
  const sla: SlaDays = {};
  for (const part of spec.split(',')) {
    const m = /^\s*(critical|high|medium|low|info)\s*=\s*(\d{1,4})\s*$/.exec(part);
    if (!m) {
      throw usage({
        vi: `--sla không hợp lệ: "${part}". Viết dạng critical=7,high=30,medium=90,low=180.`,
        en: `Invalid --sla: "${part}". Write it as critical=7,high=30,medium=90,low=180.`,
      });
    }
    sla[m[1] as Severity] = Number(m[2]);
  }
  return sla;
}

export interface FilterOptions {
  unit?: string;
  system?: string;
  severity?: string;
  status?: string;
  overdue?: boolean;
  owner?: string;
  regression?: boolean;
}

export function addFilterOptions(cmd: Command, ctx: CliContext): Command {
  return cmd
    .option('--unit <id>', ctx.t({ vi: 'chỉ đơn vị này', en: 'only this unit' }))
    .option('--system <id>', ctx.t({ vi: 'chỉ hệ thống này', en: 'only this system' }))
    .option('--severity <list>', ctx.t({ vi: 'mức độ, phân tách bằng dấu phẩy (critical,high,…)', en: 'severities, comma-separated (critical,high,…)' }))
    .option('--status <list>', ctx.t({ vi: 'trạng thái, phân tách bằng dấu phẩy (open,in_progress,…)', en: 'statuses, comma-separated (open,in_progress,…)' }))
    .option('--overdue', ctx.t({ vi: 'chỉ các phát hiện quá hạn', en: 'only overdue findings' }))
    .option('--owner <name>', ctx.t({ vi: 'chỉ của người phụ trách này', en: 'only this owner' }))
    .option('--regression', ctx.t({ vi: 'chỉ các phát hiện tái phát', en: 'only regressions' }));
}

export function toFilter(o: FilterOptions): ListFilter {
  return {
    unit: o.unit,
    system: o.system,
    owner: o.owner,
    overdue: o.overdue,
    regression: o.regression,
    severity: splitList(o.severity, SEVERITIES, '--severity'),
    status: splitList(o.status, FINDING_STATUSES, '--status'),
  };
}

export function findingsTable(ctx: CliContext, findings: TrackerFinding[]): string {
  const t = ctx.t;
  const s = ctx.style;
  const rows = findings.map((f) => [
    f.id,
    t(SEVERITY_TEXT[f.severity]),
    t(STATUS_TEXT[f.status]) + (f.regression ? t({ vi: ' (tái phát)', en: ' (regression)' }) : ''),
    f.unit,
    f.system,
    f.target,
    f.checkId,
    f.owner ?? '',
    f.due ? (f.overdue ? `${f.due} !` : f.due) : '',
    f.lastSeen,
  ]);
  return table(
    [t({ vi: 'Mã', en: 'ID' }), t({ vi: 'Mức độ', en: 'Severity' }), t({ vi: 'Trạng thái', en: 'Status' }), t({ vi: 'Đơn vị', en: 'Unit' }), t({ vi: 'Hệ thống', en: 'System' }), t({ vi: 'Đối tượng', en: 'Target' }), t({ vi: 'Kiểm tra', en: 'Check' }), t({ vi: 'Phụ trách', en: 'Owner' }), t({ vi: 'Hạn', en: 'Due' }), t({ vi: 'Thấy lần cuối', en: 'Last seen' })],
    rows,
    { maxWidths: [10, 14, 28, 18, 18, 40, 34, 18, 13, 14], style: s },
  );
}

export function dbOption(ctx: CliContext): Option {
  return new Option('--db <file|url>', ctx.t(DB_OPTION_HELP));
}

/**
 * Test hook (test/tracker/process.test.ts, test/bundle/postgres.test.ts): with
 * ATTT_TRACKER_TEST_PAUSE_AT=N, stop once inside the import transaction after N results, so a
 * test can kill the process or the database there. Does nothing otherwise.
 */
export function testPauseHook(ctx: CliContext): (done: number) => void {
  const pauseAt = Number(ctx.env.ATTT_TRACKER_TEST_PAUSE_AT ?? 0);
  let paused = false;
  return (done) => {
    if (pauseAt > 0 && !paused && done >= pauseAt) {
      paused = true;
      process.stderr.write('ATTT_TEST_PAUSED\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ctx.env.ATTT_TRACKER_TEST_PAUSE_MS ?? 60_000));
    }
  };
}
