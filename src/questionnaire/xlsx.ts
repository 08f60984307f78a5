import { assertZipWithinLimit } from '../files/index.js';
import type ExcelJS from 'exceljs';

// exceljs takes a quarter of a second to load: only commands that write or read a workbook pay for it.
const loadExcel = async () => (await import('exceljs')).default;
import { InputError, type ErrorCodeWithStatus } from '../errors.js';
import type { Lang, Localized } from '../i18n.js';
import { isUnitId, wrongVersionError, type AnswerEntry, type AnswersFile } from './answers.js';
import { loadQuestionnaire, questionsOf, type Question, type QuestionnaireDefinition } from './definition.js';
import { coerceAnswer, expectedAnswerText, isIsoDate, NOT_APPLICABLE, type AnswerValue } from './values.js';

/**
 * A questionnaire as a spreadsheet a unit can fill in Excel or LibreOffice, and read back
 * without loss. Layout (a contract between export and import):
 * - sheet ANSWERS_SHEET: header row, then one row per question; column A (hidden, locked)
 *   holds the question id, G the answer, H the note, I the evidence; only G–I are editable.
 * - sheet INFO_SHEET: column A (hidden) keys, B labels, C values: questionnaire, version, unit,
 *   respondent name and title, date.
 */
export const ANSWERS_SHEET = 'Trả lời (Answers)';
export const INFO_SHEET = 'Thông tin (Info)';
const COL = { id: 1, number: 2, section: 3, question: 4, help: 5, how: 6, answer: 7, note: 8, evidence: 9 } as const;
const INFO_KEYS = ['questionnaire', 'version', 'title', 'unit', 'respondent-name', 'respondent-title', 'date'] as const;
type InfoKey = (typeof INFO_KEYS)[number];

const INFO_LABELS: Record<InfoKey, Localized> = {
  questionnaire: { vi: 'Mã bảng hỏi', en: 'Questionnaire id' },
  version: { vi: 'Phiên bản', en: 'Version' },
  title: { vi: 'Tên bảng hỏi', en: 'Questionnaire' },
  unit: { vi: 'Mã đơn vị', en: 'Unit id' },
  'respondent-name': { vi: 'Họ tên người trả lời', en: 'Respondent name' },
  'respondent-title': { vi: 'Chức vụ', en: 'Respondent title' },
  date: { vi: 'Ngày trả lời (YYYY-MM-DD)', en: 'Date answered (YYYY-MM-DD)' },
};
const EDITABLE_INFO: InfoKey[] = ['unit', 'respondent-name', 'respondent-title', 'date'];

const BOOLEAN_WORDS: Record<Lang, [string, string]> = { vi: ['Có', 'Không'], en: ['Yes', 'No'] };

function cellText(value: AnswerValue, q: Question, lang: Lang): string | number | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return BOOLEAN_WORDS[lang][value ? 0 : 1];
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number') return value;
  return q.type === 'integer' || q.type === 'number' ? String(value) : value;
}

function howToAnswer(q: Question, lang: Lang): string {
  const lines = [expectedAnswerText(q)[lang] + (q.unit ? ` (${q.unit[lang]})` : '')];
  if (q.type === 'boolean') lines[0] = lang === 'vi' ? 'Có / Không' : 'Yes / No';
  if (q.type === 'multi-choice') lines.push(lang === 'vi' ? 'Ghi các mã, cách nhau bằng dấu phẩy:' : 'Write the codes, separated by commas:');
  for (const c of q.choices ?? []) lines.push(`${c.value} = ${c.label[lang]}`);
  if (q.notApplicableAllowed && q.type === 'boolean') lines.push(lang === 'vi' ? `${NOT_APPLICABLE} = không áp dụng` : `${NOT_APPLICABLE} = not applicable`);
  return lines.join('\n');
}

