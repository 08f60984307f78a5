import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_LOADERS } from '../../checks/index.js';
import { buildModel, buildReport, renderReport } from '../../src/report/index.js';
import { csvCell } from '../../src/report/csv.js';
import { periodicDue } from '../../src/report/decree85.js';
import { evaluateFramework, loadFrameworks } from '../../src/report/frameworks.js';
import { mdEscape } from '../../src/report/markdown.js';
import { buildReportModel, documentSymbol, numberLine, vietnameseDateLine } from '../../src/report/model/index.js';
import { cleanText } from '../../src/report/sanitize.js';
import { makeSampleResults } from '../../src/report/sample.js';
import type { TrackerReportView } from '../../src/tracker/view-types.js';

const NOW = new Date('2026-06-20T02:00:00Z');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-report-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Check ids of DESIGN.md's minimum catalogue: frameworks may cite them before their modules land. */
const DESIGN_CHECK_IDS = `ports.unexpected-open ports.risky-service ports.unauthenticated-service software.outdated software.version-disclosure
tls.protocol.sslv2 tls.protocol.sslv3 tls.protocol.tls1_0 tls.protocol.tls1_1 tls.protocol.no-tls1_3 tls.cipher.null tls.cipher.anonymous
tls.cipher.export tls.cipher.rc4 tls.cipher.3des tls.cipher.no-forward-secrecy tls.cipher.cbc tls.dh.weak tls.cert.expired tls.cert.not-yet-valid
tls.cert.expiring-soon tls.cert.self-signed tls.cert.untrusted tls.cert.hostname-mismatch tls.cert.weak-key tls.cert.weak-signature
tls.cert.chain-incomplete tls.renegotiation.insecure tls.fallback-scsv.missing http.hsts.missing http.hsts.weak http.csp.missing http.csp.unsafe
http.content-type-options.missing http.clickjacking http.referrer-policy.unsafe http.permissions-policy.missing http.cookie.insecure
http.cors.wildcard-credentials http.cors.origin-reflection http.redirect.no-https http.header.deprecated http.header.info-disclosure`.split(/\s+/);
const QUESTION_IDS = {
  'password-policy': 'min-length min-length-mfa max-length composition-rules periodic-change admin-rotation-months change-on-compromise blocklist lockout-threshold lockout-duration-minutes mfa-admin-remote mfa-internet-users default-credentials-changed storage-hashing hints-or-security-questions paste-and-managers-allowed idle-lock-minutes dormant-account-days shared-accounts',
  'security-management': 'training-coverage-percent all-units-trained periodic-assessment-done incident-contact-named backup-restore-tested patch-cadence-days log-retention-months asset-inventory-current access-review-months',
};

describe('framework files', () => {
  const frameworks = loadFrameworks();
  it('ship the five frameworks with bilingual titles and requirements', () => {
    expect(frameworks.map((f) => f.id)).toEqual(['mozilla-tls-6.0', 'nist-800-63b-4', 'owasp-secure-headers', 'qcvn-12-2026-bca', 'tcvn-11930-2017']);
    for (const f of frameworks) {
      expect(f.title.vi).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữ]/i);
      for (const r of f.requirements) expect(r.text.vi && r.text.en).toBeTruthy();
    }
  });
  it('name only check ids and questions that exist', () => {
    const known = new Set([...DESIGN_CHECK_IDS, ...Object.keys(CHECK_LOADERS)]);
    for (const [q, ids] of Object.entries(QUESTION_IDS)) for (const id of ids.split(' ')) known.add(`policy.${q}.${id}`);
    const qdir = path.resolve('checks/questionnaires');
    for (const f of fs.existsSync(qdir) ? fs.readdirSync(qdir).filter((x) => x.endsWith('.yaml')) : []) {
      const def = parseYaml(fs.readFileSync(path.join(qdir, f), 'utf8')) as { id: string; sections: Array<{ questions: Array<{ id: string }> }> };
      for (const s of def.sections) for (const q of s.questions) known.add(`policy.${def.id}.${q.id}`);
      // The shipped questionnaires must contain every question id a framework relies on.
      for (const id of QUESTION_IDS[def.id as keyof typeof QUESTION_IDS]?.split(' ') ?? []) {
        expect(def.sections.flatMap((s) => s.questions.map((q) => q.id))).toContain(id);
      }
    }
    const unknown = frameworks.flatMap((f) => f.requirements.flatMap((r) => r.evidence.filter((e) => !known.has(e)).map((e) => `${f.id}/${r.id}: ${e}`)));
    expect(unknown).toEqual([]);
  });
  it('cite a clause number only where the reference verifies one', () => {
    const clauses = frameworks.flatMap((f) => f.requirements.filter((r) => r.clause).map((r) => `${f.id} ${r.clause}`));
    expect(new Set(clauses)).toEqual(new Set(['nist-800-63b-4 §3.1.1.2']));
  });
  it('judge a question per framework from its own result, never blended', () => {
    const results = makeSampleResults().results;
    const nist = evaluateFramework(frameworks.find((f) => f.id === 'nist-800-63b-4')!, results);
    const qcvn = evaluateFramework(frameworks.find((f) => f.id === 'qcvn-12-2026-bca')!, results);
    expect(nist.requirements.find((r) => r.id === 'min-length-single-factor')!.status).toBe('not_met');
    expect(nist.requirements.find((r) => r.id === 'no-composition-rules')!.status).toBe('not_met');
    expect(qcvn.requirements.find((r) => r.id === 'password-complexity')!.status).toBe('met');
    expect(nist.requirements.find((r) => r.id === 'storage')!.status).toBe('not_assessed');
  });
});

