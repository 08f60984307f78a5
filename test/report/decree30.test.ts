import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventorySchema } from '../../src/inventory/schema.js';
import { loadInventory } from '../../src/inventory/index.js';
import { buildModel, buildReport, renderReport } from '../../src/report/index.js';
import { readReportSettings } from '../../src/report/model/index.js';
import { makeSampleResults } from '../../src/report/sample.js';
import type { Results } from '../../src/results/index.js';

const NOW = new Date('2026-06-20T02:00:00Z');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-d30-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function withSigner(signer: Record<string, unknown>): Results {
  const r = makeSampleResults();
  (r.inventory.report as Record<string, unknown>).signer = signer;
  return r;
}

/** The visible text of the HTML report (stylesheet and tags removed). */
function textOf(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<title>[\s\S]*?<\/title>/, '').replace(/<[^>]+>/g, '\n').replace(/&[a-z#0-9]+;/gi, ' ');
}

describe('signature and recipients (Decree 30/2020 Phụ lục I, II.7 and II.9)', () => {
  it('writes each authority form before the position, the signer\'s own position below (none for Q.)', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ name: 'Phạm Thị Dung', title: 'Phó Giám đốc', authority: 'KT.', authorityFor: 'Giám đốc' }, ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']],
      [{ name: 'Phạm Thị Dung', title: 'Giám đốc', authority: 'Q.' }, ['Q. GIÁM ĐỐC']],
      [{ name: 'Phạm Thị Dung', title: 'Chánh Văn phòng', authority: 'TL.', authorityFor: 'Giám đốc' }, ['TL. GIÁM ĐỐC', 'CHÁNH VĂN PHÒNG']],
      [{ name: 'Phạm Thị Dung', title: 'Trưởng phòng Công nghệ thông tin', authority: 'TUQ.', authorityFor: 'Giám đốc' }, ['TUQ. GIÁM ĐỐC', 'TRƯỞNG PHÒNG CÔNG NGHỆ THÔNG TIN']],
      [{ name: 'Phạm Thị Dung', title: 'Chủ tịch', authority: 'TM.', authorityFor: 'Hội đồng thẩm định' }, ['TM. HỘI ĐỒNG THẨM ĐỊNH', 'CHỦ TỊCH']],
      [{ name: 'Phạm Thị Dung', title: 'Giám đốc Sở' }, ['GIÁM ĐỐC SỞ']],
    ];
    for (const [signer, lines] of cases) {
      const m = await buildModel({ results: withSigner(signer), lang: 'vi', now: NOW });
      expect(m.signer).toEqual({ titleLines: lines, name: 'Phạm Thị Dung' });
    }
  });

  it('has no preparer co-signature and no printed form instructions; the drafter is in the "Lưu:" line', async () => {
    const r = makeSampleResults();
    Object.assign(r.inventory.report as Record<string, unknown>, { draftingOffice: 'VP', copies: 2, preparer: { name: 'Lê Văn Cường', title: 'Chuyên viên', initials: 'CUONG' } });
    const m = await buildModel({ results: r, lang: 'vi', now: NOW });
    expect(m.archiveLine).toBe('Lưu: VT, VP, CUONG (02b).');
    const text = textOf(String(await renderReport(m, 'html')));
    expect(text).not.toMatch(/NGƯỜI LẬP BÁO CÁO|Ký, ghi rõ họ tên|đóng dấu\)/);
    expect(text).toContain('- Lưu: VT, VP, CUONG (02b).');
    // A report sent upward: "Như trên" stands for the "Kính gửi" addressees, first.
    expect(m.recipients[0]).toBe('Như trên');
    const md = String(await renderReport(m, 'md'));
    expect(md).not.toContain('NGƯỜI LẬP');
  });

  it('a unit report carries the unit\'s own name, symbol, addressee and preparer, signed by its head', async () => {
    const r = makeSampleResults();
    r.inventory.units[1].report = { symbol: 'BC-NCC', kinhGui: ['Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Ninh Bình'], preparer: { name: 'Ngô Văn Minh', title: 'Chuyên viên' }, draftingOffice: 'NCC', recipients: ['Văn phòng Sở (để tổng hợp)'] };
    const m = await buildModel({ results: r, unit: 'nguoi-co-cong', lang: 'vi', now: NOW });
    expect(m.header.issuingBody).toBe('PHÒNG NGƯỜI CÓ CÔNG');
    expect(m.header.numberLine).toMatch(/\/BC-NCC$/);
    expect(m.kinhGui).toEqual(['Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Ninh Bình']);
    expect(m.signer).toEqual({ titleLines: ['TRƯỞNG PHÒNG'], name: 'Trần Thị Bình' });
    expect(m.archiveLine).toBe('Lưu: VT, NCC, NVM.');
    expect(m.recipients).toEqual(['Như trên', 'Văn phòng Sở (để tổng hợp)']);
    expect(m.header.annexLine).toContain('của Phòng Người có công');
  });

  it('the inventory accepts the new report fields, rejects an unknown authority, and the init sample uses them', () => {
    const base = { organization: { name: 'Sở X' }, scope: { allow: ['192.0.2.0/24'] }, units: [{ id: 'vp', name: 'Văn phòng' }] };
    const ok = inventorySchema.safeParse({
      ...base,
      report: { signer: { name: 'A', title: 'Phó Giám đốc', authority: 'KT.', authorityFor: 'Giám đốc' }, draftingOffice: 'VP', copies: 2, plan: { number: '12/KH-SX', date: '2026-01-20' }, assessor: { name: 'Tổ kiểm tra' } },
      units: [{ id: 'vp', name: 'Văn phòng', report: { symbol: 'BC-VP', kinhGui: ['Giám đốc Sở'] }, systems: [{ id: 's', name: 'S', level: 3, approval: { decision: '25/QĐ-SX', date: '2025-03-15' } }] }],
    });
    expect(ok.success, JSON.stringify(ok.error?.issues)).toBe(true);
    const bad = inventorySchema.safeParse({ ...base, report: { signer: { name: 'A', title: 'B', authority: 'KT' } } });
    expect(bad.success).toBe(false);
    const sample = loadInventory(path.resolve('templates/init/inventory.yaml'));
    const settings = readReportSettings(sample.report);
    expect(settings.signer?.authority).toBe('KT.');
    expect(settings.plan?.number).toMatch(/KH-/);
    expect(sample.units.some((u) => u.report?.symbol && u.systems.some((s) => s.approval?.decision))).toBe(true);
  });
});

