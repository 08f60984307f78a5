import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { AnswersFile } from '../../src/questionnaire/answers.js';
import { loadQuestionnaire, questionsOf } from '../../src/questionnaire/definition.js';
import { ANSWERS_SHEET, buildAnswersWorkbook, INFO_SHEET, readAnswersWorkbook } from '../../src/questionnaire/xlsx.js';

const sm = loadQuestionnaire('security-management');
const pp = loadQuestionnaire('password-policy');

const SM_ANSWERS: AnswersFile = {
  questionnaire: sm.id, version: sm.version, unit: 'nguoi-co-cong', respondent: { name: 'Lê Văn Cường', title: 'Phó Trưởng phòng' }, date: '2026-05-10',
  answers: {
    'training-coverage-percent': { value: 87.5, note: '35/40 người' },
    'all-units-trained': { value: false },
    'training-activities': { value: ['awareness-training', 'incident-drill'] },
    'last-assessment-date': { value: '2025-11-30', evidence: 'Báo cáo số 12/BC-NCC' },
    'incident-procedure-reference': { value: '0125' },
    'patch-cadence-days': { value: 30 },
    'log-retention-months': { value: null, note: 'đang hỏi nhà cung cấp' },
  },
};

async function edit(data: Buffer, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  change(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function rowOf(wb: ExcelJS.Workbook, questionId: string): ExcelJS.Row {
  const ws = wb.getWorksheet(ANSWERS_SHEET)!;
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === questionId) return ws.getRow(r);
  throw new Error(`no row for ${questionId}`);
}

async function importError(data: Buffer, opts: { unit?: string } = {}): Promise<InputError> {
  try {
    await readAnswersWorkbook(data, 'don-vi.xlsx', opts);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    return error as InputError;
  }
  throw new Error('expected the spreadsheet to be rejected');
}

describe('spreadsheet round trip', () => {
  it('export then import gives back exactly the same answers (numbers, lists, dates, notes, evidence)', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const data = await buildAnswersWorkbook(sm, SM_ANSWERS, { lang });
      const { definition, answers } = await readAnswersWorkbook(data, 'x.xlsx');
      expect(definition.id).toBe('security-management');
      expect(answers).toEqual(SM_ANSWERS);
    }
  });

  it('a unit fills in the exported sheet: labels, codes, Excel dates and typed numbers are read back', async () => {
    const blank = await buildAnswersWorkbook(pp, undefined, { unit: 'van-phong', lang: 'vi' });
    const filled = await edit(blank, (wb) => {
      rowOf(wb, 'min-length').getCell(7).value = 12;
      rowOf(wb, 'composition-rules').getCell(7).value = 'Có';
      rowOf(wb, 'mfa-admin-remote').getCell(7).value = 'partial';
      rowOf(wb, 'mfa-internet-users').getCell(7).value = 'n/a';
      rowOf(wb, 'lockout-threshold').getCell(7).value = '5';
      rowOf(wb, 'storage-hashing').getCell(7).value = { richText: [{ text: 'salted-' }, { text: 'slow-hash' }] };
      rowOf(wb, 'shared-accounts').getCell(8).value = 'chưa rà soát';
      const info = wb.getWorksheet(INFO_SHEET)!;
      info.getRow(5).getCell(3).value = 'Trần Thị Bình';
      info.getRow(7).getCell(3).value = new Date(Date.UTC(2026, 4, 20));
    });
    const { answers } = await readAnswersWorkbook(filled, "van-phong.xlsx");
    expect(answers.unit).toBe('van-phong');
    expect(answers.respondent).toEqual({ name: 'Trần Thị Bình', title: '' });
    expect(answers.date).toBe('2026-05-20');
    expect(answers.answers).toEqual({
      'min-length': { value: 12 }, 'composition-rules': { value: true }, 'mfa-admin-remote': { value: 'partial' }, 'mfa-internet-users': { value: 'n/a' },
      'lockout-threshold': { value: 5 }, 'storage-hashing': { value: 'salted-slow-hash' }, 'shared-accounts': { value: null, note: 'chưa rà soát' },
    });
  });

  it('the sheet guides the unit: hidden question ids, dropdowns for choices, only answer cells editable', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildAnswersWorkbook(pp, undefined, { unit: 'van-phong', lang: 'vi' })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(ANSWERS_SHEET)!;
    expect(ws.getColumn(1).hidden).toBe(true);
    expect(ws.rowCount).toBe(questionsOf(pp).length + 1);
    const mfa = rowOf(wb, 'mfa-admin-remote');
    expect(mfa.getCell(7).dataValidation).toMatchObject({ type: 'list', formulae: ['"yes,partial,no"'] });
    expect(rowOf(wb, 'blocklist').getCell(7).dataValidation).toMatchObject({ type: 'list', formulae: ['"Có,Không"'] });
    expect(mfa.getCell(7).protection).toMatchObject({ locked: false });
    expect(mfa.getCell(4).protection?.locked).not.toBe(false);
    expect(mfa.getCell(4).value).toContain('xác thực đa yếu tố');
  });
});