/** Build the answers workbook, pre-filled with `answers` when given. */
export async function buildAnswersWorkbook(def: QuestionnaireDefinition, answers: AnswersFile | undefined, opts: { unit?: string; lang: Lang }): Promise<Buffer> {
  const lang = opts.lang;
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'attt';
  wb.title = def.title[lang];

  const sheet = wb.addWorksheet(ANSWERS_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  const headers: Record<keyof typeof COL, Localized> = {
    id: { vi: 'Mã câu hỏi', en: 'Question id' },
    number: { vi: 'STT', en: 'No.' },
    section: { vi: 'Phần', en: 'Section' },
    question: { vi: 'Câu hỏi', en: 'Question' },
    help: { vi: 'Hướng dẫn', en: 'Help' },
    how: { vi: 'Cách trả lời', en: 'How to answer' },
    answer: { vi: 'Trả lời', en: 'Answer' },
    note: { vi: 'Ghi chú', en: 'Note' },
    evidence: { vi: 'Bằng chứng (số văn bản, tệp…)', en: 'Evidence (document no., file…)' },
  };
  const widths: Record<keyof typeof COL, number> = { id: 24, number: 6, section: 22, question: 60, help: 50, how: 36, answer: 18, note: 36, evidence: 30 };
  sheet.columns = (Object.keys(COL) as Array<keyof typeof COL>).map((k) => ({ header: headers[k][lang], key: k, width: widths[k] }));
  // The ids tie each row to its question; hidden and locked so a unit cannot break the link.
  sheet.getColumn(COL.id).hidden = true;
  sheet.getRow(1).font = { bold: true };

  let number = 0;
  for (const section of def.sections) {
    for (const q of section.questions) {
      number++;
      const entry = answers?.answers[q.id];
      const row = sheet.addRow([q.id, number, section.title[lang], q.text[lang], q.help?.[lang] ?? '', howToAnswer(q, lang), cellText(entry?.value ?? null, q, lang), entry?.note ?? null, entry?.evidence ?? null]);
      row.alignment = { vertical: 'top', wrapText: true };
      for (const c of [COL.answer, COL.note, COL.evidence]) row.getCell(c).protection = { locked: false };
      const answerCell = row.getCell(COL.answer);
      const na = q.notApplicableAllowed ? [NOT_APPLICABLE] : [];
      const list = q.type === 'boolean' ? [...BOOLEAN_WORDS[lang], ...na] : q.type === 'choice' ? [...q.choices!.map((c) => c.value), ...na] : undefined;
      if (list) {
        answerCell.dataValidation = {
          type: 'list', allowBlank: true, formulae: [`"${list.join(',')}"`], showErrorMessage: true,
          errorTitle: lang === 'vi' ? 'Giá trị không hợp lệ' : 'Invalid value',
          error: lang === 'vi' ? `Chọn một trong: ${list.join(', ')}` : `Pick one of: ${list.join(', ')}`,
        };
      } else if ((q.type === 'integer' || q.type === 'number') && !q.notApplicableAllowed) {
        answerCell.dataValidation = {
          type: q.type === 'integer' ? 'whole' : 'decimal', operator: 'between', allowBlank: true, showErrorMessage: true,
          formulae: [q.min ?? -1e9, q.max ?? 1e9],
          errorTitle: lang === 'vi' ? 'Giá trị không hợp lệ' : 'Invalid value',
          error: expectedAnswerText(q)[lang],
        };
      }
    }
  }
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  const info = wb.addWorksheet(INFO_SHEET);
  info.columns = [{ key: 'key', width: 20 }, { key: 'label', width: 32 }, { key: 'value', width: 48 }];
  const values: Record<InfoKey, string> = {
    questionnaire: def.id,
    version: def.version,
    title: def.title[lang],
    unit: opts.unit ?? answers?.unit ?? '',
    'respondent-name': answers?.respondent?.name ?? '',
    'respondent-title': answers?.respondent?.title ?? '',
    date: answers?.date ?? '',
  };
  for (const key of INFO_KEYS) {
    const row = info.addRow([key, INFO_LABELS[key][lang], values[key]]);
    row.getCell(2).font = { bold: true };
    // Dates stay text so Excel does not reformat them by locale.
    row.getCell(3).numFmt = '@';
    if (EDITABLE_INFO.includes(key)) row.getCell(3).protection = { locked: false };
  }
  info.getColumn(1).hidden = true;
  await info.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell's value as plain data: rich text joined, formulas replaced by their result. */
function plainCellValue(cell: ExcelJS.Cell): unknown {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v !== 'object') return v;
  const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string; formula?: string };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if (o.error) return { error: o.error };
  if ('result' in o || o.formula) return o.result ?? null;
  if (o.text !== undefined) return o.text;
  return String(v);
}

/**
 * A date cell as YYYY-MM-DD. Spreadsheets store dates as day serials (1 = 1900-01-01, with
 * Excel's 1900 leap-year quirk, so serial 25569 = 1970-01-01); a date typed into a text-formatted
 * cell can arrive as that number.
 */
function dateCellValue(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 2_958_466) {
    return new Date((value - 25569) * 86_400_000).toISOString().slice(0, 10);
  }
  return value;
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

function xlsxError(code: ErrorCodeWithStatus<2>, text: Localized, details: string[] = []): InputError {
  return new InputError(code, text, { details });
}

/**
 * Read a filled-in workbook back into answers. Every row is validated; problems name the
 * file, sheet, row and question, and are all reported together (nothing is skipped silently).
 */
