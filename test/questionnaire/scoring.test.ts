import { describe, expect, it } from 'vitest';
import type { AnswersFile } from '../../src/questionnaire/answers.js';
import { findQuestion, loadQuestionnaire } from '../../src/questionnaire/definition.js';
import { meetsCondition, severityOf } from '../../src/questionnaire/rules.js';
import { complianceFromResults, complianceOf, judgeAnswer, scoreQuestionnaire } from '../../src/questionnaire/score.js';
import type { Result } from '../../src/results/schema.js';
import { miniDefinition } from './helpers/fixtures.js';

const NOW = new Date('2026-06-01T08:00:00Z');
const def = miniDefinition();
const q = (id: string) => findQuestion(def, id)!;
const answers = (values: Record<string, unknown>): AnswersFile => ({
  questionnaire: 'mini', version: '2.0.0', unit: 'van-phong',
  answers: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v as never }])),
});

describe('rule types', () => {
  const cases: Array<[string, Parameters<typeof meetsCondition>[0], unknown, boolean]> = [
    ['equals boolean: match', { equals: true }, true, true],
    ['equals boolean: other', { equals: true }, false, false],
    ['equals choice: other value', { equals: 'yes' }, 'partial', false],
    ['oneOf: in the set', { oneOf: ['a', 'b'] }, 'b', true],
    ['oneOf: outside', { oneOf: ['a', 'b'] }, 'c', false],
    ['min: at the bound', { min: 15 }, 15, true],
    ['min: below', { min: 15 }, 14, false],
    ['max: above', { max: 5 }, 6, false],
    ['range: inside', { min: 1, max: 5 }, 3, true],
    ['range: zero means none, below the range', { min: 1, max: 5 }, 0, false],
    ['range: a string is never a number', { min: 1 }, '3', false],
    ['includesAll: all present', { includesAll: ['x', 'z'] }, ['x', 'y', 'z'], true],
    ['includesAll: one missing', { includesAll: ['x', 'z'] }, ['x'], false],
    ['excludesAll: none present', { excludesAll: ['y'] }, ['x'], true],
    ['excludesAll: one present', { excludesAll: ['y'] }, ['x', 'y'], false],
    ['withinDays: recent', { withinDays: 365 }, '2025-07-01', true],
    ['withinDays: too old', { withinDays: 365 }, '2025-05-01', false],
    ['withinDays: in the future', { withinDays: 365 }, '2026-07-01', false],
    ['answered: any text', { answered: true }, 'QĐ 1', true],
    ['anyOf: first branch', { anyOf: [{ equals: 0 }, { min: 64 }] }, 0, true],
    ['anyOf: second branch', { anyOf: [{ equals: 0 }, { min: 64 }] }, 128, true],
    ['anyOf: neither', { anyOf: [{ equals: 0 }, { min: 64 }] }, 32, false],
  ];
  for (const [name, condition, value, expected] of cases) {
    it(name, () => expect(meetsCondition(condition, value, NOW)).toBe(expected));
  }

  it('escalates severity for worse answers, first match wins', () => {
    const rule = { min: 15, escalate: [{ when: { max: 7 }, severity: 'critical' as const }] };
    expect(severityOf(rule, 6, 'medium', NOW)).toBe('critical');
    expect(severityOf(rule, 10, 'medium', NOW)).toBe('medium');
    expect(severityOf({ ...rule, severity: 'low' }, 10, 'medium', NOW)).toBe('low');
  });
});

describe('verdicts', () => {
  it('pass, fail (with escalated severity), unanswered, and n/a answered', () => {
    const v = scoreQuestionnaire(def, answers({ 'q-bool': true, 'q-choice': 'c', 'q-multi': ['x', 'z'], 'q-text': 'QĐ 5' }), { now: NOW, frameworks: [] }).verdicts;
    const byId = (id: string) => v.filter((x) => x.question === id);
    expect(byId('q-bool')[0]).toMatchObject({ outcome: 'pass', severity: 'high', answer: true });
    expect(byId('q-choice')[0]).toMatchObject({ outcome: 'fail', severity: 'critical' });
    expect(byId('q-choice')[0].message.vi).toContain('Mức C');
    expect(byId('q-choice')[0].message.en).toContain('one of: Level A, Level B');
    expect(byId('q-multi')[0].outcome).toBe('pass');
    expect(byId('q-text')[0].outcome).toBe('pass');
    expect(byId('q-date')[0]).toMatchObject({ outcome: 'unanswered', answer: null });
    expect(byId('q-date')[0].message.vi).toContain('Chưa trả lời');
    const na = judgeAnswer(q('q-choice'), { value: 'n/a', note: 'không có dịch vụ' }, q('q-choice').rule!, { now: NOW });
    expect(na).toMatchObject({ outcome: 'not_applicable', notApplicableReason: 'answer', note: 'không có dịch vụ' });
  });

  it('an unanswered question is never a pass, even under a rule any answer meets', () => {
    const v = judgeAnswer(q('q-text'), undefined, q('q-text').rule!, { now: NOW });
    expect(v.outcome).toBe('unanswered');
  });

  it('a question outside the system level is not applicable, whatever the answer', () => {
    const level2 = scoreQuestionnaire(def, answers({ 'q-date': '2020-01-01' }), { level: 2, now: NOW }).verdicts.find((x) => x.question === 'q-date')!;
    expect(level2).toMatchObject({ outcome: 'not_applicable', notApplicableReason: 'level' });
    const level3 = scoreQuestionnaire(def, answers({ 'q-date': '2020-01-01' }), { level: 3, now: NOW }).verdicts.find((x) => x.question === 'q-date')!;
    expect(level3.outcome).toBe('fail');
  });
});

