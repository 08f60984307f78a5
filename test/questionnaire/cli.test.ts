import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { answersPath, loadAnswers, saveAnswers } from '../../src/questionnaire/answers.js';
import { loadQuestionnaire } from '../../src/questionnaire/definition.js';
import { fillQuestionnaire } from '../../src/questionnaire/fill.js';
import { ANSWERS_SHEET, INFO_SHEET } from '../../src/questionnaire/xlsx.js';
import { tempDir } from './helpers/fixtures.js';
import { keys, ScriptedTerminal } from './helpers/terminal.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (c, _e, done) => { text += c.toString(); done(); } }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function attt(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await main(['node', 'attt', ...args], { stdout: out.stream, stderr: err.stream, cwd, env: {} });
  return { code, out: out.text(), err: err.text() };
}

describe('attt questionnaire', () => {
  it('list shows both questionnaires; --json gives their question ids', async () => {
    const r = await attt(process.cwd(), 'questionnaire', 'list');
    expect(r.code).toBe(0);
    expect(r.out).toContain('password-policy');
    expect(r.out).toContain('Chính sách mật khẩu và xác thực');
    const json = JSON.parse((await attt(process.cwd(), '--json', 'questionnaire', 'list')).out);
    expect(json.map((q: { id: string }) => q.id)).toEqual(['password-policy', 'security-management']);
  });

  it('template writes a commented blank answers file in the chosen language, and never overwrites', async () => {
    const dir = tempDir(); dirs.push(dir);
    const r = await attt(dir, '--lang', 'en', 'questionnaire', 'template', 'security-management', '--out', 'answers/van-phong/security-management.yaml', '--unit', 'van-phong');
    expect(r.code).toBe(0);
    const file = path.join(dir, 'answers/van-phong/security-management.yaml');
    expect(fs.readFileSync(file, 'utf8')).toContain('# 1. What share of the unit');
    expect(loadAnswers(file, loadQuestionnaire('security-management')).answers).toEqual({});
    const again = await attt(dir, 'questionnaire', 'template', 'security-management', '--out', 'answers/van-phong/security-management.yaml');
    expect(again.code).toBe(2);
    expect(again.err).toContain('đã tồn tại');
  });

  it('bad input exits 2 with a bilingual message naming the problem', async () => {
    const dir = tempDir(); dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'broken.xlsx'), 'not a spreadsheet');
    const broken = await attt(dir, 'questionnaire', 'import', 'broken.xlsx');
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('broken.xlsx không phải tệp Excel');
    const unknown = await attt(dir, '--lang', 'en', 'questionnaire', 'template', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('No questionnaire "nope"');
    expect((await attt(dir, 'questionnaire', 'fill', 'password-policy')).code).toBe(2);
    expect((await attt(dir, 'questionnaire', 'fill', 'password-policy', '--unit', 'Văn Phòng')).code).toBe(2);
  });

  it('export --unit pre-fills existing answers; import writes them back unchanged', async () => {
    const dir = tempDir(); dirs.push(dir);
    const pp = loadQuestionnaire('password-policy');
    const file = answersPath(path.join(dir, 'answers'), 'van-phong', pp.id);
    const original = { questionnaire: pp.id, version: pp.version, unit: 'van-phong', respondent: { name: 'A', title: 'B' }, date: '2026-05-01', answers: { 'min-length': { value: 14, note: 'AD' }, 'periodic-change': { value: 'none' } } };
    saveAnswers(file, pp, original);
    const exp = await attt(dir, 'questionnaire', 'export', 'password-policy', '--format', 'xlsx', '--out', 'pp.xlsx', '--unit', 'van-phong');
    expect(exp.code).toBe(0);
    fs.rmSync(file);
    const imp = await attt(dir, 'questionnaire', 'import', 'pp.xlsx');
    expect(imp.code).toBe(0);
    expect(imp.err).toContain('Đã trả lời 2/19 câu');
    expect(loadAnswers(file, pp)).toEqual(original);
  });
});

