import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openTracker } from '../../src/tracker/db/index.js';
import { importResultsFile } from '../../src/tracker/import.js';
import { readTrackerForReport } from '../../src/tracker/report-view.js';
import { fileHash, makeResults, runCli, tmpDir, writeJson } from './helpers.js';

let dir: string;
let good: string;
let results: string;
const t = { key: 'h', unit: 'van-phong', system: 'web', family: 'http' as const, target: 'https://a.example/' };
const res = (cycle: string, startedAt: string) =>
  makeResults({ cycle, startedAt, targets: [t], results: [{ checkId: 'http.hsts.missing', targetKey: 'h', outcome: 'fail', severity: 'high' }] });

beforeAll(() => {
  dir = tmpDir();
  good = path.join(dir, 'good.db');
  results = writeJson(dir, 'r.json', res('K2', '2025-04-10T00:00:00Z'));
  importResultsFile(good, results);
});

/** Runs the CLI and checks: exit 2, a message in the chosen language on stderr, and the database file unchanged. */
async function expectRefused(db: string, args: string[], pattern: RegExp, lang: 'vi' | 'en' = 'en', env: NodeJS.ProcessEnv = {}) {
  const before = fs.existsSync(db) ? fileHash(db) : null;
  const run = await runCli(['--lang', lang, ...args], { env: { ...env, ATTT_LANG: lang } });
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/internal error|lỗi nội bộ/);
  expect(fs.existsSync(db) ? fileHash(db) : null).toBe(before);
  return run;
}

