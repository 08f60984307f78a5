import fs from 'node:fs';
import { ensureOutputDir } from '../../files/index.js';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { InputError, UsageError } from '../../errors.js';
import { answeredCount, answersPath, blankAnswers, isUnitId, loadAnswersIfPresent, renderAnswers, saveAnswers } from '../../questionnaire/index.js';
import { listQuestionnaires, loadQuestionnaire, questionsOf, type QuestionnaireDefinition } from '../../questionnaire/index.js';
import { frameworkName, scoreQuestionnaire, type Compliance } from '../../questionnaire/index.js';
import { buildAnswersWorkbook, readAnswersWorkbook } from '../../questionnaire/index.js';
import { loadInventory } from '../../inventory/index.js';
import { writeFileAtomic } from '../../results/index.js';
import { readInputBytes } from '../../files/index.js';
import type { CliContext } from '../context.js';
import { table } from '../terminal.js';

function requireUnit(unit: string | undefined): string {
  if (!unit) throw new UsageError({ vi: 'Cần --unit <mã đơn vị>, ví dụ --unit van-phong.', en: 'Needs --unit <unit id>, e.g. --unit van-phong.' });
  if (!isUnitId(unit)) {
    throw new UsageError({ vi: `"${unit}" không phải mã đơn vị (chữ thường, số, dấu gạch ngang), ví dụ van-phong.`, en: `"${unit}" is not a unit id (lowercase letters, digits, dashes), e.g. van-phong.` });
  }
  return unit;
}

/** Edit distance, for "did you mean" on unit ids. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/**
 * A unit answering must be one the organisation has: a unit of the inventory (`--inventory`,
 * else ./inventory.yaml when present) or a folder already in the answers folder. A typo would
 * otherwise start a new, orphan answers file that no audit reads.
 */
function requireKnownUnit(unit: string, opts: { inventory?: string; answers?: string }, ctx: CliContext): void {
  const known = new Set<string>();
  const inventoryFile = opts.inventory ? path.resolve(ctx.cwd, opts.inventory) : path.join(ctx.cwd, 'inventory.yaml');
  if (opts.inventory || fs.existsSync(inventoryFile)) for (const u of loadInventory(inventoryFile).units) known.add(u.id);
  const dir = answersDirOf(opts.answers, ctx);
  if (fs.existsSync(dir)) for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory() && isUnitId(e.name)) known.add(e.name);
  if (known.has(unit)) return;
  if (known.size === 0) {
    throw new UsageError({
      vi: `Không kiểm tra được mã đơn vị "${unit}": không có inventory.yaml ở đây và thư mục ${dir} chưa có đơn vị nào. Cho --inventory TỆP.`,
      en: `Cannot check the unit id "${unit}": no inventory.yaml here and ${dir} has no unit yet. Give --inventory FILE.`,
    });
  }
  const best = [...known].map((k) => ({ k, d: distance(unit, k) })).sort((a, b) => a.d - b.d)[0];
  const hint = best && best.d <= Math.max(2, Math.floor(unit.length / 3)) ? best.k : undefined;
  const list = [...known].sort().join(', ');
  throw new UsageError({
    vi: `Không có đơn vị "${unit}" (nhận được "${unit}").${hint ? ` Có phải ý bạn là "${hint}"?` : ''} Các đơn vị: ${list}.`,
    en: `No unit "${unit}" (got "${unit}").${hint ? ` Did you mean "${hint}"?` : ''} Units: ${list}.`,
  });
}

function answersDirOf(dir: string | undefined, ctx: CliContext): string {
  return path.resolve(ctx.cwd, dir ?? 'answers');
}

function complianceLine(c: Compliance, ctx: CliContext): string {
  const pct = (p: number | null) => (p === null ? '—' : `${p}%`);
  const parts = [ctx.t({ vi: `Mức đáp ứng (câu hỏi chung): ${pct(c.overall.percent)}`, en: `Compliance (common questions): ${pct(c.overall.percent)}` })];
  for (const [f, tally] of Object.entries(c.byFramework)) parts.push(`${frameworkName(f)}: ${pct(tally.percent)}`);
  return parts.join(' · ');
}

function summarize(def: QuestionnaireDefinition, file: string, ctx: CliContext): void {
  const answers = loadAnswersIfPresent(file, def);
  const score = scoreQuestionnaire(def, answers);
  const answered = answers ? answeredCount(def, answers) : 0;
  ctx.note(ctx.t({ vi: `Đã trả lời ${answered}/${questionsOf(def).length} câu.`, en: `${answered}/${questionsOf(def).length} questions answered.` }));
  ctx.note(complianceLine(score.compliance, ctx));
}

