import { createHash } from 'node:crypto';
import { hashInputFile } from '../files/index.js';
import path from 'node:path';
import type { Results } from '../results/index.js';
import { readResults } from '../results/index.js';
import { asTrackerFault, inWriteTransaction, openTracker, type BatchRow, type TrackerDb } from './db/index.js';
import { EventWriter } from './history.js';
import { CycleImport, recordOlderCycle, resultUnits, type ImportSummary } from './import-cycle.js';
import { DEFAULT_SLA_DAYS, localDate, SYSTEM_ACTOR, type SlaDays } from './model.js';

export interface ImportOptions {
  /** Who imports (recorded on every event). Default `attt`. */
  actor?: string;
  /** The clock: acceptance expiry and event times. Default: now. */
  now?: Date;
  /** Days to remediate per severity, over DEFAULT_SLA_DAYS (critical 7, high 30, medium 90, low 180). */
  sla?: SlaDays;
  /** Called every 1,000 results inside the transaction (progress display). */
  onProgress?: (done: number, total: number) => void;
  /** The caller's own writes that must land with this import, in its transaction (a merged bundle's results.json). */
  alongside?: () => void;
  /**
   * The caller hands the results' rows over: once they are matched, `results.results` is
   * emptied, so the rows no decision needs (the passes of checks that never failed, most of a
   * province's file) can be collected while the import writes. `attt tracker import` does.
   */
  handOver?: boolean;
}

export type { ImportSummary } from './import-cycle.js';

/** Return risk acceptances whose `until` date has passed to open, with an event each. */
export function expireAcceptances(db: TrackerDb, writer: EventWriter, now: Date): number {
  const today = localDate(now);
  const rows = db.prepare(`SELECT id, accepted_until FROM findings WHERE status = 'risk_accepted' AND accepted_until < ?`).all(today) as Array<{ id: number; accepted_until: string }>;
  db.runMany(`UPDATE findings SET status = 'open' WHERE id = ?`, rows.map((r) => [r.id]));
  for (const r of rows) {
    writer.append({
      findingId: r.id,
      cycle: null,
      type: 'acceptance_expired',
      actor: SYSTEM_ACTOR,
      at: now.toISOString(),
      before: { status: 'risk_accepted', acceptedUntil: r.accepted_until },
      after: { status: 'open' },
      note: `risk acceptance ended ${r.accepted_until}`,
    });
  }
  return rows.length;
}

/** True when some acceptance has expired (lets read commands stay read-only otherwise). */
export function hasExpiredAcceptances(db: TrackerDb, now: Date): boolean {
  return db.prepare(`SELECT 1 FROM findings WHERE status = 'risk_accepted' AND accepted_until < ? LIMIT 1`).get(localDate(now)) !== undefined;
}

/**
 * Apply one cycle's results to the tracker in one BEGIN IMMEDIATE transaction (DefectDojo
 * re-import semantics; see docs/tracker.md). Idempotent: the same file twice changes nothing.
 * A finding is closed only on evidence from a target that was observed (`ok`) in a run that
 * was not interrupted; an older cycle imported after a newer one goes to the history only.
 */