describe('bad input: clear message, exit 2, database untouched', () => {
  it('results.json of another schema version, not results, not JSON', async () => {
    const db = path.join(dir, 'copy1.db');
    fs.copyFileSync(good, db);
    const v3 = writeJson(dir, 'v3.json', { ...res('K3', '2025-07-10T00:00:00Z'), schemaVersion: 3 });
    await expectRefused(db, ['tracker', 'import', v3, '--db', db], /schemaVersion 3 is newer than this attt reads/);
    await expectRefused(db, ['tracker', 'import', v3, '--db', db], /schemaVersion 3/, 'vi');
    const other = writeJson(dir, 'package.json', { name: 'x', version: '1.0.0' });
    await expectRefused(db, ['tracker', 'import', other, '--db', db], /is not an attt results file/);
    const notJson = path.join(dir, 'notes.txt');
    fs.writeFileSync(notJson, 'xin chào');
    await expectRefused(db, ['tracker', 'import', notJson, '--db', db], /is not valid JSON/);
    await expectRefused(db, ['tracker', 'import', path.join(dir, 'missing.json'), '--db', db], /Cannot read results file/);
    // Nor is a new database created for a bad file.
    const fresh = path.join(dir, 'never.db');
    await expectRefused(fresh, ['tracker', 'import', v3, '--db', fresh], /schemaVersion/);
    expect(fs.existsSync(fresh)).toBe(false);
  });

  it('a corrupt file, a foreign SQLite database, a newer schema, a missing database', async () => {
    const corrupt = path.join(dir, 'corrupt.db');
    fs.writeFileSync(corrupt, Buffer.concat([Buffer.from('not sqlite at all'), Buffer.alloc(4096, 7)]));
    await expectRefused(corrupt, ['tracker', 'import', results, '--db', corrupt], /is not an SQLite database/);
    await expectRefused(corrupt, ['tracker', 'list', '--db', corrupt], /is not an SQLite database/);
    await expectRefused(corrupt, ['tracker', 'verify', '--db', corrupt], /không phải cơ sở dữ liệu SQLite/, 'vi');

    // A real SQLite file whose pages were overwritten after the header.
    const damaged = path.join(dir, 'damaged.db');
    const bytes = fs.readFileSync(good);
    bytes.fill(0xab, 100, Math.min(bytes.length, 8192));
    fs.writeFileSync(damaged, bytes);
    await expectRefused(damaged, ['tracker', 'import', results, '--db', damaged], /is corrupt or not an attt tracker database \(SQLITE_(CORRUPT|NOTADB)\)/);

    const foreign = path.join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES (\'a\');');
    f.close();
    await expectRefused(foreign, ['tracker', 'import', results, '--db', foreign], /another SQLite database, not an attt tracker/);
    await expectRefused(foreign, ['tracker', 'stats', '--db', foreign], /not an attt tracker/);
    expect(fs.existsSync(`${foreign}-wal`)).toBe(false);

    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(good, newer);
    const n = new Database(newer);
    n.pragma('user_version = 99');
    n.close();
    await expectRefused(newer, ['tracker', 'import', results, '--db', newer], /schema version 99, newer than/);
    expect(() => openTracker(newer)).toThrow(/newer than/);

    const sameIdOtherTables = path.join(dir, 'id-only.db');
    const s = new Database(sameIdOtherTables);
    s.exec('CREATE TABLE t (x)');
    s.pragma(`application_id = ${APPLICATION_ID}`);
    s.close();
    await expectRefused(sameIdOtherTables, ['tracker', 'list', '--db', sameIdOtherTables], /not an attt tracker/);

    const missing = path.join(dir, 'nope', 'attt.db');
    await expectRefused(missing, ['tracker', 'list', '--db', missing], /No tracker database at/);
    await expectRefused(missing, ['tracker', 'verify', '--db', missing], /Chưa có cơ sở dữ liệu theo dõi/, 'vi');
    expect(fs.existsSync(missing)).toBe(false);
    expect(() => readTrackerForReport(missing, { cycle: 'K2' })).toThrow(/No tracker database/);
    expect(() => readTrackerForReport(good, { cycle: 'K9' })).toThrow(/Cycle "K9" has not been imported/);
  });

  it('an unknown finding id, an invalid date, an invalid status or option', async () => {
    const db = path.join(dir, 'copy2.db');
    fs.copyFileSync(good, db);
    await expectRefused(db, ['tracker', 'show', 'F-9999', '--db', db], /No finding "F-9999"/);
    await expectRefused(db, ['tracker', 'update', 'F-0042', '--db', db, '--owner', 'x'], /No finding "F-0042"/);
    await expectRefused(db, ['tracker', 'accept', 'F-0042', '--db', db, '--until', '2099-01-01', '--reason', 'r', '--approver', 'a'], /Không có phát hiện "F-0042"/, 'vi');
    await expectRefused(db, ['tracker', 'show', 'not-an-id', '--db', db], /No finding "not-an-id"/);
    await expectRefused(db, ['tracker', 'update', 'F-0001', '--db', db, '--due', '2025-02-30'], /Invalid date for --due: "2025-02-30"/);
    await expectRefused(db, ['tracker', 'update', 'F-0001', '--db', db, '--due', 'next week'], /Ngày không hợp lệ cho --due/, 'vi');
    await expectRefused(db, ['tracker', 'accept', 'F-0001', '--db', db, '--until', '12/31/2099', '--reason', 'r', '--approver', 'a'], /Invalid date for --until: "12\/31\/2099"/);
    await expectRefused(db, ['tracker', 'accept', 'F-0001', '--db', db, '--until', '2001-01-01', '--reason', 'r', '--approver', 'a'], /is in the past/);
    await expectRefused(db, ['tracker', 'update', 'F-0001', '--db', db, '--status', 'risk_accepted'], /Allowed choices are|invalid/i);
    await expectRefused(db, ['tracker', 'update', 'F-0001', '--db', db], /Nothing to update/);
    await expectRefused(db, ['tracker', 'list', '--db', db, '--severity', 'urgent'], /Invalid value for --severity: urgent/);
    await expectRefused(db, ['tracker', 'import', results, '--db', db, '--sla', 'high=soon'], /Invalid --sla/);
    await expectRefused(db, ['tracker', 'list', '--db', db], /ATTT_NOW is not a valid time/, 'en', { ATTT_NOW: 'yesterday' });
  });
});
