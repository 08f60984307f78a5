import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { registerAccept, registerUpdate } from './change.js';
import { registerList, registerShow } from './findings.js';
import { registerImport } from './import.js';
import { registerExport, registerStats } from './summary.js';
import { registerVerify } from './verify.js';
import { registerMigrate } from './migrate.js';

/** `attt tracker …`: one module per group of subcommands; see docs/tracker.md. */
export function registerTracker(program: Command, ctx: CliContext): void {
  const tracker = program
    .command('tracker')
    .description(ctx.t({ vi: 'theo dõi khắc phục: vòng đời phát hiện qua các kỳ đánh giá, lịch sử chống sửa đổi', en: 'remediation tracker: findings lifecycle across audit cycles, tamper-evident history' }));
  for (const register of [registerImport, registerList, registerShow, registerUpdate, registerAccept, registerStats, registerExport, registerVerify, registerMigrate]) register(tracker, ctx);
}
