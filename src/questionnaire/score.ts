import type { Localized } from '../i18n.js';
import type { Outcome, Result, Severity } from '../results/index.js';
import type { AnswerEntry, AnswersFile } from './answers.js';
import { questionsOf, type Question, type QuestionnaireDefinition } from './definition.js';
import { describeCondition, meetsCondition, severityOf, type Rule } from './rules.js';
import { describeValue, NOT_APPLICABLE, valueWords, type AnswerValue } from './values.js';

/** Display names of the framework ids used across the project (checks/frameworks/<id>.yaml). */
export const FRAMEWORK_NAMES: Record<string, string> = {
  'tcvn-11930-2017': 'TCVN 11930:2017',
  'qcvn-12-2026-bca': 'QCVN 12:2026/BCA',
  'nist-800-63b-4': 'NIST SP 800-63B-4',
  'mozilla-tls-6.0': 'Mozilla TLS 6.0',
  'owasp-secure-headers': 'OWASP Secure Headers',
};

export function frameworkName(id: string): string {
  return FRAMEWORK_NAMES[id] ?? id;
}

export type QuestionOutcome = Extract<Outcome, 'pass' | 'fail' | 'not_applicable' | 'unanswered'>;

/** One verdict on one question, for one framework (or for all, when `framework` is undefined). */
export interface QuestionVerdict {
  question: string;
  framework?: string;
  outcome: QuestionOutcome;
  severity: Severity;
  answer: AnswerValue;
  note?: string;
  evidenceRef?: string;
  rule: Rule;
  /** What the rule requires, in words. */
  requirement: Localized;
  message: Localized;
  /** Why not applicable: `level` (the system's level is outside the question's levels) or `answer` (the unit answered n/a). */
  notApplicableReason?: 'level' | 'answer';
}

export interface ComplianceTally {
  pass: number;
  fail: number;
  unanswered: number;
  notApplicable: number;
  /** pass / (pass + fail + unanswered) × 100, one decimal; null when nothing applies. */
  percent: number | null;
}

/**
 * Compliance of one questionnaire for one unit/system. `overall` counts the questions every
 * framework judges the same way (one verdict each); a question judged per framework counts
 * only in `byFramework`, so disagreeing rules are never blended into one number.
 */
export interface Compliance {
  overall: ComplianceTally;
  byFramework: Record<string, ComplianceTally>;
}

export interface ScoreOptions {
  /** The system's security level (1..5); questions outside their `levels` are not applicable. Unknown level: all apply. */
  level?: number;
  /** Frameworks the organisation reports against (inventory.frameworks). Empty: every framework a question has a rule for. */
  frameworks?: readonly string[];
  /** The audit date, for date rules. */
  now?: Date;
}

export interface Score {
  verdicts: QuestionVerdict[];
  compliance: Compliance;
}

/** Which rules judge a question: one `[undefined, rule]`, or one per selected framework (default rule when none is selected). */
export function rulesToApply(q: Question, frameworks: readonly string[] = []): Array<[string | undefined, Rule]> {
  if (q.rule) return [[undefined, q.rule]];
  const perFramework = q.rules!.frameworks;
  const chosen = frameworks.length ? frameworks.filter((f) => Object.hasOwn(perFramework, f)) : Object.keys(perFramework).sort();
  if (chosen.length === 0) return [[undefined, q.rules!.default]];
  return chosen.map((f) => [f, perFramework[f]]);
}

/** Judge one answer against one rule. */
export function judgeAnswer(q: Question, entry: AnswerEntry | undefined, rule: Rule, opts: { framework?: string; level?: number; now: Date }): QuestionVerdict {
  const answer = entry?.value ?? null;
  const requirement = describeCondition(rule, valueWords(q));
  const by = opts.framework ? { vi: ` (theo ${frameworkName(opts.framework)})`, en: ` (per ${frameworkName(opts.framework)})` } : { vi: '', en: '' };
  const base = {
    question: q.id,
    ...(opts.framework ? { framework: opts.framework } : {}),
    answer,
    ...(entry?.note ? { note: entry.note } : {}),
    ...(entry?.evidence ? { evidenceRef: entry.evidence } : {}),
    rule,
    requirement,
  };
  const baseSeverity = rule.severity ?? q.severity;
  if (opts.level !== undefined && !q.levels.includes(opts.level)) {
    return {
      ...base, outcome: 'not_applicable', severity: baseSeverity, notApplicableReason: 'level',
      message: { vi: `Không áp dụng cho hệ thống cấp độ ${opts.level} (áp dụng cho cấp độ ${q.levels.join(', ')}).`, en: `Not applicable to a level ${opts.level} system (applies to levels ${q.levels.join(', ')}).` },
    };
  }
  if (answer === null) {
    return {
      ...base, outcome: 'unanswered', severity: baseSeverity,
      message: { vi: `Chưa trả lời: "${q.text.vi}" — yêu cầu${by.vi}: ${requirement.vi}.`, en: `Not answered: "${q.text.en}" — required${by.en}: ${requirement.en}.` },
    };
  }
  if (answer === NOT_APPLICABLE) {
    return {
      ...base, outcome: 'not_applicable', severity: baseSeverity, notApplicableReason: 'answer',
      message: { vi: `Đơn vị trả lời "không áp dụng"${entry?.note ? `: ${entry.note}` : ''}.`, en: `The unit answered "not applicable"${entry?.note ? `: ${entry.note}` : ''}.` },
    };
  }
  const said = describeValue(q, answer);
  if (meetsCondition(rule, answer, opts.now)) {
    return {
      ...base, outcome: 'pass', severity: baseSeverity,
      message: { vi: `Đạt${by.vi}: trả lời "${said.vi}"; yêu cầu ${requirement.vi}.`, en: `Pass${by.en}: answered "${said.en}"; required ${requirement.en}.` },
    };
  }
  return {
    ...base, outcome: 'fail', severity: severityOf(rule, answer, q.severity, opts.now),
    message: { vi: `Chưa đạt${by.vi}: trả lời "${said.vi}"; yêu cầu ${requirement.vi}.`, en: `Not compliant${by.en}: answered "${said.en}"; required ${requirement.en}.` },
  };
}

