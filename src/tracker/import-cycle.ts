import type { Result, Results, Severity } from '../results/index.js';
import type { TrackerDb } from './db/index.js';
import type { EventType, EventWriter } from './history.js';
import { FindingWrites, type NewFinding } from './import-writes.js';
import { addDays, localDate, textKeeper, type FindingRow, type SlaDays } from './model.js';

/** What one import did (returned by importResults, printed by `attt tracker import`). */
export interface ImportSummary {
  cycle: string;
  file: string;
  sha256: string;
  /** The same file (by SHA-256) was imported before: nothing changed. */
  alreadyImported: boolean;
  /** Another file of this cycle was imported before: this one updates the cycle. */
  cycleUpdated: boolean;
  results: number;
  opened: number;
  stillFailing: number;
  fixed: number;
  regressed: number;
  reopened: number;
  /** Risk acceptances whose date had passed, returned to open. */
  expired: number;
  /** Targets that errored, were interrupted or were out of scope: their findings were not closed. */
  targetsNotObserved: number;
  /** The results file says `interrupted: true`: new findings were opened, nothing was closed. */
  partial: boolean;
  /** Set when a newer cycle was imported before this one: only the history recorded this file. */
  newerCycle?: string;
  /** Evidence events written for an older cycle (history only). */
  historyOnly: number;
  events: number;
}

const FAILING = new Set(['fail', 'unanswered']);
const CLOSABLE = new Set(['open', 'in_progress', 'risk_accepted']);

/** Every unit a results file speaks of (its inventory, targets and results). */
export function resultUnits(results: Results): string[] {
  return [...new Set([...results.inventory.units.map((u) => u.id), ...results.targets.map((t) => t.unit), ...results.results.map((r) => r.unit)])];
}

/**
 * Which checks ran on which observed target: per target the set of its check ids (a large
 * file has hundreds of thousands of results but tens of thousands of targets, so no long key
 * per result is kept).
 */
class ChecksRan {
  private readonly byTarget = new Map<string, Set<string>>();

  add(checkId: string, unit: string, system: string, target: string): void {
    const key = `${unit}\u0000${system}\u0000${target}`;
    const checks = this.byTarget.get(key);
    if (checks) checks.add(checkId);
    else this.byTarget.set(key, new Set([checkId]));
  }

  has(checkId: string, unit: string, system: string, target: string): boolean {
    return this.byTarget.get(`${unit}\u0000${system}\u0000${target}`)?.has(checkId) ?? false;
  }
}

/** The columns of a tracker finding the import decides by (phase 1 reads these of every finding of the file's units). */
const KNOWN_COLUMNS = ['id', 'fingerprint', 'check_id', 'unit', 'system', 'target', 'target_key', 'severity', 'status', 'due', 'last_seen', 'fixed_cycle', 'fixed_verified'] as const;
type KnownFinding = Pick<FindingRow, (typeof KNOWN_COLUMNS)[number]>;

/**
 * One cycle's results applied to the tracker, in named phases (as DefectDojo's re-importer):
 * match (targets observed, one verdict per fingerprint), open or regress (each failing
 * result), close on evidence (each finding the cycle shows fixed), record (grades, snapshot).
 * Each case of the lifecycle table in docs/tracker.md is one method. The caller holds the
 * write transaction and decides, before constructing this, that the cycle is the newest one.
 */
export class CycleImport {
  private readonly cycle: string;
  private readonly nowIso: string;
  private readonly auditDate: string;
  private readonly statusByKey = new Map<string, string>();
  private readonly statusesByLabel = new Map<string, string[]>();
  private readonly byFingerprint = new Map<string, Result>();
  private readonly ranOn = new ChecksRan();
  private readonly sharedEvidence = new WeakMap<object, string>();
  private readonly failing = new Set<string>();
  private readonly dueBySeverity = new Map<Severity, string | null>();
  private readonly findings = new Map<string, KnownFinding>();
  /** The inventory's owner of a system (or of its unit): the owner of its new findings. */
  private readonly owners = new Map<string, string>();
  /** Phases 2 and 3 decide row by row and write set-based, a thousand decisions at a time (./import-writes.ts). */
  private readonly writes: FindingWrites;

