import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTracker } from '../../src/tracker/db/index.js';
import { updateFinding } from '../../src/tracker/findings.js';
import { eventHash, type EventRow } from '../../src/tracker/history.js';
import { importResultsFile } from '../../src/tracker/import.js';
import { makeResults, runCli, tmpDir, writeJson } from './helpers.js';

/**
 * Tampering with the tracker's state, as someone who can write the SQLite file would: the
 * findings table changed without history, a history recomputed from some point on, a history
 * cut short. `attt tracker verify` must name each, the last two through the anchor a signed
 * report carries.
 */
let dir: string;
let base: string;
let resultsFile: string;
let report: string;

beforeAll(async () => {
  dir = tmpDir('attt-state-');
  base = path.join(dir, 'base.db');
  const t = { key: 'h', unit: 'van-phong', system: 'web', family: 'http' as const, target: 'https://a.example/' };
  const res = makeResults({
    cycle: 'K1', startedAt: '2025-01-10T02:00:00Z', targets: [t],
    results: ['http.hsts.missing', 'http.csp.missing', 'http.clickjacking'].map((checkId, i) => ({ checkId, targetKey: 'h', outcome: 'fail' as const, severity: (['high', 'medium', 'low'] as const)[i] })),
  });
  resultsFile = writeJson(dir, 'results.json', res);
  importResultsFile(base, resultsFile, { actor: 'importer' });
  const db = openTracker(base);
  updateFinding(db, 'F-0001', { owner: 'Lê Văn C', due: '2025-03-01' });
  updateFinding(db, 'F-0002', { status: 'in_progress' });
  db.close();
  // A report built with the tracker carries the chain head; this is the one the head signs.
  report = path.join(dir, 'bao-cao.html');
  const built = await runCli(['report', 'build', '--results', resultsFile, '--tracker', base, '--format', 'html', '--out', report]);
  expect(built.code).toBe(0);
});

function copy(name: string): string {
  const file = path.join(dir, name);
  fs.copyFileSync(base, file);
  return file;
}

function sql(file: string, statements: string): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
  db.exec(statements);
  db.close();
}

async function verify(file: string, extra: string[] = []) {
  const r = await runCli(['--json', 'tracker', 'verify', '--db', file, ...extra]);
  return { code: r.code, v: JSON.parse(r.stdout) };
}

