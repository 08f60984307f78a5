export { type Check, type CheckContext, type CheckMeta, type CheckResult, defineCheck, type Reference } from './define.js';
