import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/report/index.js';
import { makeSampleResults } from '../../src/report/sample.js';
import { importResultsFile } from '../../src/tracker/import.js';

/** The report read from a real tracker database holding two imported cycles. */
let dir: string;
let db: string;
let q2: ReturnType<typeof makeSampleResults>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-report-tracker-'));
  db = path.join(dir, 'attt.db');
  const q1 = makeSampleResults({ cycle: '2026-Q1', finishedAt: '2026-03-15T03:30:00.000Z', findings: 5 });
  q1.startedAt = '2026-03-15T01:00:00.000Z';
  q2 = makeSampleResults({ cycle: '2026-Q2', findings: 5 });
  // The five extra Q1 findings are re-checked in Q2 and now pass: fixed, verified.
  for (const r of q2.results.slice(-5)) r.outcome = 'pass';
  // …on a target that was observed in both cycles (the tracker only calls a finding fixed when its target answered).
  for (const r of [...q1.results.slice(-5), ...q2.results.slice(-5)]) Object.assign(r, { unit: 'van-phong', system: 'cong-ttdt', target: 'sldtbxh.example.gov.vn:443', targetKey: 'van-phong/cong-ttdt/sldtbxh.example.gov.vn:443#tls' });
  fs.writeFileSync(path.join(dir, 'q1.json'), JSON.stringify(q1));
  fs.writeFileSync(path.join(dir, 'q2.json'), JSON.stringify(q2));
  importResultsFile(db, path.join(dir, 'q1.json'), { now: new Date('2026-03-16T00:00:00Z') });
  importResultsFile(db, path.join(dir, 'q2.json'), { now: new Date('2026-06-16T00:00:00Z') });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('report with --tracker', () => {
  it('opens with the changes since the previous cycle and shows tracker ids, owners and due dates', async () => {
    const m = await buildModel({ results: q2, trackerDb: db, lang: 'vi', now: new Date('2026-06-20T02:00:00Z') });
    expect(m.changes).not.toBeNull();
    expect(m.changes!.previousCycle).toBe('quý I năm 2026');
    expect(m.sec.changes).toBe('IV');
    const fixed = m.changes!.counts.find((c) => c.cls === 'fixed')!;
    expect(fixed.count).toBe(5);
    expect(m.changes!.groups.find((g) => g.cls === 'fixed')!.rows).toHaveLength(5);
    expect(m.findings.every((f) => f.trackerId && /^F-\d+$/.test(f.trackerId))).toBe(true);
    expect(m.findings.some((f) => f.due !== 'chưa đặt hạn')).toBe(true);
    expect(m.summary.trendChart?.rows.map((r) => r.cycle)).toEqual(['quý I năm 2026', 'quý II năm 2026']);
  });
  it('a missing tracker database is an input error', async () => {
    await expect(buildModel({ results: q2, trackerDb: path.join(dir, 'none.db'), lang: 'vi' })).rejects.toMatchObject({ code: 'ATTT_TRACKER_MISSING', exitCode: 2 });
  });
});