  constructor(
    private readonly db: TrackerDb,
    writer: EventWriter,
    private readonly results: Results,
    private readonly summary: ImportSummary,
    private readonly opts: { actor: string; now: Date; sla: SlaDays; onProgress?: (done: number, total: number) => void; handOver?: boolean },
  ) {
    this.cycle = results.cycle;
    this.nowIso = opts.now.toISOString();
    this.auditDate = localDate(new Date(results.startedAt));
    this.writes = new FindingWrites(db, writer, { cycle: this.cycle, actor: opts.actor, at: this.nowIso });
    const text = (o?: { name: string; email?: string }) => (o ? `${o.name}${o.email ? ` <${o.email}>` : ''}` : undefined);
    for (const u of results.inventory?.units ?? []) {
      for (const s of u.systems) {
        const o = text(s.owner) ?? text(u.owner);
        if (o) this.owners.set(`${u.id}\u0000${s.id}`, o);
      }
    }
  }

  run(): void {
    this.match();
    // What the decisions need of the rows is in byFingerprint and ranOn now (see ImportOptions.handOver).
    if (this.opts.handOver) this.results.results = [];
    this.openOrRegress();
    // An interrupted run is partial evidence: a check that did not finish proves nothing fixed.
    if (!this.summary.partial) this.closeOnEvidence();
    // Decided: what phase 1 gathered (one entry per result of a large file) is not needed to write.
    this.byFingerprint.clear();
    this.findings.clear();
    this.writes.flush();
  }

  // ------------------------------------------------------------------ phase 1: match

  /**
   * The tracker's findings of the units this file speaks of, which targets were observed
   * (status ok), and one verdict per fingerprint (a failure wins) for the fingerprints that can
   * matter: failing ones, and those of a finding the tracker has. A province's file has
   * 600,000 results, most of them passes of checks that never failed there.
   */
  private match(): void {
    // Only the units this file speaks of: a fingerprint includes its unit, so no other unit's
    // finding can match or be closed by it (a department merging a thousand unit bundles reads
    // each unit's findings, not the whole province's, per bundle).
    const units = resultUnits(this.results);
    if (units.length > 0) {
      // Only the columns the decisions read (not the evidence and messages, most of a row), each
      // repeated text kept once: a province's unit has 100,000s of findings, every one of them here.
      const rows = this.db.prepare(`SELECT ${KNOWN_COLUMNS.join(', ')} FROM findings WHERE unit IN (${units.map(() => '?').join(', ')})`).iterate(...units) as IterableIterator<KnownFinding>;
      const keep = textKeeper();
      for (const f of rows) {
        this.findings.set(f.fingerprint, {
          id: f.id, fingerprint: f.fingerprint, check_id: keep(f.check_id), unit: keep(f.unit), system: keep(f.system), target: keep(f.target), target_key: keep(f.target_key),
          severity: keep(f.severity), status: keep(f.status), due: keep(f.due), last_seen: keep(f.last_seen), fixed_cycle: keep(f.fixed_cycle), fixed_verified: f.fixed_verified,
        });
      }
    }
    for (const t of this.results.targets) {
      this.statusByKey.set(t.key, t.status);
      const k = `${t.unit}\u0000${t.system}\u0000${t.target}`;
      this.statusesByLabel.set(k, [...(this.statusesByLabel.get(k) ?? []), t.status]);
    }
    const rank = (o: string) => (FAILING.has(o) ? 3 : o === 'error' ? 2 : o === 'not_applicable' ? 1 : 0);
    for (const r of this.results.results) {
      const prev = this.byFingerprint.get(r.fingerprint);
      if (prev ? rank(r.outcome) > rank(prev.outcome) : FAILING.has(r.outcome) || this.findings.has(r.fingerprint)) this.byFingerprint.set(r.fingerprint, r);
      if ((r.outcome === 'pass' || FAILING.has(r.outcome)) && this.observed(r)) this.ranOn.add(r.checkId, r.unit, r.system, r.target);
    }
  }

