export { answeredCount, type AnswerEntry, type AnswersFile, answersPath, blankAnswers, isUnitId, loadAnswersIfPresent, renderAnswers, saveAnswers } from './answers.js';
export { listPolicyChecks } from './catalog.js';
export { listQuestionnaires, loadQuestionnaire, type QuestionnaireDefinition, questionsOf } from './definition.js';
export { questionnaireFamily } from './family.js';
import type { FillOptions, FillOutcome } from './fill.js';

/** The interactive fill; its prompt library loads only when someone fills a questionnaire. */
export async function fillQuestionnaire(opts: FillOptions): Promise<FillOutcome> {
  return (await import('./fill.js')).fillQuestionnaire(opts);
}
export { type Compliance, frameworkName, scoreQuestionnaire } from './score.js';
export { buildAnswersWorkbook, readAnswersWorkbook } from './xlsx.js';
export { complianceFromResults } from './score.js';
export { answersDirOf } from './family.js';
export type { Question } from './definition.js';
export { coerceAnswer, describeValue, expectedAnswerText, NOT_APPLICABLE } from './values.js';
