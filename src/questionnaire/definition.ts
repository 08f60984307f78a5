import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { packagePath } from '../paths.js';
import { SEVERITIES } from '../results/index.js';
import { conditionKinds, ruleSchema, type Condition, type Rule } from './rules.js';

/**
 * A questionnaire definition (checks/questionnaires/<id>.yaml) is data: sections of questions,
 * each with its answer type, the rule for a compliant answer (one rule, or one per framework
 * where frameworks disagree), severity, the security levels it applies to, references and
 * remediation, all in Vietnamese and English.
 */
export const QUESTION_TYPES = ['boolean', 'integer', 'number', 'choice', 'multi-choice', 'text', 'date'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const ID = /^[a-z0-9][a-z0-9-]*$/;
const id = z.string().regex(ID, 'a lowercase id of letters, digits and dashes');
const localized = z.object({ vi: z.string().trim().min(1), en: z.string().trim().min(1) }).strict();

export const referenceSchema = z
  .object({ source: z.string().min(1), id: z.string().optional(), title: z.string().optional(), url: z.string().url().optional() })
  .strict();

const choiceSchema = z.object({ value: id, label: localized }).strict();

export const questionSchema = z
  .object({
    id,
    text: localized,
    help: localized.optional(),
    type: z.enum(QUESTION_TYPES),
    /** Unit of a numeric answer (ký tự / characters, tháng / months …). */
    unit: localized.optional(),
    /** Bounds of a valid answer (not of a compliant one): outside them the answer is rejected as wrong input. */
    min: z.number().optional(),
    max: z.number().optional(),
    choices: z.array(choiceSchema).min(2).optional(),
    /** The unit may answer `n/a` (e.g. no Internet-facing service): the result is `not_applicable`. */
    notApplicableAllowed: z.boolean().optional(),
    rule: ruleSchema.optional(),
    /** Frameworks that judge this question differently each get their own rule; `default` applies when none of them is selected. */
    rules: z.object({ default: ruleSchema, frameworks: z.record(id, ruleSchema) }).strict().optional(),
    severity: z.enum(SEVERITIES),
    levels: z.array(z.number().int().min(1).max(5)).min(1).default([1, 2, 3, 4, 5]),
    references: z.array(referenceSchema).min(1),
    remediation: localized,
  })
  .strict();

export const definitionSchema = z
  .object({
    id,
    version: z.string().min(1),
    title: localized,
    description: localized.optional(),
    sections: z.array(z.object({ id, title: localized, questions: z.array(questionSchema).min(1) }).strict()).min(1),
  })
  .strict();

export type Question = z.infer<typeof questionSchema>;
export type QuestionnaireDefinition = z.infer<typeof definitionSchema>;
export type Reference = z.infer<typeof referenceSchema>;

/**
 * Shipped questionnaires. An explicit map, never a directory scan (STYLE.md): adding a file
 * without registering it is visible in review.
 */
export const SHIPPED_QUESTIONNAIRES: Record<string, string> = {
  'password-policy': 'password-policy.yaml',
  'security-management': 'security-management.yaml',
};

export function questionsOf(def: QuestionnaireDefinition): Question[] {
  return def.sections.flatMap((s) => s.questions);
}

export function findQuestion(def: QuestionnaireDefinition, questionId: string): Question | undefined {
  return questionsOf(def).find((q) => q.id === questionId);
}

/** Whether frameworks judge this question differently (one rule per framework). */
export function isSplitByFramework(q: Question): boolean {
  return q.rules !== undefined;
}

function invalid(file: string, problems: string[]): InputError {
  return new InputError(
    'ATTT_QUESTIONNAIRE_INVALID',
    { vi: `Định nghĩa bảng hỏi ${file} không hợp lệ (${problems.length} lỗi):`, en: `Questionnaire definition ${file} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):` },
    { details: problems },
  );
}

/** Parse and validate a definition; every problem names the file, the question and what is wrong. */
export function parseDefinition(text: string, file: string): QuestionnaireDefinition {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    throw invalid(file, doc.errors.map((e) => { const p = lineCounter.linePos(e.pos[0]); return `${file}:${p.line}:${p.col} ${e.message.split('\n')[0]}`; }));
  }
  const raw = doc.toJS() as unknown;
  const parsed = definitionSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalid(file, parsed.error.issues.map((i) => `${file} ${describePath(raw, i.path as PropertyKey[])}: ${i.message}`));
  }
  const problems = semanticProblems(parsed.data).map((p) => `${file} ${p}`);
  if (problems.length) throw invalid(file, problems);
  return parsed.data;
}

/** `sections[0].questions[2] (min-length).rule` — the question id makes the path readable. */
function describePath(raw: unknown, segments: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = raw;
  for (const s of segments) {
    out += typeof s === 'number' ? `[${s}]` : out === '' ? String(s) : `.${String(s)}`;
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[s] : undefined;
    const nodeId = node && typeof node === 'object' && !Array.isArray(node) ? (node as { id?: unknown }).id : undefined;
    if (typeof s === 'number' && typeof nodeId === 'string') out += ` (${nodeId})`;
  }
  return out || '(root)';
}

