/** Graders: pure summaries computed after judging (TLS letter grade, HTTP score). */
export { effectiveReferrerPolicy, loadScoringModel, scoreHttp } from './http-score.js';
export { checkIdsOfCaps, loadGradeCaps, type GradeCapRule } from './tls-caps.js';
export { gradeTls } from './tls-grade.js';
export type { Verdict } from './verdict.js';
