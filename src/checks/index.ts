/** The contracts between the engine, observations and checks. */
export {
  type Check, type CheckContext, type CheckMeta, type CheckOptions, type CheckResult, defineCheck, defineObservation, type ObservationKind, type Reference,
} from './define.js';