  /** A target is observed when its entry (by key, else by unit/system/label) says `ok`: never `error` or interrupted. */
  private observed(r: { unit: string; system: string; target: string; targetKey?: string | null }): boolean {
    if (r.targetKey) {
      const s = this.statusByKey.get(r.targetKey);
      if (s !== undefined) return s === 'ok';
    }
    const list = this.statusesByLabel.get(`${r.unit}\u0000${r.system}\u0000${r.target}`);
    return list !== undefined && list.length > 0 && list.every((s) => s === 'ok');
  }

  // ------------------------------------------------------------------ phase 2: open or regress

  private openOrRegress(): void {
    let done = 0;
    for (const r of this.byFingerprint.values()) {
      if (++done % 1000 === 0) this.opts.onProgress?.(done, this.byFingerprint.size);
      if (!FAILING.has(r.outcome)) continue;
      this.failing.add(r.fingerprint);
      const f = this.findings.get(r.fingerprint);
      if (!f) {
        this.openNew(r);
        continue;
      }
      if (f.severity !== r.severity) this.changeSeverity(f, r);
      if (f.status === 'fixed' && f.fixed_verified === 1 && f.fixed_cycle !== this.cycle) this.regress(f, r);
      else if (f.status === 'fixed') this.reopenUnverifiedFix(f, r);
      else this.stillFailing(f, r);
    }
  }

  private openNew(r: Result): void {
    const due = this.dueFor(r.severity);
    const p = this.payload(r);
    const owner = this.owners.get(`${r.unit}\u0000${r.system}`) ?? null;
    const created = this.writes.insert([r.fingerprint, r.checkId, r.unit, r.system, r.target, p.target_key, r.severity, owner, due, this.cycle, this.cycle, this.results.startedAt, p.message_vi, p.message_en, p.evidence]);
    this.event(created, 'opened', null, { status: 'open', severity: r.severity, due, cycle: this.cycle, outcome: r.outcome, ...(owner ? { owner } : {}) });
    this.summary.opened++;
  }

  private changeSeverity(f: KnownFinding, r: Result): void {
    this.writes.update('severity', [f.id, r.severity]);
    this.event(f.id, 'severity_changed', { severity: f.severity }, { severity: r.severity });
  }

  /** Fixed and verified in an earlier cycle, failing again: a regression with a new due date. */
  private regress(f: KnownFinding, r: Result): void {
    const due = this.dueFor(r.severity);
    this.reopen(f, r, true, due);
    this.event(f.id, 'regressed', { status: 'fixed', fixedCycle: f.fixed_cycle, due: f.due }, { status: 'open', regression: true, due, lastSeen: this.cycle }, `fixed in ${f.fixed_cycle}, failing again in ${this.cycle}`);
    this.summary.regressed++;
  }

  /** Fixed by hand (or by an earlier file of this same cycle), failing now: open again, no regression. */
  private reopenUnverifiedFix(f: KnownFinding, r: Result): void {
    this.reopen(f, r, false, f.due);
    const note = f.fixed_verified === 1 ? `an earlier file of ${this.cycle} showed it fixed; this one shows it failing` : `marked fixed by hand, but ${this.cycle} still shows it failing`;
    this.event(f.id, 'reopened', { status: 'fixed' }, { status: 'open', lastSeen: this.cycle }, note);
    this.summary.reopened++;
  }

  private stillFailing(f: KnownFinding, r: Result): void {
    this.summary.stillFailing++;
    if (f.last_seen === this.cycle) return;
    const p = this.payload(r);
    this.writes.update('seen', [f.id, this.cycle, p.target_key, p.message_vi, p.message_en, p.evidence]);
    this.event(f.id, 'seen', { lastSeen: f.last_seen }, { lastSeen: this.cycle });
  }

  private reopen(f: KnownFinding, r: Result, regression: boolean, due: string | null): void {
    const p = this.payload(r);
    this.writes.update('reopen', [f.id, regression ? 1 : 0, due, this.cycle, p.message_vi, p.message_en, p.evidence]);
  }

  // ------------------------------------------------------------------ phase 3: close on evidence

