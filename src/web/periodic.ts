import type { Localized } from '../i18n.js';
import { periodicDue } from '../report/index.js';
import { addDays, localDate, type LastAssessment } from '../tracker/index.js';

/** A system's next periodic assessment (Decree 85/2016 intervals by security level). */
export interface DueAssessment {
  unit: string;
  system: string;
  level: number | null;
  /** Local date of the latest audit cycle that covered the system; null when none did. */
  lastAssessed: string | null;
  lastCycle: string | null;
  /** YYYY-MM-DD; a system never assessed is due today. */
  nextDue: string;
  interval: Localized;
  needsSpecialist: boolean;
  overdue: boolean;
}

/** The periodic assessments falling due within the window (overdue ones included), soonest first. */
export function periodicAssessmentsDue(last: readonly LastAssessment[], opts: { withinDays: number; now: Date }): DueAssessment[] {
  const today = localDate(opts.now);
  const until = addDays(today, opts.withinDays);
  const out: DueAssessment[] = [];
  for (const s of last) {
    const due = periodicDue(s.level ?? undefined, s.startedAt ? new Date(s.startedAt) : opts.now);
    const nextDue = s.startedAt ? due.nextDue! : today;
    if (nextDue > until) continue;
    out.push({
      unit: s.unit, system: s.system, level: s.level,
      lastAssessed: s.startedAt ? localDate(new Date(s.startedAt)) : null, lastCycle: s.cycle,
      nextDue, interval: due.interval, needsSpecialist: due.needsSpecialist, overdue: nextDue < today,
    });
  }
  return out.sort((a, b) => (a.nextDue < b.nextDue ? -1 : a.nextDue > b.nextDue ? 1 : 0));
}