describe('sections an official expects', () => {
  it('cites the legal basis with the unit\'s plan, each system\'s level approval, who assessed, and the self-assessment statement', async () => {
    const r = makeSampleResults();
    Object.assign(r.inventory.report as Record<string, unknown>, { plan: { number: '12/KH-SLĐTBXH', date: '2026-01-20', title: 'về kiểm tra, đánh giá an toàn thông tin năm 2026' }, assessor: { name: 'Tổ kiểm tra', unit: 'Văn phòng Sở', relation: 'Không độc lập với hệ thống được kiểm tra.' } });
    r.inventory.units[0].systems[1].approval = { decision: '25/QĐ-SLĐTBXH', date: '2025-03-15' };
    const m = await buildModel({ results: r, lang: 'vi', now: NOW });
    expect(m.scope.basis.some((b) => b.startsWith('Nghị định số 85/2016/NĐ-CP ngày 01 tháng 7 năm 2016'))).toBe(true);
    expect(m.scope.basis.at(-1)).toBe('Kế hoạch số 12/KH-SLĐTBXH ngày 20 tháng 01 năm 2026 của Sở Lao động - Thương binh và Xã hội tỉnh Ninh Bình về kiểm tra, đánh giá an toàn thông tin năm 2026.');
    expect(m.scope.basis.slice(0, -1).every((b) => b.endsWith(';'))).toBe(true);
    expect(m.scope.rows.map((x) => x.approval)).toEqual(['chưa có', 'Quyết định số 25/QĐ-SLĐTBXH ngày 15/03/2025', 'chưa có', 'chưa có']);
    expect(m.assessment.assessor).toBe('Tổ kiểm tra (Văn phòng Sở)');
    expect(m.assessment.selfAssessment).toMatch(/tự kiểm tra.*không thay thế.*cấp độ 3/);
    expect(m.assessment.limits.join(' ')).toMatch(/Không dùng tài khoản.*Không kiểm thử xâm nhập.*tự khai/);
    expect(m.conclusion.length).toBeGreaterThan(1);
    expect(m.toSuperior.join(' ')).toMatch(/Ủy ban nhân dân tỉnh Ninh Bình.*tổ chức chuyên môn được cấp phép/);
    expect(m.glossary.severities.map((s) => s.label)).toEqual(['Nghiêm trọng', 'Cao', 'Trung bình', 'Thấp', 'Thông tin']);
    expect(m.glossary.grades.map((g) => g.grade).join(' ')).toMatch(/A\+.*F.*T/);
  });

  it('counts the next periodic assessment from the last qualifying one the unit declared, not from this report', async () => {
    const r = makeSampleResults();
    r.results.push({ ...r.results[0], checkId: 'policy.security-management.last-assessment-date', unit: 'nguoi-co-cong', system: 'csdl-ncc', target: 'security-management', outcome: 'pass', severity: 'medium', fingerprint: 'a'.repeat(24), evidence: { answer: '2025-11-30' }, message: { vi: 'đạt', en: 'pass' } });
    const m = await buildModel({ results: r, lang: 'vi', now: NOW });
    const row = m.periodic.rows.find((x) => x.systemName === 'Cơ sở dữ liệu người có công')!;
    expect(row).toMatchObject({ last: '30/11/2025', nextDue: '30/11/2026' });
    expect(m.periodic.rows.find((x) => x.systemName === 'Máy chủ thư điện tử')!.nextDue).toBe('30/05/2026');
  });

  it('opens with the executive page: verdict, matrix, top five risks with exposure, owner and due', async () => {
    const m = await buildModel({ results: makeSampleResults(), lang: 'vi', now: NOW });
    expect(m.sec.executive).toBe('I');
    expect(m.executive.verdict).toMatch(/^Các hệ thống thông tin được kiểm tra chưa bảo đảm an toàn thông tin: còn 2 phát hiện mức Nghiêm trọng/);
    expect(m.executive.matrix.flatMap((r) => r.cells).reduce((n, c) => n + c.count, 0)).toBe(m.findingGroups.length);
    expect(m.executive.top).toHaveLength(5);
    expect(m.executive.top[0]).toMatchObject({ severityLabel: 'Nghiêm trọng' });
    for (const t of m.executive.top) expect(t.exposes.length).toBeGreaterThan(10);
  });
});

