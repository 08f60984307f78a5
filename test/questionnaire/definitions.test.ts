import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { listPolicyChecks } from '../../src/questionnaire/catalog.js';
import { findQuestion, listQuestionnaires, loadQuestionnaire, parseDefinition, questionsOf } from '../../src/questionnaire/definition.js';
import { MINI_YAML } from './helpers/fixtures.js';

// Stable ids and types are a contract (the tracker follows findings by them).
const CONTRACT: Record<string, Record<string, string>> = {
  'password-policy': {
    'min-length': 'integer', 'min-length-mfa': 'integer', 'max-length': 'integer', 'composition-rules': 'boolean', 'periodic-change': 'choice',
    'admin-rotation-months': 'integer', 'change-on-compromise': 'boolean', blocklist: 'boolean', 'lockout-threshold': 'integer',
    'lockout-duration-minutes': 'integer', 'mfa-admin-remote': 'choice', 'mfa-internet-users': 'choice', 'default-credentials-changed': 'boolean',
    'storage-hashing': 'choice', 'hints-or-security-questions': 'boolean', 'paste-and-managers-allowed': 'boolean', 'idle-lock-minutes': 'integer',
    'dormant-account-days': 'integer', 'shared-accounts': 'boolean',
  },
  'security-management': {
    'training-coverage-percent': 'number', 'all-units-trained': 'boolean', 'periodic-assessment-done': 'boolean', 'incident-contact-named': 'boolean',
    'backup-restore-tested': 'boolean', 'patch-cadence-days': 'integer', 'log-retention-months': 'integer', 'asset-inventory-current': 'boolean',
    'access-review-months': 'integer',
  },
};
const VIETNAMESE_MARKS = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

describe('shipped questionnaires', () => {
  it('have the contract question ids with their types', () => {
    for (const [id, questions] of Object.entries(CONTRACT)) {
      const def = loadQuestionnaire(id);
      for (const [qid, type] of Object.entries(questions)) expect(findQuestion(def, qid)?.type, `${id}.${qid}`).toBe(type);
    }
    expect(findQuestion(loadQuestionnaire('password-policy'), 'mfa-admin-remote')!.choices!.map((c) => c.value)).toEqual(['yes', 'partial', 'no']);
    expect(findQuestion(loadQuestionnaire('password-policy'), 'mfa-internet-users')!.choices!.map((c) => c.value)).toEqual(['yes', 'partial', 'no']);
  });

  it('every text exists in Vietnamese with diacritics and in English, with references and remediation', () => {
    for (const def of listQuestionnaires()) {
      expect(def.title.vi).toMatch(VIETNAMESE_MARKS);
      for (const q of questionsOf(def)) {
        expect(q.text.vi, q.id).toMatch(VIETNAMESE_MARKS);
        expect(q.remediation.vi, q.id).toMatch(VIETNAMESE_MARKS);
        expect(q.text.en).not.toBe(q.text.vi);
        expect(q.references.length).toBeGreaterThan(0);
      }
    }
  });

  it('questions where Vietnamese rules and NIST disagree carry one rule per framework', () => {
    const pp = loadQuestionnaire('password-policy');
    for (const id of ['min-length', 'composition-rules', 'periodic-change', 'admin-rotation-months', 'lockout-threshold', 'idle-lock-minutes']) {
      expect(Object.keys(findQuestion(pp, id)!.rules?.frameworks ?? {}), id).toContain('nist-800-63b-4');
    }
  });

  it('cite no unverified TCVN 11930 clause beyond clause 4', () => {
    for (const def of listQuestionnaires()) {
      for (const q of questionsOf(def)) for (const r of q.references) if (r.source.startsWith('TCVN 11930')) expect(r.id ?? '4').toBe('4');
    }
  });

  it('listPolicyChecks gives one policy.<questionnaire>.<question> entry per question', () => {
    const checks = listPolicyChecks();
    expect(checks).toHaveLength(listQuestionnaires().reduce((n, d) => n + questionsOf(d).length, 0));
    const minLength = checks.find((c) => c.id === 'policy.password-policy.min-length')!;
    expect(minLength).toMatchObject({ family: 'policy', severity: 'high', questionnaire: 'password-policy', question: 'min-length' });
    expect(minLength.requirements['nist-800-63b-4'].en).toBe('≥ 15 characters');
    expect(minLength.requirements['*'].vi).toBe('≥ 8 ký tự');
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
  });

  it('an unknown questionnaire id is an input error listing the known ones', () => {
    expect(() => loadQuestionnaire('passwords')).toThrow(/password-policy, security-management/);
  });
});

describe('definition validation', () => {
  function problems(yaml: string): string[] {
    try {
      parseDefinition(yaml, 'bad.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).details ?? [];
    }
    throw new Error('expected the definition to be rejected');
  }

  it('a rule that does not fit the answer type names the question', () => {
    const p = problems(MINI_YAML.replace('rule: { equals: true }', 'rule: { min: 3 }'));
    expect(p).toEqual(['bad.yaml question q-bool rule: condition "range" does not fit a boolean answer']);
  });

  it('a choice value in a rule that is not a choice', () => {
    expect(problems(MINI_YAML.replace('oneOf: [a, b]', 'oneOf: [a, e]'))[0]).toContain('question q-choice rule: "e" is not one of the choices');
  });

  it('duplicate ids, both rule and rules, and a typo in a key', () => {
    const p = problems(MINI_YAML.replace('severity: info', 'severty: info'));
    expect(p).toContain('bad.yaml sections[1] (second).questions[1] (q-text): Unrecognized key: "severty"');
    expect(problems(MINI_YAML.replace('id: q-text', 'id: q-bool'))).toEqual(['bad.yaml question q-bool: duplicate question id']);
    expect(problems(MINI_YAML.replace('rule: { withinDays: 365 }', 'rule: { withinDays: 365 }\n        rules: { default: { answered: true }, frameworks: { x: { answered: true } } }'))).toEqual(['bad.yaml question q-date: give exactly one of "rule" or "rules"']);
  });

  it('a rule with two conditions', () => {
    expect(problems(MINI_YAML.replace('rule: { equals: true }', 'rule: { equals: true, answered: true }'))[0]).toContain('exactly one condition');
  });
});
