import type { TrackerDb } from './db/index.js';
import { addDays, localDate, toTrackerFinding, type FindingRow } from './model.js';
import type { TrackerFinding } from './view-types.js';

/** A finding whose remediation deadline, or whose risk acceptance, ends within the window. */
export interface DueFinding extends TrackerFinding {
  /** 'remediation': due date of an open finding; 'acceptance': the end of an accepted risk. */
  kind: 'remediation' | 'acceptance';
  /** The date that comes due (YYYY-MM-DD). */
  date: string;
}

/** When the tracker last saw a system assessed (for the periodic-assessment reminders). */
export interface LastAssessment {
  unit: string;
  system: string;
  level: number | null;
  /** Start time (ISO) of the latest audit cycle that covered the system; null when none did. */
  startedAt: string | null;
  cycle: string | null;
}

/**
 * Open findings due within `withinDays` (overdue ones included) and risk acceptances that end
 * within the window, soonest first; at most `limit` of them (read in date order through the
 * due-date index, so a short list stays cheap at any size). `total` counts them all.
 */
export function dueFindings(db: TrackerDb, opts: { withinDays: number; units?: readonly string[]; now?: Date; limit?: number }): { findings: DueFinding[]; total: number } {
  const today = localDate(opts.now ?? new Date());
  const until = addDays(today, opts.withinDays);
  const scope = opts.units ? `AND unit IN (${opts.units.map(() => '?').join(',') || "''"})` : '';
  const args = opts.units ?? [];
  const limit = opts.limit ?? -1;
  const openWhere = `status IN ('open', 'in_progress') AND due IS NOT NULL AND due <= ? ${scope}`;
  const acceptedWhere = `status = 'risk_accepted' AND accepted_until IS NOT NULL AND accepted_until <= ? ${scope}`;
  const open = db.prepare(`SELECT * FROM findings WHERE ${openWhere} ORDER BY due, id LIMIT ?`).all(until, ...args, limit) as FindingRow[];
  const accepted = db.prepare(`SELECT * FROM findings WHERE ${acceptedWhere} ORDER BY accepted_until, id LIMIT ?`).all(until, ...args, limit) as FindingRow[];
  const count = (where: string) => db.prepare(`SELECT COUNT(*) FROM findings WHERE ${where}`).pluck().get(until, ...args) as number;
  const total = limit < 0 ? open.length + accepted.length : count(openWhere) + count(acceptedWhere);
  const all: DueFinding[] = [
    ...open.map((r) => ({ ...toTrackerFinding(r, today), kind: 'remediation' as const, date: r.due! })),
    ...accepted.map((r) => ({ ...toTrackerFinding(r, today), kind: 'acceptance' as const, date: r.accepted_until! })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id.length - b.id.length || (a.id < b.id ? -1 : 1)));
  return { findings: limit < 0 ? all : all.slice(0, limit), total };
}

/**
 * The latest cycle in which the tracker saw each system: a grade of one of its targets, a
 * finding on it, or a snapshot of its unit (an audit of the unit covers its systems).
 */
export function lastAssessments(db: TrackerDb, systems: ReadonlyArray<{ unit: string; system: string; level?: number }>): LastAssessment[] {
  const bySystem = db.prepare(
    `SELECT c.cycle, c.started_at FROM cycles c WHERE c.ord = (
       SELECT MAX(c2.ord) FROM cycles c2 WHERE
         EXISTS (SELECT 1 FROM cycle_stats s WHERE s.cycle = c2.cycle AND s.unit = @unit)
         OR EXISTS (SELECT 1 FROM grades g WHERE g.cycle = c2.cycle AND g.unit = @unit AND g.system = @system)
         OR EXISTS (SELECT 1 FROM findings f WHERE f.last_seen = c2.cycle AND f.unit = @unit AND f.system = @system))`,
  );
  return systems.map((s) => {
    const last = bySystem.get({ unit: s.unit, system: s.system }) as { cycle: string; started_at: string } | undefined;
    return { unit: s.unit, system: s.system, level: s.level ?? null, startedAt: last?.started_at ?? null, cycle: last?.cycle ?? null };
  });
}
