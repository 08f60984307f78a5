import fs from 'node:fs';
import path from 'node:path';
import { fingerprint } from '../engine/index.js';
import { boundEvidence } from '../engine/index.js';
import type { FamilyModule, JudgeContext, PlannedTarget } from '../engine/index.js';
import { InputError } from '../errors.js';
import type { Inventory } from '../inventory/index.js';
import type { Result } from '../results/index.js';
import { answeredCount, answersPath, loadAnswers, type AnswerEntry, type AnswersFile } from './answers.js';
import { loadQuestionnaire, questionsOf, type QuestionnaireDefinition } from './definition.js';
import { scoreQuestionnaire, type Compliance } from './score.js';

/** What the questionnaire family observes for one system and questionnaire: the unit's answers as given. */
export interface QuestionnaireFacts {
  /** Version of this observation's shape. */
  schema: 'attt.questionnaire/1';
  questionnaire: string;
  version: string;
  /** The answers file read (or expected, when `found` is false). */
  answersFile: string;
  found: boolean;
  respondent?: { name: string; title: string };
  date?: string;
  answers: Record<string, AnswerEntry>;
  answered: number;
  total: number;
}

/** As results.json stores it: the answers, and the compliance the grader computed with the audit's clock. */
export interface QuestionnaireObservation extends QuestionnaireFacts {
  compliance: Compliance;
}

export function policyCheckId(questionnaireId: string, questionId: string): string {
  return `policy.${questionnaireId}.${questionId}`;
}

/** The answers folder: `options.answersDir` (the CLI's --answers), else `answers/` beside the inventory file. */
export function answersDirOf(options: Record<string, unknown>, inventory: Inventory): string {
  if (typeof options.answersDir === 'string' && options.answersDir) return options.answersDir;
  return path.join(inventory.sourceFile ? path.dirname(inventory.sourceFile) : process.cwd(), 'answers');
}

function definitionFor(target: PlannedTarget): QuestionnaireDefinition {
  return loadQuestionnaire(target.questionnaire ?? target.label);
}

function scoreAnswers(def: QuestionnaireDefinition, obs: QuestionnaireFacts, target: PlannedTarget, ctx: JudgeContext) {
  const answers: AnswersFile = { questionnaire: obs.questionnaire, version: obs.version, unit: target.unit.id, answers: obs.answers };
  return scoreQuestionnaire(def, obs.found ? answers : undefined, { level: target.system.level, frameworks: ctx.inventory.frameworks, now: ctx.now });
}

export function observeAnswers(def: QuestionnaireDefinition, file: string, unit: string): QuestionnaireFacts {
  let answers: AnswersFile | undefined;
  if (fs.existsSync(file)) {
    answers = loadAnswers(file, def);
    if (answers.unit !== unit) {
      throw new InputError('ATTT_ANSWERS_WRONG_UNIT', {
        vi: `${file}: tệp trả lời ghi đơn vị "${answers.unit}" nhưng nằm trong thư mục của đơn vị "${unit}".`,
        en: `${file}: the answers name unit "${answers.unit}" but sit in the folder of unit "${unit}".`,
      });
    }
  }
  return {
    schema: 'attt.questionnaire/1',
    questionnaire: def.id,
    version: def.version,
    answersFile: file,
    found: answers !== undefined,
    ...(answers?.respondent ? { respondent: answers.respondent } : {}),
    ...(answers?.date ? { date: answers.date } : {}),
    answers: answers?.answers ?? {},
    answered: answers ? answeredCount(def, answers) : 0,
    total: questionsOf(def).length,
  };
}

/**
 * Questionnaires as an audit family: observe reads `answers/<unit>/<questionnaire>.yaml`
 * (a missing file means nothing is answered yet: every question is `unanswered`; a broken one
 * throws an InputError naming the file and question, which the engine records as `error`);
 * judge turns each question into `policy.<questionnaire>.<question>` results.
 */
export const questionnaireFamily: FamilyModule = {
  family: 'questionnaire',
  schema: 'attt.questionnaire/1',
  network: false,
  async observe(target, ctx) {
    const def = definitionFor(target);
    const file = answersPath(answersDirOf(ctx.options, ctx.inventory), target.unit.id, def.id);
    return observeAnswers(def, file, target.unit.id);
  },
  judge(target, observation, ctx): Result[] {
    const def = definitionFor(target);
    const obs = observation as QuestionnaireFacts;
    const score = scoreAnswers(def, obs, target, ctx);
    return score.verdicts.map((v): Result => {
      const checkId = policyCheckId(def.id, v.question);
      return {
        checkId,
        unit: target.unit.id,
        system: target.system.id,
        target: def.id,
        targetKey: target.key,
        outcome: v.outcome,
        severity: v.severity,
        fingerprint: fingerprint({ checkId, unit: target.unit.id, system: target.system.id, target: def.id, discriminator: v.framework }),
        evidence: boundEvidence({
          questionnaire: def.id,
          version: def.version,
          question: v.question,
          answer: v.answer,
          ...(v.note ? { note: v.note } : {}),
          ...(v.evidenceRef ? { evidenceRef: v.evidenceRef } : {}),
          rule: v.rule,
          requirement: v.requirement,
          ...(v.framework ? { framework: v.framework } : {}),
          ...(v.notApplicableReason ? { notApplicableReason: v.notApplicableReason } : {}),
          ...(obs.respondent ? { respondent: obs.respondent } : {}),
          ...(obs.date ? { answeredOn: obs.date } : {}),
          answersFile: obs.answersFile,
        }) as Record<string, unknown>,
        message: v.message,
        ...(v.framework ? { framework: v.framework } : {}),
      };
    });
  },
  /** Compliance per framework, with the audit's clock (the same scoring the verdicts came from). */
  grade(observation, _verdicts, ctx) {
    const obs = observation as QuestionnaireFacts;
    return { fields: { compliance: scoreAnswers(definitionFor(ctx.target), obs, ctx.target, ctx).compliance } };
  },
};