describe('the three ways of answering agree', () => {
  it('YAML file, spreadsheet and interactive fill give identical answers', async () => {
    const dir = tempDir(); dirs.push(dir);
    const pp = loadQuestionnaire('password-policy');
    const answersDir = path.join(dir, 'answers');
    const base = { 'max-length': 64, blocklist: true, 'lockout-threshold': 5 };
    const wanted = { ...base, 'min-length': 12, 'composition-rules': false, 'mfa-admin-remote': 'partial' };

    // 1. YAML, written by hand.
    const yamlFile = answersPath(answersDir, 'yaml-unit', pp.id);
    fs.mkdirSync(path.dirname(yamlFile), { recursive: true });
    fs.writeFileSync(yamlFile, `questionnaire: password-policy\nversion: ${pp.version}\nunit: yaml-unit\nanswers:\n${Object.entries(wanted).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);

    // 2. Spreadsheet: export, type the answers in, import.
    expect((await attt(dir, 'questionnaire', 'export', 'password-policy', '--out', 'x.xlsx', '--unit', 'xlsx-unit')).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'x.xlsx'));
    const ws = wb.getWorksheet(ANSWERS_SHEET)!;
    const typed: Record<string, ExcelJS.CellValue> = { ...base, 'min-length': '12', 'composition-rules': 'Không', 'mfa-admin-remote': 'partial', blocklist: 'Có' };
    for (let r = 2; r <= ws.rowCount; r++) {
      const id = String(ws.getRow(r).getCell(1).value);
      if (id in typed) ws.getRow(r).getCell(7).value = typed[id];
    }
    expect(wb.getWorksheet(INFO_SHEET)).toBeDefined();
    await wb.xlsx.writeFile(path.join(dir, 'x.xlsx'));
    expect((await attt(dir, 'questionnaire', 'import', 'x.xlsx', '--answers', 'answers')).code).toBe(0);

    // 3. Interactive: three answers already saved, the rest typed at the prompts (resume).
    saveAnswers(answersPath(answersDir, 'fill-unit', pp.id), pp, {
      questionnaire: pp.id, version: pp.version, unit: 'fill-unit', respondent: { name: 'A', title: 'B' },
      answers: Object.fromEntries(Object.entries(base).map(([k, v]) => [k, { value: v }])),
    });
    const term = new ScriptedTerminal();
    const run = fillQuestionnaire({ definition: pp, unit: 'fill-unit', answersDir, lang: 'vi', io: { input: term.input, output: term.output } });
    await term.answer('Độ dài tối thiểu của mật khẩu đối với tài khoản chỉ đăng nhập', `12${keys.enter}`);
    await term.answer('Độ dài tối thiểu của mật khẩu đối với tài khoản đã bật', keys.ctrlC);
    await run;
    const term2 = new ScriptedTerminal();
    const run2 = fillQuestionnaire({ definition: pp, unit: 'fill-unit', answersDir, lang: 'vi', io: { input: term2.input, output: term2.output } });
    await term2.answer('Độ dài tối thiểu của mật khẩu đối với tài khoản đã bật', keys.enter); // skip
    await term2.answer('kết hợp chữ hoa', `${keys.down}${keys.down}${keys.enter}`); // (Bỏ qua), Có, Không
    // Skip the rest: Enter, on a text prompt and on a list alike (an unanswered list starts on "(Bỏ qua, trả lời sau)").
    const toSkip = keys.enter;
    for (const [q, skip] of [['dán (paste)', toSkip], ['gợi ý mật khẩu', toSkip], ['đổi mật khẩu định kỳ', toSkip], ['tài khoản quản trị bị buộc', keys.enter], ['dấu hiệu mật khẩu bị lộ', toSkip], ['tự mở sau', keys.enter], ['tự khóa sau', keys.enter]]) {
      await term2.answer(q, skip);
    }
    await term2.answer('Tài khoản quản trị và mọi truy cập từ xa', `${keys.down}${keys.down}${keys.enter}`); // partial
    await term2.answer('Người dùng đăng nhập dịch vụ', keys.ctrlC);
    await run2;

    const read = (unit: string) => Object.fromEntries(Object.entries(loadAnswers(answersPath(answersDir, unit, pp.id), pp).answers).map(([k, v]) => [k, v.value]));
    expect(read('yaml-unit')).toEqual(wanted);
    expect(read('xlsx-unit')).toEqual(wanted);
    expect(read('fill-unit')).toEqual(wanted);
  });
});
