import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { rejudgeResults, type FamilyOptions } from '../../engine/index.js';
import { InputError, UsageError } from '../../errors.js';
import { loadInventory } from '../../inventory/index.js';
import { readResults, writeResults } from '../../results/index.js';
import { catalogTitles, formatAuditSummary } from '../audit-summary.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { refuseOverwrite } from './audit.js';
import { EOL_DATA_HELP, ensureWritableDir } from '../options.js';

interface RejudgeCommandOptions {
  out: string;
  inventory?: string;
  eolData?: string;
  force?: boolean;
}

export function registerRejudge(program: Command, ctx: CliContext): void {
  program
    .command('rejudge')
    .argument('<results>', ctx.t({ vi: 'tệp results.json của một đợt kiểm tra trước', en: 'the results.json of an earlier audit' }))
    .description(
      ctx.t({
        vi: 'đánh giá lại results.json bằng bộ kiểm tra và dữ liệu hiện tại, không quét lại (không gửi gói tin nào) → DIR/results.json',
        en: 'judge a results.json again with today\'s checks and data, without rescanning (nothing is sent) → DIR/results.json',
      }),
    )
    .requiredOption('-o, --out <dir>', ctx.t({ vi: 'thư mục ghi results.json mới (tạo nếu chưa có)', en: 'folder for the new results.json (created if missing)' }))
    .option('-i, --inventory <file>', ctx.t({ vi: 'inventory của đợt kiểm tra (mặc định: tệp ghi trong results.json)', en: 'the audit\'s inventory (default: the file named in results.json)' }))
    .option('--eol-data <file>', ctx.t(EOL_DATA_HELP))
    .option('--force', ctx.t({ vi: 'ghi đè DIR/results.json đã có (mặc định: từ chối và cho biết tệp đó thuộc kỳ nào)', en: 'overwrite an existing DIR/results.json (default: refuse and say which cycle it holds)' }))
    .addHelpText(
      'after',
      ctx.t({
        vi: `
Ví dụ:
  attt rejudge ket-qua/2026-Q3/results.json --out ket-qua/2026-Q3-danh-gia-lai
  attt rejudge ket-qua/2026-Q3/results.json --out moi --eol-data eol-2026-12.yaml
Quan sát (observations) giữ nguyên; đồng hồ của đợt kiểm tra (startedAt) được dùng để phán đoán,
nên khi bộ kiểm tra không đổi, kết quả và dấu vân tay (fingerprint) giống hệt bản gốc.`,
        en: `
Examples:
  attt rejudge results/2026-Q3/results.json --out results/2026-Q3-rejudged
  attt rejudge results/2026-Q3/results.json --out new --eol-data eol-2026-12.yaml
The observations are kept; the audit's clock (startedAt) is used for judging, so with
unchanged checks the results and fingerprints are exactly those of the original.`,
      }),
    )
    .action(async (resultsArg: string, opts: RejudgeCommandOptions) => {
      ctx.exitCode = await rejudgeCommand(resultsArg, opts, ctx);
    });
}

export async function rejudgeCommand(resultsArg: string, opts: RejudgeCommandOptions, ctx: CliContext): Promise<number> {
  const resultsPath = path.resolve(ctx.cwd, resultsArg);
  const original = readResults(resultsPath);
  const inventoryFile = opts.inventory ? path.resolve(ctx.cwd, opts.inventory) : original.inventory.file;
  if (!inventoryFile || !fs.existsSync(inventoryFile)) {
    throw new InputError('ATTT_INVENTORY_MISSING', {
      vi: `${resultsPath}: không tìm thấy inventory của đợt kiểm tra (${inventoryFile || 'không ghi trong results.json'}). Chỉ định bằng --inventory.`,
      en: `${resultsPath}: the audit's inventory was not found (${inventoryFile || 'not named in results.json'}). Name it with --inventory.`,
    });
  }
  const inventory = loadInventory(inventoryFile);
  const outDir = ensureWritableDir(path.resolve(ctx.cwd, opts.out));
  const outFile = path.join(outDir, 'results.json');
  if (outFile === resultsPath) {
    throw new UsageError({
      vi: `--out ${outDir} sẽ ghi đè chính tệp đang được đánh giá lại (${resultsPath}); chọn thư mục khác.`,
      en: `--out ${outDir} would overwrite the very file being re-judged (${resultsPath}); choose another folder.`,
    });
  }
  refuseOverwrite(outFile, opts.force === true);
  const options: FamilyOptions = {};
  if (opts.eolData) options.eolTable = (await import('../../software/index.js')).loadEolTable(path.resolve(ctx.cwd, opts.eolData));
  const { results, rejudged, kept } = await rejudgeResults(original, { inventory, options });
  writeResults(outFile, results);

  if (ctx.json) ctx.out(JSON.stringify({ resultsFile: outFile, rejudged, kept, summary: results.summary }, null, 2));
  else {
    ctx.out(formatAuditSummary(results, ctx.lang, ctx.style, 5, await catalogTitles()));
    ctx.out('');
    ctx.out(
      ctx.t({
        vi: `Đã đánh giá lại ${rejudged} mục tiêu (giữ nguyên ${kept.length} mục tiêu lỗi hoặc không còn trong inventory). Kết quả: ${outFile}`,
        en: `Re-judged ${rejudged} target(s) (kept ${kept.length} that had errors or are no longer in the inventory). Results: ${outFile}`,
      }),
    );
  }
  return EXIT.ok;
}
