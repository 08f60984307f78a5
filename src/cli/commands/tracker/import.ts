import path from 'node:path';
import type { Command } from 'commander';
import { readResults } from '../../../results/index.js';
import { importResults, openTracker, sha256File } from '../../../tracker/index.js';
import type { CliContext } from '../../context.js';
import { progressLine } from '../../terminal.js';
import { actorOf, clock, dbOption, dbPath, parseSla, testPauseHook, withDb, type DbOption } from './shared.js';

/** `attt tracker import`: one cycle's results.json into the tracker. */
export function registerImport(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  const dbOpt = () => dbOption(ctx);
  tracker
    .command('import')
    .description(t({ vi: 'nhập results.json của một kỳ (nhập lại cùng tệp không thay đổi gì)', en: "import one cycle's results.json (re-importing the same file changes nothing)" }))
    .argument('<results>', t({ vi: 'tệp results.json', en: 'results.json file' }))
    .addOption(dbOpt())
    .option('--actor <name>', t({ vi: 'người thực hiện (ghi vào lịch sử)', en: 'who does this (recorded in the history)' }))
    .option('--sla <spec>', t({ vi: 'số ngày khắc phục theo mức độ, mặc định critical=7,high=30,medium=90,low=180', en: 'days to remediate per severity, default critical=7,high=30,medium=90,low=180' }))
    .action((file: string, o: DbOption & { actor?: string; sla?: string }) => {
      const resultsPath = path.resolve(ctx.cwd, file);
      const sla = parseSla(o.sla);
      const now = clock(ctx);
      // Validate the results before the database is opened or created.
      const results = readResults(resultsPath);
      const sha256 = sha256File(resultsPath);
      const db = openTracker(dbPath(ctx, o), { create: true });
      const started = Date.now();
      const testPause = testPauseHook(ctx);
      const summary = withDb(db, (d) =>
        importResults(d, results, { file: path.basename(resultsPath), sha256 }, {
          actor: actorOf(ctx, o.actor),
          now,
          sla,
          // Nothing here reads the rows again: the import may let go of them once matched.
          handOver: true,
          onProgress: (done, total) => {
            if (ctx.stderrIsTTY && !ctx.quiet && !ctx.json) process.stderr.write(`\r${progressLine(done, total, results.cycle, started)}`);
            testPause(done);
          },
        }),
      );
      if (ctx.stderrIsTTY && !ctx.quiet && !ctx.json) process.stderr.write('\n');
      // Warnings go to stderr even with --json: they change what the import means.
      if (!summary.alreadyImported && summary.newerCycle) {
        ctx.error(t({
          vi: `attt: cảnh báo: kỳ ${summary.cycle} cũ hơn kỳ ${summary.newerCycle} đã nhập; trạng thái hiện tại của các phát hiện không đổi, ${summary.historyOnly} bằng chứng của kỳ cũ chỉ được ghi vào lịch sử.`,
          en: `attt: warning: cycle ${summary.cycle} is older than the imported cycle ${summary.newerCycle}; no finding's current state changed, ${summary.historyOnly} pieces of older evidence were recorded in the history only.`,
        }));
      } else if (!summary.alreadyImported && summary.partial) {
        ctx.error(t({
          vi: `attt: cảnh báo: ${file} là kết quả của một lần kiểm tra bị dừng giữa chừng (interrupted: true); chỉ mở phát hiện mới, không đóng phát hiện nào.`,
          en: `attt: warning: ${file} comes from an interrupted audit (interrupted: true); new findings were opened, nothing was closed.`,
        }));
      }
      if (ctx.json) return ctx.out(JSON.stringify(summary, null, 2));
      if (summary.alreadyImported) {
        ctx.out(t({ vi: `Tệp này (kỳ ${summary.cycle}) đã được nhập trước đó; không có gì thay đổi.`, en: `This file (cycle ${summary.cycle}) was imported before; nothing changed.` }));
      } else if (summary.newerCycle) {
        ctx.out(t({ vi: `Đã ghi kỳ ${summary.cycle} vào lịch sử (${summary.historyOnly} bằng chứng); không phát hiện nào đổi trạng thái.`, en: `Recorded cycle ${summary.cycle} in the history (${summary.historyOnly} pieces of evidence); no finding changed state.` }));
      } else {
        ctx.out(
          t({
            vi: `Đã nhập kỳ ${summary.cycle}${summary.cycleUpdated ? ' (cập nhật kỳ đã có)' : ''}: ${summary.results} kết quả · ${summary.opened} phát hiện mới · ${summary.stillFailing} vẫn còn · ${summary.fixed} đã khắc phục · ${summary.regressed} tái phát · ${summary.reopened} mở lại.`,
            en: `Imported cycle ${summary.cycle}${summary.cycleUpdated ? ' (update of an existing cycle)' : ''}: ${summary.results} results · ${summary.opened} new findings · ${summary.stillFailing} still failing · ${summary.fixed} fixed · ${summary.regressed} regressed · ${summary.reopened} reopened.`,
          }),
        );
      }
      if (summary.targetsNotObserved) {
        ctx.note(t({ vi: `${summary.targetsNotObserved} đối tượng lỗi hoặc ngoài phạm vi: các phát hiện của chúng giữ nguyên.`, en: `${summary.targetsNotObserved} targets errored or were out of scope: their findings were left unchanged.` }));
      }
      if (summary.expired) ctx.note(t({ vi: `${summary.expired} chấp nhận rủi ro đã hết hạn và được mở lại.`, en: `${summary.expired} risk acceptances expired and were reopened.` }));
    });
}