/** Rules zod cannot express: unique ids, choices only where they belong, rules that fit the answer type. */
function semanticProblems(def: QuestionnaireDefinition): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const q of questionsOf(def)) {
    const at = `question ${q.id}`;
    if (seen.has(q.id)) problems.push(`${at}: duplicate question id`);
    seen.add(q.id);
    const hasChoices = q.type === 'choice' || q.type === 'multi-choice';
    if (hasChoices && !q.choices) problems.push(`${at}: type ${q.type} needs choices`);
    if (!hasChoices && q.choices) problems.push(`${at}: only choice and multi-choice questions have choices`);
    if (q.choices && new Set(q.choices.map((c) => c.value)).size !== q.choices.length) problems.push(`${at}: duplicate choice values`);
    if (q.choices?.some((c) => c.value === 'n/a')) problems.push(`${at}: "n/a" is reserved for notApplicableAllowed`);
    if ((q.min !== undefined || q.max !== undefined) && q.type !== 'integer' && q.type !== 'number') problems.push(`${at}: min/max bounds only apply to integer and number questions`);
    if ((q.rule === undefined) === (q.rules === undefined)) problems.push(`${at}: give exactly one of "rule" or "rules"`);
    const rules: Array<[string, Rule]> = q.rule ? [['rule', q.rule]] : q.rules ? [['rules.default', q.rules.default], ...Object.entries(q.rules.frameworks).map(([f, r]): [string, Rule] => [`rules.frameworks.${f}`, r])] : [];
    if (q.rules && Object.keys(q.rules.frameworks).length === 0) problems.push(`${at}: rules.frameworks is empty; use "rule" instead`);
    for (const [where, rule] of rules) {
      for (const c of [rule, ...(rule.escalate ?? []).map((e) => e.when)]) problems.push(...conditionProblems(c, q).map((m) => `${at} ${where}: ${m}`));
    }
  }
  return problems;
}

function conditionProblems(c: Condition, q: Question): string[] {
  const kind = conditionKinds(c)[0];
  const choiceValues = new Set(q.choices?.map((x) => x.value) ?? []);
  const fits: Record<string, QuestionType[]> = {
    equals: ['boolean', 'integer', 'number', 'choice'],
    oneOf: ['choice', 'integer', 'number'],
    range: ['integer', 'number'],
    includesAll: ['multi-choice'],
    excludesAll: ['multi-choice'],
    withinDays: ['date'],
    answered: [...QUESTION_TYPES],
    anyOf: [...QUESTION_TYPES],
  };
  if (kind && !fits[kind].includes(q.type)) return [`condition "${kind}" does not fit a ${q.type} answer`];
  const problems: string[] = [];
  const checkValue = (v: unknown) => {
    if (q.type === 'boolean' && typeof v !== 'boolean') problems.push(`${JSON.stringify(v)} is not true/false`);
    if ((q.type === 'integer' || q.type === 'number') && typeof v !== 'number') problems.push(`${JSON.stringify(v)} is not a number`);
    if ((q.type === 'choice' || q.type === 'multi-choice') && !choiceValues.has(String(v))) problems.push(`${JSON.stringify(v)} is not one of the choices (${[...choiceValues].join(', ')})`);
  };
  if (c.equals !== undefined) checkValue(c.equals);
  c.oneOf?.forEach(checkValue);
  c.includesAll?.forEach(checkValue);
  c.excludesAll?.forEach(checkValue);
  for (const sub of c.anyOf ?? []) problems.push(...conditionProblems(sub, q));
  return problems;
}

/** Read a definition file (any path: for custom questionnaires and tests). */
export function loadDefinitionFile(file: string): QuestionnaireDefinition {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError('ATTT_QUESTIONNAIRE_UNKNOWN', { vi: `Không đọc được định nghĩa bảng hỏi ${file}.`, en: `Cannot read questionnaire definition ${file}.` }, { cause: error });
  }
  const def = parseDefinition(text, file);
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (def.id !== expected) throw invalid(file, [`${file}: id "${def.id}" differs from the file name "${expected}"`]);
  return def;
}

export function unknownQuestionnaire(questionnaireId: string): InputError {
  const known = Object.keys(SHIPPED_QUESTIONNAIRES).join(', ');
  return new InputError('ATTT_QUESTIONNAIRE_UNKNOWN', {
    vi: `Không có bảng hỏi "${questionnaireId}". Các bảng hỏi có sẵn: ${known} (xem "attt questionnaire list").`,
    en: `No questionnaire "${questionnaireId}". Available: ${known} (see "attt questionnaire list").`,
  });
}

/** Load a shipped questionnaire by id (validated). */
export function loadQuestionnaire(questionnaireId: string): QuestionnaireDefinition {
  const file = SHIPPED_QUESTIONNAIRES[questionnaireId];
  if (!file || !Object.hasOwn(SHIPPED_QUESTIONNAIRES, questionnaireId)) throw unknownQuestionnaire(questionnaireId);
  return loadDefinitionFile(packagePath('checks', 'questionnaires', file));
}

export function listQuestionnaires(): QuestionnaireDefinition[] {
  return Object.keys(SHIPPED_QUESTIONNAIRES).sort().map(loadQuestionnaire);
}
