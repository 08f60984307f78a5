import type { Severity } from '../results/index.js';
import type { TrackerDb } from './db/index.js';
import { filterClauses } from './findings.js';
import { localDate, toTrackerFinding, type FindingRow } from './model.js';
import type { TrackerFinding } from './view-types.js';
import type { FindingStatus } from './view-types.js';

/**
 * Reads for interactive browsing (attt serve): one page at a time by keyset (id > after), so a
 * page costs the same at 380,000 findings as at 100. `units` is the reader's scope: rows of
 * other units are never returned, whatever the other filters say.
 */
export interface PageFilter {
  units?: readonly string[];
  unit?: string;
  system?: string;
  severity?: Severity[];
  status?: FindingStatus[];
  checkId?: string;
  overdue?: boolean;
  /** Return findings with an id greater than this (the last id of the previous page). */
  after?: number;
  limit: number;
}

export interface FindingPage {
  findings: TrackerFinding[];
  /** The `after` of the next page, or null on the last page. */
  next: number | null;
}

function scopeClause(units: readonly string[] | undefined, where: string[], params: unknown[]): void {
  if (!units) return;
  where.push(units.length ? `unit IN (${units.map(() => '?').join(',')})` : '0');
  params.push(...units);
}

export function pageFindings(db: TrackerDb, filter: PageFilter, now: Date = new Date()): FindingPage {
  const today = localDate(now);
  const { where, params } = filterClauses(filter, today);
  scopeClause(filter.units, where, params);
  if (filter.after !== undefined) (where.push('id > ?'), params.push(filter.after));
  const limit = Math.max(1, Math.min(500, Math.floor(filter.limit)));
  const rows = db
    .prepare(`SELECT * FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`)
    .all(...params, limit + 1) as FindingRow[];
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { findings: page.map((r) => toTrackerFinding(r, today)), next: more ? page[page.length - 1].id : null };
}

/** Unit and id of findings, for scope checks before a change (unknown ids are left out). */
export function findingUnits(db: TrackerDb, ids: readonly number[]): Map<number, string> {
  const stmt = db.prepare('SELECT unit FROM findings WHERE id = ?').pluck();
  const out = new Map<number, string>();
  for (const id of ids) {
    const unit = stmt.get(id) as string | undefined;
    if (unit !== undefined) out.set(id, unit);
  }
  return out;
}

/** Distinct values for filter menus: units, systems per unit, check ids (read through indexes). */
export function findingFacets(db: TrackerDb, units?: readonly string[]): { units: string[]; systems: Array<{ unit: string; system: string }>; checks: string[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  scopeClause(units, where, params);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const systems = db.prepare(`SELECT DISTINCT unit, system FROM findings ${w} ORDER BY unit, system`).all(...params) as Array<{ unit: string; system: string }>;
  const checks = db.prepare(`SELECT DISTINCT check_id FROM findings ${w} ORDER BY check_id`).pluck().all(...params) as string[];
  return { units: [...new Set(systems.map((s) => s.unit))], systems, checks };
}

export interface CycleSummary {
  cycle: string;
  startedAt: string;
  imports: Array<{ file: string; sha256: string; importedAt: string; actor: string; results: number; opened: number; fixed: number; regressed: number }>;
  /** Per unit in scope: open findings by severity at the end of the cycle, new, fixed, regressed. */
  units: Array<{ unit: string; open: Record<Severity, number>; new: number; fixed: number; regressed: number }>;
  grades: Array<{ unit: string; system: string; target: string; grade: string }>;
}

/** Every imported cycle, newest first, with its imports, per-unit snapshot and grades. */
export function listCycles(db: TrackerDb, units?: readonly string[]): CycleSummary[] {
  const cycles = db.prepare('SELECT cycle, started_at FROM cycles ORDER BY ord DESC').all() as Array<{ cycle: string; started_at: string }>;
  const imports = db.prepare('SELECT file, sha256, imported_at, actor, results, opened, fixed, regressed FROM imports WHERE cycle = ? ORDER BY id');
  const stats = db.prepare('SELECT * FROM cycle_stats WHERE cycle = ? ORDER BY unit');
  const grades = db.prepare('SELECT unit, system, target, grade FROM grades WHERE cycle = ? ORDER BY unit, system, target');
  const inScope = (unit: string) => !units || units.includes(unit);
  return cycles.map((c) => ({
    cycle: c.cycle,
    startedAt: c.started_at,
    imports: (imports.all(c.cycle) as Array<{ file: string; sha256: string; imported_at: string; actor: string; results: number; opened: number; fixed: number; regressed: number }>).map((i) => ({
      file: i.file, sha256: i.sha256, importedAt: i.imported_at, actor: i.actor, results: i.results, opened: i.opened, fixed: i.fixed, regressed: i.regressed,
    })),
    units: (stats.all(c.cycle) as Array<Record<string, number | string>>)
      .filter((s) => inScope(String(s.unit)))
      .map((s) => ({
        unit: String(s.unit),
        open: { critical: Number(s.open_critical), high: Number(s.open_high), medium: Number(s.open_medium), low: Number(s.open_low), info: Number(s.open_info) },
        new: Number(s.new), fixed: Number(s.fixed), regressed: Number(s.regressed),
      })),
    grades: (grades.all(c.cycle) as CycleSummary['grades']).filter((g) => inScope(g.unit)),
  }));
}

/** A number that changes whenever the tracker changes (every change appends to the history). */
export function changeCounter(db: TrackerDb): string {
  return (db.prepare(`SELECT value FROM attt_meta WHERE key = 'chain_head_seq'`).pluck().get() as string | undefined) ?? '0';
}