describe('Decree 30/2020 header details', () => {
  it('pads day < 10 and months 1–2 with a zero', () => {
    expect(vietnameseDateLine('Ninh Bình', new Date('2026-01-05T03:00:00Z'))).toBe('Ninh Bình, ngày 05 tháng 01 năm 2026');
    expect(vietnameseDateLine('Ninh Bình', new Date('2026-06-20T03:00:00Z'))).toBe('Ninh Bình, ngày 20 tháng 6 năm 2026');
    // The date is Vietnam's: 23:30 UTC on 31 Dec is already 1 January there.
    expect(vietnameseDateLine('Huế', new Date('2025-12-31T23:30:00Z'))).toBe('Huế, ngày 01 tháng 01 năm 2026');
  });
  it('writes "Số: 05/BC-SLĐTBXH", and leaves the number blank for the records office', () => {
    expect(numberLine('Số', '5', 'SLĐTBXH')).toBe('Số: 05/BC-SLĐTBXH');
    expect(numberLine('Số', '125', 'SLĐTBXH')).toBe('Số: 125/BC-SLĐTBXH');
    expect(numberLine('Số', undefined, 'SLĐTBXH')).toMatch(/^Số: \u00a0+\/BC-SLĐTBXH$/);
  });
  it('takes the inventory symbol as the whole symbol after the slash: "BC-" is never doubled', () => {
    // Decree 30 examples: "Số: 05/BC-SLĐTBXH" ⇒ report.symbol "BC-SLĐTBXH".
    expect(numberLine('Số', '5', 'BC-SLĐTBXH')).toBe('Số: 05/BC-SLĐTBXH');
    expect(numberLine('Số', '12', 'BC-VP-SLĐTBXH')).toBe('Số: 12/BC-VP-SLĐTBXH');
    expect(documentSymbol('bc-SLĐTBXH')).toBe('BC-SLĐTBXH');
    expect(documentSymbol('BCA-X')).toBe('BC-BCA-X'); // "BCA" is a body, not the type prefix
    expect(documentSymbol(undefined)).toBe('BC');
    // No number: a blank of about six spaces for the clerk, then the symbol once.
    const blank = numberLine('Số', undefined, 'BC-SLĐTBXH');
    expect(blank).toBe(`Số: ${'\u00a0'.repeat(6)}/BC-SLĐTBXH`);
    expect(blank).not.toContain('BC-BC');
  });
  it('renders the inventory symbol "BC-SLĐTBXH" once in the header, the annexes and "Lưu: VT"', async () => {
    const results = makeSampleResults();
    (results.inventory.report as Record<string, unknown>).symbol = 'BC-SLĐTBXH';
    delete (results.inventory.report as Record<string, unknown>).number;
    const m = await buildModel({ results, lang: 'vi', now: NOW });
    expect(m.header.numberLine).toBe(`Số: ${'\u00a0'.repeat(6)}/BC-SLĐTBXH`);
    // No drafting office given: the symbol's body stands in; the drafter's initials follow.
    expect(m.archiveLine).toBe('Lưu: VT, SLĐTBXH, LVC.');
    const html = String(await renderReport(m, 'html'));
    expect(html).not.toContain('BC-BC');
    expect(html).toContain('/BC-SLĐTBXH');
  });
});

