import type { Command } from 'commander';
import type { CheckMeta } from '../../checks/index.js';
import { loadCatalog } from '../../engine/index.js';
import { UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { colorSeverity, SEVERITY_LABEL } from '../labels.js';
import { table } from '../terminal.js';

export function registerChecks(program: Command, ctx: CliContext): void {
  const checks = program.command('checks').description(ctx.t({ vi: 'danh mục các kiểm tra (mã, mức độ, mô tả, tham chiếu)', en: 'the check catalogue (ids, severity, description, references)' }));
  checks
    .command('list')
    .option('--family <family>', ctx.t({ vi: 'chỉ nhóm này: ports, software, tls, http, policy', en: 'only this family: ports, software, tls, http, policy' }))
    .description(ctx.t({ vi: 'liệt kê mọi kiểm tra', en: 'list every check' }))
    .action(async (opts: { family?: string }) => {
      const all = (await loadCatalog()).filter((m) => !opts.family || m.family === opts.family);
      if (ctx.json) return ctx.out(JSON.stringify(all, null, 2));
      ctx.out(
        table(
          [ctx.t({ vi: 'Mã kiểm tra', en: 'Check id' }), ctx.t({ vi: 'Mức độ', en: 'Severity' }), ctx.t({ vi: 'Nội dung', en: 'Title' })],
          all.map((m) => [m.id, SEVERITY_LABEL[m.severity][ctx.lang], m.title[ctx.lang]]),
          { style: ctx.style, maxWidths: [48, 14, 90] },
        ),
      );
      ctx.out(ctx.t({ vi: `\n${all.length} kiểm tra. Xem chi tiết: attt checks show <mã>`, en: `\n${all.length} checks. Details: attt checks show <id>` }));
    });
  checks
    .command('show')
    .argument('<id>', ctx.t({ vi: 'mã kiểm tra, ví dụ tls.protocol.tls1_0', en: 'check id, e.g. tls.protocol.tls1_0' }))
    .description(ctx.t({ vi: 'chi tiết một kiểm tra', en: 'details of one check' }))
    .action(async (id: string) => {
      const all = await loadCatalog();
      const meta = all.find((m) => m.id === id);
      if (!meta) {
        const near = all.filter((m) => m.id.includes(id.split('.').pop() ?? id)).slice(0, 5).map((m) => m.id);
        throw new UsageError({
          vi: `Không có kiểm tra "${id}".${near.length ? ` Có phải: ${near.join(', ')}?` : ''} Xem danh sách: attt checks list`,
          en: `No check "${id}".${near.length ? ` Did you mean: ${near.join(', ')}?` : ''} See: attt checks list`,
        });
      }
      if (ctx.json) return ctx.out(JSON.stringify(meta, null, 2));
      ctx.out(formatCheck(meta, ctx));
    });
}

function formatCheck(meta: CheckMeta, ctx: CliContext): string {
  const l = ctx.lang;
  const s = ctx.style;
  return [
    s.bold(`${meta.id} — ${meta.title[l]}`),
    `${ctx.t({ vi: 'Mức độ', en: 'Severity' })}: ${colorSeverity(s, meta.severity, SEVERITY_LABEL[meta.severity][l])} · ${ctx.t({ vi: 'Nhóm', en: 'Family' })}: ${meta.family} · ${ctx.t({ vi: 'Dữ liệu', en: 'Reads' })}: ${meta.needs.join(', ')}`,
    '',
    meta.description[l],
    '',
    s.bold(ctx.t({ vi: 'Khắc phục:', en: 'Remediation:' })),
    meta.remediation[l],
    '',
    s.bold(ctx.t({ vi: 'Tham chiếu:', en: 'References:' })),
    ...meta.references.map((r) => `  - ${[r.source, r.id, r.title].filter(Boolean).join(' ')}${r.url ? ` <${r.url}>` : ''}`),
  ].join('\n');
}