describe('one count, one reference, in every format', () => {
  it('PDF/HTML problems, CSV and Markdown rows and the summary agree; unanswered questions are not findings', async () => {
    const results = makeSampleResults({ findings: 40 });
    const fails = results.results.filter((r) => r.outcome === 'fail');
    const unanswered = results.results.filter((r) => r.outcome === 'unanswered').length;
    expect(unanswered).toBeGreaterThan(0);
    const m = await buildModel({ results, lang: 'vi', now: NOW });
    expect(m.summary.totalFindings).toBe(fails.length);
    expect(m.findings).toHaveLength(fails.length);
    expect(m.unanswered).toBe(unanswered);
    expect(m.executive.verdict).toContain(`(${fails.length} phát hiện)`);
    const csvFile = path.join(dir, 'f.csv');
    await buildReport({ results, format: 'csv', lang: 'vi', out: csvFile, now: NOW });
    const csvRefs = fs.readFileSync(csvFile, 'utf8').split('\r\n').slice(1).filter(Boolean).map((l) => l.split(',')[0].replace(/"/g, ''));
    expect(csvRefs).toHaveLength(fails.length);
    expect(new Set(csvRefs).size).toBe(fails.length);
    const md = String(await renderReport(m, 'md'));
    for (const ref of csvRefs) expect(md).toContain(`| ${ref} |`);
    const html = String(await renderReport(m, 'html'));
    const groupRefs = new Set(m.findingGroups.map((g) => g.ref));
    for (const ref of csvRefs) expect(groupRefs.has(ref.split('.')[0])).toBe(true);
    for (const ref of groupRefs) expect(html).toContain(`<td class="ref">${ref}</td>`);
    expect(m.findingGroups.reduce((n, g) => n + g.count, 0)).toBe(fails.length);
  });
});

describe('Vietnamese without leakage, English equally clean', () => {
  it('no ISO dates, cycle ids, config keys, raw JSON or English labels in the vi edition', async () => {
    const results = makeSampleResults();
    const m = await buildModel({ results, lang: 'vi', now: NOW });
    const text = textOf(String(await renderReport(m, 'html')));
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(text).not.toMatch(/\b2026-Q\d\b/);
    expect(text).toContain('quý II năm 2026');
    expect(text).not.toMatch(/expectedOpen|\{"|":|\btrue\b|\bfalse\b|\bnull\b|undefined/);
    expect(text).not.toMatch(/\b(Severity|Finding|Remediation|Owner|Due|Target|Evidence|Annex|Fixed|Open)\b/);
    expect(text).not.toMatch(/password-policy|security-management/);
    const en = textOf(String(await renderReport(await buildModel({ results, lang: 'en', now: NOW }), 'html')));
    expect(en).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b|\b2026-Q\d\b|\{"|":/);
    expect(en).toContain('Q2 2026');
    expect(en).not.toMatch(/Mức độ|Phát hiện|Kiến nghị|chưa có|Phụ lục/);
  });
});