describe('per-framework scoring', () => {
  it('emits one verdict per framework for a split question, never a blended one', () => {
    const v = scoreQuestionnaire(def, answers({ 'q-int': 10 }), { now: NOW }).verdicts.filter((x) => x.question === 'q-int');
    expect(v.map((x) => [x.framework, x.outcome, x.severity])).toEqual([
      ['fw-lax', 'pass', 'low'],
      ['fw-strict', 'fail', 'medium'],
    ]);
    expect(v.find((x) => x.framework === 'fw-strict')!.message.en).toContain('per fw-strict');
  });

  it('only the frameworks the inventory names, and the default rule when it names none of them', () => {
    const only = scoreQuestionnaire(def, answers({ 'q-int': 10 }), { frameworks: ['fw-strict', 'other'], now: NOW }).verdicts.filter((x) => x.question === 'q-int');
    expect(only.map((x) => x.framework)).toEqual(['fw-strict']);
    const none = scoreQuestionnaire(def, answers({ 'q-int': 10 }), { frameworks: ['other'], now: NOW }).verdicts.filter((x) => x.question === 'q-int');
    expect(none).toHaveLength(1);
    expect(none[0].framework).toBeUndefined();
    expect(none[0].outcome).toBe('pass'); // default: ≥ 8
  });

  it('password-policy composition-rules: a unit that mixes character classes passes QCVN and fails NIST', () => {
    const pp = loadQuestionnaire('password-policy');
    const a: AnswersFile = { questionnaire: pp.id, version: pp.version, unit: 'u', answers: { 'composition-rules': { value: true }, 'admin-rotation-months': { value: 2 } } };
    const v = scoreQuestionnaire(pp, a, { frameworks: ['qcvn-12-2026-bca', 'nist-800-63b-4'], now: NOW }).verdicts;
    const pick = (id: string) => Object.fromEntries(v.filter((x) => x.question === id).map((x) => [x.framework, x.outcome]));
    expect(pick('composition-rules')).toEqual({ 'qcvn-12-2026-bca': 'pass', 'nist-800-63b-4': 'fail' });
    expect(pick('admin-rotation-months')).toEqual({ 'qcvn-12-2026-bca': 'pass', 'nist-800-63b-4': 'fail' });
  });
});

describe('compliance', () => {
  it('counts pass over pass + fail + unanswered; n/a is left out; frameworks are separate', () => {
    const c = complianceOf([
      { question: 'a', outcome: 'pass' }, { question: 'b', outcome: 'fail' }, { question: 'c', outcome: 'unanswered' },
      { question: 'd', outcome: 'not_applicable' }, { question: 'e', outcome: 'pass' },
      { question: 'f', framework: 'n', outcome: 'fail' }, { question: 'f', framework: 'q', outcome: 'pass' },
    ]);
    expect(c.overall).toEqual({ pass: 2, fail: 1, unanswered: 1, notApplicable: 1, percent: 50 });
    expect(c.byFramework.n.percent).toBe(40);
    expect(c.byFramework.q.percent).toBe(60);
  });

  it('nothing answered scores 0%, not 100%', () => {
    expect(scoreQuestionnaire(def, undefined, { now: NOW, frameworks: [] }).compliance.overall.percent).toBe(0);
  });

  it('complianceFromResults groups policy results by unit, system and questionnaire', () => {
    const base = { unit: 'u1', system: 's1', target: 'mini', severity: 'low' as const, fingerprint: '0'.repeat(24), evidence: {}, message: { vi: '', en: '' } };
    const results: Result[] = [
      { ...base, checkId: 'policy.mini.q-bool', outcome: 'pass' },
      { ...base, checkId: 'policy.mini.q-text', outcome: 'unanswered' },
      { ...base, checkId: 'policy.mini.q-int', outcome: 'fail', framework: 'fw-strict' },
      { ...base, checkId: 'policy.mini.q-int', outcome: 'pass', framework: 'fw-lax' },
      { ...base, checkId: 'tls.protocol.tls1_0', target: '192.0.2.1:443', outcome: 'fail' },
      { ...base, unit: 'u2', checkId: 'policy.mini.q-bool', outcome: 'fail' },
    ];
    const c = complianceFromResults(results);
    expect(c.map((x) => [x.unit, x.questionnaire, x.overall.percent])).toEqual([['u1', 'mini', 50], ['u2', 'mini', 0]]);
    expect(c[0].byFramework['fw-strict'].percent).toBeCloseTo(33.3);
    expect(c[0].byFramework['fw-lax'].percent).toBeCloseTo(66.7);
  });
});
