import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openTracker } from '../../src/tracker/db/index.js';
import { importResultsFile } from '../../src/tracker/import.js';
import type { Results } from '../../src/results/schema.js';
import { dumpDb, makeResults, runCli, tmpDir, writeJson, type ResultSpec, type TargetSpec } from './helpers.js';

/**
 * Point 0 of the hardening issue: the tracker closes a finding only on evidence from a target
 * that was fully observed in a run that was not interrupted, and an older cycle imported after
 * a newer one changes no current state (history only).
 */
const web = (status: TargetSpec['status'] = 'ok'): TargetSpec => ({ key: 'w', unit: 'van-phong', system: 'web', family: 'ports', target: '192.0.2.10', status });
const redisOpen: ResultSpec = { checkId: 'ports.unauthenticated-service', targetKey: 'w', outcome: 'fail', severity: 'critical', discriminator: '6379' };
const esOpen: ResultSpec = { checkId: 'ports.unauthenticated-service', targetKey: 'w', outcome: 'fail', severity: 'critical', discriminator: '9200' };

function statuses(db: string): Record<string, string> {
  const d = openTracker(db);
  try {
    const rows = d.prepare('SELECT fingerprint, status FROM findings ORDER BY id').all() as Array<{ fingerprint: string; status: string }>;
    return Object.fromEntries(rows.map((r) => [r.fingerprint, r.status]));
  } finally {
    d.close();
  }
}

function interrupted(r: Results): Results {
  return { ...r, interrupted: true };
}

