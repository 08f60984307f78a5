import { z } from 'zod';
import type { Localized } from '../i18n.js';
import { SEVERITIES, type Severity } from '../results/index.js';

/**
 * What a compliant answer looks like, as data (one condition kind per rule):
 * - `equals`      the answer is exactly this (boolean, number or choice value)
 * - `oneOf`       the answer is one of these choice values
 * - `min`/`max`   a number within these inclusive bounds (either may be left out)
 * - `includesAll` a multiple-choice answer that selects every one of these values
 * - `excludesAll` a multiple-choice answer that selects none of these values
 * - `withinDays`  a date no more than this many days before the audit date (and not after it)
 * - `answered`    any answer (records a fact no framework sets a value for)
 * - `anyOf`       at least one of several conditions
 */
export interface Condition {
  equals?: boolean | number | string;
  oneOf?: Array<boolean | number | string>;
  min?: number;
  max?: number;
  includesAll?: string[];
  excludesAll?: string[];
  withinDays?: number;
  answered?: true;
  anyOf?: Condition[];
}

/** A condition plus the severity of a non-compliant answer (raised by `escalate` for worse answers). */
export interface Rule extends Condition {
  severity?: Severity;
  /** The first entry whose `when` matches the (failing) answer sets the severity, e.g. min-length < 8 → high. */
  escalate?: Array<{ when: Condition; severity: Severity }>;
}

export const CONDITION_KINDS = ['equals', 'oneOf', 'range', 'includesAll', 'excludesAll', 'withinDays', 'answered', 'anyOf'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

const scalar = z.union([z.boolean(), z.number(), z.string()]);
const conditionShape = {
  equals: scalar.optional(),
  oneOf: z.array(scalar).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  includesAll: z.array(z.string()).min(1).optional(),
  excludesAll: z.array(z.string()).min(1).optional(),
  withinDays: z.number().int().positive().optional(),
  answered: z.literal(true).optional(),
};

/** The kinds of condition an object carries (min and max together are one kind, `range`). */
export function conditionKinds(c: Condition): ConditionKind[] {
  const kinds: ConditionKind[] = [];
  if (c.equals !== undefined) kinds.push('equals');
  if (c.oneOf !== undefined) kinds.push('oneOf');
  if (c.min !== undefined || c.max !== undefined) kinds.push('range');
  if (c.includesAll !== undefined) kinds.push('includesAll');
  if (c.excludesAll !== undefined) kinds.push('excludesAll');
  if (c.withinDays !== undefined) kinds.push('withinDays');
  if (c.answered !== undefined) kinds.push('answered');
  if (c.anyOf !== undefined) kinds.push('anyOf');
  return kinds;
}

const exactlyOneKind = (value: Condition, ctx: z.RefinementCtx) => {
  const kinds = conditionKinds(value);
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: `a rule needs exactly one condition (one of equals, oneOf, min/max, includesAll, excludesAll, withinDays, answered, anyOf); found ${kinds.length ? kinds.join(', ') : 'none'}`,
    });
  }
};

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .object({ ...conditionShape, anyOf: z.array(conditionSchema).min(2).optional() })
    .strict()
    .superRefine(exactlyOneKind),
);

const severity = z.enum(SEVERITIES);

export const ruleSchema: z.ZodType<Rule> = z
  .object({
    ...conditionShape,
    anyOf: z.array(conditionSchema).min(2).optional(),
    severity: severity.optional(),
    escalate: z.array(z.object({ when: conditionSchema, severity }).strict()).min(1).optional(),
  })
  .strict()
  .superRefine(exactlyOneKind);

/** Days from `date` (YYYY-MM-DD, read as UTC midnight) to `now`; negative when the date is in the future. */
export function daysBefore(date: string, now: Date): number {
  const then = Date.parse(`${date}T00:00:00Z`);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((today - then) / 86_400_000);
}

