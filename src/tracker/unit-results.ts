import type { TrackerDb } from './db/index.js';

/**
 * The results.json of each unit and cycle that came in a signed bundle (`attt bundle merge`),
 * kept whole so the department's consolidated report and each unit's report are built from the
 * database alone. One row per unit and cycle: a later audit of the same cycle (by its start
 * time, then its hash) replaces an earlier one whatever order the bundles arrive in.
 */
export interface UnitResultsRecord {
  unit: string;
  cycle: string;
  startedAt: string;
  sha256: string;
  signer: string;
  /** The results.json text. */
  results: string;
}

export function storeUnitResults(db: TrackerDb, r: UnitResultsRecord): void {
  db.prepare(
    `INSERT INTO unit_results (unit, cycle, started_at, sha256, signer, results) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (unit, cycle) DO UPDATE SET started_at = excluded.started_at, sha256 = excluded.sha256, signer = excluded.signer, results = excluded.results
     WHERE excluded.started_at > unit_results.started_at OR (excluded.started_at = unit_results.started_at AND excluded.sha256 > unit_results.sha256)`,
  ).run(r.unit, r.cycle, r.startedAt, r.sha256, r.signer, r.results);
}

/** The cycles that have merged unit results, newest first (by the tracker's cycle order). */
export function unitResultCycles(db: TrackerDb): string[] {
  return db
    .prepare(`SELECT DISTINCT u.cycle, c.ord FROM unit_results u LEFT JOIN cycles c ON c.cycle = u.cycle ORDER BY c.ord DESC, u.cycle DESC`)
    .all()
    .map((row) => (row as { cycle: string }).cycle);
}

/** Every unit's merged results of `cycle`, by unit id. */
export function readUnitResults(db: TrackerDb, cycle: string): UnitResultsRecord[] {
  return db
    .prepare('SELECT unit, cycle, started_at, sha256, signer, results FROM unit_results WHERE cycle = ? ORDER BY unit')
    .all(cycle)
    .map((row) => {
      const r = row as { unit: string; cycle: string; started_at: string; sha256: string; signer: string; results: string };
      return { unit: r.unit, cycle: r.cycle, startedAt: r.started_at, sha256: r.sha256, signer: r.signer, results: r.results };
    });
}
