import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openTracker } from '../../src/tracker/db/index.js';
import { acceptRisk, listFindings, showFinding, updateFinding } from '../../src/tracker/findings.js';
import { verifyChain } from '../../src/tracker/history.js';
import { importResultsFile } from '../../src/tracker/import.js';
import { readTrackerForReport } from '../../src/tracker/report-view.js';
import { trackerStats } from '../../src/tracker/stats.js';
import type { TrackerFinding } from '../../src/tracker/view-types.js';
import { describeBackends } from './backends.js';
import { dumpDb, makeResults, runCli, tmpDir, writeJson, type ResultSpec, type TargetSpec } from './helpers.js';

const VP = { unit: 'van-phong', system: 'cong-ttdt' };
const targets = (unit2Status: 'ok' | 'error' = 'ok', withUnit2 = true): TargetSpec[] => [
  { key: 'vp-http', ...VP, family: 'http', target: 'https://sldtbxh.example.gov.vn/' },
  { key: 'vp-tls', ...VP, family: 'tls', target: 'sldtbxh.example.gov.vn:443' },
  { key: 'vp-ports', ...VP, family: 'ports', target: '192.0.2.15' },
  { key: 'vp-q', ...VP, family: 'questionnaire', target: 'password-policy' },
  ...(withUnit2 ? [{ key: 'bh-http', unit: 'bao-tro-xa-hoi', system: 'web', family: 'http' as const, target: 'https://btxh.example.gov.vn/', status: unit2Status }] : []),
];

const cycle1: ResultSpec[] = [
  { checkId: 'http.hsts.missing', targetKey: 'vp-http', outcome: 'fail', severity: 'high' },
  { checkId: 'http.csp.missing', targetKey: 'vp-http', outcome: 'fail', severity: 'medium' },
  { checkId: 'ports.risky-service', targetKey: 'vp-ports', outcome: 'fail', severity: 'critical', discriminator: '23' },
  { checkId: 'ports.risky-service', targetKey: 'vp-ports', outcome: 'fail', severity: 'critical', discriminator: '21' },
  { checkId: 'tls.protocol.tls1_0', targetKey: 'vp-tls', outcome: 'fail', severity: 'medium' },
  { checkId: 'policy.password-policy.min-length', targetKey: 'vp-q', outcome: 'unanswered', severity: 'low' },
  { checkId: 'tls.cert.expired', targetKey: 'vp-tls', outcome: 'pass', severity: 'critical' },
  { checkId: 'http.hsts.missing', targetKey: 'bh-http', outcome: 'fail', severity: 'high' },
];
const cycle2: ResultSpec[] = [
  { checkId: 'http.hsts.missing', targetKey: 'vp-http', outcome: 'fail', severity: 'high' },
  { checkId: 'http.csp.missing', targetKey: 'vp-http', outcome: 'pass', severity: 'medium' },
  // Port 23 closed: the check ran on the target and only 21 still fails.
  { checkId: 'ports.risky-service', targetKey: 'vp-ports', outcome: 'fail', severity: 'critical', discriminator: '21' },
  { checkId: 'tls.protocol.tls1_0', targetKey: 'vp-tls', outcome: 'fail', severity: 'medium' },
  { checkId: 'policy.password-policy.min-length', targetKey: 'vp-q', outcome: 'pass', severity: 'low' },
  { checkId: 'http.clickjacking', targetKey: 'vp-http', outcome: 'fail', severity: 'medium' },
  // Unit 2's server was unreachable: an error result, which must change nothing.
  { checkId: 'http.hsts.missing', targetKey: 'bh-http', outcome: 'error', severity: 'high' },
];
const cycle3: ResultSpec[] = [
  { checkId: 'http.hsts.missing', targetKey: 'vp-http', outcome: 'pass', severity: 'high' },
  { checkId: 'http.csp.missing', targetKey: 'vp-http', outcome: 'fail', severity: 'medium' },
  { checkId: 'ports.risky-service', targetKey: 'vp-ports', outcome: 'fail', severity: 'critical', discriminator: '23' },
  { checkId: 'ports.risky-service', targetKey: 'vp-ports', outcome: 'fail', severity: 'critical', discriminator: '21' },
  { checkId: 'tls.protocol.tls1_0', targetKey: 'vp-tls', outcome: 'fail', severity: 'medium' },
  { checkId: 'policy.password-policy.min-length', targetKey: 'vp-q', outcome: 'pass', severity: 'low' },
  { checkId: 'http.clickjacking', targetKey: 'vp-http', outcome: 'pass', severity: 'medium' },
];