describe('tracker import closes nothing without complete evidence', () => {
  it.each([
    ['target error (interrupted mid-scan)', { target: web('error'), interrupted: false }],
    ['target out of scope', { target: web('out-of-scope'), interrupted: false }],
    ['results file interrupted: true, target ok', { target: web('ok'), interrupted: true }],
    ['results file interrupted: true, target error', { target: web('error'), interrupted: true }],
  ])('%s: the open Redis and Elasticsearch findings stay open', (_name, c) => {
    const dir = tmpDir();
    const db = path.join(dir, 't.db');
    importResultsFile(db, writeJson(dir, 'k1.json', makeResults({ cycle: 'K1', startedAt: '2026-01-10T00:00:00Z', targets: [web()], results: [redisOpen, esOpen] })));
    // The interrupted run: the checks "passed" because their probes never ran.
    let k2 = makeResults({
      cycle: 'K2', startedAt: '2026-04-10T00:00:00Z', targets: [c.target],
      results: [{ ...redisOpen, outcome: 'pass' }, { checkId: 'ports.telnet-open', targetKey: 'w', outcome: 'pass', severity: 'high' }],
    });
    if (c.interrupted) k2 = interrupted(k2);
    const summary = importResultsFile(db, writeJson(dir, 'k2.json', k2));
    expect(summary.fixed).toBe(0);
    expect(Object.values(statuses(db))).toEqual(['open', 'open']);
  });

  it('an interrupted file opens new findings, closes nothing, and the CLI warns', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 't.db');
    importResultsFile(db, writeJson(dir, 'k1.json', makeResults({ cycle: 'K1', startedAt: '2026-01-10T00:00:00Z', targets: [web()], results: [redisOpen] })));
    const k2 = interrupted(makeResults({ cycle: 'K2', startedAt: '2026-04-10T00:00:00Z', targets: [web()], results: [{ ...redisOpen, outcome: 'pass' }, esOpen] }));
    const run = await runCli(['tracker', 'import', writeJson(dir, 'k2.json', k2), '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: .*interrupted audit .*nothing was closed/);
    expect(Object.values(statuses(db))).toEqual(['open', 'open']);
    const json = await runCli(['--json', 'tracker', 'import', writeJson(dir, 'k3.json', { ...k2, cycle: 'K3', startedAt: '2026-05-10T00:00:00.000Z' }), '--db', db]);
    expect(JSON.parse(json.stdout)).toMatchObject({ partial: true, fixed: 0, opened: 0 });
  });

  it('property: a finding is closed exactly when an ok target of an uninterrupted run shows the check passing or ran without it', () => {
    const dir = tmpDir();
    let n = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<TargetSpec['status']>('ok', 'error', 'out-of-scope'),
        fc.boolean(),
        fc.constantFrom('pass', 'fail', 'error', 'not_applicable', 'absent-check-ran', 'absent'),
        (status, wasInterrupted, outcome) => {
          const db = path.join(dir, `p${n++}.db`);
          importResultsFile(db, writeJson(dir, `a${n}.json`, makeResults({ cycle: 'K1', startedAt: '2026-01-10T00:00:00Z', targets: [web()], results: [redisOpen] })));
          const results: ResultSpec[] = [];
          if (outcome === 'absent-check-ran') results.push({ ...redisOpen, discriminator: '11211', outcome: 'pass' });
          else if (outcome !== 'absent') results.push({ ...redisOpen, outcome: outcome as ResultSpec['outcome'] });
          let k2 = makeResults({ cycle: 'K2', startedAt: '2026-04-10T00:00:00Z', targets: [web(status)], results });
          if (wasInterrupted) k2 = interrupted(k2);
          importResultsFile(db, writeJson(dir, `b${n}.json`, k2));
          const closed = Object.values(statuses(db))[0] === 'fixed';
          const evidence = status === 'ok' && !wasInterrupted && (outcome === 'pass' || outcome === 'absent-check-ran');
          expect(closed).toBe(evidence);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('an older cycle imported after a newer one', () => {
  function setup() {
    const dir = tmpDir();
    const db = path.join(dir, 't.db');
    // K1: Redis open. K2 (newer): Redis fixed. Then K0 (older than both) arrives late.
    importResultsFile(db, writeJson(dir, 'k1.json', makeResults({ cycle: 'K1', startedAt: '2026-01-10T00:00:00Z', targets: [web()], results: [redisOpen] })));
    importResultsFile(db, writeJson(dir, 'k2.json', makeResults({ cycle: 'K2', startedAt: '2026-04-10T00:00:00Z', targets: [web()], results: [{ ...redisOpen, outcome: 'pass' }] })));
    return { dir, db };
  }

  it.each([
    ['a new, older cycle that still shows the finding failing', { cycle: 'K0', startedAt: '2025-10-10T00:00:00Z', results: [redisOpen, esOpen] }],
    ['a second file of the earlier cycle K1', { cycle: 'K1', startedAt: '2026-01-11T00:00:00Z', results: [redisOpen] }],
    ['an older cycle showing a pass', { cycle: 'K0', startedAt: '2025-10-10T00:00:00Z', results: [{ ...redisOpen, outcome: 'pass' as const }] }],
  ])('%s changes no current state and is recorded in the history only', async (_name, c) => {
    const { dir, db } = setup();
    const before = dumpDb(db);
    const file = writeJson(dir, 'old.json', makeResults({ cycle: c.cycle, startedAt: c.startedAt, targets: [web()], results: c.results }));
    const run = await runCli(['--json', 'tracker', 'import', file, '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`warning: cycle ${c.cycle} is older than the imported cycle K2`));
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ newerCycle: 'K2', opened: 0, fixed: 0, regressed: 0, reopened: 0 });
    expect(summary.historyOnly).toBeGreaterThan(0);
    const after = dumpDb(db);
    for (const table of ['cycles', 'imports', 'findings', 'grades', 'cycle_stats']) expect(after[table], table).toEqual(before[table]);
    const added = after.events.slice(before.events.length) as Array<{ type: string; cycle: string; finding_id: number | null }>;
    expect(added.map((e) => e.type)).toContain('older_cycle_imported');
    expect(added.filter((e) => e.type === 'older_cycle_evidence').length).toBe(summary.historyOnly);
    expect(added.every((e) => e.cycle === c.cycle)).toBe(true);
    // The history stays verifiable, and the same file again changes nothing at all.
    expect((await runCli(['tracker', 'verify', '--db', db])).code).toBe(0);
    const again = await runCli(['--json', 'tracker', 'import', file, '--db', db]);
    expect(JSON.parse(again.stdout).alreadyImported).toBe(true);
    expect(dumpDb(db).events.length).toBe(after.events.length);
  });
});
