import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQuestionnaireDemo } from '../../src/demo/questionnaire.js';
import { runAudit } from '../../src/engine/audit.js';
import { parseInventory } from '../../src/inventory/load.js';
import { answersPath, loadAnswers, saveAnswers } from '../../src/questionnaire/answers.js';
import { loadQuestionnaire, questionsOf } from '../../src/questionnaire/definition.js';
import type { QuestionnaireObservation } from '../../src/questionnaire/family.js';
import { complianceFromResults } from '../../src/questionnaire/score.js';
import { resultsSchema, type Results } from '../../src/results/schema.js';
import { tempDir } from './helpers/fixtures.js';

const INVENTORY = `
organization: { name: "Sở Lao động - Thương binh và Xã hội tỉnh Thử" }
scope: { allow: ["127.0.0.0/8"] }
frameworks: [qcvn-12-2026-bca, nist-800-63b-4]
units:
  - id: van-phong
    name: Văn phòng Sở
    systems:
      - { id: quan-ly-tai-khoan, name: Quản lý tài khoản, level: 2, questionnaires: [password-policy, security-management] }
  - id: nguoi-co-cong
    name: Phòng Người có công
    systems:
      - { id: csdl-ncc, name: CSDL người có công, level: 3, questionnaires: [password-policy] }
  - id: lao-dong-viec-lam
    name: Phòng Lao động - Việc làm
    systems:
      - { id: cong-viec-lam, name: Cổng việc làm, level: 2, questionnaires: [security-management] }
`;

describe('audit integration', () => {
  const dir = tempDir();
  const answersDir = path.join(dir, 'answers');
  let results: Results;

  beforeAll(async () => {
    const pp = loadQuestionnaire('password-policy');
    saveAnswers(answersPath(answersDir, 'van-phong', 'password-policy'), pp, {
      questionnaire: pp.id, version: pp.version, unit: 'van-phong', respondent: { name: 'Trần Thị Bình', title: 'Chuyên viên' }, date: '2026-05-01',
      answers: { 'composition-rules': { value: true }, 'min-length': { value: 12, evidence: 'GPO' }, 'mfa-admin-remote': { value: 'no' }, 'mfa-internet-users': { value: 'n/a' } },
    });
    fs.mkdirSync(path.join(answersDir, 'nguoi-co-cong'), { recursive: true });
    fs.writeFileSync(answersPath(answersDir, 'nguoi-co-cong', 'password-policy'), 'questionnaire: password-policy\nversion: 1.0.0\nunit: nguoi-co-cong\nanswers:\n  min-length: tám\n');
    const inventory = parseInventory(INVENTORY, path.join(dir, 'inventory.yaml'));
    results = await runAudit({ inventory, options: { answersDir }, now: () => new Date('2026-06-01T08:00:00Z') });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes results that pass the results.json schema', () => {
    expect(resultsSchema.safeParse(results).success).toBe(true);
  });

  it('one policy.<questionnaire>.<question> result per question, and per framework where frameworks disagree', () => {
    const vp = results.results.filter((r) => r.unit === 'van-phong' && r.target === 'password-policy');
    const pp = loadQuestionnaire('password-policy');
    const split = questionsOf(pp).filter((q) => q.rules);
    const splitCount = split.reduce((n, q) => n + Object.keys(q.rules!.frameworks).length, 0);
    expect(vp).toHaveLength(questionsOf(pp).length - split.length + splitCount);
    const composition = vp.filter((r) => r.checkId === 'policy.password-policy.composition-rules');
    expect(composition.map((r) => [r.framework, r.outcome])).toEqual([['nist-800-63b-4', 'fail'], ['qcvn-12-2026-bca', 'pass']]);
    expect(new Set(vp.map((r) => r.fingerprint)).size).toBe(vp.length);
    const mfa = vp.find((r) => r.checkId === 'policy.password-policy.mfa-admin-remote')!;
    expect(mfa).toMatchObject({ outcome: 'fail', severity: 'critical', system: 'quan-ly-tai-khoan' });
    expect(mfa.framework).toBeUndefined();
    expect(mfa.evidence).toMatchObject({ answer: 'no', requirement: { vi: 'Có, cho tất cả' }, respondent: { name: 'Trần Thị Bình' } });
    expect(mfa.message.vi).toContain('Chưa đạt');
    const minLength = vp.find((r) => r.checkId === 'policy.password-policy.min-length' && r.framework === 'nist-800-63b-4')!;
    expect(minLength.evidence).toMatchObject({ answer: 12, evidenceRef: 'GPO' });
    expect(vp.find((r) => r.checkId === 'policy.password-policy.mfa-internet-users')!.outcome).toBe('not_applicable');
  });

  it('a unit without an answers file gets every question unanswered, never a pass', () => {
    const ldvl = results.results.filter((r) => r.unit === 'lao-dong-viec-lam');
    expect(ldvl.length).toBe(questionsOf(loadQuestionnaire('security-management')).length);
    expect(new Set(ldvl.map((r) => r.outcome))).toEqual(new Set(['unanswered', 'not_applicable']));
    expect(ldvl.filter((r) => r.outcome === 'not_applicable').map((r) => r.checkId)).toEqual(['policy.security-management.vulnerability-scan-months']);
  });

  it('a malformed answers file makes the target an error naming the file and question', () => {
    const entry = results.targets.find((t) => t.unit === 'nguoi-co-cong')!;
    expect(entry.status).toBe('error');
    expect(entry.error!.code).toBe('ATTT_ANSWERS_INVALID');
    expect(entry.error!.message.en).toContain(path.join('nguoi-co-cong', 'password-policy.yaml'));
    expect(results.results.some((r) => r.unit === 'nguoi-co-cong' && r.outcome === 'pass')).toBe(false);
  });

  it('the observation carries respondent, date and compliance, matching what results give', () => {
    const key = results.targets.find((t) => t.unit === 'van-phong' && t.target === 'password-policy')!.key;
    const obs = results.observations[key] as QuestionnaireObservation;
    expect(obs).toMatchObject({ found: true, respondent: { name: 'Trần Thị Bình' }, date: '2026-05-01', answered: 4 });
    const fromResults = complianceFromResults(results.results).find((c) => c.unit === 'van-phong' && c.questionnaire === 'password-policy')!;
    expect(fromResults.overall).toEqual(obs.compliance.overall);
    expect(fromResults.byFramework).toEqual(obs.compliance.byFramework);
    expect(obs.compliance.byFramework['qcvn-12-2026-bca'].pass).toBe(2);
  });
});