export async function readAnswersWorkbook(data: Buffer, file: string, opts: { unit?: string } = {}): Promise<{ definition: QuestionnaireDefinition; answers: AnswersFile }> {
  assertZipWithinLimit(data, file);
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new InputError('ATTT_XLSX_INVALID', {
      vi: `${file} không phải tệp Excel (.xlsx) đọc được (${(error as Error).message}). Hãy dùng tệp do "attt questionnaire export" tạo ra và lưu lại dạng .xlsx.`,
      en: `${file} is not a readable Excel (.xlsx) file (${(error as Error).message}). Use the file made by "attt questionnaire export" and save it as .xlsx.`,
    }, { cause: error });
  }
  const info = wb.getWorksheet(INFO_SHEET);
  const sheet = wb.getWorksheet(ANSWERS_SHEET);
  for (const [name, ws] of [[INFO_SHEET, info], [ANSWERS_SHEET, sheet]] as const) {
    if (!ws) {
      throw xlsxError('ATTT_XLSX_INVALID', {
        vi: `${file}: không có trang tính "${name}". Tệp phải được tạo bằng "attt questionnaire export" và không đổi tên trang tính.`,
        en: `${file}: sheet "${name}" is missing. The file must come from "attt questionnaire export" with its sheets unrenamed.`,
      });
    }
  }
  const meta = new Map<string, { value: unknown; row: number }>();
  info!.eachRow((row, rowNumber) => {
    const key = textOf(plainCellValue(row.getCell(1)));
    if (key) meta.set(key, { value: plainCellValue(row.getCell(3)), row: rowNumber });
  });
  const questionnaireId = textOf(meta.get('questionnaire')?.value);
  if (!questionnaireId) {
    throw xlsxError('ATTT_XLSX_INVALID', { vi: `${file}: trang "${INFO_SHEET}" không ghi mã bảng hỏi (dòng "questionnaire").`, en: `${file}: sheet "${INFO_SHEET}" has no questionnaire id (row "questionnaire").` });
  }
  let def: QuestionnaireDefinition;
  try {
    def = loadQuestionnaire(questionnaireId);
  } catch (error) {
    throw xlsxError('ATTT_XLSX_INVALID', { vi: `${file}: ${(error as InputError).text?.vi ?? String(error)}`, en: `${file}: ${(error as InputError).text?.en ?? String(error)}` });
  }
  const version = textOf(meta.get('version')?.value);
  if (version !== def.version) throw wrongVersionError(`${file} (${INFO_SHEET})`, version || '(none)', def);

  const problems: string[] = [];
  const infoAt = (key: string) => `${file} sheet "${INFO_SHEET}" row ${meta.get(key)?.row ?? '?'}`;
  const sheetUnit = textOf(meta.get('unit')?.value);
  if (opts.unit && sheetUnit && opts.unit !== sheetUnit) problems.push(`${infoAt('unit')}: the sheet is for unit "${sheetUnit}" but --unit says "${opts.unit}"`);
  const unit = opts.unit ?? sheetUnit;
  if (!unit) problems.push(`${infoAt('unit')}: no unit id; fill it in or pass --unit`);
  else if (!isUnitId(unit)) problems.push(`${infoAt('unit')}: "${unit}" is not a unit id (lowercase letters, digits, dashes)`);
  const name = textOf(meta.get('respondent-name')?.value);
  const title = textOf(meta.get('respondent-title')?.value);
  const date = textOf(dateCellValue(meta.get('date')?.value));
  if (date && !isIsoDate(date)) problems.push(`${infoAt('date')}: date "${date}" is not YYYY-MM-DD`);

  const questions = new Map(questionsOf(def).map((q) => [q.id, q]));
  const entries: Record<string, AnswerEntry> = {};
  const seen = new Set<string>();
  sheet!.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const id = textOf(plainCellValue(row.getCell(COL.id)));
    const answer = plainCellValue(row.getCell(COL.answer));
    const note = textOf(plainCellValue(row.getCell(COL.note)));
    const evidence = textOf(plainCellValue(row.getCell(COL.evidence)));
    const at = `${file} sheet "${ANSWERS_SHEET}" row ${rowNumber}`;
    if (!id) {
      if (textOf(answer) || note || evidence) problems.push(`${at}: an answer in a row without a question id (column A); add answers only in the rows of the exported questions`);
      return;
    }
    const q = questions.get(id);
    if (!q) return void problems.push(`${at}: unknown question id "${id}" for "${def.id}" ${def.version}`);
    if (seen.has(id)) return void problems.push(`${at} (question ${id}): the question appears twice`);
    seen.add(id);
    if (answer && typeof answer === 'object' && 'error' in (answer as object)) return void problems.push(`${at} (question ${id}): the answer cell holds an error (${(answer as { error: string }).error})`);
    const coerced = coerceAnswer(q, q.type === 'date' ? dateCellValue(answer) : answer);
    if (!coerced.ok) return void problems.push(`${at} (question ${id}): ${coerced.problem.en} / ${coerced.problem.vi}`);
    if (coerced.value !== null || note || evidence) entries[id] = { value: coerced.value, ...(note ? { note } : {}), ...(evidence ? { evidence } : {}) };
  });
  for (const id of questions.keys()) if (!seen.has(id)) problems.push(`${file} sheet "${ANSWERS_SHEET}": no row for question "${id}" (a row was deleted?)`);
  if (problems.length) {
    throw xlsxError(
      'ATTT_XLSX_INVALID',
      { vi: `${file}: ${problems.length} lỗi trong bảng tính; chưa ghi câu trả lời nào, hãy sửa rồi nhập lại:`, en: `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the spreadsheet; nothing was written, fix them and import again:` },
      problems,
    );
  }
  return {
    definition: def,
    answers: { questionnaire: def.id, version: def.version, unit, ...(name || title ? { respondent: { name, title } } : {}), ...(date ? { date } : {}), answers: entries },
  };
}