/** Whether a (present, applicable) answer meets a condition. Pure; `now` is the audit date. */
export function meetsCondition(condition: Condition, value: unknown, now: Date): boolean {
  if (condition.anyOf) return condition.anyOf.some((c) => meetsCondition(c, value, now));
  if (condition.answered) return value !== null && value !== undefined;
  if (condition.equals !== undefined) return value === condition.equals;
  if (condition.oneOf) return condition.oneOf.includes(value as string);
  if (condition.min !== undefined || condition.max !== undefined) {
    if (typeof value !== 'number' || Number.isNaN(value)) return false;
    return (condition.min === undefined || value >= condition.min) && (condition.max === undefined || value <= condition.max);
  }
  if (condition.includesAll) return Array.isArray(value) && condition.includesAll.every((v) => value.includes(v));
  if (condition.excludesAll) return Array.isArray(value) && !condition.excludesAll.some((v) => value.includes(v));
  if (condition.withinDays !== undefined) {
    if (typeof value !== 'string') return false;
    const days = daysBefore(value, now);
    return days >= 0 && days <= condition.withinDays;
  }
  return false;
}

/** The severity of a failing answer: the first matching escalation, else the rule's, else the question's. */
export function severityOf(rule: Rule, value: unknown, questionSeverity: Severity, now: Date): Severity {
  for (const step of rule.escalate ?? []) if (value !== null && value !== undefined && meetsCondition(step.when, value, now)) return step.severity;
  return rule.severity ?? questionSeverity;
}

/** How values are shown in messages (choice labels, Có/Không, units). */
export interface ValueWords {
  describe(value: unknown): Localized;
  unit?: Localized;
}

/** Human wording of a condition, e.g. "≥ 15 ký tự" / "≥ 15 characters". */
export function describeCondition(condition: Condition, words: ValueWords): Localized {
  const u = (lang: 'vi' | 'en') => (words.unit ? ` ${words.unit[lang]}` : '');
  const list = (values: unknown[], lang: 'vi' | 'en') => values.map((v) => words.describe(v)[lang]).join(', ');
  if (condition.anyOf) {
    const parts = condition.anyOf.map((c) => describeCondition(c, words));
    return { vi: parts.map((p) => p.vi).join(' hoặc '), en: parts.map((p) => p.en).join(' or ') };
  }
  if (condition.answered) return { vi: 'có câu trả lời (ghi nhận)', en: 'an answer (recorded)' };
  if (condition.equals !== undefined) return words.describe(condition.equals);
  if (condition.oneOf) {
    if (condition.oneOf.length === 1) return words.describe(condition.oneOf[0]);
    return { vi: `một trong: ${list(condition.oneOf, 'vi')}`, en: `one of: ${list(condition.oneOf, 'en')}` };
  }
  if (condition.min !== undefined && condition.max !== undefined) {
    if (condition.min === condition.max) return { vi: `đúng ${condition.min}${u('vi')}`, en: `exactly ${condition.min}${u('en')}` };
    return { vi: `từ ${condition.min} đến ${condition.max}${u('vi')}`, en: `${condition.min} to ${condition.max}${u('en')}` };
  }
  if (condition.min !== undefined) return { vi: `≥ ${condition.min}${u('vi')}`, en: `≥ ${condition.min}${u('en')}` };
  if (condition.max !== undefined) return { vi: `≤ ${condition.max}${u('vi')}`, en: `≤ ${condition.max}${u('en')}` };
  if (condition.includesAll) return { vi: `có đủ: ${list(condition.includesAll, 'vi')}`, en: `all of: ${list(condition.includesAll, 'en')}` };
  if (condition.excludesAll) return { vi: `không có: ${list(condition.excludesAll, 'vi')}`, en: `none of: ${list(condition.excludesAll, 'en')}` };
  if (condition.withinDays !== undefined) {
    return { vi: `trong vòng ${condition.withinDays} ngày gần nhất`, en: `within the last ${condition.withinDays} days` };
  }
  return { vi: '?', en: '?' };
}