describe('findings table against the history', () => {
  it('an untouched tracker verifies', async () => {
    const { code, v } = await verify(copy('ok.db'));
    expect(code).toBe(0);
    expect(v.state).toEqual([]);
  });

  it.each([
    ['status', `UPDATE findings SET status = 'fixed' WHERE id = 1`, { kind: 'changed', findingId: 'F-0001', fields: [{ field: 'status', expected: 'open', stored: 'fixed' }] }],
    ['severity', `UPDATE findings SET severity = 'low' WHERE id = 1`, { kind: 'changed', findingId: 'F-0001', fields: [{ field: 'severity', expected: 'high', stored: 'low' }] }],
    ['owner', `UPDATE findings SET owner = 'Người khác' WHERE id = 1`, { kind: 'changed', findingId: 'F-0001', fields: [{ field: 'owner', expected: 'Lê Văn C', stored: 'Người khác' }] }],
    ['due date', `UPDATE findings SET due = '2099-01-01' WHERE id = 1`, { kind: 'changed', findingId: 'F-0001', fields: [{ field: 'due', expected: '2025-03-01', stored: '2099-01-01' }] }],
    ['deletion', `DELETE FROM findings WHERE id = 3`, { kind: 'deleted', findingId: 'F-0003', fields: [] }],
    ['insertion', `INSERT INTO findings (id, fingerprint, check_id, unit, system, target, severity, status, first_seen, last_seen, opened_at, message_vi, message_en, evidence)
       SELECT 4, 'forged', check_id, unit, system, target, severity, 'open', first_seen, last_seen, opened_at, message_vi, message_en, evidence FROM findings WHERE id = 3`, { kind: 'inserted', findingId: 'F-0004', fields: [] }],
  ])('names the finding when the table is changed outside attt: %s', async (what, statement, expected) => {
    const file = copy(`state-${what.replace(/\s/g, '')}.db`);
    sql(file, statement);
    const { code, v } = await verify(file);
    expect(code).toBe(1);
    expect(v.problems).toEqual([]); // the history itself is untouched
    expect(v.state).toEqual([expected]);
  }, 120_000);

  it('says so in words, naming the finding', async () => {
    const file = copy('words.db');
    sql(file, `UPDATE findings SET status = 'fixed' WHERE id = 2`);
    const r = await runCli(['--lang', 'en', 'tracker', 'verify', '--db', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('F-0002 changed outside attt: status "fixed" (history: "in_progress")');
  });
});

describe('anchored in the signed report', () => {
  it('the report annex carries the chain head, and it matches', async () => {
    const text = fs.readFileSync(report, 'utf8');
    const m = /chain-head:(\d+):([0-9a-f]{64})/.exec(text);
    expect(m).not.toBeNull();
    const { code, v } = await verify(copy('anchored.db'), ['--anchor', report]);
    expect(code).toBe(0);
    expect(v.anchor).toMatchObject({ ok: true, anchor: { events: Number(m![1]), hash: m![2] } });
  });

  it('a history recomputed after a rewrite passes the chain check but not the anchor', async () => {
    const file = copy('rewritten.db');
    // Change an event's content, then recompute every hash from there and the stored head.
    const db = new Database(file);
    db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
    db.prepare(`UPDATE events SET after = '{"due":"2025-03-01","owner":"Người khác"}' WHERE seq = (SELECT MAX(seq) - 1 FROM events)`).run();
    db.prepare(`UPDATE findings SET owner = 'Người khác' WHERE id = 1`).run();
    let prev = '0'.repeat(64);
    for (const row of db.prepare('SELECT * FROM events ORDER BY seq').all() as EventRow[]) {
      const { hash: _old, ...rest } = row;
      const hash = eventHash({ ...rest, prev_hash: prev });
      db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
      prev = hash;
    }
    db.prepare(`UPDATE attt_meta SET value = ? WHERE key = 'chain_head_hash'`).run(prev);
    db.close();
    const plain = await verify(file);
    expect(plain.code).toBe(0); // internally consistent: only an anchor kept elsewhere can tell
    const anchored = await verify(file, ['--anchor', report]);
    expect(anchored.code).toBe(1);
    expect(anchored.v.anchor.problem).toBe('rewritten');
  }, 120_000);

  it('a history cut short (last event deleted, stored head reset) is caught by the anchor', async () => {
    const file = copy('truncated.db');
    const db = new Database(file);
    db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
    const last = db.prepare('SELECT seq FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number };
    db.prepare('DELETE FROM events WHERE seq = ?').run(last.seq);
    const head = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    db.prepare(`UPDATE attt_meta SET value = ? WHERE key = 'chain_head_seq'`).run(String(head.seq));
    db.prepare(`UPDATE attt_meta SET value = ? WHERE key = 'chain_head_hash'`).run(head.hash);
    // The last event was F-0002's status change: put the row back as the shortened history says.
    db.prepare(`UPDATE findings SET status = 'open' WHERE id = 2`).run();
    db.close();
    expect((await verify(file)).code).toBe(0);
    const r = await runCli(['--lang', 'en', 'tracker', 'verify', '--db', file, '--anchor', report]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('truncated');
    const m = /chain-head:(\d+):([0-9a-f]{64})/.exec(fs.readFileSync(report, 'utf8'))!;
    const byHash = await verify(file, ['--anchor', `${m[1]}:${m[2]}`]);
    expect(byHash.v.anchor.problem).toBe('truncated');
  }, 180_000);

  it('an anchor that is neither a report with a chain head nor a hash is bad input (exit 2)', async () => {
    const r = await runCli(['tracker', 'verify', '--db', copy('bad-anchor.db'), '--anchor', resultsFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('chain-head');
  });
});
