import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSampleResults } from '../../src/report/sample.js';
import { openTracker } from '../../src/tracker/db/index.js';
import { importResults } from '../../src/tracker/import.js';
import type { Results } from '../../src/results/index.js';
import { dumpDb, tmpDir } from './helpers.js';

/**
 * A province's file has 600,000 results, most of them passes no decision needs: with
 * `handOver`, the import lets go of the rows once they are matched (src/tracker/import.ts),
 * and decides exactly as without it.
 */
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
const dir = tmpDir('attt-import-memory-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Two cycles into a fresh tracker: the second with 10 findings fixed, so every phase runs. */
function cycles(): [Results, Results] {
  const q1 = makeSampleResults({ cycle: '2026-Q1', finishedAt: '2026-03-15T03:30:00.000Z', findings: 30 });
  q1.startedAt = '2026-03-15T01:00:00.000Z';
  const q2 = makeSampleResults({ cycle: '2026-Q2', findings: 30 });
  // The last ten extra findings pass in Q2, on a target observed in both cycles (only then is a finding fixed).
  for (const r of q2.results.slice(-10)) r.outcome = 'pass';
  for (const r of [...q1.results.slice(-10), ...q2.results.slice(-10)]) Object.assign(r, { unit: 'van-phong', system: 'cong-ttdt', target: 'sldtbxh.example.gov.vn:443', targetKey: 'van-phong/cong-ttdt/sldtbxh.example.gov.vn:443#tls' });
  return [q1, q2];
}

function importBoth(name: string, handOver: boolean): { db: string; seen: Array<{ rows: number; after: number }> } {
  const db = path.join(dir, name);
  const seen: Array<{ rows: number; after: number }> = [];
  const [q1, q2] = cycles();
  for (const [i, results] of [q1, q2].entries()) {
    const rows = results.results.length;
    const handle = openTracker(db, { create: true });
    try {
      importResults(handle, results, { file: `q${i + 1}.json`, sha256: String(i).repeat(64) }, { now: new Date(Date.UTC(2026, 3 * i + 2, 16)), handOver });
    } finally {
      handle.close();
    }
    seen.push({ rows, after: results.results.length });
  }
  return { db, seen };
}

describe('tracker import hands the rows over', () => {
  it('decides exactly as without it: the same findings, events and tallies', () => {
    const kept = importBoth('kept.db', false);
    const handed = importBoth('handed.db', true);
    const strip = (dump: Record<string, unknown[]>) => ({ ...dump, attt_meta: dump.attt_meta.filter((m) => (m as { key: string }).key !== 'created_at'), events: dump.events.map((e) => ({ ...(e as object), at: undefined, hash: undefined, prev_hash: undefined })) });
    expect(strip(dumpDb(handed.db))).toEqual(strip(dumpDb(kept.db)));
    expect(dumpDb(handed.db).findings.filter((f) => (f as { status: string }).status === 'fixed')).toHaveLength(10);
    // Without it the caller's rows are left as they were; with it they are let go.
    expect(kept.seen.every((s) => s.after === s.rows && s.rows > 0)).toBe(true);
    expect(handed.seen.every((s) => s.after === 0 && s.rows > 0)).toBe(true);
  });

  it('a passed row no decision needs is collected once matched', async () => {
    const [, q2] = cycles();
    const passes = q2.results.filter((r) => r.outcome === 'pass');
    const aPass = new WeakRef(passes[0]);
    passes.length = 0;
    // A WeakRef keeps its target alive until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    const handle = openTracker(path.join(dir, 'collect.db'), { create: true });
    let collectedDuring = false;
    try {
      importResults(handle, q2, { file: 'q2.json', sha256: 'c'.repeat(64) }, {
        handOver: true,
        // Called inside the import, after the rows were matched; the caller still holds `q2`.
        onProgress: () => {
          collect();
          collectedDuring ||= aPass.deref() === undefined;
        },
      });
    } finally {
      handle.close();
    }
    expect(collectedDuring).toBe(true);
  });
});

