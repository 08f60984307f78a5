import type { TrackerDb } from './db/index.js';
import { formatFindingId, type EventRow } from './history.js';

/**
 * The findings table is what list, stats, exports and reports read, so it must agree with the
 * hash-chained history. Replaying the events of each finding gives its status, severity, owner,
 * due date and regression flag; any row that differs, is missing, or has no history was changed
 * outside attt.
 */
export type StateFinding = { status: string; severity: string; owner: string | null; due: string | null; regression: boolean };

export interface StateProblem {
  kind: 'changed' | 'deleted' | 'inserted';
  findingId: string;
  /** For 'changed': the fields that differ, with the value the history gives and the stored one. */
  fields: Array<{ field: keyof StateFinding; expected: unknown; stored: unknown }>;
}

function apply(state: StateFinding | undefined, type: string, after: Record<string, unknown>): StateFinding | undefined {
  if (type === 'opened') return { status: String(after.status ?? 'open'), severity: String(after.severity), owner: (after.owner as string | undefined) ?? null, due: (after.due as string | null) ?? null, regression: false };
  if (!state) return state;
  const next = { ...state };
  if (typeof after.status === 'string') next.status = after.status;
  if (typeof after.severity === 'string') next.severity = after.severity;
  if ('owner' in after) next.owner = (after.owner as string | null) ?? null;
  if ('due' in after) next.due = (after.due as string | null) ?? null;
  // Reopening and fixing reset the regression flag; a regression sets it.
  if (type === 'regressed') next.regression = true;
  else if (type === 'reopened' || type === 'fixed' || type === 'verified') next.regression = false;
  return next;
}

/** Replay the history and compare it with the findings table. */
export function verifyState(db: TrackerDb): StateProblem[] {
  const replayed = new Map<number, StateFinding | undefined>();
  const rows = db.prepare('SELECT finding_id, type, after FROM events WHERE finding_id IS NOT NULL ORDER BY seq').iterate() as IterableIterator<Pick<EventRow, 'finding_id' | 'type' | 'after'>>;
  for (const e of rows) {
    let after: Record<string, unknown> = {};
    try {
      after = e.after ? (JSON.parse(e.after) as Record<string, unknown>) : {};
    } catch {
      /* an unreadable payload is an edited event: verifyChain reports it */
    }
    replayed.set(e.finding_id!, apply(replayed.get(e.finding_id!), e.type, after));
  }
  const problems: StateProblem[] = [];
  const stored = db.prepare('SELECT id, status, severity, owner, due, regression FROM findings ORDER BY id').iterate() as IterableIterator<{ id: number; status: string; severity: string; owner: string | null; due: string | null; regression: number }>;
  const present = new Set<number>();
  for (const row of stored) {
    present.add(row.id);
    const expected = replayed.get(row.id);
    if (!expected) {
      problems.push({ kind: 'inserted', findingId: formatFindingId(row.id)!, fields: [] });
      continue;
    }
    const actual: StateFinding = { status: row.status, severity: row.severity, owner: row.owner, due: row.due, regression: row.regression === 1 };
    const fields = (Object.keys(expected) as Array<keyof StateFinding>).filter((k) => expected[k] !== actual[k]).map((field) => ({ field, expected: expected[field], stored: actual[field] }));
    if (fields.length) problems.push({ kind: 'changed', findingId: formatFindingId(row.id)!, fields });
  }
  for (const [id, state] of replayed) if (state && !present.has(id)) problems.push({ kind: 'deleted', findingId: formatFindingId(id)!, fields: [] });
  return problems;
}