function byCheck(list: TrackerFinding[], checkId: string, unit = VP.unit, disc?: string): TrackerFinding {
  const found = list.filter((f) => f.checkId === checkId && f.unit === unit && (disc === undefined || showFinding(db!, f.id).evidence.discriminator === disc));
  expect(found, `${checkId} ${unit} ${disc ?? ''}`).toHaveLength(1);
  return found[0];
}
let db: ReturnType<typeof openTracker> | undefined;

describeBackends('tracker lifecycle across cycles', (backend) => {
  it('cycle 1 → manual decisions → cycle 2 (fixes, expiry, unreachable target) → cycle 3 (regressions, partial audit)', async () => {
    const dir = tmpDir();
    const dbFile = await backend.fresh(dir);
    const f1 = writeJson(dir, 'c1.json', makeResults({ cycle: '2025-Q1', startedAt: '2025-01-10T02:00:00Z', targets: targets(), results: cycle1, grades: { 'vp-tls': 'B', 'vp-http': 'D' } }));
    const f2 = writeJson(dir, 'c2.json', makeResults({ cycle: '2025-Q2', startedAt: '2025-04-10T02:00:00Z', targets: targets('error'), results: cycle2, grades: { 'vp-tls': 'B', 'vp-http': 'C' } }));
    const f3 = writeJson(dir, 'c3.json', makeResults({ cycle: '2025-Q3', startedAt: '2025-07-10T02:00:00Z', targets: targets('ok', false), results: cycle3, grades: { 'vp-tls': 'A', 'vp-http': 'C' } }));

    // ── Cycle 1
    const s1 = importResultsFile(dbFile, f1, { actor: 'can-bo-attt', now: new Date('2025-01-11T03:00:00Z') });
    expect(s1).toMatchObject({ cycle: '2025-Q1', opened: 7, fixed: 0, regressed: 0, alreadyImported: false });
    db = openTracker(dbFile);
    let all = listFindings(db, {}, new Date('2025-01-11T03:00:00Z'));
    expect(all).toHaveLength(7);
    expect(all.map((f) => f.id)).toEqual(expect.arrayContaining(['F-0001', 'F-0007']));
    const hsts = byCheck(all, 'http.hsts.missing');
    const csp = byCheck(all, 'http.csp.missing');
    const telnet = byCheck(all, 'ports.risky-service', VP.unit, '23');
    const ftp = byCheck(all, 'ports.risky-service', VP.unit, '21');
    const tls10 = byCheck(all, 'tls.protocol.tls1_0');
    const policy = byCheck(all, 'policy.password-policy.min-length');
    const unit2 = byCheck(all, 'http.hsts.missing', 'bao-tro-xa-hoi');
    // SLA defaults from the audit date (2025-01-10): critical 7, high 30, medium 90, low 180 days.
    expect(telnet.due).toBe('2025-01-17');
    expect(hsts.due).toBe('2025-02-09');
    expect(csp.due).toBe('2025-04-10');
    expect(policy.due).toBe('2025-07-09');
    expect(all.every((f) => f.status === 'open' && f.firstSeen === '2025-Q1' && f.lastSeen === '2025-Q1' && !f.regression)).toBe(true);
    // Contract keys of `tracker list --json`.
    for (const key of ['id', 'fingerprint', 'checkId', 'unit', 'system', 'target', 'severity', 'status', 'regression', 'owner', 'due', 'firstSeen', 'lastSeen']) expect(hsts).toHaveProperty(key);

    // ── Between cycles: the officers' decisions
    updateFinding(db, csp.id, { status: 'in_progress', owner: 'Trần Thị B', note: 'Đang cấu hình CSP', actor: 'officer', now: new Date('2025-01-20T00:00:00Z') });
    updateFinding(db, tls10.id, { status: 'false_positive', note: 'load balancer terminates TLS', actor: 'officer' });
    acceptRisk(db, ftp.id, { until: '2025-03-01', reason: 'Hệ thống cũ, thay thế vào quý 2', approver: 'Giám đốc Sở', actor: 'officer', now: new Date('2025-01-20T00:00:00Z') });
    updateFinding(db, hsts.id, { status: 'fixed', note: 'enabled HSTS', actor: 'admin', now: new Date('2025-01-25T00:00:00Z') });
    expect(listFindings(db, { owner: 'Trần Thị B' }, new Date('2025-01-21T00:00:00Z')).map((f) => f.id)).toEqual([csp.id]);
    // Overdue on 2025-02-10: the critical telnet (due 01-17) and unit 2's HSTS (due 02-09); the manual fix and the acceptance are not.
    expect(listFindings(db, { overdue: true }, new Date('2025-02-10T12:00:00Z')).map((f) => f.id).sort()).toEqual([telnet.id, unit2.id].sort());
    db.close();

    // ── Cycle 2 (imported 2025-04-11: the acceptance ended 2025-03-01)
    const s2 = importResultsFile(dbFile, f2, { actor: 'can-bo-attt', now: new Date('2025-04-11T03:00:00Z') });
    expect(s2).toMatchObject({ cycle: '2025-Q2', opened: 1, fixed: 3, regressed: 0, reopened: 1, expired: 1, targetsNotObserved: 1 });
    db = openTracker(dbFile);
    all = listFindings(db, {}, new Date('2025-04-11T03:00:00Z'));
    const get = (id: string) => all.find((f) => f.id === id)!;
    // A manual "fixed" that still fails is reopened, not a regression (it was never verified).
    expect(get(hsts.id)).toMatchObject({ status: 'open', regression: false, lastSeen: '2025-Q2' });
    expect(showFinding(db, hsts.id).history.map((h) => h.type)).toEqual(['opened', 'updated', 'reopened']);
    // Verified by audit: the same fingerprint passed.
    expect(get(csp.id)).toMatchObject({ status: 'fixed', fixedCycle: '2025-Q2', owner: 'Trần Thị B' });
    // Port 23 no longer reported while the check ran on the observed target.
    expect(get(telnet.id)).toMatchObject({ status: 'fixed', fixedCycle: '2025-Q2' });
    // The questionnaire question is now answered and passes.
    expect(get(policy.id)).toMatchObject({ status: 'fixed', fixedCycle: '2025-Q2' });
    // Expired acceptance → open (event recorded), still failing.
    expect(get(ftp.id)).toMatchObject({ status: 'open', lastSeen: '2025-Q2', acceptedUntil: '2025-03-01' });
    expect(showFinding(db, ftp.id).history.map((h) => h.type)).toEqual(['opened', 'risk_accepted', 'acceptance_expired', 'seen']);
    // False positive stays so on re-import.
    expect(get(tls10.id)).toMatchObject({ status: 'false_positive', lastSeen: '2025-Q2' });
    // Unreachable target: nothing changes.
    expect(get(unit2.id)).toMatchObject({ status: 'open', lastSeen: '2025-Q1' });
    const click = byCheck(all, 'http.clickjacking');
    expect(click).toMatchObject({ status: 'open', firstSeen: '2025-Q2', due: '2025-07-09' });
    db.close();

    // ── Cycle 3: only van-phong audited (unit 2 absent); regressions
    const s3 = importResultsFile(dbFile, f3, { actor: 'can-bo-attt', now: new Date('2025-07-11T03:00:00Z') });
    expect(s3).toMatchObject({ cycle: '2025-Q3', opened: 0, regressed: 2, fixed: 2 });
    db = openTracker(dbFile);
    all = listFindings(db, {}, new Date('2025-07-11T03:00:00Z'));
    expect(get(csp.id)).toMatchObject({ status: 'open', regression: true, due: '2025-10-08', lastSeen: '2025-Q3', fixedCycle: null });
    expect(get(telnet.id)).toMatchObject({ status: 'open', regression: true, due: '2025-07-17' });
    expect(showFinding(db, telnet.id).history.map((h) => h.type)).toEqual(['opened', 'fixed', 'regressed']);
    expect(get(hsts.id)).toMatchObject({ status: 'fixed', fixedCycle: '2025-Q3', regression: false });
    expect(get(click.id)).toMatchObject({ status: 'fixed', fixedCycle: '2025-Q3' });
    expect(get(unit2.id)).toMatchObject({ status: 'open', lastSeen: '2025-Q1' });
    expect(listFindings(db, { regression: true }).map((f) => f.id).sort()).toEqual([csp.id, telnet.id].sort());
    expect(listFindings(db, { unit: 'bao-tro-xa-hoi' }).map((f) => f.id)).toEqual([unit2.id]);
    expect(listFindings(db, { severity: ['critical'], status: ['open'] }).map((f) => f.id).sort()).toEqual([telnet.id, ftp.id].sort());

    // ── Stats: per unit and trend per cycle
    const st = trackerStats(db, { now: new Date('2025-07-11T03:00:00Z') });
    expect(st.latestCycle).toBe('2025-Q3');
    const vp = st.units.find((u) => u.unit === VP.unit)!;
    expect(vp.open).toEqual({ critical: 2, high: 0, medium: 1, low: 0, info: 0 });
    expect(vp.fixedThisCycle).toBe(2);
    expect(vp.falsePositive).toBe(1);
    expect(vp.overdue).toBe(1); // ftp (critical, due 2025-01-17) — the regressions got new due dates
    // Mean time to remediate: hsts 2025-01-10 → 2025-07-10 (181 d), policy 01-10 → 04-10 (90 d), click 04-10 → 07-10 (91 d).
    expect(vp.meanDaysToRemediate).toBeCloseTo((181 + 90 + 91) / 3, 1);
    expect(st.trend.map((c) => [c.cycle, c.new, c.fixed, c.regressed])).toEqual([
      ['2025-Q1', 7, 0, 0],
      ['2025-Q2', 1, 3, 0],
      ['2025-Q3', 0, 2, 2],
    ]);
    expect(st.trend[0].open).toEqual({ critical: 2, high: 2, medium: 2, low: 1, info: 0 });
    expect(verifyChain(db).ok).toBe(true);
    db.close();

    // ── The report view
    const view = readTrackerForReport(dbFile, { cycle: '2025-Q3', now: new Date('2025-07-11T03:00:00Z') });
    expect(view.previousCycle).toBe('2025-Q2');
    expect(view.cycles).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
    expect(view.changes.regressed.sort()).toEqual([csp.id, telnet.id].sort());
    expect(view.changes.fixed.sort()).toEqual([hsts.id, click.id].sort());
    expect(view.changes.new).toEqual([]);
    expect(view.changes.stillOpen.sort()).toEqual([ftp.id, unit2.id].sort());
    expect(view.gradeTrend.find((g) => g.target === 'sldtbxh.example.gov.vn:443')?.grades).toEqual([
      { cycle: '2025-Q1', grade: 'B' }, { cycle: '2025-Q2', grade: 'B' }, { cycle: '2025-Q3', grade: 'A' },
    ]);
    expect(view.cycleStats.map((c) => c.cycle)).toEqual(view.cycles);
    const q2 = readTrackerForReport(dbFile, { cycle: '2025-Q2', unit: VP.unit, now: new Date('2025-04-11T03:00:00Z') });
    expect(q2.previousCycle).toBe('2025-Q1');
    expect(q2.findings.every((f) => f.unit === VP.unit)).toBe(true);
    expect(q2.changes.new).toEqual([click.id]);
    // A set of units (a department's consolidated report): exactly their findings, trend and grades.
    const both = readTrackerForReport(dbFile, { cycle: '2025-Q2', units: [VP.unit, 'bao-tro-xa-hoi'], now: new Date('2025-04-11T03:00:00Z') });
    const whole = readTrackerForReport(dbFile, { cycle: '2025-Q2', now: new Date('2025-04-11T03:00:00Z') });
    expect(both.findings).toEqual(whole.findings);
    const one = readTrackerForReport(dbFile, { cycle: '2025-Q2', units: [VP.unit], now: new Date('2025-04-11T03:00:00Z') });
    expect(one.findings).toEqual(q2.findings);
    expect(one.cycleStats).toEqual(q2.cycleStats);
    expect(readTrackerForReport(dbFile, { cycle: '2025-Q2', units: ['khong-co'] }).findings).toEqual([]);

    // ── CLI views of the same database
    const list = await runCli(['--json', 'tracker', 'list', '--db', dbFile, '--status', 'open']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as TrackerFinding[]).map((f) => f.id).sort()).toEqual([csp.id, telnet.id, ftp.id, unit2.id].sort());
    const show = await runCli(['--json', 'tracker', 'show', telnet.id, '--db', dbFile]);
    expect(JSON.parse(show.stdout).history.map((h: { type: string }) => h.type)).toEqual(['opened', 'fixed', 'regressed']);
    const table = await runCli(['--lang', 'vi', 'tracker', 'list', '--db', dbFile, '--regression'], { env: { ATTT_LANG: 'vi' } });
    expect(table.stdout).toContain('tái phát');
    expect(table.stdout).toContain(telnet.id);
    const stats = await runCli(['tracker', 'stats', '--db', dbFile], { env: { ATTT_NOW: '2025-07-11T03:00:00Z' } });
    expect(stats.code).toBe(0);
    expect(stats.stdout).toContain('2025-Q3');
  });

  it('re-importing the same results changes nothing; a second file of the same cycle updates it', async () => {
    const dir = tmpDir();
    const dbFile = await backend.fresh(dir);
    const f1 = writeJson(dir, 'c1.json', makeResults({ cycle: 'K1', startedAt: '2025-01-10T02:00:00Z', targets: targets(), results: cycle1 }));
    importResultsFile(dbFile, f1, { now: new Date('2025-01-11T00:00:00Z') });
    const before = dumpDb(dbFile);
    const again = importResultsFile(dbFile, f1, { now: new Date('2025-01-12T00:00:00Z') });
    expect(again).toMatchObject({ alreadyImported: true, opened: 0, events: 0 });
    expect(dumpDb(dbFile)).toEqual(before);
    // Same content, different bytes (re-serialised): not the same file, but still no finding changes.
    const f1b = path.join(dir, 'c1b.json');
    const data = makeResults({ cycle: 'K1', startedAt: '2025-01-10T02:00:00Z', targets: targets(), results: cycle1 });
    fs.writeFileSync(f1b, JSON.stringify(data)); // compact form: another hash
    const upd = importResultsFile(dbFile, f1b, { now: new Date('2025-01-12T00:00:00Z') });
    expect(upd).toMatchObject({ alreadyImported: false, cycleUpdated: true, opened: 0, fixed: 0, regressed: 0, reopened: 0 });
    const after = dumpDb(dbFile);
    expect(after.findings).toEqual(before.findings);
    expect((after.events as Array<{ type: string }>).slice(before.events.length).map((e) => e.type)).toEqual(['imported']);
  });

  it('a risk acceptance returns to open when its date has passed, evaluated at list time and recorded', async () => {
    const dir = tmpDir();
    const dbFile = await backend.fresh(dir);
    const f1 = writeJson(dir, 'c1.json', makeResults({ cycle: 'K1', startedAt: '2025-01-10T02:00:00Z', targets: targets(), results: cycle1 }));
    importResultsFile(dbFile, f1, { now: new Date('2025-01-11T00:00:00Z') });
    const env = (now: string) => ({ ATTT_NOW: now });
    const acc = await runCli(['tracker', 'accept', 'F-0001', '--db', dbFile, '--until', '2025-02-28', '--reason', 'chờ nâng cấp', '--approver', 'Phó Giám đốc'], { env: env('2025-01-15T00:00:00Z') });
    expect(acc.code).toBe(0);
    const onLastDay = await runCli(['--json', 'tracker', 'list', '--db', dbFile, '--status', 'risk_accepted'], { env: env('2025-02-28T10:00:00') });
    expect(JSON.parse(onLastDay.stdout).map((f: TrackerFinding) => f.id)).toEqual(['F-0001']);
    const eventsBefore = dumpDb(dbFile).events.length;
    const dayAfter = await runCli(['--json', 'tracker', 'list', '--db', dbFile], { env: env('2025-03-01T10:00:00') });
    const f = (JSON.parse(dayAfter.stdout) as TrackerFinding[]).find((x) => x.id === 'F-0001')!;
    expect(f.status).toBe('open');
    const events = dumpDb(dbFile).events as Array<{ type: string; finding_id: number }>;
    expect(events.length).toBe(eventsBefore + 1);
    expect(events.at(-1)).toMatchObject({ type: 'acceptance_expired', finding_id: 1 });
    // Listing again records nothing more.
    await runCli(['tracker', 'list', '--db', dbFile], { env: env('2025-03-02T10:00:00') });
    expect(dumpDb(dbFile).events.length).toBe(eventsBefore + 1);
    const verify = await runCli(['tracker', 'verify', '--db', dbFile]);
    expect(verify.code).toBe(0);
  });

  it('exports csv, xlsx and json; CSV neutralises spreadsheet formulas from hostile servers', async () => {
    const dir = tmpDir();
    const dbFile = await backend.fresh(dir);
    const res = makeResults({ cycle: 'K1', startedAt: '2025-01-10T02:00:00Z', targets: targets(), results: cycle1 });
    res.results[0].message = { vi: '=HYPERLINK("http://evil")', en: '=HYPERLINK("http://evil")' };
    importResultsFile(dbFile, writeJson(dir, 'c1.json', res));
    const csv = await runCli(['--lang', 'vi', 'tracker', 'export', '--db', dbFile, '--format', 'csv'], { env: { ATTT_LANG: 'vi' } });
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFF"Mã","Đơn vị"')).toBe(true);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(8);
    const xlsxFile = path.join(dir, 'out.xlsx');
    const x = await runCli(['tracker', 'export', '--db', dbFile, '--format', 'xlsx', '--out', xlsxFile, '--unit', VP.unit]);
    expect(x.code).toBe(0);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    expect(wb.worksheets[0].rowCount).toBe(7); // header + 6 van-phong findings
    const json = await runCli(['tracker', 'export', '--db', dbFile, '--format', 'json', '--severity', 'critical']);
    expect(JSON.parse(json.stdout)).toHaveLength(2);
  });
});