/** `attt questionnaire list|template|fill|export|import` (README.md, "Commands"). */
export function registerQuestionnaire(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  const group = program
    .command('questionnaire')
    .description(t({ vi: 'bảng hỏi chính sách (mật khẩu, quản lý an toàn thông tin): mẫu, trả lời, Excel', en: 'policy questionnaires (passwords, security management): templates, answering, Excel' }));

  group
    .command('list')
    .description(t({ vi: 'liệt kê các bảng hỏi có sẵn', en: 'list the available questionnaires' }))
    .action(() => {
      const defs = listQuestionnaires();
      if (ctx.json) {
        ctx.out(JSON.stringify(defs.map((d) => ({ id: d.id, version: d.version, title: d.title, questions: questionsOf(d).map((q) => ({ id: q.id, type: q.type, severity: q.severity, text: q.text })) })), null, 2));
        return;
      }
      ctx.out(table(
        [t({ vi: 'Mã', en: 'Id' }), t({ vi: 'Phiên bản', en: 'Version' }), t({ vi: 'Số câu', en: 'Questions' }), t({ vi: 'Tên', en: 'Title' })],
        defs.map((d) => [d.id, d.version, String(questionsOf(d).length), t(d.title)]),
        { style: ctx.style },
      ));
    });

  group
    .command('template')
    .argument('<id>', t({ vi: 'mã bảng hỏi', en: 'questionnaire id' }))
    .description(t({ vi: 'tạo tệp trả lời trống có chú thích (theo --lang)', en: 'write a commented blank answers file (in --lang)' }))
    .option('--out <file>', t({ vi: 'ghi ra tệp (mặc định: stdout)', en: 'write to this file (default: stdout)' }))
    .option('--unit <unit>', t({ vi: 'điền sẵn mã đơn vị', en: 'pre-fill the unit id' }))
    .action((id: string, opts: { out?: string; unit?: string }) => {
      const def = loadQuestionnaire(id);
      const unit = opts.unit ? requireUnit(opts.unit) : 'ma-don-vi';
      const text = renderAnswers(def, blankAnswers(def, unit), ctx.lang);
      if (!opts.out) return void ctx.out(ctx.json ? JSON.stringify({ file: null, questionnaire: def.id, version: def.version, unit, content: text }, null, 2) : text);
      const file = path.resolve(ctx.cwd, opts.out);
      if (fs.existsSync(file)) {
        throw new UsageError({ vi: `${file} đã tồn tại; không ghi đè lên câu trả lời. Chọn tên khác.`, en: `${file} already exists; not overwriting answers. Pick another name.` });
      }
      ensureOutputDir(path.dirname(file));
      writeFileAtomic(file, text);
      if (ctx.json) return void ctx.out(JSON.stringify({ file, questionnaire: def.id, version: def.version, unit }, null, 2));
      ctx.note(t({ vi: `Đã ghi mẫu ${file}.`, en: `Template written to ${file}.` }));
    });

  group
    .command('fill')
    .argument('<id>', t({ vi: 'mã bảng hỏi', en: 'questionnaire id' }))
    .description(t({ vi: 'trả lời từng câu trên màn hình; lưu sau mỗi câu, chạy lại để tiếp tục', en: 'answer question by question; saved after each answer, run again to resume' }))
    .option('--unit <unit>', t({ vi: 'mã đơn vị trả lời (bắt buộc)', en: 'the answering unit id (required)' }))
    .option('--answers <dir>', t({ vi: 'thư mục câu trả lời', en: 'answers folder' }), 'answers')
    .option('--review', t({ vi: 'hỏi lại cả những câu đã trả lời', en: 'ask again the questions already answered' }))
    .option('--notes', t({ vi: 'hỏi thêm ghi chú và bằng chứng cho mỗi câu', en: 'also ask for a note and evidence per question' }))
    .option('--inventory <file>', t({ vi: 'inventory để kiểm tra mã đơn vị (mặc định ./inventory.yaml nếu có)', en: 'inventory to check the unit id against (default ./inventory.yaml when present)' }))
    .action(async (id: string, opts: { unit?: string; answers?: string; review?: boolean; notes?: boolean; inventory?: string }) => {
      const def = loadQuestionnaire(id);
      const unit = requireUnit(opts.unit);
      requireKnownUnit(unit, opts, ctx);
      if (!process.stdin.isTTY) {
        throw new UsageError({
          vi: `"attt questionnaire fill" cần một màn hình tương tác (terminal) để hỏi từng câu. Không có terminal (ví dụ trong script hay CI): tạo tệp trả lời bằng "attt questionnaire template ${def.id} --unit ${unit} --out answers/${unit}/${def.id}.yaml" rồi sửa, hoặc dùng bảng tính: "attt questionnaire export ${def.id} --unit ${unit} --out ${unit}.xlsx" và "attt questionnaire import ${unit}.xlsx".`,
          en: `"attt questionnaire fill" needs an interactive terminal to ask question by question. Without one (a script, CI): write an answers file with "attt questionnaire template ${def.id} --unit ${unit} --out answers/${unit}/${def.id}.yaml" and edit it, or use the spreadsheet: "attt questionnaire export ${def.id} --unit ${unit} --out ${unit}.xlsx" then "attt questionnaire import ${unit}.xlsx".`,
        });
      }
      // The prompt library loads only for the interactive command.
      const { fillQuestionnaire } = await import('../../questionnaire/index.js');
      const result = await fillQuestionnaire({
        definition: def,
        unit,
        answersDir: answersDirOf(opts.answers, ctx),
        lang: ctx.lang,
        review: opts.review,
        withNotes: opts.notes,
        io: { input: process.stdin, output: ctx.json ? process.stderr : process.stdout },
        signal: ctx.interrupt,
      });
      if (ctx.json) {
        ctx.out(JSON.stringify({ file: result.file, answered: result.answered, total: result.total, stopped: result.stopped }, null, 2));
        return;
      }
      if (result.stopped) ctx.note(t({ vi: `Đã dừng; câu trả lời đã lưu ở ${result.file}. Chạy lại lệnh để tiếp tục.`, en: `Stopped; answers are saved in ${result.file}. Run the command again to resume.` }));
      summarize(def, result.file, ctx);
    });

  group
    .command('export')
    .argument('<id>', t({ vi: 'mã bảng hỏi', en: 'questionnaire id' }))
    .description(t({ vi: 'xuất bảng hỏi ra Excel để đơn vị trả lời (điền sẵn câu trả lời đã có khi có --unit)', en: 'export the questionnaire to Excel for a unit to answer (pre-filled with existing answers when --unit is given)' }))
    .addOption(new Option('--format <format>', t({ vi: 'định dạng', en: 'format' })).choices(['xlsx']).default('xlsx'))
    .requiredOption('--out <file>', t({ vi: 'tệp .xlsx cần ghi', en: 'the .xlsx file to write' }))
    .option('--unit <unit>', t({ vi: 'mã đơn vị (ghi vào bảng tính, điền sẵn câu trả lời)', en: 'unit id (recorded in the sheet; existing answers pre-filled)' }))
    .option('--answers <dir>', t({ vi: 'thư mục câu trả lời', en: 'answers folder' }), 'answers')
    .action(async (id: string, opts: { out: string; unit?: string; answers?: string }) => {
      const def = loadQuestionnaire(id);
      const unit = opts.unit ? requireUnit(opts.unit) : undefined;
      const existing = unit ? loadAnswersIfPresent(answersPath(answersDirOf(opts.answers, ctx), unit, def.id), def) : undefined;
      const file = path.resolve(ctx.cwd, opts.out);
      const data = await buildAnswersWorkbook(def, existing, { unit, lang: ctx.lang });
      ensureOutputDir(path.dirname(file));
      writeFileAtomic(file, data);
      if (ctx.json) return void ctx.out(JSON.stringify({ file, questionnaire: def.id, version: def.version, unit: unit ?? null, prefilled: existing ? answeredCount(def, existing) : 0 }, null, 2));
      ctx.note(t({ vi: `Đã ghi ${file}${existing ? ` (điền sẵn ${answeredCount(def, existing)} câu trả lời)` : ''}.`, en: `Wrote ${file}${existing ? ` (${answeredCount(def, existing)} answers pre-filled)` : ''}.` }));
    });

  group
    .command('import')
    .argument('<file>', t({ vi: 'tệp .xlsx đã trả lời', en: 'the answered .xlsx file' }))
    .description(t({ vi: 'nhập câu trả lời từ Excel vào answers/<đơn vị>/<bảng hỏi>.yaml', en: 'import answers from Excel into answers/<unit>/<questionnaire>.yaml' }))
    .option('--answers <dir>', t({ vi: 'thư mục câu trả lời', en: 'answers folder' }), 'answers')
    .option('--unit <unit>', t({ vi: 'mã đơn vị, nếu bảng tính chưa ghi', en: 'unit id, when the sheet has none' }))
    .action(async (input: string, opts: { answers?: string; unit?: string }) => {
      const source = path.resolve(ctx.cwd, input);
      const data = readInputBytes(source, 'xlsx', {
        unreadable: (code, cause) => new InputError('ATTT_XLSX_INVALID', { vi: `Không đọc được ${source} (${code}).`, en: `Cannot read ${source} (${code}).` }, { cause }),
      });
      const unitOpt = opts.unit ? requireUnit(opts.unit) : undefined;
      const { definition, answers } = await readAnswersWorkbook(data, source, { unit: unitOpt });
      const target = answersPath(answersDirOf(opts.answers, ctx), answers.unit, definition.id);
      saveAnswers(target, definition, answers, ctx.lang);
      if (ctx.json) return void ctx.out(JSON.stringify({ file: target, questionnaire: definition.id, unit: answers.unit, answered: answeredCount(definition, answers), total: questionsOf(definition).length }, null, 2));
      ctx.note(t({ vi: `Đã ghi ${target}.`, en: `Wrote ${target}.` }));
      summarize(definition, target, ctx);
    });
}