  private closeOnEvidence(): void {
    for (const f of this.findings.values()) {
      if (this.failing.has(f.fingerprint)) continue;
      if (!CLOSABLE.has(f.status) && !(f.status === 'fixed' && f.fixed_verified === 0)) continue;
      const r = this.byFingerprint.get(f.fingerprint);
      if (r) {
        // The same check passed on this very target, and the target was fully observed.
        if (r.outcome === 'pass' && this.observed({ unit: f.unit, system: f.system, target: f.target, targetKey: r.targetKey ?? f.target_key })) this.close(f, `check passed in ${this.cycle}`);
      } else if (this.ranOn.has(f.check_id, f.unit, f.system, f.target)) {
        // The check ran on the observed target and no longer reports this port/header/cookie.
        this.close(f, `check ran in ${this.cycle} without this finding`);
      }
    }
  }

  private close(f: KnownFinding, note: string): void {
    this.writes.update('close', [f.id, this.cycle, this.results.finishedAt]);
    this.event(f.id, f.status === 'fixed' ? 'verified' : 'fixed', { status: f.status }, { status: 'fixed', fixedCycle: this.cycle, verified: true }, note);
    this.summary.fixed++;
  }

  // ------------------------------------------------------------------ helpers

  private payload(r: Result) {
    return { target_key: r.targetKey ?? null, message_vi: r.message.vi, message_en: r.message.en, evidence: this.evidenceJson(r.evidence) };
  }

  /** Evidence shared by many results (frozen: the results file's one copy) is written out once, as one text. */
  private evidenceJson(evidence: Result['evidence']): string {
    if (!Object.isFrozen(evidence)) return JSON.stringify(evidence);
    let json = this.sharedEvidence.get(evidence);
    if (json === undefined) this.sharedEvidence.set(evidence, (json = JSON.stringify(evidence)));
    return json;
  }

  private dueFor(severity: Severity): string | null {
    let due = this.dueBySeverity.get(severity);
    if (due === undefined) {
      const days = this.opts.sla[severity];
      due = days === null || days === undefined ? null : addDays(this.auditDate, days);
      this.dueBySeverity.set(severity, due);
    }
    return due;
  }

  private event(finding: number | NewFinding, type: EventType, before: Record<string, unknown> | null, after: Record<string, unknown> | null, note: string | null = null): void {
    this.writes.event({ finding, type, before, after, note });
  }
}

/**
 * An older cycle imported after a newer one: the current state of every finding stays as the
 * newer cycle left it (old results would reopen what was fixed since). The older evidence is
 * kept in the history only: one `older_cycle_evidence` event per result about a known finding
 * or a failing result, and one `older_cycle_imported` event for the file.
 */
export function recordOlderCycle(db: TrackerDb, writer: EventWriter, results: Results, summary: ImportSummary, actor: string, now: Date): void {
  const at = now.toISOString();
  const ids = new Map<string, number>();
  for (const row of db.prepare('SELECT id, fingerprint FROM findings').iterate() as IterableIterator<{ id: number; fingerprint: string }>) ids.set(row.fingerprint, row.id);
  const seen = new Set<string>();
  for (const r of results.results) {
    const id = ids.get(r.fingerprint);
    if (seen.has(r.fingerprint) || (id === undefined && !FAILING.has(r.outcome))) continue;
    seen.add(r.fingerprint);
    writer.append({
      findingId: id ?? null, cycle: results.cycle, type: 'older_cycle_evidence', actor, at, before: null,
      after: { fingerprint: r.fingerprint, checkId: r.checkId, unit: r.unit, system: r.system, target: r.target, outcome: r.outcome, severity: r.severity },
      note: `from cycle ${results.cycle}, older than ${summary.newerCycle}: history only, the current state is unchanged`,
    });
    summary.historyOnly++;
  }
  writer.append({
    findingId: null, cycle: results.cycle, type: 'older_cycle_imported', actor, at, before: null,
    after: { file: summary.file, sha256: summary.sha256, results: summary.results, newerCycle: summary.newerCycle, evidence: summary.historyOnly },
    note: `cycle ${results.cycle} is older than ${summary.newerCycle}: recorded in the history only`,
  });
}
