export { effectiveReferrerPolicy, scoreObservation, SCORING_MODEL } from './http-score.js';
export { gradeObservation } from './tls-grade.js';
