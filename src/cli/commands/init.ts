import fs from 'node:fs';
import { ensureOutputDir, writeFileAtomic } from '../../files/index.js';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { packagePath } from '../../paths.js';
import type { CliContext } from '../context.js';

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
      ctx.out(
        ctx.t({
          vi: `Đã tạo:\n  ${files.map((f) => f.to).join('\n  ')}\n  ${path.join(target, 'answers')}/\nBước tiếp theo: sửa inventory.yaml rồi chạy "attt inventory validate ${path.relative(ctx.cwd, files[0].to) || 'inventory.yaml'}" (xem README.md).`,
          en: `Created:\n  ${files.map((f) => f.to).join('\n  ')}\n  ${path.join(target, 'answers')}/\nNext: edit inventory.yaml, then run "attt inventory validate ${path.relative(ctx.cwd, files[0].to) || 'inventory.yaml'}" (see README.md).`,
        }),
      );
    });
}
