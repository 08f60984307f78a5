import type { Localized } from '../i18n.js';
import type { Severity } from '../results/index.js';
import { listQuestionnaires, type Reference } from './definition.js';
import { policyCheckId } from './family.js';
import { rulesToApply } from './score.js';
import { describeCondition } from './rules.js';
import { valueWords } from './values.js';

export interface PolicyCheckEntry {
  id: string;
  family: 'policy';
  severity: Severity;
  title: Localized;
  description: Localized;
  remediation: Localized;
  references: Reference[];
  /** The questionnaire and question this check reads. */
  questionnaire: string;
  question: string;
  /** Security levels the question applies to. */
  levels: number[];
  /** What a compliant answer is, per framework where frameworks disagree (key `*` = every framework). */
  requirements: Record<string, Localized>;
}

/** One catalogue entry per question of every shipped questionnaire (`attt checks list` shows them). */
export function listPolicyChecks(): PolicyCheckEntry[] {
  const entries: PolicyCheckEntry[] = [];
  for (const def of listQuestionnaires()) {
    for (const section of def.sections) {
      for (const q of section.questions) {
        const requirements: Record<string, Localized> = {};
        if (q.rule) requirements['*'] = describeCondition(q.rule, valueWords(q));
        else {
          for (const [framework, rule] of rulesToApply(q)) requirements[framework!] = describeCondition(rule, valueWords(q));
          requirements['*'] = describeCondition(q.rules!.default, valueWords(q));
        }
        const help = q.help ?? { vi: '', en: '' };
        entries.push({
          id: policyCheckId(def.id, q.id),
          family: 'policy',
          severity: q.severity,
          title: q.text,
          description: {
            vi: `${def.title.vi} — ${section.title.vi}. ${help.vi}`.trim(),
            en: `${def.title.en} — ${section.title.en}. ${help.en}`.trim(),
          },
          remediation: q.remediation,
          references: q.references,
          questionnaire: def.id,
          question: q.id,
          levels: q.levels,
          requirements,
        });
      }
    }
  }
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}