describe('demo contribution', () => {
  it('writes valid answers for five units and returns systems that audit into a mix of outcomes', async () => {
    const dir = tempDir();
    try {
      const demo = await startQuestionnaireDemo({ dir, host: '127.0.0.1' });
      expect(demo.systems.map((s) => s.unit)).toEqual(['van-phong', 'nguoi-co-cong', 'lao-dong-viec-lam', 'trung-tam-dvvl', 'bao-tro-xa-hoi']);
      expect(demo.files).toHaveLength(10);
      for (const file of demo.files!) {
        const [unit, name] = file.split(path.sep).slice(-2);
        const a = loadAnswers(path.join(dir, file), loadQuestionnaire(name.replace('.yaml', '')));
        expect(a.unit).toBe(unit);
      }
      const units = demo.systems.map((s) => `  - id: ${s.unit}\n    name: ${s.unit}\n    systems:\n      - ${JSON.stringify(s.system)}`).join('\n');
      const inventory = parseInventory(`organization: { name: Demo }\nscope: { allow: ["127.0.0.0/8"] }\nunits:\n${units}\n`, path.join(dir, 'inventory.yaml'));
      const results = await runAudit({ inventory, options: { answersDir: path.join(dir, 'answers') } });
      const outcomes = new Set(results.results.map((r) => r.outcome));
      expect(outcomes).toEqual(new Set(['pass', 'fail', 'unanswered', 'not_applicable']));
      expect(results.targets.every((t) => t.status === 'ok')).toBe(true);
      await demo.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