/** Score every question of a questionnaire: one verdict per question, or per framework where frameworks disagree. */
export function scoreQuestionnaire(def: QuestionnaireDefinition, answers: AnswersFile | undefined, opts: ScoreOptions = {}): Score {
  const now = opts.now ?? new Date();
  const verdicts: QuestionVerdict[] = [];
  for (const q of questionsOf(def)) {
    for (const [framework, rule] of rulesToApply(q, opts.frameworks)) {
      verdicts.push(judgeAnswer(q, answers?.answers[q.id], rule, { framework, level: opts.level, now }));
    }
  }
  return { verdicts, compliance: complianceOf(verdicts.map((v) => ({ question: v.question, framework: v.framework, outcome: v.outcome }))) };
}

function tally(outcomes: Outcome[]): ComplianceTally {
  const t = { pass: 0, fail: 0, unanswered: 0, notApplicable: 0 };
  for (const o of outcomes) {
    if (o === 'pass') t.pass++;
    else if (o === 'fail' || o === 'error') t.fail++;
    else if (o === 'unanswered') t.unanswered++;
    else t.notApplicable++;
  }
  const applicable = t.pass + t.fail + t.unanswered;
  return { ...t, percent: applicable ? Math.round((t.pass / applicable) * 1000) / 10 : null };
}

/**
 * Compliance from verdicts (or results): `overall` from the verdicts without a framework;
 * `byFramework[F]` from F's verdicts plus the verdicts every framework shares.
 */
export function complianceOf(verdicts: Array<{ question: string; framework?: string; outcome: Outcome }>): Compliance {
  const common = verdicts.filter((v) => v.framework === undefined);
  const frameworks = [...new Set(verdicts.flatMap((v) => (v.framework ? [v.framework] : [])))].sort();
  const byFramework: Record<string, ComplianceTally> = {};
  for (const f of frameworks) byFramework[f] = tally([...common, ...verdicts.filter((v) => v.framework === f)].map((v) => v.outcome));
  return { overall: tally(common.map((v) => v.outcome)), byFramework };
}

export interface QuestionnaireCompliance extends Compliance {
  unit: string;
  system: string;
  questionnaire: string;
}

/**
 * Compliance per unit, system and questionnaire from results.json results (what the report
 * shows). Only `policy.<questionnaire>.<question>` results with target = questionnaire count.
 */
export function complianceFromResults(results: readonly Result[]): QuestionnaireCompliance[] {
  const groups = new Map<string, { unit: string; system: string; questionnaire: string; verdicts: Array<{ question: string; framework?: string; outcome: Outcome }> }>();
  for (const r of results) {
    const m = /^policy\.([a-z0-9][a-z0-9-]*)\.([a-z0-9][a-z0-9-]*)$/.exec(r.checkId);
    if (!m || m[1] !== r.target) continue;
    const key = `${r.unit}\u0000${r.system}\u0000${m[1]}`;
    if (!groups.has(key)) groups.set(key, { unit: r.unit, system: r.system, questionnaire: m[1], verdicts: [] });
    groups.get(key)!.verdicts.push({ question: m[2], ...(r.framework ? { framework: r.framework } : {}), outcome: r.outcome });
  }
  return [...groups.values()]
    .sort((a, b) => a.unit.localeCompare(b.unit) || a.system.localeCompare(b.system) || a.questionnaire.localeCompare(b.questionnaire))
    .map((g) => ({ unit: g.unit, system: g.system, questionnaire: g.questionnaire, ...complianceOf(g.verdicts) }));
}

