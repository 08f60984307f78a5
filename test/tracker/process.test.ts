import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, expect, it } from 'vitest';
import { openTracker } from '../../src/tracker/db/index.js';
import { verifyChain } from '../../src/tracker/history.js';
import { describeBackends } from './backends.js';
import { startCli } from './spawn.js';
import { dumpDb, makeResults, tmpDir, writeJson, type ResultSpec, type TargetSpec } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The spawned CLI runs dist/: compile it when it is older than the tracker sources (npm test builds first anyway). */
beforeAll(() => {
  const built = path.join(ROOT, 'dist/src/cli/commands/tracker/index.js');
  const sources = [...fs.readdirSync(path.join(ROOT, 'src/tracker')).map((f) => path.join(ROOT, 'src/tracker', f)), ...fs.readdirSync(path.join(ROOT, 'src/cli/commands/tracker')).map((f) => path.join(ROOT, 'src/cli/commands/tracker', f))];
  const stale = !fs.existsSync(built) || sources.some((s) => fs.statSync(s).mtimeMs > fs.statSync(built).mtimeMs);
  // tsc emits even when another engineer's file has a type error (noEmitOnError is off).
  if (stale) spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.json')], { cwd: ROOT, stdio: 'ignore' });
  expect(fs.existsSync(built)).toBe(true);
}, 240_000);

/** Many ports failing on many hosts of one unit: a big enough import to overlap or interrupt. */
function bigResults(unit: string, cycle: string, startedAt: string, hosts: number, portsPerHost: number) {
  const targets: TargetSpec[] = [];
  const results: ResultSpec[] = [];
  for (let h = 0; h < hosts; h++) {
    const key = `${unit}-h${h}`;
    targets.push({ key, unit, system: 'lan', family: 'ports', target: `127.${h >> 8}.${h & 255}.1` });
    for (let p = 0; p < portsPerHost; p++) results.push({ checkId: 'ports.unexpected-open', targetKey: key, outcome: 'fail', severity: p % 2 ? 'low' : 'medium', discriminator: String(1000 + p) });
  }
  return makeResults({ cycle, startedAt, targets, results });
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describeBackends('tracker under concurrent and interrupted processes', (backend) => {
  it('two processes importing at once serialise: both imports land, one unbroken chain', async () => {
    const dir = tmpDir();
    const db = await backend.fresh(dir);
    const a = writeJson(dir, 'a.json', bigResults('phong-a', 'K1', '2025-01-10T00:00:00Z', 30, 100));
    const b = writeJson(dir, 'b.json', bigResults('phong-b', 'K1', '2025-01-10T00:00:00Z', 30, 100));
    // The database does not exist yet: both processes also race to create and migrate it.
    const [ra, rb] = await Promise.all([startCli(['--json', 'tracker', 'import', a, '--db', db]), startCli(['--json', 'tracker', 'import', b, '--db', db])]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    const sa = JSON.parse(ra.stdout);
    const sb = JSON.parse(rb.stdout);
    expect(sa.opened + sb.opened).toBe(6000);
    expect([sa.cycleUpdated, sb.cycleUpdated].sort()).toEqual([false, true]);
    const dump = dumpDb(db);
    expect(dump.findings).toHaveLength(6000);
    expect(dump.imports).toHaveLength(2);
    expect(dump.events).toHaveLength(6002);
    const handle = openTracker(db, { readonly: true });
    expect(verifyChain(handle)).toMatchObject({ ok: true, events: 6002 });
    handle.close();
    // A new file imported twice at once: exactly one process applies it, the other sees it done.
    const c = writeJson(dir, 'c.json', bigResults('phong-a', 'K2', '2025-04-10T00:00:00Z', 30, 100));
    const [r1, r2] = await Promise.all([startCli(['--json', 'tracker', 'import', c, '--db', db]), startCli(['--json', 'tracker', 'import', c, '--db', db])]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    expect([JSON.parse(r1.stdout).alreadyImported, JSON.parse(r2.stdout).alreadyImported].sort()).toEqual([false, true]);
    const after = dumpDb(db);
    expect(after.imports).toHaveLength(3);
    // 3,000 'seen' events for phong-a (still failing) and one 'imported'.
    expect(after.events).toHaveLength(6002 + 3001);
  });

  it('SIGKILL in the middle of an import leaves the database as it was before, and the import can be redone', async () => {
    const dir = tmpDir();
    const db = await backend.fresh(dir);
    const first = writeJson(dir, 'k1.json', bigResults('phong-a', 'K1', '2025-01-10T00:00:00Z', 10, 50));
    const r1 = await startCli(['tracker', 'import', first, '--db', db]);
    expect(r1.code, r1.stderr).toBe(0);
    const before = dumpDb(db);

    // Cycle 2: the 500 findings still fail and 3,500 are new; killed after 2,000 of 4,000 results, inside the transaction.
    const second = writeJson(dir, 'k2.json', bigResults('phong-a', 'K2', '2025-04-10T00:00:00Z', 40, 100));
    let paused = false;
    const killed = await startCli(['tracker', 'import', second, '--db', db], { ATTT_TRACKER_TEST_PAUSE_AT: '2000' }, (text, kill) => {
      if (!paused && text.includes('ATTT_TEST_PAUSED')) {
        paused = true;
        kill();
      }
    });
    expect(paused).toBe(true);
    expect(killed.signal).toBe('SIGKILL');
    // The killed process had written uncommitted pages: they must not count.
    if (backend.name === 'sqlite') expect(integrity(db)).toBe('ok');
    expect(dumpDb(db)).toEqual(before);
    const verify = await startCli(['tracker', 'verify', '--db', db]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);

    const redo = await startCli(['--json', 'tracker', 'import', second, '--db', db]);
    expect(redo.code, redo.stderr).toBe(0);
    expect(JSON.parse(redo.stdout)).toMatchObject({ alreadyImported: false, opened: 4000 - 500, stillFailing: 500 });
    expect(dumpDb(db).findings).toHaveLength(4000);
  });
});