describe('Decree 85/2016 periodic assessment', () => {
  it('sets yearly for levels 3–4, 6 months for level 5, the 2-year organisation check otherwise', () => {
    const on = new Date('2026-06-15T00:00:00Z');
    expect(periodicDue(3, on)).toMatchObject({ months: 12, nextDue: '2027-06-15', needsSpecialist: true });
    expect(periodicDue(4, on).nextDue).toBe('2027-06-15');
    expect(periodicDue(5, on)).toMatchObject({ months: 6, nextDue: '2026-12-15' });
    expect(periodicDue(2, on)).toMatchObject({ months: null, nextDue: '2028-06-15', needsSpecialist: false });
    expect(periodicDue(5, new Date('2026-08-31T00:00:00Z')).nextDue).toBe('2027-02-28');
  });
});

describe('report model', () => {
  it('builds the consolidated report: issuing body, counts, per-system grades, signer', async () => {
    const m = await buildModel({ results: makeSampleResults(), lang: 'vi', now: NOW });
    expect(m.header).toMatchObject({ parentBody: 'ỦY BAN NHÂN DÂN TỈNH NINH BÌNH', issuingBody: 'SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH NINH BÌNH', numberLine: 'Số: 05/BC-SLĐTBXH' });
    expect(m.title.summary).toBe('Kết quả tự kiểm tra, đánh giá an toàn thông tin các hệ thống thông tin quý II năm 2026');
    expect(m.summary.severityRows.find((r) => r.key === 'critical')!.count).toBe(2);
    expect(m.findings[0].severity).toBe('critical');
    expect(m.summary.grades.map((g) => g.grade).sort()).toEqual(['B', 'C', 'T']);
    expect(m.signer.titleLines).toEqual(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']);
    expect(m.archiveLine).toBe('Lưu: VT, SLĐTBXH, LVC.');
    expect(m.frameworks).toHaveLength(5);
    // No last qualifying assessment declared: due now, not counted from this self-assessment.
    expect(m.periodic.rows.find((r) => r.systemName === 'Máy chủ thư điện tử')!.nextDue).toBe('đến hạn ngay');
    expect(m.changes).toBeNull();
    expect(m.findings.find((f) => f.checkId === 'software.outdated')!.verifyNote).toContain('xác minh');
  });

  it('groups findings by problem without losing any: counts add up, long target lists are capped with a pointer to the CSV', async () => {
    const m = await buildModel({ results: makeSampleResults({ findings: 6000 }), lang: 'vi', now: NOW });
    expect(m.findingGroups.reduce((n, g) => n + g.count, 0)).toBe(m.findings.length);
    const big = m.findingGroups.find((g) => g.count > 200)!;
    expect(big.targets).toHaveLength(200);
    expect(big.moreTargets).toBe(big.count - 200);
    expect(big.evidence.length).toBeLessThanOrEqual(3);
    expect(m.summary.totalFindings).toBe(m.findings.length);
  });

  it('policy findings say what is wrong (the verdict), with the question as context and the framework named', async () => {
    const results = makeSampleResults();
    const m = await buildModel({ results, lang: 'vi', now: NOW });
    const fails = results.results.filter((r) => r.outcome === 'fail' && r.checkId.startsWith('policy.'));
    expect(fails.length).toBeGreaterThan(0);
    const rows = m.policyQuestions.flatMap((q) => q.rows);
    // every failing answer is in section IV, by its message, not only by its question
    for (const r of fails) {
      const row = rows.find((g) => g.checkId === r.checkId)!;
      expect(row.problems.join(' ')).toContain(r.message.vi);
    }
    const mfa = m.policyQuestions.find((q) => q.checkId === 'policy.password-policy.mfa-admin-remote')!;
    expect(mfa.rows[0].problems).toEqual(['Chưa bật xác thực đa yếu tố cho quản trị từ xa']);
    // A per-framework verdict names its framework.
    const minLen = m.policyQuestions.find((q) => q.checkId === 'policy.password-policy.min-length')!;
    expect(minLen.rows[0].problems.join(' ')).toMatch(/NIST SP 800-63B-4.*dưới 15 ký tự/);
    // The question is the context of the block, shown once above the verdicts.
    expect(mfa.question).toMatch(/đa yếu tố/);
    expect(mfa.question).not.toBe(mfa.rows[0].problems[0]);
    const html = String(await renderReport(m, 'html'));
    const block = html.slice(html.indexOf(mfa.question), html.indexOf('Chưa bật xác thực đa yếu tố cho quản trị từ xa'));
    expect(block.length).toBeGreaterThan(0);
    expect(block.length).toBeLessThan(2000);
    // technical and policy rows together keep every failing finding
    expect(m.findingGroups.reduce((n, g) => n + g.count, 0)).toBe(m.findings.length);
    expect(m.techGroups.length + rows.length).toBe(m.findingGroups.length);
  });

  it('builds a unit report signed by the unit head, with only that unit', async () => {
    const m = await buildModel({ results: makeSampleResults(), unit: 'nguoi-co-cong', lang: 'vi', now: NOW });
    expect(m.header.issuingBody).toBe('PHÒNG NGƯỜI CÓ CÔNG');
    expect(m.header.parentBody).toBe('SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH NINH BÌNH');
    expect(m.signer).toEqual({ titleLines: ['TRƯỞNG PHÒNG'], name: 'Trần Thị Bình' });
    expect(new Set(m.findings.map((f) => f.unitName))).toEqual(new Set(['Phòng Người có công']));
  });

  it('rejects an unknown unit and an unknown framework with input errors', async () => {
    await expect(buildModel({ results: makeSampleResults(), unit: 'khong-co', lang: 'vi', now: NOW })).rejects.toMatchObject({ code: 'ATTT_REPORT_UNIT_UNKNOWN', exitCode: 2 });
    const r = makeSampleResults();
    r.inventory.frameworks = ['iso-27001-2099'];
    await expect(buildModel({ results: r, lang: 'vi', now: NOW })).rejects.toMatchObject({ code: 'ATTT_FRAMEWORK_UNKNOWN', exitCode: 2 });
  });

  it('shows only the frameworks the inventory names', async () => {
    const r = makeSampleResults();
    r.inventory.frameworks = ['tcvn-11930-2017', 'nist-800-63b-4'];
    const m = await buildModel({ results: r, lang: 'en', now: NOW });
    expect(m.frameworks.map((f) => f.id)).toEqual(['tcvn-11930-2017', 'nist-800-63b-4']);
    expect(m.header.placeDate).toBe('Ninh Bình, 20 June 2026');
  });

  it('opens with the changes since the last audit when a tracker view is given', () => {
    const results = makeSampleResults();
    const f0 = results.results.find((r) => r.outcome === 'fail' && r.severity === 'critical')!;
    const view: TrackerReportView = {
      cycle: '2026-Q2', previousCycle: '2026-Q1', cycles: ['2026-Q1', '2026-Q2'],
      findings: [
        { id: 'F-0001', fingerprint: f0.fingerprint, checkId: f0.checkId, unit: f0.unit, system: f0.system, target: f0.target, severity: 'critical', status: 'in_progress', regression: true, owner: 'Lê Văn Cường', due: '2026-06-01', overdue: true, firstSeen: '2026-Q1', lastSeen: '2026-Q2', fixedCycle: null, acceptedUntil: null, acceptReason: null, message: f0.message },
        { id: 'F-0002', fingerprint: 'f'.repeat(24), checkId: 'tls.protocol.sslv3', unit: 'van-phong', system: 'cong-ttdt', target: 'sldtbxh.example.gov.vn:443', severity: 'high', status: 'fixed', regression: false, owner: null, due: null, overdue: false, firstSeen: '2026-Q1', lastSeen: '2026-Q1', fixedCycle: '2026-Q2', acceptedUntil: null, acceptReason: null, message: { vi: 'SSLv3 bật', en: 'SSLv3 on' } },
      ],
      changes: { new: [], fixed: ['F-0002'], regressed: ['F-0001'], stillOpen: ['F-0001'], overdue: ['F-0001'] },
      gradeTrend: [{ unit: 'van-phong', system: 'cong-ttdt', target: 'sldtbxh.example.gov.vn:443', grades: [{ cycle: '2026-Q1', grade: 'C' }, { cycle: '2026-Q2', grade: 'B' }] }],
      cycleStats: [
        { cycle: '2026-Q1', open: { critical: 3, high: 4, medium: 2, low: 1, info: 0 }, fixed: 0, new: 10 },
        { cycle: '2026-Q2', open: { critical: 1, high: 3, medium: 5, low: 8, info: 1 }, fixed: 4, new: 12 },
      ],
      signOffs: [{ file: 'bao-cao-2026-Q1.pdf', sha256: 'a'.repeat(64), signer: 'Nguyễn Văn An', signedAt: '2026-03-30T08:00:00Z' }],
    };
    const m = buildReportModel({ results, tracker: view, lang: 'vi', now: NOW, catalog: new Map(), frameworks: [] });
    expect(m.sec).toMatchObject({ executive: 'I', basis: 'II', assessment: 'III', changes: 'IV', summary: 'V' });
    expect(m.changes!.previousCycle).toBe('quý I năm 2026');
    expect(m.changes!.counts.map((c) => c.count)).toEqual([0, 1, 1, 1, 1]);
    expect(m.executive.fixed.map((f) => f.id)).toEqual(['F-0002']);
    const row = m.findings.find((f) => f.trackerId === 'F-0001')!;
    expect(row).toMatchObject({ owner: 'Lê Văn Cường', due: '01/06/2026', overdue: true, regression: true, status: 'Đang xử lý' });
    // Open at the end of each cycle, from the tracker's findings: F-0001 (open), F-0002 (fixed in Q2).
    expect(m.summary.trendChart!.rows.map((r) => r.open)).toEqual([2, 1]);
    expect(m.recommendations.join(' ')).toContain('quá hạn');
  });
});

describe('hostile text outside HTML', () => {
  it('strips ANSI escapes, control characters and bidi overrides, and bounds length', () => {
    expect(cleanText('\u001b[31mĐỎ\u001b[0m\u0007\u0008 \u202eabc')).toBe('ĐỎ abc');
    expect(cleanText('x'.repeat(5000)).length).toBeLessThan(2100);
  });
  it('Markdown: no HTML, no links, no list injection', () => {
    const s = mdEscape('<script>alert(1)</script> [x](javascript:alert(1)) https://evil.example www.evil.example');
    expect(s).not.toMatch(/<script>|\]\(|https:\/\/|www\.e/);
    expect(mdEscape('- item')).toBe('\\- item');
  });
  it('CSV: formula injection neutralised, quotes doubled', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('@SUM(1)')).toBe(`"'@SUM(1)"`);
    expect(csvCell('Bình thường')).toBe('"Bình thường"');
  });
  it('writes Markdown and CSV files with every finding and the hostile text neutralised', async () => {
    const results = makeSampleResults({ hostile: true });
    const md = path.join(dir, 'r.md');
    await buildReport({ results, format: 'md', lang: 'vi', out: md, now: NOW });
    const text = fs.readFileSync(md, 'utf8');
    expect(text).toContain('BÁO CÁO');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('\u001b');
    const csv = path.join(dir, 'r.csv');
    await buildReport({ results, format: 'csv', lang: 'en', out: csv, now: NOW });
    const lines = fs.readFileSync(csv, 'utf8').split('\r\n').filter(Boolean);
    expect(lines[0].charCodeAt(0)).toBe(0xfeff);
    expect(lines).toHaveLength(1 + results.results.filter((r) => r.outcome === 'fail').length);
  });
  it('leaves no partial file when rendering fails', async () => {
    const tpl = path.join(dir, 'broken-tpl');
    fs.mkdirSync(path.join(tpl, 'partials'), { recursive: true });
    fs.writeFileSync(path.join(tpl, 'partials', 'summary.hbs'), '{{#each}}');
    const out = path.join(dir, 'never.html');
    await expect(buildReport({ results: makeSampleResults(), format: 'html', lang: 'vi', out, templateDir: tpl, now: NOW })).rejects.toMatchObject({ code: 'ATTT_TEMPLATE_RENDER' });
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('never'))).toEqual([]);
  });
  it('--template DIR replaces a section partial and keeps the others', async () => {
    const tpl = path.join(dir, 'custom-tpl');
    fs.mkdirSync(path.join(tpl, 'partials'), { recursive: true });
    fs.writeFileSync(path.join(tpl, 'partials', 'recommendations.hbs'), '<section id="custom">{{L.s7}} — mẫu riêng của đơn vị</section>');
    const m = await buildModel({ results: makeSampleResults(), lang: 'vi', now: NOW });
    const html = String(await renderReport(m, 'html', { templateDir: tpl }));
    expect(html).toContain('KIẾN NGHỊ, ĐỀ XUẤT — mẫu riêng của đơn vị');
    expect(html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });
});
