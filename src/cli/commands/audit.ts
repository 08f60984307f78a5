import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { fileStore, observeAudit, writeAudit, type AuditProgress, type FamilyOptions } from '../../engine/index.js';
import { InputError, UsageError } from '../../errors.js';
import { preflight } from '../../engine/index.js';
import { loadInventory } from '../../inventory/index.js';
import { assertWritableOutput } from '../../files/index.js';
import { saveResults, describeExistingResults } from '../save-results.js';
import { catalogTitles, formatAuditSummary } from '../audit-summary.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { EOL_DATA_HELP, ensureWritableDir, hasFindingAtOrAbove, parsePositiveInt, parseSeverity, parseSpeed } from '../options.js';
import { progressLine } from '../terminal.js';

interface AuditCommandOptions {
  inventory: string;
  out: string;
  unit: string[];
  cycle?: string;
  answers?: string;
  failOn?: string;
  speed?: string;
  timeout?: string;
  eolData?: string;
  keepGoing?: boolean;
  force?: boolean;
  allowLarge?: boolean;
}

export function registerAudit(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description(ctx.t({ vi: 'chạy toàn bộ kiểm tra theo inventory và ghi DIR/results.json', en: 'run the full audit of an inventory and write DIR/results.json' }))
    .requiredOption('-i, --inventory <file>', ctx.t({ vi: 'tệp inventory.yaml', en: 'the inventory.yaml file' }))
    .requiredOption('-o, --out <dir>', ctx.t({ vi: 'thư mục ghi kết quả (tạo nếu chưa có)', en: 'output folder (created if missing)' }))
    .option('-u, --unit <id>', ctx.t({ vi: 'chỉ kiểm tra đơn vị này (lặp lại được)', en: 'audit only this unit (repeatable)' }), (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--cycle <id>', ctx.t({ vi: 'mã kỳ kiểm tra, ví dụ 2026-Q4 (mặc định: năm-quý hiện tại)', en: 'cycle id, e.g. 2026-Q4 (default: current year-quarter)' }))
    .option('--answers <dir>', ctx.t({ vi: 'thư mục câu trả lời bảng hỏi', en: 'questionnaire answers folder' }), './answers')
    .option('--fail-on <severity>', ctx.t({ vi: 'thoát mã 1 nếu có phát hiện từ mức này (critical|high|medium|low|info)', en: 'exit 1 when a finding at or above this severity exists (critical|high|medium|low|info)' }))
    .option('--speed <profile>', ctx.t({ vi: 'polite (mặc định, nhẹ cho thiết bị yếu) | normal | fast', en: 'polite (default, gentle on fragile devices) | normal | fast' }))
    .option('--timeout <ms>', ctx.t({ vi: 'thời gian chờ mỗi kết nối (ms)', en: 'per-connection timeout (ms)' }))
    .option('--keep-going', ctx.t({ vi: 'vẫn kiểm tra khi có mục tiêu không phân giải được hoặc ngoài phạm vi (ghi chúng là lỗi)', en: 'audit even when some targets do not resolve or are out of scope (recorded as errors)' }))
    .option('--force', ctx.t({ vi: 'ghi đè DIR/results.json đã có (mặc định: từ chối và cho biết tệp đó thuộc kỳ nào)', en: 'overwrite an existing DIR/results.json (default: refuse and say which cycle it holds)' }))
    .option('--allow-large', ctx.t({ vi: 'cho phép dải địa chỉ lớn hơn /16 (tới /8)', en: 'allow address ranges larger than a /16 (up to a /8)' }))
    .option('--eol-data <file>', ctx.t(EOL_DATA_HELP))
    .addHelpText(
      'after',
      ctx.t({
        vi: `
Ví dụ:
  attt audit -i inventory.yaml -o ket-qua/2026-Q4 --cycle 2026-Q4
  attt audit -i inventory.yaml -o ket-qua --unit van-phong --fail-on high
Chỉ các địa chỉ trong scope.allow được liên lạc; Ctrl-C dừng và vẫn lưu kết quả đã có (interrupted: true).`,
        en: `
Examples:
  attt audit -i inventory.yaml -o results/2026-Q4 --cycle 2026-Q4
  attt audit -i inventory.yaml -o results --unit van-phong --fail-on high
Only addresses in scope.allow are contacted; Ctrl-C stops and still saves what was done (interrupted: true).`,
      }),
    )
    .action(async (opts: AuditCommandOptions) => {
      ctx.exitCode = await auditCommand(opts, ctx);
    });
}

export async function auditCommand(opts: AuditCommandOptions, ctx: CliContext): Promise<number> {
  const failOn = opts.failOn ? parseSeverity(opts.failOn) : undefined;
  const speed = opts.speed ? parseSpeed(opts.speed) : undefined;
  const timeoutMs = opts.timeout ? parsePositiveInt(opts.timeout, '--timeout') : undefined;
  const inventory = loadInventory(opts.inventory);
  const unknown = opts.unit.filter((u) => !inventory.units.some((x) => x.id === u));
  if (unknown.length) {
    throw new UsageError({
      vi: `Không có đơn vị ${unknown.join(', ')} trong ${opts.inventory}. Các đơn vị: ${inventory.units.map((u) => u.id).join(', ')}.`,
      en: `No unit ${unknown.join(', ')} in ${opts.inventory}. Units: ${inventory.units.map((u) => u.id).join(', ')}.`,
    });
  }
  if (!opts.keepGoing) {
    const problems = await preflight(inventory, opts.unit, { allowLarge: opts.allowLarge });
    if (problems.length) {
      throw new InputError(
        'ATTT_TARGETS_INVALID',
        {
          vi: `${problems.length} mục tiêu trong ${opts.inventory} không thể kiểm tra; chưa gửi gói tin nào. Sửa inventory (tên máy, address:, scope.allow) hoặc chạy lại với --keep-going để bỏ qua chúng (chúng sẽ được ghi là lỗi/ngoài phạm vi trong kết quả):`,
          en: `${problems.length} target(s) in ${opts.inventory} cannot be audited; nothing was sent. Fix the inventory (host name, address:, scope.allow) or run again with --keep-going to skip them (they are recorded as error/out-of-scope in the results):`,
        },
        { details: problems.map((p) => `${opts.inventory} ${p.path} (${p.host}): ${ctx.t(p.message)}`) },
      );
    }
  }
  const outDir = ensureWritableDir(opts.out);
  const resultsFile = path.join(outDir, 'results.json');
  // Checked before the scan, so an hour of scanning never ends in a refusal to save it.
  refuseOverwrite(resultsFile, opts.force === true);
  const options: FamilyOptions = { answersDir: path.resolve(ctx.cwd, opts.answers ?? './answers') };
  // Loaded before any scanning, so a broken data file is a clear input error (exit 2), not a crashed check.
  if (opts.eolData) options.eolTable = (await import('../../software/index.js')).loadEolTable(path.resolve(ctx.cwd, opts.eolData));

  const started = Date.now();
  const showProgress = ctx.stderrIsTTY && !ctx.quiet && !ctx.json;
  const onProgress = showProgress
    ? (e: AuditProgress) => process.stderr.write(`\r\u001b[2K${progressLine(e.done, e.total, e.current ?? '', started)}`)
    : undefined;
  const onHost = showProgress
    ? (e: { range: string; address: string; done: number; total: number }) => process.stderr.write(`\r\u001b[2K${progressLine(e.done, e.total, `${e.range} → ${e.address}`, started)}`)
    : undefined;
  // Observations wait beside results.json (not in memory) until every target is observed;
  // results.json is then written as each target is judged, and named only when complete.
  const store = fileStore(resultsFile);
  let results;
  try {
    const run = await observeAudit({ inventory, units: opts.unit, cycle: opts.cycle, speed, timeoutMs, signal: ctx.interrupt, options, onProgress, onHost, allowLarge: opts.allowLarge }, store);
    if (showProgress) process.stderr.write('\r\u001b[2K');
    const saved = await saveResults(resultsFile, run.header, (sink) => writeAudit(run, sink), ctx);
    if (saved.where !== resultsFile) return EXIT.runtime;
    results = saved.value;
  } finally {
    store.close();
  }

  if (ctx.json) ctx.out(JSON.stringify({ resultsFile, interrupted: results.interrupted, summary: results.summary }, null, 2));
  else {
    ctx.out(formatAuditSummary(results, ctx.lang, ctx.style, 5, await catalogTitles()));
    ctx.out('');
    ctx.out(ctx.t({ vi: `Đã ghi kết quả: ${resultsFile}`, en: `Results written: ${resultsFile}` }));
  }
  if (results.interrupted) {
    ctx.error(ctx.t({ vi: 'Cuộc kiểm tra đã bị dừng; kết quả một phần đã được lưu.', en: 'The audit was interrupted; partial results were saved.' }));
    return EXIT.runtime;
  }
  return failOn && hasFindingAtOrAbove(results, failOn) ? EXIT.findings : EXIT.ok;
}

/** Refuse to replace an earlier results.json unless --force; the message says which cycle it holds. */
/** Refuse to replace an earlier results.json unless --force, naming the cycle it holds. */
export function refuseOverwrite(resultsFile: string, force: boolean): void {
  assertWritableOutput(resultsFile);
  if (force || !fs.existsSync(resultsFile)) return;
  const held = describeExistingResults(resultsFile);
  throw new UsageError({
    vi: `${resultsFile} đã có (${held.vi}); attt không ghi đè kết quả cũ. Chọn thư mục --out khác, hoặc thêm --force để thay thế.`,
    en: `${resultsFile} already exists (${held.en}); attt does not overwrite earlier results. Choose another --out folder, or add --force to replace it.`,
  });
}
