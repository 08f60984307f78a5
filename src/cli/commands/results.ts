import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { fileSink, readResults, RESULTS_SCHEMA_VERSION, toVersion1, writeResultsTo } from '../../results/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { describeExistingResults } from '../save-results.js';

interface ConvertOptions {
  out: string;
  to?: string;
  force?: boolean;
}

/** `attt results convert`: a results.json of one schemaVersion as another (docs/results.md). */
export function registerResults(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  const results = program.command('results').description(t({ vi: 'thao tác với tệp results.json (đổi phiên bản định dạng)', en: 'work with results.json files (convert between format versions)' }));
  results
    .command('convert')
    .argument('<results>', t({ vi: 'tệp results.json (schemaVersion 1 hoặc 2)', en: 'a results.json (schemaVersion 1 or 2)' }))
    .description(
      t({
        vi: 'ghi lại results.json theo schemaVersion khác: 2 (mặc định, gọn: các giá trị lặp lại ghi một lần) hoặc 1 (cho công cụ chỉ đọc được phiên bản 1)',
        en: 'write a results.json again in another schemaVersion: 2 (default, compact: repeated values written once) or 1 (for tools that read only version 1)',
      }),
    )
    .requiredOption('-o, --out <file>', t({ vi: 'tệp kết quả mới', en: 'the new results file' }))
    .option('--to <version>', t({ vi: 'schemaVersion muốn ghi: 1 hoặc 2 (mặc định 2)', en: 'schemaVersion to write: 1 or 2 (default 2)' }), String(RESULTS_SCHEMA_VERSION))
    .option('--force', t({ vi: 'ghi đè tệp --out đã có', en: 'overwrite an existing --out file' }))
    .addHelpText(
      'after',
      t({
        vi: `
Ví dụ:
  attt results convert ket-qua/2026-Q2/results.json --out ket-qua/2026-Q2/results-v2.json
  attt results convert ket-qua/2026-Q4/results.json --to 1 --out cho-cong-cu-cu.json
Kết quả, dấu vân tay (fingerprint) và quan sát giữ nguyên; chỉ cách ghi thay đổi.
Mọi lệnh của attt đọc được cả hai phiên bản, nên không bắt buộc phải đổi.`,
        en: `
Examples:
  attt results convert results/2026-Q2/results.json --out results/2026-Q2/results-v2.json
  attt results convert results/2026-Q4/results.json --to 1 --out for-older-tools.json
Results, fingerprints and observations are unchanged; only how they are written changes.
Every attt command reads both versions, so converting is never required.`,
      }),
    )
    .action((file: string, opts: ConvertOptions) => {
      ctx.exitCode = convertCommand(file, opts, ctx);
    });
}

export function convertCommand(file: string, opts: ConvertOptions, ctx: CliContext): number {
  const to = opts.to === '1' ? 1 : opts.to === '2' ? 2 : undefined;
  if (!to) throw new UsageError({ vi: `--to ${opts.to}: chỉ nhận 1 hoặc 2.`, en: `--to ${opts.to}: only 1 or 2.` });
  const input = path.resolve(ctx.cwd, file);
  const out = path.resolve(ctx.cwd, opts.out);
  if (out === input) throw new UsageError({ vi: `--out ${out} là chính tệp đầu vào; chọn tệp khác.`, en: `--out ${out} is the input file itself; choose another file.` });
  if (!opts.force && fs.existsSync(out)) {
    const held = describeExistingResults(out);
    throw new UsageError({ vi: `${out} đã có (${held.vi}); thêm --force để thay thế.`, en: `${out} already exists (${held.en}); add --force to replace it.` });
  }
  const results = readResults(input);
  if (to === 1) toVersion1(fileSink(out), results);
  else writeResultsTo(fileSink(out), results);
  if (ctx.json) ctx.out(JSON.stringify({ input, output: out, schemaVersion: to, results: results.results.length }, null, 2));
  else ctx.out(convertedText(ctx, to, results.results.length, out));
  return EXIT.ok;
}

function convertedText(ctx: CliContext, to: number, n: number, out: string): string {
  return ctx.t({ vi: `Đã ghi ${n} kết quả theo schemaVersion ${to}: ${out}`, en: `Wrote ${n} results as schemaVersion ${to}: ${out}` });
}
