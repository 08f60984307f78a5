import type { Command } from 'commander';
import path from 'node:path';
import type { AuditProgress } from '../../engine/index.js';
import { catalogTitles, formatAuditSummary } from '../audit-summary.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { ensureWritableDir } from '../options.js';
import { progressLine } from '../terminal.js';

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .option('-o, --out <dir>', ctx.t({ vi: 'thư mục ghi kết quả demo', en: 'folder for the demo outputs' }), 'attt-demo')
    .description(
      ctx.t({
        vi: 'chạy thử toàn bộ quy trình trên các dịch vụ mẫu trên loopback (127.0.0.1): kiểm tra, sổ theo dõi, báo cáo, ký số',
        en: 'try the whole job on bundled loopback services (127.0.0.1): audit, tracker, report, signature',
      }),
    )
    .action(async (opts: { out: string }) => {
      const dir = ensureWritableDir(path.resolve(ctx.cwd, opts.out));
      const started = Date.now();
      const showProgress = ctx.stderrIsTTY && !ctx.quiet && !ctx.json;
      const { runDemo } = await import('../../demo/index.js');
      const demo = await runDemo({
        dir,
        lang: ctx.lang,
        env: ctx.env,
        signal: ctx.interrupt,
        onStep: (text) => ctx.note(ctx.t(text)),
        onProgress: showProgress ? (e: AuditProgress) => process.stderr.write(`\r\u001b[2K${progressLine(e.done, e.total, e.current ?? '', started)}`) : undefined,
      });
      if (showProgress) process.stderr.write('\r\u001b[2K');
      const outputs = [
        { label: { vi: 'Inventory', en: 'Inventory' }, path: demo.inventoryFile },
        { label: { vi: 'Kết quả (results.json)', en: 'Results (results.json)' }, path: demo.resultsFile },
        ...demo.outputs,
      ];
      if (ctx.json) {
        ctx.out(JSON.stringify({ dir: demo.dir, outputs: outputs.map((o) => ({ name: o.label.en, path: o.path })), summary: demo.results.summary }, null, 2));
      } else {
        ctx.out(formatAuditSummary(demo.results, ctx.lang, ctx.style, 3, await catalogTitles()));
        ctx.out('');
        ctx.out(ctx.style.bold(ctx.t({ vi: 'Đã ghi:', en: 'Written:' })));
        for (const o of outputs) ctx.out(`  ${ctx.t(o.label).padEnd(28)} ${o.path}`);
      }
      ctx.exitCode = demo.results.interrupted ? EXIT.runtime : EXIT.ok;
    });
}
