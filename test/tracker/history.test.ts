import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { openTracker } from '../../src/tracker/db/index.js';
import { updateFinding } from '../../src/tracker/findings.js';
import { canonicalJson, eventHash, verifyChain, type EventRow } from '../../src/tracker/history.js';
import { importResultsFile } from '../../src/tracker/import.js';
import { recordSignOff } from '../../src/tracker/signoff.js';
import { readTrackerForReport } from '../../src/tracker/report-view.js';
import { makeResults, runCli, tmpDir, writeJson } from './helpers.js';

let base: string;
let dir: string;

/** A database with a few findings and events: 1–4 opened, 5 imported, 6–7 updates, 8 signed off. */
beforeAll(() => {
  dir = tmpDir();
  base = path.join(dir, 'base.db');
  const t = { key: 'h', unit: 'van-phong', system: 'web', family: 'http' as const, target: 'https://a.example/' };
  const res = makeResults({
    cycle: 'K1', startedAt: '2025-01-10T02:00:00Z', targets: [t],
    results: ['http.hsts.missing', 'http.csp.missing', 'http.clickjacking', 'http.cookie.insecure'].map((checkId) => ({ checkId, targetKey: 'h', outcome: 'fail' as const, severity: 'medium' as const })),
  });
  importResultsFile(base, writeJson(dir, 'r.json', res), { actor: 'importer' });
  const db = openTracker(base);
  updateFinding(db, 'F-0002', { owner: 'Lê Văn C', note: 'giao việc' });
  updateFinding(db, 'F-0003', { status: 'in_progress' });
  db.close();
  recordSignOff(base, { file: 'bao-cao.pdf', sha256: 'a'.repeat(64), signer: 'CN=Nguyễn Văn A', signedAt: '2025-01-20T08:00:00Z' });
});

function copy(name: string): string {
  const file = path.join(dir, name);
  fs.copyFileSync(base, file);
  return file;
}

/** Tamper like an attacker with the file: drop the append-only triggers first. */
function tamper(file: string, sql: string, params: unknown[] = []): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
  db.prepare(sql).run(...params);
  db.close();
}

describe('hash-chained history', () => {
  it('an untouched history verifies, and the sign-off is a history event read back by the report view', async () => {
    const file = copy('ok.db');
    const r = verifyChain(new Database(file, { readonly: true }));
    expect(r).toMatchObject({ ok: true, events: 8, headSeq: 8, problems: [] });
    const cli = await runCli(['tracker', 'verify', '--db', file]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('History intact: 8 events');
    expect(readTrackerForReport(file, { cycle: 'K1' }).signOffs).toEqual([{ file: 'bao-cao.pdf', sha256: 'a'.repeat(64), signer: 'CN=Nguyễn Văn A', signedAt: '2025-01-20T08:00:00Z' }]);
  });

  it('the events table refuses UPDATE and DELETE (triggers)', () => {
    const db = new Database(copy('trig.db'));
    expect(() => db.prepare(`UPDATE events SET note = 'x' WHERE seq = 1`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 1').run()).toThrow(/append-only/);
    db.close();
  });

  it('names an edited event', async () => {
    const file = copy('edited.db');
    tamper(file, `UPDATE events SET actor = 'someone-else' WHERE seq = 6`);
    const cli = await runCli(['--json', 'tracker', 'verify', '--db', file]);
    expect(cli.code).toBe(1);
    const report = JSON.parse(cli.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'edited', seq: 6, findingId: 'F-0002' });
    const human = await runCli(['--lang', 'vi', 'tracker', 'verify', '--db', file], { env: { ATTT_LANG: 'vi' } });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('sự kiện #6 (phát hiện F-0002) bị sửa');
  });

  it('names a deleted event in the middle and at the end', async () => {
    const mid = copy('deleted.db');
    tamper(mid, 'DELETE FROM events WHERE seq = 3');
    expect(verifyChain(new Database(mid, { readonly: true })).problems[0]).toMatchObject({ kind: 'deleted', seq: 3 });
    const tail = copy('deleted-tail.db');
    tamper(tail, 'DELETE FROM events WHERE seq = 8');
    const cli = await runCli(['tracker', 'verify', '--db', tail]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('event #8 deleted');
    expect(verifyChain(new Database(tail, { readonly: true })).problems[0]).toMatchObject({ kind: 'deleted', seq: 8 });
  });

  it('names an inserted event: appended past the head, or forged in place with a valid own hash', () => {
    const appended = copy('inserted.db');
    const ro = new Database(appended, { readonly: true });
    const last = ro.prepare('SELECT * FROM events ORDER BY seq DESC LIMIT 1').get() as EventRow;
    ro.close();
    const forged: Omit<EventRow, 'hash'> = { seq: 9, finding_id: 1, cycle: null, type: 'updated', actor: 'mallory', at: '2025-01-21T00:00:00Z', before: canonicalJson({ status: 'open' }), after: canonicalJson({ status: 'fixed' }), note: null, prev_hash: last.hash };
    tamper(appended, 'INSERT INTO events (seq, finding_id, cycle, type, actor, at, before, after, note, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)', [
      forged.seq, forged.finding_id, forged.cycle, forged.type, forged.actor, forged.at, forged.before, forged.after, forged.note, forged.prev_hash, eventHash(forged),
    ]);
    expect(verifyChain(new Database(appended, { readonly: true })).problems[0]).toMatchObject({ kind: 'inserted', seq: 9, findingId: 'F-0001' });

    // Replace event 6 by a forged one chained correctly to event 5: event 7 no longer links to it.
    const replaced = copy('replaced.db');
    const ro2 = new Database(replaced, { readonly: true });
    const e5 = ro2.prepare('SELECT * FROM events WHERE seq = 5').get() as EventRow;
    ro2.close();
    const fake: Omit<EventRow, 'hash'> = { seq: 6, finding_id: 4, cycle: null, type: 'updated', actor: 'mallory', at: '2025-01-21T00:00:00Z', before: null, after: null, note: 'forged', prev_hash: e5.hash };
    tamper(replaced, 'DELETE FROM events WHERE seq = 6');
    tamper(replaced, 'INSERT INTO events (seq, finding_id, cycle, type, actor, at, before, after, note, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)', [
      fake.seq, fake.finding_id, fake.cycle, fake.type, fake.actor, fake.at, fake.before, fake.after, fake.note, fake.prev_hash, eventHash(fake),
    ]);
    expect(verifyChain(new Database(replaced, { readonly: true })).problems[0]).toMatchObject({ kind: 'inserted', seq: 6, findingId: 'F-0004' });
  });

  it('writes go on chaining after a verify, and concurrent writers never fork the chain', () => {
    const file = copy('more.db');
    const a = openTracker(file);
    const b = openTracker(file);
    updateFinding(a, 'F-0001', { note: 'a' });
    updateFinding(b, 'F-0001', { note: 'b' });
    updateFinding(a, 'F-0004', { owner: 'x' });
    expect(verifyChain(a)).toMatchObject({ ok: true, events: 11 });
    a.close();
    b.close();
  });
});
