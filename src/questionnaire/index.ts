export { answeredCount, type AnswerEntry, type AnswersFile, answersPath, blankAnswers, isUnitId, loadAnswersIfPresent, renderAnswers, saveAnswers } from './answers.js';
export { listPolicyChecks } from './catalog.js';
export { listQuestionnaires, loadQuestionnaire, type QuestionnaireDefinition, questionsOf } from './definition.js';
export { questionnaireFamily } from './family.js';
export { fillQuestionnaire } from './fill.js';
export { type Compliance, frameworkName, scoreQuestionnaire } from './score.js';
export { buildAnswersWorkbook, readAnswersWorkbook } from './xlsx.js';