describe('broken spreadsheets', () => {
  it('not an xlsx at all', async () => {
    const e = await importError(Buffer.from('PK\u0003\u0004 this is not really a zip'));
    expect(e.code).toBe('ATTT_XLSX_INVALID');
    expect(e.text.vi).toContain('don-vi.xlsx');
  });

  it('an xlsx that was not exported by attt (sheet missing)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['hello']);
    const e = await importError(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(e.text.en).toContain(`sheet "${INFO_SHEET}" is missing`);
  });

  it('a wrong answer names sheet, row and question; every problem is listed and nothing is written', async () => {
    const data = await edit(await buildAnswersWorkbook(pp, undefined, { unit: 'van-phong', lang: 'vi' }), (wb) => {
      rowOf(wb, 'min-length').getCell(7).value = 'tám';
      rowOf(wb, 'mfa-admin-remote').getCell(7).value = 'maybe';
      rowOf(wb, 'dormant-account-days').getCell(7).value = { formula: '1/0', result: { error: '#DIV/0!' } } as unknown as ExcelJS.CellValue;
    });
    const e = await importError(data);
    expect(e.details).toHaveLength(3);
    expect(e.details![0]).toMatch(new RegExp(`don-vi\\.xlsx sheet "${ANSWERS_SHEET.replace(/[()]/g, '\\$&')}" row 2 \\(question min-length\\): answer "tám" is invalid`));
    expect(e.details![1]).toContain('(question mfa-admin-remote): answer "maybe" is invalid: expected one of: yes, partial, no');
    expect(e.details![2]).toContain('(question dormant-account-days): the answer cell holds an error');
  });

  it('an unknown question id, a deleted row and an answer typed below the table', async () => {
    const data = await edit(await buildAnswersWorkbook(pp, undefined, { unit: 'van-phong', lang: 'vi' }), (wb) => {
      rowOf(wb, 'blocklist').getCell(1).value = 'blocklist-v2';
      const ws = wb.getWorksheet(ANSWERS_SHEET)!;
      ws.getRow(ws.rowCount + 2).getCell(7).value = 'Có';
    });
    const e = await importError(data);
    const all = e.details!.join('\n');
    expect(all).toContain('unknown question id "blocklist-v2"');
    expect(all).toContain('no row for question "blocklist"');
    expect(all).toMatch(/row 22: an answer in a row without a question id/);
  });

  it('a sheet exported from another questionnaire version', async () => {
    const data = await edit(await buildAnswersWorkbook(pp, undefined, { unit: 'van-phong', lang: 'vi' }), (wb) => {
      wb.getWorksheet(INFO_SHEET)!.getRow(2).getCell(3).value = '0.9.0';
    });
    const e = await importError(data);
    expect(e.code).toBe('ATTT_ANSWERS_VERSION');
    expect(e.text.en).toContain('version 0.9.0');
  });

  it('a sheet without a unit, or for another unit than --unit', async () => {
    const blank = await buildAnswersWorkbook(pp, undefined, { lang: 'en' });
    expect((await importError(blank)).details![0]).toContain('no unit id; fill it in or pass --unit');
    const { answers } = await readAnswersWorkbook(blank, 'x.xlsx', { unit: 'van-phong' });
    expect(answers.unit).toBe('van-phong');
    const other = await buildAnswersWorkbook(pp, undefined, { unit: 'bao-tro-xa-hoi', lang: 'en' });
    expect((await importError(other, { unit: 'van-phong' })).details![0]).toContain('the sheet is for unit "bao-tro-xa-hoi"');
  });
});
