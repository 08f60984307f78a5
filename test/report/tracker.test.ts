import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, renderReport } from '../../src/report/index.js';
import { makeSampleResults } from '../../src/report/sample.js';
import { importResultsFile } from '../../src/tracker/import.js';
import { acceptRisk, listFindings, openTracker, useTracker } from '../../src/tracker/index.js';

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

  it('lists every accepted risk with its reason, approver and expiry, in both languages and every format', async () => {
    const copy = path.join(dir, 'accepted.db');
    fs.copyFileSync(db, copy);
    const open = useTracker(openTracker(copy), (t) => listFindings(t, { status: ['open'] }, new Date('2026-06-17T00:00:00Z')));
    const [first, second] = open;
    useTracker(openTracker(copy), (t) => {
      acceptRisk(t, first.id, { until: '2026-12-31', reason: 'Máy chủ cũ sẽ thay trong quý IV; đã chặn ở tường lửa <b>', approver: 'Nguyễn Văn A (Giám đốc)', now: new Date('2026-06-17T00:00:00Z') });
      // This acceptance ends before the report date: the finding is open again and not listed.
      acceptRisk(t, second.id, { until: '2026-06-18', reason: 'tạm thời', approver: 'Trần B', now: new Date('2026-06-17T00:00:00Z') });
    });
    const vi = await buildModel({ results: q2, trackerDb: copy, lang: 'vi', now: new Date('2026-06-20T02:00:00Z') });
    expect(vi.acceptedRisks.map((r) => r.id)).toEqual([first.id]);
    expect(vi.acceptedRisks[0]).toMatchObject({ approver: 'Nguyễn Văn A (Giám đốc)', until: '31/12/2026' });
    expect(vi.acceptedRisks[0].reason).toContain('chặn ở tường lửa');
    // The section is numbered right after the findings and before the questionnaires.
    expect(vi.sec.accepted).toBe('VII');
    expect(vi.sec.questionnaires).toBe('VIII');
    const html = String(await renderReport(vi, 'html'));
    expect(html).toContain('CÁC RỦI RO ĐƯỢC CHẤP NHẬN');
    expect(html).toContain('Nguyễn Văn A (Giám đốc)');
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('tường lửa <b>');
    const en = await buildModel({ results: q2, trackerDb: copy, lang: 'en', now: new Date('2026-06-20T02:00:00Z') });
    expect(en.acceptedRisks[0].until).toBe('31 Dec 2026');
    const csv = String(await renderReport(en, 'csv'));
    expect(csv.split('\r\n')[0]).toContain('"Reason","Approved by","Valid until"');
    expect(csv).toContain('Nguyễn Văn A (Giám đốc)');
    const md = String(await renderReport(en, 'md'));
    expect(md).toContain('ACCEPTED RISKS');
    expect(md).toContain('Valid until');
    // Without accepted risks there is no such section, and the numbering is as before.
    const none = await buildModel({ results: q2, trackerDb: db, lang: 'vi', now: new Date('2026-06-20T02:00:00Z') });
    expect(none.acceptedRisks).toEqual([]);
    expect(none.sec.accepted).toBeUndefined();
    expect(none.sec.questionnaires).toBe('VII');
  });
  it('dates the report in the run time zone: Vietnam time by default, another zone when asked', async () => {
    const previous = process.env.TZ;
    const at = new Date('2026-06-30T18:30:00Z'); // 01:30 on 1 July in Vietnam
    try {
      delete process.env.TZ;
      expect((await buildModel({ results: q2, lang: 'vi', now: at })).header.placeDate).toContain('ngày 01 tháng 7 năm 2026');
      process.env.TZ = 'UTC';
      expect((await buildModel({ results: q2, lang: 'vi', now: at })).header.placeDate).toContain('ngày 30 tháng 6 năm 2026');
      process.env.TZ = 'America/New_York';
      expect((await buildModel({ results: q2, lang: 'en', now: at })).header.placeDate).toContain('30 June 2026');
      // A POSIX TZ string is not a zone name: Vietnam time, never the machine's.
      process.env.TZ = ':/etc/localtime';
      expect((await buildModel({ results: q2, lang: 'vi', now: at })).header.placeDate).toContain('ngày 01 tháng 7 năm 2026');
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });
});
