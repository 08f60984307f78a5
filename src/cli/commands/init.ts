import fs from 'node:fs';
import { ensureOutputDir, writeFileAtomic } from '../../files/index.js';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { packagePath } from '../../paths.js';
import type { CliContext } from '../context.js';
import { invocation } from '../invocation.js';

/** `attt init [DIR]`: a realistic sample inventory for a Sở LĐTBXH, answers/, and next steps. */
export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .argument('[dir]', ctx.t({ vi: 'thư mục làm việc (mặc định: thư mục hiện tại)', en: 'working folder (default: current folder)' }), '.')
    .option('--force', ctx.t({ vi: 'ghi đè tệp đã có', en: 'overwrite existing files' }))
    .description(ctx.t({ vi: 'tạo inventory.yaml mẫu, thư mục answers/ và hướng dẫn các bước tiếp theo', en: 'scaffold a sample inventory.yaml, answers/ and a README of next steps' }))
    .action((dir: string, opts: { force?: boolean }) => {
      const target = path.resolve(ctx.cwd, dir);
      const files = [
        { from: packagePath('templates', 'init', 'inventory.yaml'), to: path.join(target, 'inventory.yaml') },
        { from: packagePath('templates', 'init', 'README.md'), to: path.join(target, 'README.md') },
      ];
      const existing = files.filter((f) => fs.existsSync(f.to));
      if (existing.length && !opts.force) {
        throw new UsageError({
          vi: `Đã có ${existing.map((f) => f.to).join(', ')}; không ghi đè. Dùng --force nếu muốn thay thế.`,
          en: `${existing.map((f) => f.to).join(', ')} already exist; not overwriting. Use --force to replace them.`,
        });
      }
      ensureOutputDir(path.join(target, 'answers'), 'DIR');
      for (const f of files) writeFileAtomic(f.to, fs.readFileSync(f.from));
      // Every hint uses the command that works from here: `attt` when installed, else node + the path.
      const attt = invocation(ctx.env);
      const rel = path.relative(ctx.cwd, target);
      const inv = path.relative(ctx.cwd, files[0].to) || 'inventory.yaml';
      const steps = [
        ...(rel ? [`cd ${rel}`] : []),
        `${attt} doctor`,
        `${attt} inventory validate inventory.yaml`,
        `${attt} questionnaire fill password-policy --unit van-phong`,
        `${attt} audit --inventory inventory.yaml --out ${ctx.lang === 'vi' ? 'ket-qua' : 'results'}/${defaultCycleName()}`,
      ];
      if (ctx.json) {
        ctx.out(JSON.stringify({ created: [...files.map((f) => f.to), path.join(target, 'answers')], command: attt, nextSteps: steps, inventory: path.resolve(ctx.cwd, inv) }, null, 2));
        return;
      }
      ctx.out(
        ctx.t({
          vi: `Đã tạo:\n  ${files.map((f) => f.to).join('\n  ')}\n  ${path.join(target, 'answers')}/\n\nBước tiếp theo (sửa inventory.yaml trước, xem README.md):\n  ${steps.join('\n  ')}`,
          en: `Created:\n  ${files.map((f) => f.to).join('\n  ')}\n  ${path.join(target, 'answers')}/\n\nNext steps (edit inventory.yaml first, see README.md):\n  ${steps.join('\n  ')}`,
        }),
      );
      if (attt !== 'attt') {
        ctx.note(ctx.t({
          vi: `Gợi ý: cài attt thành lệnh dùng được ở mọi thư mục bằng "npm install -g ." (hoặc "npm link") trong thư mục mã nguồn. Đừng dùng "npx attt" ngoài thư mục đó: npx sẽ tải một gói công khai khác cùng tên.`,
          en: `Tip: make attt a command that works in any folder with "npm install -g ." (or "npm link") in the source folder. Do not use "npx attt" outside it: npx would fetch a different public package of that name.`,
        }));
      }
    });
}

/** The current year and quarter, the default cycle id (e.g. 2026-Q4). */
function defaultCycleName(now = new Date()): string {
  return `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
}
