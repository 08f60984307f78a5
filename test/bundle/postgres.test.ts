/**
 * Bundles merged into the central tracker on PostgreSQL: the same guarantees as on SQLite
 * (any order, same state; a refusal changes nothing), the consolidated report from the URL,
 * and the password never printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeBundles } from '../../src/bundle/index.js';
import { startPostgresCluster, type PgCluster } from '../helpers/postgres.js';
import { runCli } from '../helpers/cli.js';
import { startCli } from '../tracker/spawn.js';
import { makeDepartment, trackerState, unitBundle, type Department } from './fixture.js';

let cluster: PgCluster;
let dep: Department;
const bundles: string[] = [];

beforeAll(async () => {
  cluster = await startPostgresCluster();
  dep = await makeDepartment();
  for (const [i, unit] of Object.keys(dep.units).entries()) bundles.push(await unitBundle(dep, unit, '2026-Q4', { startedAt: `2026-11-0${i + 2}T01:00:00.000Z` }));
}, 120_000);
afterAll(async () => {
  dep?.close();
  await cluster?.destroy();
});

describe('bundle merge on PostgreSQL', () => {
  it('merges units in any order to the same state, and the same bundle twice changes nothing', async () => {
    const a = await cluster.createDatabase();
    const b = await cluster.createDatabase();
    await mergeBundles(bundles, { dbPath: a, inventoryFile: dep.central, caFiles: dep.caFiles });
    for (const f of [...bundles].reverse()) await mergeBundles([f], { dbPath: b, inventoryFile: dep.central, caFiles: dep.caFiles });
    const state = trackerState(a);
    expect(state.findings).toHaveLength(48);
    expect(trackerState(b)).toEqual(state);
    const again = await mergeBundles(bundles, { dbPath: a, inventoryFile: dep.central, caFiles: dep.caFiles });
    expect(again.every((m) => m.summary.alreadyImported)).toBe(true);
    expect(trackerState(a)).toEqual(state);
  });

  it('the CLI with --db URL: a refusal (exit 2) changes nothing, a merge works, the report comes from the URL, no password shown', async () => {
    const url = await cluster.createDatabase();
    await mergeBundles([bundles[0]], { dbPath: url, inventoryFile: dep.central, caFiles: dep.caFiles });
    const before = trackerState(url);
    const foreign = await unitBundle(dep, 'cai-nghien', '2026-Q4', { signer: 'van-phong', name: 'pg-cn-by-vp.tar.gz' });
    const refused = await runCli(['--lang', 'en', 'bundle', 'merge', bundles[1], foreign, '--inventory', dep.central, '--db', url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pg-cn-by-vp.tar.gz: signer');
    expect(trackerState(url)).toEqual(before);
    const merged = await runCli(['--lang', 'en', 'bundle', 'merge', bundles[1], bundles[2], '--inventory', dep.central, '--db', url]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(trackerState(url).findings).toHaveLength(48);
    const out = path.join(dep.dir, 'pg-department.md');
    const report = await runCli(['--lang', 'en', 'report', 'build', '--tracker', url, '--out', out]);
    expect(report.code, report.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('**Results by unit**');
    for (const r of [refused, merged, report]) expect(r.stdout + r.stderr).not.toContain(cluster.password);
  }, 120_000);

  it('a server that is down, or goes away in the middle of a merge: exit 3, a clear message, no half-merged bundle', async () => {
    const url = await cluster.createDatabase();
    await mergeBundles([bundles[0]], { dbPath: url, inventoryFile: dep.central, caFiles: dep.caFiles });
    const big = await unitBundle(dep, 'bao-tro-xa-hoi', '2026-Q4', { count: 2000, name: 'pg-btxh-big.tar.gz' });
    const before = trackerState(url);
    let stopping: Promise<void> | undefined;
    const cut = await startCli(['--lang', 'en', 'bundle', 'merge', bundles[2], big, '--inventory', dep.central, '--db', url], { ATTT_TRACKER_TEST_PAUSE_AT: '1000', ATTT_TRACKER_TEST_PAUSE_MS: '3000' }, (text: string) => {
      if (!stopping && text.includes('ATTT_TEST_PAUSED')) stopping = cluster.stop();
    });
    await stopping;
    expect(cut.code, cut.stderr).toBe(3);
    expect(cut.stderr).toMatch(/Lost the connection to PostgreSQL at postgres:\/\/attt_officer:\*\*\*@127\.0\.0\.1:\d+\/\w+ mid-operation/);
    const down = await runCli(['--lang', 'en', 'bundle', 'merge', big, '--inventory', dep.central, '--db', url]);
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/Cannot connect to PostgreSQL at postgres:\/\/attt_officer:\*\*\*@/);
    for (const r of [cut, down]) expect(r.stdout + r.stderr).not.toContain(cluster.password);
    await cluster.start();
    // The bundle before the cut is merged whole; the one cut in the middle left nothing.
    const after = trackerState(url);
    expect(after.unitResults.map((u) => (u as { unit: string }).unit)).toEqual(['cai-nghien', 'van-phong']);
    expect(after.findings.filter((f) => (f as { unit: string }).unit === 'bao-tro-xa-hoi')).toHaveLength(0);
    expect(after.findings.filter((f) => (f as { unit: string }).unit === 'van-phong')).toEqual(before.findings);
    const redo = await runCli(['--json', 'bundle', 'merge', bundles[2], big, '--inventory', dep.central, '--db', url]);
    expect(redo.code, redo.stderr).toBe(0);
    expect(JSON.parse(redo.stdout).map((m: { summary: { alreadyImported: boolean; opened: number } }) => [m.summary.alreadyImported, m.summary.opened])).toEqual([[true, 0], [false, 1600]]);
  }, 120_000);

  it('attt demo --federated --db postgres://…: three units merged into the central PostgreSQL, the reports from it', async () => {
    const url = await cluster.createDatabase();
    const run = await runCli(['--json', 'demo', '--federated', '--out', path.join(dep.dir, 'federated-pg'), '--db', url], { timeoutMs: 170_000 });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { merged: Array<{ unit: string; opened: number }>; outputs: Array<{ name: string; path: string }> };
    expect(out.merged.map((m) => m.unit)).toEqual(['van-phong', 'nguoi-co-cong', 'bao-tro-xa-hoi']);
    expect(trackerState(url).unitResults).toHaveLength(3);
    expect(fs.readFileSync(out.outputs.find((o) => o.name.startsWith('Consolidated'))!.path, 'utf8')).toContain('Kết quả theo từng đơn vị');
    expect(run.stdout + run.stderr).not.toContain(cluster.password);
  }, 180_000);
});