export function importResults(db: TrackerDb, results: Results, source: { file: string; sha256: string }, opts: ImportOptions = {}): ImportSummary {
  const now = opts.now ?? new Date();
  const nowIso = now.toISOString();
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const sla: SlaDays = { ...DEFAULT_SLA_DAYS, ...(opts.sla ?? {}) };
  const cycle = results.cycle;

  return inWriteTransaction(db, () => {
    const writer = new EventWriter(db);
    const summary: ImportSummary = {
      cycle, file: source.file, sha256: source.sha256, alreadyImported: false, cycleUpdated: false,
      results: results.results.length, opened: 0, stillFailing: 0, fixed: 0, regressed: 0, reopened: 0, expired: 0,
      targetsNotObserved: results.targets.filter((t) => t.status !== 'ok').length, partial: results.interrupted, historyOnly: 0, events: 0,
    };
    summary.expired = expireAcceptances(db, writer, now);
    writer.flush();
    const finish = () => {
      opts.alongside?.();
      writer.finish();
      summary.events = writer.count;
      return summary;
    };

    if (alreadyImported(db, source.sha256)) {
      summary.alreadyImported = true;
      return finish();
    }
    const known = db.prepare('SELECT ord, started_at FROM cycles WHERE cycle = ?').get(cycle) as { ord: number; started_at: string } | undefined;
    const newer = newerCycleThan(db, known, results.startedAt);
    if (newer) {
      summary.newerCycle = newer;
      recordOlderCycle(db, writer, results, summary, actor, now);
      return finish();
    }
    if (known) {
      summary.cycleUpdated = true;
      // Units of one department audit the same cycle at different times (merged bundles): the
      // cycle starts with the earliest of them, whichever file came first.
      if (known.started_at > results.startedAt) db.prepare('UPDATE cycles SET started_at = ? WHERE cycle = ?').run(results.startedAt, cycle);
    } else {
      const ord = ((db.prepare('SELECT MAX(ord) AS m FROM cycles').get() as { m: number | null }).m ?? 0) + 1;
      db.prepare('INSERT INTO cycles (cycle, ord, started_at, first_imported_at) VALUES (?, ?, ?, ?)').run(cycle, ord, results.startedAt, nowIso);
    }

    // Before the import may let go of the rows (handOver): the units they speak of.
    const units = resultUnits(results);
    new CycleImport(db, writer, results, summary, { actor, now, sla, onProgress: opts.onProgress, handOver: opts.handOver }).run();
    // Phase 4, record, and the import itself: sent together (one request on PostgreSQL).
    db.runBatches([
      ...recordCycle(results, units),
      {
        sql: `INSERT INTO imports (cycle, file, sha256, imported_at, actor, results, opened, fixed, regressed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        rows: [[cycle, source.file, source.sha256, nowIso, actor, summary.results, summary.opened, summary.fixed, summary.regressed]],
      },
    ]);
    writer.append({
      findingId: null, cycle, type: 'imported', actor, at: nowIso, before: null,
      after: { file: source.file, sha256: source.sha256, results: summary.results, opened: summary.opened, fixed: summary.fixed, regressed: summary.regressed, reopened: summary.reopened, partial: summary.partial },
      note: [summary.cycleUpdated ? `update of cycle ${cycle}` : '', summary.partial ? 'interrupted run: nothing closed' : ''].filter(Boolean).join('; ') || null,
    });
    opts.onProgress?.(summary.results, summary.results);
    return finish();
  });
}

/** This file (by SHA-256) was imported before, as the current cycle or into the history only. */
function alreadyImported(db: TrackerDb, sha256: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 AS hit WHERE EXISTS (SELECT 1 FROM imports WHERE sha256 = @sha256)
           OR EXISTS (SELECT 1 FROM events WHERE type = 'older_cycle_imported' AND ${db.dialect.jsonText('after', 'sha256')} = @sha256)`,
      )
      .get({ sha256 }) !== undefined
  );
}

/**
 * The newest imported cycle when it is newer than this one: a known cycle with later ones after
 * it, or an unknown cycle that started before the latest imported one. Undefined otherwise.
 */
function newerCycleThan(db: TrackerDb, known: { ord: number } | undefined, startedAt: string): string | undefined {
  const later = known
    ? (db.prepare('SELECT cycle FROM cycles WHERE ord > ? ORDER BY ord DESC LIMIT 1').get(known.ord) as { cycle: string } | undefined)
    : (db.prepare('SELECT cycle FROM cycles WHERE started_at > ? ORDER BY ord DESC LIMIT 1').get(startedAt) as { cycle: string } | undefined);
  return later?.cycle;
}

interface Batch {
  sql: string;
  rows: BatchRow[];
}

/** Phase 4, record: grades per target and the per-unit snapshot of this cycle, as batches to run in this order. */
function recordCycle(results: Results, units: string[]): Batch[] {
  const targetByKey = new Map(results.targets.map((t) => [t.key, t]));
  const grades: unknown[][] = [];
  for (const [key, grade] of Object.entries(results.summary.grades)) {
    const t = targetByKey.get(key);
    // A grade from a target that was not fully observed is not a grade.
    if (t && t.status === 'ok') grades.push([results.cycle, key, t.unit, t.system, t.target, grade]);
  }
  return [
    {
      // Object keys are distinct: one row per (cycle, target_key), as one multi-row upsert needs.
      sql: `INSERT INTO grades (cycle, target_key, unit, system, target, grade) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(cycle, target_key) DO UPDATE SET grade = excluded.grade, unit = excluded.unit, system = excluded.system, target = excluded.target`,
      rows: grades,
    },
    ...snapshotCycleStats(results.cycle, units),
  ];
}

/**
 * Per unit of this file, the state at the end of this cycle's import (for the per-cycle trend).
 * Units the file does not cover keep the row an earlier file of the cycle gave them: a
 * department's units merge their bundles one by one, in any order, to the same rows. It reads
 * the findings and the events: everything of this import before it must be written.
 */
function snapshotCycleStats(cycle: string, units: string[]): Batch[] {
  if (units.length === 0) return [];
  const named = Object.fromEntries(units.map((u, i) => [`u${i}`, u]));
  const inUnits = `IN (${Object.keys(named).map((k) => `@${k}`).join(', ')})`;
  const params = [{ cycle, ...named }];
  const insert = `INSERT INTO cycle_stats (cycle, unit, open_critical, open_high, open_medium, open_low, open_info, new, fixed, regressed)
     SELECT CAST(@cycle AS TEXT), f.unit,
       SUM(CASE WHEN f.open = 1 AND f.severity = 'critical' THEN 1 ELSE 0 END), SUM(CASE WHEN f.open = 1 AND f.severity = 'high' THEN 1 ELSE 0 END),
       SUM(CASE WHEN f.open = 1 AND f.severity = 'medium' THEN 1 ELSE 0 END), SUM(CASE WHEN f.open = 1 AND f.severity = 'low' THEN 1 ELSE 0 END),
       SUM(CASE WHEN f.open = 1 AND f.severity = 'info' THEN 1 ELSE 0 END),
       SUM(CASE WHEN f.first_seen IS NOT DISTINCT FROM @cycle THEN 1 ELSE 0 END), SUM(CASE WHEN f.fixed_cycle IS NOT DISTINCT FROM @cycle THEN 1 ELSE 0 END),
       SUM(CASE WHEN r.fid IS NOT NULL THEN 1 ELSE 0 END)
     FROM (SELECT id, unit, severity, first_seen, fixed_cycle, CASE WHEN status IN ('open', 'in_progress') THEN 1 ELSE 0 END AS open FROM findings WHERE unit ${inUnits}) f
     LEFT JOIN (SELECT DISTINCT finding_id AS fid FROM events WHERE type = 'regressed' AND cycle = @cycle) r ON r.fid = f.id
     GROUP BY f.unit`;
  return [
    { sql: `DELETE FROM cycle_stats WHERE cycle = @cycle AND unit ${inUnits}`, rows: params },
    { sql: insert, rows: params },
  ];
}

export function sha256File(file: string): string {
  // Piece by piece: the results it names may be hundreds of MB, already read into memory once.
  return hashInputFile(file, 'results');
}

/**
 * Open (creating if needed) and migrate the database, import one results.json, close.
 * Bad results files throw InputError (exit 2) before the database is opened.
 */
export function importResultsFile(dbPath: string, resultsPath: string, opts: ImportOptions = {}): ImportSummary {
  const results = readResults(resultsPath);
  const sha256 = sha256File(resultsPath);
  const db = openTracker(dbPath, { create: true });
  try {
    return importResults(db, results, { file: path.basename(resultsPath), sha256 }, { ...opts, handOver: true });
  } catch (error) {
    throw asTrackerFault(dbPath, error);
  } finally {
    db.close();
  }
}
