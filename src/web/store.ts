import {
  acceptRisk, changeCounter, dueFindings, lastAssessments, expireAcceptancesNow, findingFacets, findingUnits, getUser, hasExpiredAcceptances,
  listCycles, openTracker, pageFindings, readSignOffs, showFinding, trackerStats, updateFinding,
  type CycleSummary, type DueFinding, type LastAssessment, type FindingDetail, type TrackerFinding, type FindingPage, type PageFilter,
  type SignOffRecord, type TrackerDb, type TrackerStats, type UpdateOptions, type UserRecord,
} from '../tracker/index.js';

/**
 * Everything the web pages read from and write to the tracker. The pages know only this
 * interface; TrackerWebStore implements it over the tracker's SQL layer, so the same store
 * serves the embedded SQLite file and a central PostgreSQL database.
 */
export interface WebStore {
  /** Changes whenever the tracker changes (for caches). */
  version(): string;
  user(name: string): UserRecord | undefined;
  stats(now: Date): TrackerStats;
  gradeHistory(): Array<{ cycle: string; unit: string; grade: string }>;
  /** The latest import (file name as imported, and its SHA-256). */
  latestImport(): { cycle: string; file: string; sha256: string } | null;
  page(filter: PageFilter, now: Date): FindingPage;
  finding(id: number, now: Date): FindingDetail | null;
  /** Unit of each existing finding id. */
  unitsOf(ids: readonly number[]): Map<number, string>;
  facets(units?: readonly string[]): ReturnType<typeof findingFacets>;
  update(ids: readonly number[], opts: UpdateOptions): TrackerFinding[];
  accept(id: number, opts: { until: string; reason: string; approver: string; actor: string; now: Date }): TrackerFinding;
  cycles(units?: readonly string[]): CycleSummary[];
  signOffs(): SignOffRecord[];
  dueFindings(opts: { withinDays: number; units?: readonly string[]; now: Date; limit: number }): { findings: DueFinding[]; total: number };
  /** When each system was last covered by an audit cycle. */
  lastAssessments(systems: ReadonlyArray<{ unit: string; system: string; level?: number }>): LastAssessment[];
  /** Return expired risk acceptances to open (recorded in the history). */
  expireAcceptances(now: Date): void;
  /** The database file or PostgreSQL URL, for report building (reports read the tracker themselves). */
  readonly location: string;
  close(): void;
}

export class TrackerWebStore implements WebStore {
  private readonly db: TrackerDb;
  readonly location: string;

  constructor(file: string) {
    this.location = file;
    this.db = openTracker(file);
  }

  version(): string {
    return changeCounter(this.db);
  }

  user(name: string): UserRecord | undefined {
    return getUser(this.db, name);
  }

  stats(now: Date): TrackerStats {
    return trackerStats(this.db, { now });
  }

  gradeHistory(): Array<{ cycle: string; unit: string; grade: string }> {
    return this.db.prepare('SELECT g.cycle, g.unit, g.grade FROM grades g JOIN cycles c ON c.cycle = g.cycle ORDER BY c.ord').all() as Array<{ cycle: string; unit: string; grade: string }>;
  }

  latestImport(): { cycle: string; file: string; sha256: string } | null {
    return (this.db.prepare('SELECT i.cycle, i.file, i.sha256 FROM imports i JOIN cycles c ON c.cycle = i.cycle ORDER BY c.ord DESC, i.id DESC LIMIT 1').get() as { cycle: string; file: string; sha256: string } | undefined) ?? null;
  }

  page(filter: PageFilter, now: Date): FindingPage {
    return pageFindings(this.db, filter, now);
  }

  finding(id: number, now: Date): FindingDetail | null {
    if (!this.unitsOf([id]).has(id)) return null;
    return showFinding(this.db, String(id), now);
  }

  unitsOf(ids: readonly number[]): Map<number, string> {
    return findingUnits(this.db, ids);
  }

  facets(units?: readonly string[]) {
    return findingFacets(this.db, units);
  }

  update(ids: readonly number[], opts: UpdateOptions): TrackerFinding[] {
    // One transaction for the whole selection: all findings change, or none.
    return this.db.writeTransaction(() => ids.map((id) => updateFinding(this.db, String(id), opts)));
  }

  accept(id: number, opts: { until: string; reason: string; approver: string; actor: string; now: Date }): TrackerFinding {
    return acceptRisk(this.db, String(id), opts);
  }

  cycles(units?: readonly string[]): CycleSummary[] {
    return listCycles(this.db, units);
  }

  signOffs(): SignOffRecord[] {
    return readSignOffs(this.db);
  }

  dueFindings(opts: { withinDays: number; units?: readonly string[]; now: Date; limit: number }): { findings: DueFinding[]; total: number } {
    return dueFindings(this.db, opts);
  }

  lastAssessments(systems: ReadonlyArray<{ unit: string; system: string; level?: number }>): LastAssessment[] {
    return lastAssessments(this.db, systems);
  }

  expireAcceptances(now: Date): void {
    if (hasExpiredAcceptances(this.db, now)) expireAcceptancesNow(this.db, now);
  }

  close(): void {
    this.db.close();
  }
}
