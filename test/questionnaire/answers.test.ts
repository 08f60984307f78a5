import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { blankAnswers, loadAnswers, parseAnswers, renderAnswers, saveAnswers, type AnswersFile } from '../../src/questionnaire/answers.js';
import { loadQuestionnaire } from '../../src/questionnaire/definition.js';
import { miniDefinition, tempDir } from './helpers/fixtures.js';

const def = miniDefinition();
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function parseError(text: string, file = 'answers/van-phong/mini.yaml'): InputError {
  try {
    parseAnswers(text, file, def);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    return error as InputError;
  }
  throw new Error('expected the answers to be rejected');
}

const HEAD = 'questionnaire: mini\nversion: 2.0.0\nunit: van-phong\n';

describe('answers files', () => {
  it('reads plain values and {value, note, evidence} entries', () => {
    const a = parseAnswers(`${HEAD}respondent: { name: Lê Văn B, title: Chuyên viên }\ndate: 2026-05-01\nanswers:\n  q-bool: có\n  q-int: { value: 12, note: cấu hình AD, evidence: ảnh chụp GPO }\n  q-multi: [z, x]\n  q-date: 2026-04-30\n`, 'a.yaml', def);
    expect(a.respondent).toEqual({ name: 'Lê Văn B', title: 'Chuyên viên' });
    expect(a.date).toBe('2026-05-01');
    expect(a.answers['q-bool']).toEqual({ value: true });
    expect(a.answers['q-int']).toEqual({ value: 12, note: 'cấu hình AD', evidence: 'ảnh chụp GPO' });
    expect(a.answers['q-multi'].value).toEqual(['x', 'z']);
    expect(a.answers['q-date'].value).toBe('2026-04-30');
  });

  it('the blank template parses back with nothing answered, in both languages', () => {
    for (const lang of ['vi', 'en'] as const) {
      const text = renderAnswers(def, blankAnswers(def, 'van-phong'), lang);
      expect(parseAnswers(text, 't.yaml', def).answers).toEqual({});
    }
    expect(renderAnswers(def, blankAnswers(def, 'x'), 'vi')).toContain('# 2. Bao nhiêu ký tự?');
    expect(renderAnswers(def, blankAnswers(def, 'x'), 'en')).toContain('# 2. How many characters?');
  });

  it('save then load gives back exactly what was saved (atomic write, folder created)', () => {
    const dir = tempDir(); dirs.push(dir);
    const file = path.join(dir, 'van-phong', 'mini.yaml');
    const a: AnswersFile = {
      questionnaire: 'mini', version: '2.0.0', unit: 'van-phong', respondent: { name: 'A', title: 'B' }, date: '2026-05-02',
      answers: { 'q-bool': { value: false }, 'q-int': { value: 9, note: 'n: "quoted"\nline 2' }, 'q-choice': { value: 'n/a' }, 'q-multi': { value: [] }, 'q-text': { value: '123' }, 'q-date': { value: null, evidence: 'chưa có' } },
    };
    saveAnswers(file, def, a);
    expect(loadAnswers(file, def)).toEqual(a);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['mini.yaml']);
  });

  it('real questionnaires: the template of each shipped questionnaire round-trips', () => {
    for (const id of ['password-policy', 'security-management']) {
      const d = loadQuestionnaire(id);
      expect(parseAnswers(renderAnswers(d, blankAnswers(d, 'van-phong'), 'vi'), `${id}.yaml`, d).version).toBe(d.version);
    }
  });
});

describe('bad answers files', () => {
  it('an answer of the wrong type names file, line and question', () => {
    const e = parseError(`${HEAD}answers:\n  q-bool: true\n  q-int: mười hai\n`);
    expect(e.code).toBe('ATTT_ANSWERS_INVALID');
    expect(e.text.vi).toContain('answers/van-phong/mini.yaml');
    expect(e.details).toHaveLength(1);
    expect(e.details![0]).toMatch(/mini\.yaml:6: question q-int: answer "mười hai" is invalid: expected a whole number from 0 to 100/);
  });

  it('a number outside the allowed bounds, a fraction for an integer and an unknown choice are wrong types', () => {
    const e = parseError(`${HEAD}answers:\n  q-int: 101\n  q-choice: d\n  q-multi: [x, w]\n  q-date: 2026-02-30\n`);
    expect(e.details!.map((d) => d.split(': ')[1])).toEqual(['question q-int', 'question q-choice', 'question q-multi', 'question q-date']);
    expect(parseError(`${HEAD}answers:\n  q-int: 12.5\n`).details![0]).toContain('q-int');
  });

  it('an unknown question id is an error, listed with every other problem (nothing dropped silently)', () => {
    const e = parseError(`${HEAD}answers:\n  q-bool: true\n  min-lenght: 12\n  q-int: abc\n`);
    expect(e.details).toHaveLength(2);
    expect(e.details![0]).toMatch(/:6: question min-lenght: unknown question id/);
    expect(e.details![1]).toMatch(/:7: question q-int/);
  });

  it('answers written for another version of the questionnaire', () => {
    const e = parseError('questionnaire: mini\nversion: 1.0.0\nunit: van-phong\nanswers:\n  q-bool: true\n');
    expect(e.code).toBe('ATTT_ANSWERS_VERSION');
    expect(e.text.vi).toContain('phiên bản 1.0.0');
    expect(e.text.en).toContain('current version is 2.0.0');
  });

  it('answers for another questionnaire', () => {
    expect(parseError('questionnaire: password-policy\nversion: 2.0.0\nunit: van-phong\n').code).toBe('ATTT_ANSWERS_WRONG_QUESTIONNAIRE');
  });

  it('malformed YAML names the file and line', () => {
    const e = parseError(`${HEAD}answers:\n  q-bool: [true\n  q-int: 3\n`);
    expect(e.code).toBe('ATTT_ANSWERS_INVALID');
    expect(e.details![0]).toMatch(/^answers\/van-phong\/mini\.yaml:\d+: /);
  });

  it('a YAML document that is not a mapping', () => {
    expect(parseError('- just\n- a list\n').text.en).toContain('must be a mapping');
  });

  it('unknown keys at the top and in an answer entry, and n/a where not allowed', () => {
    const e = parseError(`${HEAD}respondant: X\nanswers:\n  q-bool: { value: true, notes: typo }\n  q-int: n/a\n`);
    expect(e.details).toHaveLength(3);
    expect(e.details![0]).toContain('unknown key "respondant"');
    expect(e.details![1]).toContain('question q-bool: unknown key "notes"');
    expect(e.details![2]).toContain('question q-int: this question does not accept "n/a"');
  });

  it('a missing file is an input error naming it', () => {
    expect(() => loadAnswers('/nonexistent/attt/mini.yaml', def)).toThrow(/nonexistent\/attt\/mini\.yaml/);
  });
});
