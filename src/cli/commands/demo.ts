import type { Command } from 'commander';
import path from 'node:path';
import type { AuditProgress } from '../../engine/index.js';
import { catalogTitles, formatAuditSummary } from '../audit-summary.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { ensureWritableDir, trackerLocation } from '../options.js';
import { progressLine } from '../terminal.js';

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .option('-o, --out <dir>', ctx.t({ vi: 'thư mục ghi kết quả demo', en: 'folder for the demo outputs' }), 'attt-demo')
    .option('--federated', ctx.t({ vi: 'ba đơn vị kiểm tra riêng, mỗi đơn vị một gói kết quả ký bằng khóa riêng, hợp nhất vào một cơ sở dữ liệu, rồi báo cáo tổng hợp', en: 'three units audited separately, each as a bundle signed with its own key, merged into one database, then the consolidated report' }))
    .option('--db <file|url>', ctx.t({ vi: 'với --federated: cơ sở dữ liệu trung tâm, tệp SQLite (mặc định THƯ_MỤC/attt.db) hoặc postgres://…', en: 'with --federated: the central database, an SQLite file (default DIR/attt.db) or postgres://…' }))
    .description(
      ctx.t({
        vi: 'chạy thử toàn bộ quy trình trên các dịch vụ mẫu trên loopback (127.0.0.1): kiểm tra, sổ theo dõi, báo cáo, ký số',
        en: 'try the whole job on bundled loopback services (127.0.0.1): audit, tracker, report, signature',
      }),
    )
    .action(async (opts: { out: string; federated?: boolean; db?: string }) => {
      const dir = ensureWritableDir(path.resolve(ctx.cwd, opts.out));
      if (opts.federated) return federated(ctx, dir, trackerLocation(ctx.cwd, {}, opts.db));
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

/** `attt demo --federated`: three unit bundles merged into one database, then the reports. */
async function federated(ctx: CliContext, dir: string, db: string | undefined): Promise<void> {
  const { runFederatedDemo } = await import('../../demo/index.js');
  const demo = await runFederatedDemo({ dir, db, lang: ctx.lang, env: ctx.env, signal: ctx.interrupt, onStep: (text) => ctx.note(ctx.t(text)) });
  const outputs = [
    ...demo.bundles.map((b) => ({ label: { vi: 'Gói kết quả đã ký', en: 'Signed result bundle' }, path: b })),
    { label: { vi: 'Inventory trung tâm', en: 'Central inventory' }, path: demo.centralInventory },
    { label: { vi: 'Cơ sở dữ liệu trung tâm', en: 'Central database' }, path: demo.db },
    ...demo.outputs,
  ];
  if (ctx.json) {
    ctx.out(JSON.stringify({ dir: demo.dir, outputs: outputs.map((o) => ({ name: o.label.en, path: o.path })), merged: demo.merged.map((m) => ({ unit: m.unit, cycle: m.cycle, signer: m.signer, opened: m.summary.opened })) }, null, 2));
  } else {
    ctx.out(ctx.style.bold(ctx.t({ vi: 'Đã ghi:', en: 'Written:' })));
    for (const o of outputs) ctx.out(`  ${ctx.t(o.label).padEnd(38)} ${o.path}`);
    ctx.out(ctx.t({ vi: `Thử lại bước hợp nhất: attt bundle merge ${path.join(dir, 'goi')}/*.tar.gz --inventory ${demo.centralInventory} --db ${demo.db}`, en: `Try the merge again: attt bundle merge ${path.join(dir, 'goi')}/*.tar.gz --inventory ${demo.centralInventory} --db ${demo.db}` }));
  }
  ctx.exitCode = demo.results.some((r) => r.interrupted) ? EXIT.runtime : EXIT.ok;
}
