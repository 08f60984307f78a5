import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { Result, Results, Severity } from '../results/index.js';
import { readResults } from '../results/index.js';
import { inWriteTransaction, openTracker, type TrackerDb } from './db.js';
import { EventWriter } from './history.js';
import { addDays, DEFAULT_SLA_DAYS, localDate, SYSTEM_ACTOR, type FindingRow, type SlaDays } from './model.js';

export interface ImportOptions {
  /** Who imports (recorded on every event). Default `attt`. */
  actor?: string;
  /** The clock: acceptance expiry and event times. Default: now. */
  now?: Date;
  /** Days to remediate per severity, over DEFAULT_SLA_DAYS (critical 7, high 30, medium 90, low 180). */
  sla?: SlaDays;
  /** Called every 1,000 results inside the transaction (progress display). */
  onProgress?: (done: number, total: number) => void;
}

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
  /** Targets that errored or were out of scope: their findings were left as they were. */
  targetsNotObserved: number;
  events: number;
}

const FAILING = new Set(['fail', 'unanswered']);

function checkTargetKey(checkId: string, unit: string, system: string, target: string): string {
  return `${checkId}\u0000${unit}\u0000${system}\u0000${target}`;
}

/** Return risk acceptances whose `until` date has passed to open, with an event each. */
export function expireAcceptances(db: TrackerDb, writer: EventWriter, now: Date): number {
  const today = localDate(now);
  const rows = db.prepare(`SELECT id, accepted_until FROM findings WHERE status = 'risk_accepted' AND accepted_until < ?`).all(today) as Array<{ id: number; accepted_until: string }>;
  const update = db.prepare(`UPDATE findings SET status = 'open' WHERE id = ?`);
  for (const r of rows) {
    update.run(r.id);
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
 * re-import semantics; see docs/tracker.md). Idempotent: the same file twice changes nothing,
 * and a finding is closed only on evidence from a target that was observed.
 */
export function importResults(db: TrackerDb, results: Results, source: { file: string; sha256: string }, opts: ImportOptions = {}): ImportSummary {
  const now = opts.now ?? new Date();
  const nowIso = now.toISOString();
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const sla: SlaDays = { ...DEFAULT_SLA_DAYS, ...(opts.sla ?? {}) };
  const cycle = results.cycle;
  const auditDate = localDate(new Date(results.startedAt));
  const fixedAt = results.finishedAt;

  return inWriteTransaction(db, () => {
    const writer = new EventWriter(db);
    const summary: ImportSummary = {
      cycle, file: source.file, sha256: source.sha256, alreadyImported: false, cycleUpdated: false,
      results: results.results.length, opened: 0, stillFailing: 0, fixed: 0, regressed: 0, reopened: 0, expired: 0,
      targetsNotObserved: results.targets.filter((t) => t.status !== 'ok').length, events: 0,
    };
    summary.expired = expireAcceptances(db, writer, now);

    if (db.prepare('SELECT 1 FROM imports WHERE sha256 = ?').get(source.sha256)) {
      summary.alreadyImported = true;
      writer.finish();
      summary.events = writer.count;
      return summary;
    }

    const existingCycle = db.prepare('SELECT cycle FROM cycles WHERE cycle = ?').get(cycle);
    if (existingCycle) {
      summary.cycleUpdated = true;
    } else {
      const later = db.prepare('SELECT cycle, started_at FROM cycles WHERE started_at > ? ORDER BY ord DESC LIMIT 1').get(results.startedAt) as { cycle: string; started_at: string } | undefined;
      if (later) {
        throw new InputError('ATTT_TRACKER_CYCLE_ORDER', {
          vi: `Kỳ "${cycle}" (bắt đầu ${results.startedAt}) cũ hơn kỳ "${later.cycle}" đã nhập (bắt đầu ${later.started_at}). Nhập kết quả cũ sau kết quả mới sẽ mở lại sai các phát hiện đã khắc phục; không thay đổi gì.`,
          en: `Cycle "${cycle}" (started ${results.startedAt}) is older than the imported cycle "${later.cycle}" (started ${later.started_at}). Importing older results after newer ones would wrongly reopen fixed findings; nothing was changed.`,
        });
      }
      const ord = ((db.prepare('SELECT MAX(ord) AS m FROM cycles').get() as { m: number | null }).m ?? 0) + 1;
      db.prepare('INSERT INTO cycles (cycle, ord, started_at, first_imported_at) VALUES (?, ?, ?, ?)').run(cycle, ord, results.startedAt, nowIso);
    }

    // Which targets were observed, by observation key and by (unit, system, label).
    const statusByKey = new Map<string, string>();
    const statusesByLabel = new Map<string, string[]>();
    for (const t of results.targets) {
      statusByKey.set(t.key, t.status);
      const k = `${t.unit}\u0000${t.system}\u0000${t.target}`;
      statusesByLabel.set(k, [...(statusesByLabel.get(k) ?? []), t.status]);
    }
    const observed = (r: { unit: string; system: string; target: string; targetKey?: string | null }): boolean => {
      if (r.targetKey) {
        const s = statusByKey.get(r.targetKey);
        if (s !== undefined) return s === 'ok';
      }
      const list = statusesByLabel.get(`${r.unit}\u0000${r.system}\u0000${r.target}`);
      return list !== undefined && list.length > 0 && list.every((s) => s === 'ok');
    };

    // One verdict per fingerprint (a failure wins over anything else), and the checks that
    // really ran (pass or fail) on each observed target.
    const byFingerprint = new Map<string, Result>();
    const ranOn = new Set<string>();
    const rank = (o: string) => (FAILING.has(o) ? 3 : o === 'error' ? 2 : o === 'not_applicable' ? 1 : 0);
    for (const r of results.results) {
      const prev = byFingerprint.get(r.fingerprint);
      if (!prev || rank(r.outcome) > rank(prev.outcome)) byFingerprint.set(r.fingerprint, r);
      if ((r.outcome === 'pass' || FAILING.has(r.outcome)) && observed(r)) ranOn.add(checkTargetKey(r.checkId, r.unit, r.system, r.target));
    }

    const findings = new Map<string, FindingRow>();
    for (const f of db.prepare('SELECT * FROM findings').iterate() as IterableIterator<FindingRow>) findings.set(f.fingerprint, f);

    const insert = db.prepare(
      `INSERT INTO findings (fingerprint, check_id, unit, system, target, target_key, severity, status, regression, owner, due,
         first_seen, last_seen, opened_at, message_vi, message_en, evidence)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const seen = db.prepare(`UPDATE findings SET last_seen = @cycle, target_key = @target_key, message_vi = @message_vi, message_en = @message_en, evidence = @evidence WHERE id = @id`);
    const setSeverity = db.prepare('UPDATE findings SET severity = ? WHERE id = ?');
    const reopen = db.prepare(
      `UPDATE findings SET status = 'open', regression = @regression, due = @due, last_seen = @cycle, fixed_cycle = NULL, fixed_at = NULL,
         fixed_verified = 0, message_vi = @message_vi, message_en = @message_en, evidence = @evidence WHERE id = @id`,
    );
    const fix = db.prepare(`UPDATE findings SET status = 'fixed', regression = 0, fixed_cycle = ?, fixed_at = ?, fixed_verified = 1 WHERE id = ?`);
    const dueBySeverity = new Map<Severity, string | null>();
    const dueFor = (severity: Severity) => {
      let due = dueBySeverity.get(severity);
      if (due === undefined) {
        const days = sla[severity];
        due = days === null || days === undefined ? null : addDays(auditDate, days);
        dueBySeverity.set(severity, due);
      }
      return due;
    };
    const ev = (findingId: number, type: Parameters<EventWriter['append']>[0]['type'], before: Record<string, unknown> | null, after: Record<string, unknown> | null, note: string | null = null) =>
      writer.append({ findingId, cycle, type, actor, at: nowIso, before, after, note });

    // The inventory's owner of a system (or of its unit) becomes the owner of its new findings.
    const owners = new Map<string, string>();
    for (const u of results.inventory?.units ?? []) {
      const text = (o?: { name: string; email?: string }) => (o ? `${o.name}${o.email ? ` <${o.email}>` : ''}` : undefined);
      for (const s of u.systems) {
        const o = text(s.owner) ?? text(u.owner);
        if (o) owners.set(`${u.id}\u0000${s.id}`, o);
      }
    }
    const ownerOf = (unit: string, system: string): string | null => owners.get(`${unit}\u0000${system}`) ?? null;
    const failing = new Set<string>();
    let done = 0;
    for (const r of byFingerprint.values()) {
      if (++done % 1000 === 0) opts.onProgress?.(done, byFingerprint.size);
      if (!FAILING.has(r.outcome)) continue;
      failing.add(r.fingerprint);
      const payload = { cycle, target_key: r.targetKey ?? null, message_vi: r.message.vi, message_en: r.message.en, evidence: JSON.stringify(r.evidence) };
      const f = findings.get(r.fingerprint);
      if (!f) {
        const due = dueFor(r.severity);
        const info = insert.run(
          r.fingerprint, r.checkId, r.unit, r.system, r.target, payload.target_key, r.severity, ownerOf(r.unit, r.system), due,
          cycle, cycle, results.startedAt, payload.message_vi, payload.message_en, payload.evidence,
        );
        ev(Number(info.lastInsertRowid), 'opened', null, { status: 'open', severity: r.severity, due, cycle, outcome: r.outcome, ...(ownerOf(r.unit, r.system) ? { owner: ownerOf(r.unit, r.system) } : {}) });
        summary.opened++;
        continue;
      }
      if (f.severity !== r.severity) {
        setSeverity.run(r.severity, f.id);
        ev(f.id, 'severity_changed', { severity: f.severity }, { severity: r.severity });
      }
      if (f.status === 'fixed') {
        const isRegression = f.fixed_verified === 1 && f.fixed_cycle !== cycle;
        const due = isRegression ? dueFor(r.severity) : f.due;
        reopen.run({ ...payload, id: f.id, regression: isRegression ? 1 : 0, due });
        if (isRegression) {
          ev(f.id, 'regressed', { status: 'fixed', fixedCycle: f.fixed_cycle, due: f.due }, { status: 'open', regression: true, due, lastSeen: cycle }, `fixed in ${f.fixed_cycle}, failing again in ${cycle}`);
          summary.regressed++;
        } else {
          const note = f.fixed_verified === 1 ? `an earlier file of ${cycle} showed it fixed; this one shows it failing` : `marked fixed by hand, but ${cycle} still shows it failing`;
          ev(f.id, 'reopened', { status: 'fixed' }, { status: 'open', lastSeen: cycle }, note);
          summary.reopened++;
        }
        continue;
      }
      summary.stillFailing++;
      if (f.last_seen !== cycle) {
        seen.run({ ...payload, id: f.id });
        ev(f.id, 'seen', { lastSeen: f.last_seen }, { lastSeen: cycle });
      }
    }

    // Close what this cycle shows fixed, on evidence only.
    for (const f of findings.values()) {
      if (failing.has(f.fingerprint)) continue;
      const closable = f.status === 'open' || f.status === 'in_progress' || f.status === 'risk_accepted' || (f.status === 'fixed' && f.fixed_verified === 0);
      if (!closable) continue;
      const r = byFingerprint.get(f.fingerprint);
      const where = { unit: f.unit, system: f.system, target: f.target, targetKey: r?.targetKey ?? f.target_key };
      let evidence = false;
      if (r) evidence = r.outcome === 'pass' && observed(where);
      else evidence = ranOn.has(checkTargetKey(f.check_id, f.unit, f.system, f.target));
      if (!evidence) continue;
      fix.run(cycle, fixedAt, f.id);
      const type = f.status === 'fixed' ? 'verified' : 'fixed';
      ev(f.id, type, { status: f.status }, { status: 'fixed', fixedCycle: cycle, verified: true }, r ? `check passed in ${cycle}` : `check ran in ${cycle} without this finding`);
      summary.fixed++;
    }

    const upsertGrade = db.prepare(
      `INSERT INTO grades (cycle, target_key, unit, system, target, grade) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(cycle, target_key) DO UPDATE SET grade = excluded.grade, unit = excluded.unit, system = excluded.system, target = excluded.target`,
    );
    const targetByKey = new Map(results.targets.map((t) => [t.key, t]));
    for (const [key, grade] of Object.entries(results.summary.grades)) {
      const t = targetByKey.get(key);
      if (t) upsertGrade.run(cycle, key, t.unit, t.system, t.target, grade);
    }

    snapshotCycleStats(db, cycle);
    db.prepare(`INSERT INTO imports (cycle, file, sha256, imported_at, actor, results, opened, fixed, regressed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      cycle, source.file, source.sha256, nowIso, actor, summary.results, summary.opened, summary.fixed, summary.regressed,
    );
    writer.append({
      findingId: null, cycle, type: 'imported', actor, at: nowIso, before: null,
      after: { file: source.file, sha256: source.sha256, results: summary.results, opened: summary.opened, fixed: summary.fixed, regressed: summary.regressed, reopened: summary.reopened },
      note: summary.cycleUpdated ? `update of cycle ${cycle}` : null,
    });
    writer.finish();
    summary.events = writer.count;
    opts.onProgress?.(byFingerprint.size, byFingerprint.size);
    return summary;
  });
}

/** Per unit, the state at the end of this cycle's import (for the per-cycle trend). */
function snapshotCycleStats(db: TrackerDb, cycle: string): void {
  db.prepare('DELETE FROM cycle_stats WHERE cycle = ?').run(cycle);
  db.prepare(
    `INSERT INTO cycle_stats (cycle, unit, open_critical, open_high, open_medium, open_low, open_info, new, fixed, regressed)
     SELECT @cycle, f.unit,
       SUM(f.open AND f.severity = 'critical'), SUM(f.open AND f.severity = 'high'), SUM(f.open AND f.severity = 'medium'),
       SUM(f.open AND f.severity = 'low'), SUM(f.open AND f.severity = 'info'),
       SUM(f.first_seen IS @cycle), SUM(f.fixed_cycle IS @cycle), SUM(r.fid IS NOT NULL)
     FROM (SELECT id, unit, severity, first_seen, fixed_cycle, status IN ('open', 'in_progress') AS open FROM findings) f
     LEFT JOIN (SELECT DISTINCT finding_id AS fid FROM events WHERE type = 'regressed' AND cycle = @cycle) r ON r.fid = f.id
     GROUP BY f.unit`,
  ).run({ cycle });
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
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
    return importResults(db, results, { file: path.basename(resultsPath), sha256 }, opts);
  } finally {
    db.close();
  }
}
