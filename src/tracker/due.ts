import { periodicDue } from '../report/decree85.js';
import type { Localized } from '../i18n.js';
import type { TrackerDb } from './db.js';
import { addDays, localDate, toFindingJson, type FindingJson, type FindingRow } from './model.js';

/** A finding whose remediation deadline, or whose risk acceptance, ends within the window. */
export interface DueFinding extends FindingJson {
  /** 'remediation': due date of an open finding; 'acceptance': the end of an accepted risk. */
  kind: 'remediation' | 'acceptance';
  /** The date that comes due (YYYY-MM-DD). */
  date: string;
}

/** A system's next periodic assessment (Decree 85/2016 intervals by security level). */
export interface DueAssessment {
  unit: string;
  system: string;
  level: number | null;
  /** Start date of the latest audit cycle that covered the system; null when none did. */
  lastAssessed: string | null;
  lastCycle: string | null;
  /** YYYY-MM-DD; null lastAssessed means it is due now. */
  nextDue: string;
  interval: Localized;
  needsSpecialist: boolean;
  overdue: boolean;
}

/**
 * Open findings due within `withinDays` (overdue ones included) and risk acceptances that end
 * within the window, soonest first.
 */
export function dueFindings(db: TrackerDb, opts: { withinDays: number; units?: readonly string[]; now?: Date }): DueFinding[] {
  const today = localDate(opts.now ?? new Date());
  const until = addDays(today, opts.withinDays);
  const scope = opts.units ? `AND unit IN (${opts.units.map(() => '?').join(',') || "''"})` : '';
  const args = opts.units ?? [];
  const open = db
    .prepare(`SELECT * FROM findings WHERE status IN ('open', 'in_progress') AND due IS NOT NULL AND due <= ? ${scope}`)
    .all(until, ...args) as FindingRow[];
  const accepted = db
    .prepare(`SELECT * FROM findings WHERE status = 'risk_accepted' AND accepted_until IS NOT NULL AND accepted_until <= ? ${scope}`)
    .all(until, ...args) as FindingRow[];
  const out: DueFinding[] = [
    ...open.map((r) => ({ ...toFindingJson(r, today), kind: 'remediation' as const, date: r.due! })),
    ...accepted.map((r) => ({ ...toFindingJson(r, today), kind: 'acceptance' as const, date: r.accepted_until! })),
  ];
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id.length - b.id.length || (a.id < b.id ? -1 : 1)));
}

/**
 * When each system's next periodic assessment falls due. The last assessment of a system is
 * the latest cycle in which the tracker saw it (a grade, a finding, or its unit's snapshot);
 * a system never seen is due today.
 */
export function dueAssessments(
  db: TrackerDb,
  systems: ReadonlyArray<{ unit: string; system: string; level?: number }>,
  opts: { withinDays: number; now?: Date },
): DueAssessment[] {
  const today = localDate(opts.now ?? new Date());
  const until = addDays(today, opts.withinDays);
  const bySystem = db.prepare(
    `SELECT c.cycle, c.started_at FROM cycles c WHERE c.ord = (
       SELECT MAX(c2.ord) FROM cycles c2 WHERE
         EXISTS (SELECT 1 FROM grades g WHERE g.cycle = c2.cycle AND g.unit = @unit AND g.system = @system)
         OR EXISTS (SELECT 1 FROM findings f WHERE f.last_seen = c2.cycle AND f.unit = @unit AND f.system = @system)
         OR EXISTS (SELECT 1 FROM cycle_stats s WHERE s.cycle = c2.cycle AND s.unit = @unit))`,
  );
  const out: DueAssessment[] = [];
  for (const s of systems) {
    const last = bySystem.get({ unit: s.unit, system: s.system }) as { cycle: string; started_at: string } | undefined;
    const due = periodicDue(s.level, last ? new Date(last.started_at) : new Date(`${today}T00:00:00Z`));
    const nextDue = last ? due.nextDue! : today;
    if (nextDue > until) continue;
    out.push({
      unit: s.unit, system: s.system, level: s.level ?? null,
      lastAssessed: last ? localDate(new Date(last.started_at)) : null, lastCycle: last?.cycle ?? null,
      nextDue, interval: due.interval, needsSpecialist: due.needsSpecialist, overdue: nextDue < today,
    });
  }
  return out.sort((a, b) => (a.nextDue < b.nextDue ? -1 : a.nextDue > b.nextDue ? 1 : 0));
}
