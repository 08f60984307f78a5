import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAnswers } from '../../src/questionnaire/answers.js';
import { fillQuestionnaire } from '../../src/questionnaire/fill.js';
import { miniDefinition, tempDir } from './helpers/fixtures.js';
import { keys, ScriptedTerminal } from './helpers/terminal.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function startFill(term: ScriptedTerminal, answersDir: string, extra: Partial<Parameters<typeof fillQuestionnaire>[0]> = {}) {
  return fillQuestionnaire({
    definition: miniDefinition(), unit: 'van-phong', answersDir, lang: 'vi',
    io: { input: term.input, output: term.output }, today: () => '2026-05-20', ...extra,
  });
}

describe('interactive fill', () => {
  it('validates each answer, saves after every answer, and resumes where it stopped', async () => {
    const dir = tempDir(); dirs.push(dir);
    const def = miniDefinition();
    const term = new ScriptedTerminal();
    const run = startFill(term, dir);
    await term.answer('Họ tên người trả lời', `Nguyễn Văn An${keys.enter}`);
    await term.answer('Chức vụ', `Chuyên viên${keys.enter}`);
    await term.answer('Có bật tính năng A không?', `${keys.down}${keys.down}${keys.enter}`); // (Bỏ qua), Có, Không
    await term.answer('Bao nhiêu ký tự?', `abc${keys.enter}`);
    await term.waitFor('không hợp lệ');
    term.type(`\u007f\u007f\u007f12${keys.enter}`);
    await term.answer('Chọn mức?', keys.ctrlC);
    const first = await run;
    expect(first.stopped).toBe(true);
    expect(first.answered).toBe(2);

    // What was typed before Ctrl-C is on disk, validated, in the answers file format.
    const saved = loadAnswers(first.file, def);
    expect(saved.respondent).toEqual({ name: 'Nguyễn Văn An', title: 'Chuyên viên' });
    expect(saved.answers['q-bool'].value).toBe(false);
    expect(saved.answers['q-int'].value).toBe(12);
    expect(saved.answers['q-choice']).toBeUndefined();

    // Second run: starts at the first unanswered question, never re-asks the answered ones.
    const term2 = new ScriptedTerminal();
    const run2 = startFill(term2, dir);
    await term2.answer('Chọn mức?', `${keys.down}${keys.down}${keys.down}${keys.down}${keys.enter}`); // (Bỏ qua), a, b, c, Không áp dụng
    await term2.answer('Đã làm những việc nào?', `${keys.space}${keys.down}${keys.down}${keys.space}${keys.enter}`);
    await term2.answer('Số văn bản?', `QĐ 12/2026${keys.enter}`);
    await term2.answer('Ngày kiểm tra gần nhất?', `30/02/2026${keys.enter}`);
    await term2.waitFor('không hợp lệ');
    term2.type(`${'\u007f'.repeat(10)}01/03/2026${keys.enter}`); // day first, as Vietnamese documents write it
    const second = await run2;
    expect(second.stopped).toBe(false);
    expect(term2.text).toContain('Tiếp tục: đã trả lời 2/6');
    expect(term2.text).not.toContain('Có bật tính năng A không?');
    expect(term2.text).not.toContain('Họ tên người trả lời');

    const final = loadAnswers(second.file, def);
    expect(final.date).toBe('2026-05-20');
    expect(Object.fromEntries(Object.entries(final.answers).map(([k, v]) => [k, v.value]))).toEqual({
      'q-bool': false, 'q-int': 12, 'q-choice': 'n/a', 'q-multi': ['x', 'z'], 'q-text': 'QĐ 12/2026', 'q-date': '2026-03-01',
    });
  });

  it('a skipped question stays unanswered and is asked again next time', async () => {
    const dir = tempDir(); dirs.push(dir);
    const term = new ScriptedTerminal();
    const run = startFill(term, dir);
    await term.answer('Họ tên người trả lời', `A${keys.enter}`);
    await term.answer('Chức vụ', `B${keys.enter}`);
    await term.answer('Có bật tính năng A không?', keys.enter); // the cursor starts on (Bỏ qua): Enter never answers
    await term.answer('Bao nhiêu ký tự?', keys.enter); // empty = skip
    await term.answer('Chọn mức?', `${keys.down}${keys.enter}`); // a
    await term.answer('Đã làm những việc nào?', keys.enter); // nothing selected
    await term.answer('Số văn bản?', keys.enter);
    await term.answer('Ngày kiểm tra gần nhất?', keys.enter);
    const out = await run;
    const saved = loadAnswers(out.file, miniDefinition());
    expect(saved.answers['q-bool']).toBeUndefined();
    expect(saved.answers['q-int']).toBeUndefined();
    expect(saved.answers['q-choice'].value).toBe('a');
    // After each section: what is answered and what is left.
    expect(term.text).toMatch(/Phần này: đã trả lời \d+\/\d+; còn lại \d+: [a-z-]+/);
    expect(saved.answers['q-multi'].value).toEqual([]);

    const term2 = new ScriptedTerminal();
    const run2 = startFill(term2, dir);
    await term2.answer('Có bật tính năng A không?', `${keys.down}${keys.enter}`); // Có
    await term2.answer('Bao nhiêu ký tự?', `20${keys.enter}`);
    await term2.answer('Số văn bản?', `X${keys.enter}`);
    await term2.answer('Ngày kiểm tra gần nhất?', `2026-01-01${keys.enter}`);
    const out2 = await run2;
    expect(out2.answered).toBe(6);
    expect(term2.text).not.toContain('Chọn mức?');
  });

  it('--review re-asks answered questions with the current answer as default, and --notes records note and evidence', async () => {
    const dir = tempDir(); dirs.push(dir);
    const term = new ScriptedTerminal();
    const run = startFill(term, dir, { review: true, withNotes: true });
    await term.answer('Họ tên người trả lời', `A${keys.enter}`);
    await term.answer('Chức vụ', `B${keys.enter}`);
    await term.answer('Có bật tính năng A không?', `${keys.down}${keys.enter}`); // Có
    await term.answer('Ghi chú', `Đã bật từ 2025${keys.enter}`);
    await term.answer('Bằng chứng', `Biên bản số 3${keys.enter}`);
    await term.answer('Bao nhiêu ký tự?', keys.ctrlC);
    const out = await run;
    expect(out.stopped).toBe(true);
    const saved = loadAnswers(out.file, miniDefinition());
    expect(saved.answers['q-bool']).toEqual({ value: true, note: 'Đã bật từ 2025', evidence: 'Biên bản số 3' });
  });
});
