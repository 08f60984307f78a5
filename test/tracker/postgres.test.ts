/**
 * What only the central PostgreSQL tracker has to prove (the shared behaviour runs on both
 * engines in the other tracker tests): officers in separate processes at once, the password
 * never shown, a server that is down or goes away mid-import, and `tracker migrate`.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTracker } from '../../src/tracker/db/index.js';
import { verifyChain } from '../../src/tracker/history.js';
import { importResultsFile } from '../../src/tracker/import.js';
import { TrackerWebStore } from '../../src/web/store.js';
import { startPostgresCluster, type PgCluster } from '../helpers/postgres.js';
import { startCli } from './spawn.js';
import { dumpDb, makeResults, runCli, tmpDir, writeJson, type ResultSpec, type TargetSpec } from './helpers.js';

let cluster: PgCluster;

beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterAll(async () => {
  await cluster?.destroy();
});

function unitResults(unit: string, cycle: string, startedAt: string, hosts: number, perHost: number, outcome: 'fail' | 'pass' = 'fail') {
  const targets: TargetSpec[] = [];
  const results: ResultSpec[] = [];
  for (let h = 0; h < hosts; h++) {
    targets.push({ key: `${unit}-${h}`, unit, system: `he-thong-${h % 3}`, family: 'ports', target: `127.1.${h}.1` });
    for (let p = 0; p < perHost; p++) results.push({ checkId: 'ports.unexpected-open', targetKey: `${unit}-${h}`, outcome, severity: p % 2 ? 'low' : 'high', discriminator: String(2000 + p) });
  }
  return makeResults({ cycle, startedAt, targets, results });
}

describe('the tracker on PostgreSQL', () => {
  it('officers updating findings from separate processes at once lose no update, and the chain stays whole', async () => {
    const dir = tmpDir();
    const url = await cluster.createDatabase();
    importResultsFile(url, writeJson(dir, 'k1.json', unitResults('van-phong', 'K1', '2026-01-10T00:00:00Z', 4, 5)));
    const eventsBefore = dumpDb(url).events.length;
    // Eight officers: each takes a finding of their own and adds a note to the same shared one.
    const officers = Array.from({ length: 8 }, (_, i) => i + 1);
    const runs = await Promise.all(officers.flatMap((i) => [
      startCli(['--json', 'tracker', 'update', `F-${String(i + 1).padStart(4, '0')}`, '--owner', `can-bo-${i}`, '--status', 'in_progress', '--db', url, '--actor', `can-bo-${i}`]),
      startCli(['--json', 'tracker', 'update', 'F-0001', '--note', `ghi chú của cán bộ ${i}`, '--db', url, '--actor', `can-bo-${i}`]),
      // Verifying while they write reads one snapshot: never a false alarm (exit 1).
      ...(i % 3 === 0 ? [startCli(['tracker', 'verify', '--db', url])] : []),
    ]));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const dump = dumpDb(url);
    const findings = dump.findings as Array<{ id: number; owner: string | null; status: string }>;
    for (const i of officers) expect(findings.find((f) => f.id === i + 1)).toMatchObject({ owner: `can-bo-${i}`, status: 'in_progress' });
    const events = dump.events as Array<{ finding_id: number; note: string | null; seq: number }>;
    expect(events).toHaveLength(eventsBefore + 16);
    expect(events.filter((e) => e.finding_id === 1 && e.note?.startsWith('ghi chú')).map((e) => e.note).sort()).toEqual(officers.map((i) => `ghi chú của cán bộ ${i}`).sort());
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const verify = await runCli(['--json', 'tracker', 'verify', '--db', url]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, events: eventsBefore + 16 });
  });

  it('ATTT_DB selects the database; the password never appears in output or errors', async () => {
    const dir = tmpDir();
    const url = await cluster.createDatabase();
    const file = writeJson(dir, 'k1.json', unitResults('ke-toan', 'K1', '2026-01-10T00:00:00Z', 2, 3));
    const imported = await runCli(['--json', 'tracker', 'import', file], { env: { ATTT_DB: url } });
    expect(imported.code, imported.stderr).toBe(0);
    const list = await runCli(['--json', 'tracker', 'list'], { env: { ATTT_DB: url } });
    expect(JSON.parse(list.stdout)).toHaveLength(6);
    const stats = await runCli(['tracker', 'stats', '--db', url]);
    expect(stats.stdout).toContain('ke-toan');
    const doctor = await runCli(['--json', 'doctor', '--db', url]);
    expect(doctor.stdout).toContain(`postgres://attt_officer:***@127.0.0.1:${cluster.port}/`);
    const users = await runCli(['--json', 'users', 'add', 'quantri', '--role', 'admin', '--db', url], { env: { ATTT_USER_PASSWORD: 'mat-khau-dai-du-12' } });
    expect(users.code, users.stderr).toBe(0);
    expect(JSON.parse(users.stdout).db).toBe(url.replace(`:${cluster.password}@`, ':***@'));

    const report = await runCli(['report', 'build', '--results', file, '--tracker', url, '--format', 'md', '--out', path.join(dir, 'bao-cao.md')]);
    expect(report.code, report.stderr).toBe(0);
    const otherCycle = writeJson(dir, 'k9.json', unitResults('ke-toan', 'K9', '2026-09-10T00:00:00Z', 1, 1));
    const notImported = await runCli(['report', 'build', '--results', otherCycle, '--tracker', url, '--format', 'md', '--out', path.join(dir, 'k9.md')]);
    expect(notImported.code).toBe(2);
    expect(notImported.stderr).toContain('Cycle "K9" has not been imported into tracker postgres://attt_officer:***@');

    const wrong = cluster.url(url.split('/').pop(), { password: 'sai-mat-khau-bi-mat' });
    const refused = await runCli(['tracker', 'list', '--db', wrong]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused the login/);
    expect(refused.stderr).toContain(`127.0.0.1:${cluster.port}`);
    const inQuery = `postgres://attt_officer@127.0.0.1:${cluster.port}/${url.split('/').pop()}?password=sai-mat-khau-bi-mat`;
    const refused2 = await runCli(['tracker', 'list', '--db', inQuery]);
    expect(refused2.code).toBe(2);
    for (const r of [imported, list, stats, doctor, users, report, notImported, refused, refused2]) {
      expect(r.stdout + r.stderr).not.toContain(cluster.password);
      expect(r.stdout + r.stderr).not.toContain('sai-mat-khau-bi-mat');
    }
  });

  it('a server that is down, or goes away in the middle of an import: a clear error naming it, exit 3, nothing half-written', async () => {
    const dir = tmpDir();
    const url = await cluster.createDatabase();
    importResultsFile(url, writeJson(dir, 'k1.json', unitResults('phong-a', 'K1', '2026-01-10T00:00:00Z', 5, 20)));
    const before = dumpDb(url);
    const second = writeJson(dir, 'k2.json', unitResults('phong-a', 'K2', '2026-04-10T00:00:00Z', 20, 50));
    let stopping: Promise<void> | undefined;
    const cut = await startCli(['tracker', 'import', second, '--db', url], { ATTT_TRACKER_TEST_PAUSE_AT: '400', ATTT_TRACKER_TEST_PAUSE_MS: '3000' }, (text: string) => {
      if (!stopping && text.includes('ATTT_TEST_PAUSED')) stopping = cluster.stop();
    });
    await stopping;
    expect(cut.code, cut.stderr).toBe(3);
    expect(cut.stderr).toMatch(/Lost the connection to PostgreSQL at postgres:\/\/attt_officer:\*\*\*@127\.0\.0\.1:\d+\/\w+ mid-operation/);
    expect(cut.stderr).toMatch(/not committed/);
    const down = await runCli(['tracker', 'list', '--db', url]);
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(new RegExp(`Cannot connect to PostgreSQL at postgres://attt_officer:\\*\\*\\*@127\\.0\\.0\\.1:${cluster.port}/`));
    for (const r of [cut, down]) expect(r.stdout + r.stderr).not.toContain(cluster.password);
    await cluster.start();
    expect(dumpDb(url)).toEqual(before);
    const redo = await runCli(['--json', 'tracker', 'import', second, '--db', url]);
    expect(redo.code, redo.stderr).toBe(0);
    expect(JSON.parse(redo.stdout)).toMatchObject({ opened: 1000 - 100, stillFailing: 100 });
    expect((await runCli(['tracker', 'verify', '--db', url])).code).toBe(0);
  });

  it('the history is append-only in PostgreSQL too, and tampering behind the triggers is named by verify', async () => {
    const dir = tmpDir();
    const url = await cluster.createDatabase();
    importResultsFile(url, writeJson(dir, 'k1.json', unitResults('phong-b', 'K1', '2026-01-10T00:00:00Z', 1, 4)));
    const name = url.split('/').pop()!;
    await expect(cluster.sql(name, `UPDATE events SET actor = 'ke-gian' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(cluster.sql(name, 'DELETE FROM events WHERE seq = 2')).rejects.toThrow(/append-only/);
    await expect(cluster.sql(name, 'TRUNCATE events')).rejects.toThrow(/append-only/);
    await cluster.sql(name, `ALTER TABLE events DISABLE TRIGGER USER; UPDATE events SET actor = 'ke-gian' WHERE seq = 2; ALTER TABLE events ENABLE TRIGGER USER`);
    const verify = await runCli(['--json', 'tracker', 'verify', '--db', url]);
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout).problems[0]).toMatchObject({ kind: 'edited', seq: 2, findingId: 'F-0002' });
  });

  it('the web store reads and writes the central database', async () => {
    const dir = tmpDir();
    const url = await cluster.createDatabase();
    importResultsFile(url, writeJson(dir, 'k1.json', unitResults('phong-c', 'K1', '2026-01-10T00:00:00Z', 2, 2)));
    const store = new TrackerWebStore(url);
    try {
      const now = new Date('2026-01-12T00:00:00Z');
      expect(store.page({ limit: 10, unit: 'phong-c' }, now).findings).toHaveLength(4);
      const changed = store.update([1, 2], { status: 'in_progress', owner: 'Trần B', actor: 'web', now });
      expect(changed.map((f) => f.owner)).toEqual(['Trần B', 'Trần B']);
      expect(store.stats(now).total.inProgress).toBe(2);
      expect(store.latestImport()).toMatchObject({ cycle: 'K1', file: 'k1.json' });
      expect(Number(store.version())).toBeGreaterThan(4);
    } finally {
      store.close();
    }
  });
});

describe('attt tracker migrate', () => {
  it("moves a unit's SQLite history into PostgreSQL with its chain, then refuses a conflicting history", async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'attt.db');
    importResultsFile(file, writeJson(dir, 'k1.json', unitResults('trung-tam', 'K1', '2026-01-10T00:00:00Z', 3, 4)), { now: new Date('2026-01-11T00:00:00Z') });
    expect((await runCli(['tracker', 'update', 'F-0003', '--status', 'in_progress', '--owner', 'Lê C', '--db', file])).code).toBe(0);
    importResultsFile(file, writeJson(dir, 'k2.json', unitResults('trung-tam', 'K2', '2026-04-10T00:00:00Z', 3, 4, 'pass')), { now: new Date('2026-04-11T00:00:00Z') });
    const url = await cluster.createDatabase();

    const moved = await runCli(['--json', 'tracker', 'migrate', '--from', file, '--to', url]);
    expect(moved.code, moved.stderr).toBe(0);
    const summary = JSON.parse(moved.stdout);
    expect(summary).toMatchObject({ alreadyThere: false, rows: { findings: 12, cycles: 2, imports: 2 } });
    expect(moved.stdout).not.toContain(cluster.password);
    const source = dumpDb(file);
    const target = dumpDb(url);
    for (const table of ['cycles', 'imports', 'findings', 'events', 'grades', 'cycle_stats', 'signoffs']) expect(target[table], table).toEqual(source[table]);
    const pg = openTracker(url, { readonly: true });
    expect(verifyChain(pg)).toMatchObject({ ok: true, events: source.events.length, headHash: summary.chain.headHash });
    pg.close();

    // Twice: nothing changes. The chain and the ids go on in the central database.
    const again = await runCli(['--json', 'tracker', 'migrate', '--from', file, '--to', url]);
    expect(JSON.parse(again.stdout)).toMatchObject({ alreadyThere: true });
    const k3 = unitResults('trung-tam', 'K3', '2026-07-10T00:00:00Z', 4, 4);
    expect(JSON.parse((await runCli(['--json', 'tracker', 'import', writeJson(dir, 'k3.json', k3), '--db', url])).stdout)).toMatchObject({ opened: 4, regressed: 12 });
    const ids = (dumpDb(url).findings as Array<{ id: number }>).map((f) => f.id);
    expect(ids).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect((await runCli(['tracker', 'verify', '--db', url])).code).toBe(0);

    // Another unit's history into the same database: refused, nothing changed.
    const other = path.join(dir, 'other.db');
    importResultsFile(other, writeJson(dir, 'o1.json', unitResults('co-so-cai-nghien', 'K1', '2026-01-10T00:00:00Z', 1, 2)));
    const before = dumpDb(url);
    const refused = await runCli(['tracker', 'migrate', '--from', other, '--to', url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds another history/);
    expect(refused.stderr).not.toContain(cluster.password);
    expect(dumpDb(url)).toEqual(before);
    const missing = await runCli(['tracker', 'migrate', '--from', file]);
    expect(missing.code).toBe(2);
  });
});
