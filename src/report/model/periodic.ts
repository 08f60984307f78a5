import { DECREE_85_BASIS, ORG_WIDE_MONTHS, addMonths, isoDate, periodicDue } from '../decree85.js';
import { cleanText } from '../sanitize.js';
import type { ResultsContext } from './context.js';
import { formatDate, isoDay } from './dates.js';

const LAST_ASSESSMENT = 'policy.security-management.last-assessment-date';

/**
 * Section "kiểm tra định kỳ theo cấp độ" (Decree 85/2016 Art. 20(2)(c)). The next due date counts
 * from the last qualifying assessment the unit declared (questionnaire `last-assessment-date`),
 * never from this self-assessment, which does not count as one for level 3 and above.
 */
export function buildPeriodic(ctx: ResultsContext) {
  const { L, t, lang } = ctx;
  const lastByUnit = new Map<string, string>();
  for (const r of ctx.results.results.filter((x) => x.checkId === LAST_ASSESSMENT)) {
    const answer = (r.evidence as { answer?: unknown }).answer;
    if (typeof answer === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(answer) && (!lastByUnit.has(r.unit) || lastByUnit.get(r.unit)! < answer)) lastByUnit.set(r.unit, answer);
  }
  const today = isoDay(ctx.now);
  const thisYear = today.slice(0, 4);
  const rows = ctx.units.flatMap((u) =>
    u.systems.map((s) => {
      const last = lastByUnit.get(u.id);
      const due = periodicDue(s.level, last ? new Date(`${last}T00:00:00Z`) : ctx.now);
      const nextDue = last ? due.nextDue! : null;
      const overdue = nextDue !== null && nextDue < today;
      return {
        unitName: cleanText(u.name, { max: 200 }),
        systemName: cleanText(s.name, { max: 200 }),
        level: s.level ? String(s.level) : L.levelUnset,
        interval: t(due.interval),
        last: last ? formatDate(last, lang) : L.noLastAssessment,
        lastIsDate: Boolean(last),
        nextDue: nextDue ? formatDate(nextDue, lang) : L.dueNow,
        nextIsDate: Boolean(nextDue),
        overdue: overdue || (!last && due.needsSpecialist),
        specialist: due.needsSpecialist,
        dueThisYear: due.needsSpecialist && (!nextDue || nextDue.slice(0, 4) <= thisYear),
      };
    }),
  );
  const lasts = [...lastByUnit.entries()].filter(([u]) => ctx.units.some((x) => x.id === u)).map(([, d]) => d).sort();
  const orgWideDue = lasts.length ? formatDate(isoDate(addMonths(new Date(`${lasts[0]}T00:00:00Z`), ORG_WIDE_MONTHS)), lang) : L.dueNow;
  return {
    basis: t(DECREE_85_BASIS),
    rows,
    orgWideDue,
    anySpecialist: rows.some((r) => r.specialist),
    specialistDue: rows.filter((r) => r.dueThisYear),
  };
}