describeBackends('tracker edge rules', (backend) => {
  it('in_progress stays while failing; info has no due date; a fix and a failure in two files of one cycle reopen without regression', async () => {
    const dir = tmpDir();
    const dbFile = await backend.fresh(dir);
    const tg: TargetSpec[] = [
      { key: 'a', unit: 'u1', system: 's', family: 'http', target: 'https://a/' },
      { key: 'b', unit: 'u2', system: 's', family: 'http', target: 'https://b/' },
    ];
    const r1 = makeResults({ cycle: 'K1', startedAt: '2025-01-10T00:00:00Z', targets: tg, results: [
      { checkId: 'http.csp.missing', targetKey: 'a', outcome: 'fail', severity: 'medium' },
      { checkId: 'http.header.info-disclosure', targetKey: 'a', outcome: 'fail', severity: 'info' },
    ] });
    importResultsFile(dbFile, writeJson(dir, 'k1.json', r1), { sla: { medium: 45 } });
    const db1 = openTracker(dbFile);
    expect(listFindings(db1).map((f) => [f.checkId, f.due])).toEqual([['http.csp.missing', '2025-02-24'], ['http.header.info-disclosure', null]]);
    updateFinding(db1, 'F-0001', { status: 'in_progress', owner: 'ops' });
    db1.close();
    // K2, first file: CSP still failing (stays in progress), the info header is gone.
    const k2a = makeResults({ cycle: 'K2', startedAt: '2025-04-10T00:00:00Z', targets: tg, results: [
      { checkId: 'http.csp.missing', targetKey: 'a', outcome: 'fail', severity: 'medium' },
      { checkId: 'http.header.info-disclosure', targetKey: 'a', outcome: 'pass', severity: 'info' },
    ] });
    importResultsFile(dbFile, writeJson(dir, 'k2a.json', k2a));
    // K2, a corrected file: the header is disclosed after all. Same cycle: reopened, not a regression.
    const k2b = makeResults({ cycle: 'K2', startedAt: '2025-04-10T00:00:00Z', targets: tg, results: [
      { checkId: 'http.csp.missing', targetKey: 'a', outcome: 'fail', severity: 'medium' },
      { checkId: 'http.header.info-disclosure', targetKey: 'a', outcome: 'fail', severity: 'info' },
    ] });
    const s = importResultsFile(dbFile, writeJson(dir, 'k2b.json', k2b));
    expect(s).toMatchObject({ cycleUpdated: true, reopened: 1, regressed: 0 });
    const db2 = openTracker(dbFile);
    const list = listFindings(db2);
    expect(list.map((f) => [f.id, f.status, f.regression, f.lastSeen])).toEqual([
      ['F-0001', 'in_progress', false, 'K2'],
      ['F-0002', 'open', false, 'K2'],
    ]);
    expect(showFinding(db2, 'F-0002').history.map((h) => h.type)).toEqual(['opened', 'fixed', 'reopened']);
    // Lookup by fingerprint and lower-case id.
    expect(showFinding(db2, list[0].fingerprint).id).toBe('F-0001');
    expect(showFinding(db2, 'f-1').id).toBe('F-0001');
    db2.close();
  });
});
