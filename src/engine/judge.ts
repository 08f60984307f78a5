import type { CheckContext, CheckResult } from '../checks/index.js';
import { localize, type Localized } from '../i18n.js';
import type { Result } from '../results/index.js';
import type { LoadedCheck } from './catalog.js';
import { fingerprint } from '../results/index.js';
import type { Verdict } from '../graders/index.js';
import type { FamilyModule, JudgeContext, PlannedTarget } from './types.js';

const MAX_EVIDENCE_STRING = 2000;

/** Evidence is server-controlled text: bound every string so one hostile banner cannot bloat results. */
export function boundEvidence(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_EVIDENCE_STRING ? `${value.slice(0, MAX_EVIDENCE_STRING)}… [${value.length - MAX_EVIDENCE_STRING} more characters]` : value;
  if (depth > 6) return '[nested too deep]';
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => boundEvidence(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).slice(0, 100).map(([k, v]) => [k, boundEvidence(v, depth + 1)]));
  }
  return value;
}

function resultBase(check: LoadedCheck, target: PlannedTarget, discriminator?: string) {
  return {
    checkId: check.meta.id,
    unit: target.unit.id,
    system: target.system.id,
    target: target.label,
    targetKey: target.key,
    fingerprint: fingerprint({ checkId: check.meta.id, unit: target.unit.id, system: target.system.id, target: target.label, discriminator }),
  };
}

const ERROR_TEXT: Localized = { vi: 'Không đánh giá được: {{reason}}', en: 'Could not assess: {{reason}}' };
const NA_TEXT: Localized = { vi: 'Không áp dụng: {{reason}}', en: 'Not applicable: {{reason}}' };

/** Run one check on one observation: its verdicts (a check that throws is isolated as an `error` verdict). */
export function runCheck(check: LoadedCheck, observation: unknown, context: CheckContext): CheckResult[] {
  try {
    const out = check.run(observation, context);
    return Array.isArray(out) ? out : [out];
  } catch (error) {
    // A check that throws is a bug; isolate it so the rest of the audit still reports.
    return [{ outcome: 'error', reason: 'check-crashed', detail: (error as Error).message }];
  }
}

/** Run one check on one observation and turn its verdicts into results.json entries. */
export function judge(check: LoadedCheck, observation: unknown, target: PlannedTarget, context: CheckContext): Result[] {
  return toResults(check, runCheck(check, observation, context), target);
}

function toResults(check: LoadedCheck, verdicts: CheckResult[], target: PlannedTarget): Result[] {
  return verdicts.map((v): Result => {
    const base = resultBase(check, target, v.discriminator);
    switch (v.outcome) {
      case 'fail': {
        const template = check.meta.messages[v.messageId] ?? { vi: v.messageId, en: v.messageId };
        return {
          ...base,
          outcome: 'fail',
          severity: v.severity ?? check.meta.severity,
          evidence: boundEvidence({ ...(v.discriminator ? { discriminator: v.discriminator } : {}), ...(v.evidence ?? {}) }) as Record<string, unknown>,
          message: localize(template, v.data),
          ...(v.confidence ? { confidence: v.confidence } : {}),
        };
      }
      case 'pass': {
        const template = v.messageId ? check.meta.messages[v.messageId] : undefined;
        return {
          ...base,
          outcome: 'pass',
          severity: check.meta.severity,
          evidence: boundEvidence({ ...(v.discriminator ? { discriminator: v.discriminator } : {}), ...(v.evidence ?? {}) }) as Record<string, unknown>,
          message: template ? localize(template, v.data) : { vi: `Đạt: không phát hiện "${check.meta.title.vi}"`, en: `Pass: not found "${check.meta.title.en}"` },
        };
      }
      case 'not_applicable':
        return { ...base, outcome: 'not_applicable', severity: check.meta.severity, evidence: { reason: v.reason }, message: localize(NA_TEXT, { reason: v.reason }) };
      case 'error':
        return {
          ...base,
          outcome: 'error',
          severity: check.meta.severity,
          evidence: boundEvidence({ reason: v.reason, ...(v.detail ? { detail: v.detail } : {}) }) as Record<string, unknown>,
          message: localize(ERROR_TEXT, { reason: v.detail ? `${v.reason} (${v.detail})` : v.reason }),
        };
    }
  });
}

/** When a target could not be observed, every check of its family reports `error` with the cause. */
export function errorResults(checks: LoadedCheck[], target: PlannedTarget, code: string, message: Localized): Result[] {
  return checks.map((check) => ({
    ...resultBase(check, target),
    outcome: 'error' as const,
    severity: check.meta.severity,
    evidence: { reason: code, detail: message.en },
    message: { vi: `Không đánh giá được: ${message.vi}`, en: `Could not assess: ${message.en}` },
  }));
}

/**
 * Why an observation cannot be given to the family's checks, if it cannot: not an object, or
 * tagged with another schema. An untagged object is accepted as version 1 (results.json files
 * written before the tags existed carried none for ports, http and questionnaires).
 */
function shapeProblem(family: FamilyModule, observation: unknown): string | undefined {
  if (!observation || typeof observation !== 'object') return `no ${family.family} observation for this target`;
  const tag = (observation as { schema?: unknown }).schema;
  if (tag !== undefined && tag !== family.schema) return `the observation is ${String(tag)}, the ${family.family} checks read ${family.schema}`;
  return undefined;
}

export interface JudgedTarget {
  results: Result[];
  /** The observation as results.json stores it: the facts plus what the grader added. */
  observation: unknown;
  /** The letter for summary.grades, when the family grades. */
  grade?: string;
}

/**
 * Judge one observation: the family's own judge (questionnaires), every check of the family,
 * then the family's grader over the facts and the verdicts. Pure; the audit and
 * `attt rejudge` both use it, so re-judging an unchanged observation gives the same results.
 */
export function judgeTarget(family: FamilyModule, checks: LoadedCheck[], target: PlannedTarget, observation: unknown, ctx: JudgeContext): JudgedTarget {
  const results: Result[] = [];
  const verdicts: Verdict[] = [];
  const wrongShape = shapeProblem(family, observation);
  if (family.judge && !wrongShape) {
    const own = family.judge(target, observation, ctx);
    results.push(...own);
    verdicts.push(...own.map((r) => ({ checkId: r.checkId, outcome: r.outcome, evidence: r.evidence })));
  }
  const context: CheckContext = {
    inventory: ctx.inventory, unit: target.unit, system: target.system, target: target.spec!, targetLabel: target.label, now: ctx.now, options: ctx.options, family: target.family,
    ...(ctx.hostObservations ? { hostObservations: ctx.hostObservations } : {}),
    ...(ctx.hostSoftware ? { hostSoftware: ctx.hostSoftware } : {}),
  };
  for (const check of checks) {
    const checkVerdicts: CheckResult[] = wrongShape ? [{ outcome: 'error', reason: 'observation-missing', detail: wrongShape }] : runCheck(check, observation, context);
    results.push(...toResults(check, checkVerdicts, target));
    for (const v of checkVerdicts) {
      verdicts.push({ checkId: check.meta.id, outcome: v.outcome, ...('messageId' in v && v.messageId ? { messageId: v.messageId } : {}), ...('evidence' in v && v.evidence ? { evidence: v.evidence } : {}) });
    }
  }
  const graded = wrongShape ? undefined : family.grade?.(observation, verdicts, { ...ctx, target });
  return { results, observation: graded ? { ...(observation as Record<string, unknown>), ...graded.fields } : observation, ...(graded?.grade ? { grade: graded.grade } : {}) };
}
