import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/report/chromium.js';
import { buildModel, buildReport, renderReport } from '../../src/report/index.js';
import type { TrackerReportView } from '../../src/tracker/view-types.js';
import { loadFrameworks } from '../../src/report/frameworks.js';
import { buildReportModel } from '../../src/report/model/index.js';
import { HOSTILE_STRINGS, makeSampleResults } from '../../src/report/sample.js';
import { runCli } from '../helpers/cli.js';

/**
 * The HTML and PDF reports opened in real headless Chromium (Debian's /usr/bin/chromium, or
 * ATTT_CHROMIUM), with JavaScript ON in the viewer so that any script that slipped through
 * escaping or the Content-Security-Policy would run and be caught.
 */
const NOW = new Date('2026-06-20T02:00:00Z');
let browser: Browser;
let dir: string;
let htmlVi: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-chromium-'));
  // The report's own fonts only (a machine without fonts-liberation or any other font).
  browser = await launchChromium();
  htmlVi = path.join(dir, 'bao-cao.html');
  await buildReport({ results: makeSampleResults({ hostile: true }), format: 'html', lang: 'vi', out: htmlVi, now: NOW });
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openReport(file: string): Promise<{ page: Page; dialogs: string[]; requests: string[]; consoleErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(`file://${file}`);
  return { page, dialogs, requests, consoleErrors };
}

/** Share of non-white pixels in a PNG, measured by drawing it on a canvas in a blank page. */
async function inkRatio(png: Buffer): Promise<number> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const data = g.getImageData(0, 0, img.width, img.height).data;
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
      return ink / (data.length / 4);
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}

describe('HTML report in Chromium', () => {
  it('renders the Decree 30 header and the sections, not blank', async () => {
    const { page, requests } = await openReport(htmlVi);
    const text = await page.locator('body').innerText();
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH NINH BÌNH', 'Số: 05/BC-SLĐTBXH', 'Ninh Bình, ngày 20 tháng 6 năm 2026', 'BÁO CÁO', 'Kết quả tự kiểm tra, đánh giá an toàn thông tin', 'CĂN CỨ VÀ PHẠM VI KIỂM TRA', 'ĐÁNH GIÁ CHUNG VÀ CÁC RỦI RO HÀNG ĐẦU', 'KẾT LUẬN', 'TỔNG HỢP KẾT QUẢ', 'CÁC PHÁT HIỆN VÀ BIỆN PHÁP KHẮC PHỤC', 'MỨC ĐỘ TUÂN THỦ THEO KHUNG', 'KT. GIÁM ĐỐC', 'Nơi nhận:', 'Lưu: VT, SLĐTBXH, LVC.', 'Phụ lục']) {
      expect(text).toContain(s);
    }
    // Quốc hiệu top right, issuing body top left.
    const national = (await page.locator('.national-title').boundingBox())!;
    const issuer = (await page.locator('.issuing-body').boundingBox())!;
    expect(national.x).toBeGreaterThan(issuer.x + issuer.width / 2);
    expect(Math.abs(national.y - (await page.locator('.parent-body').boundingBox())!.y)).toBeLessThan(5);
    expect(await page.locator('svg.chart rect').count()).toBeGreaterThan(3);
    const shot = await page.screenshot({ fullPage: false });
    fs.writeFileSync(path.join(dir, 'screen.png'), shot);
    expect(await inkRatio(shot)).toBeGreaterThan(0.03);
    expect(requests).toEqual([]);
    await page.context().close();
  });

  it('hostile finding text neither runs nor breaks the layout', async () => {
    const { page, dialogs, requests } = await openReport(htmlVi);
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      title: document.title,
      scripts: document.querySelectorAll('script').length,
      links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      imgs: document.querySelectorAll('img').length,
      h1: document.querySelectorAll('h1').length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      docWidth: (document.querySelector('.doc') as HTMLElement).getBoundingClientRect().width,
      widest: Math.max(...[...document.querySelectorAll('.doc td, .doc dd')].map((e) => e.getBoundingClientRect().right)),
      docRight: (document.querySelector('.doc') as HTMLElement).getBoundingClientRect().right,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    }));
    expect(state.pwned).toBeNull();
    expect(state.title).not.toBe('PWNED');
    expect(state.scripts).toBe(0);
    expect(state.links).toEqual([]);
    expect(state.imgs).toBe(0);
    expect(state.h1).toBe(0);
    expect(state.handlers).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(state.overflow).toBeLessThanOrEqual(0);
    expect(state.widest).toBeLessThanOrEqual(state.docRight + 1);
    expect(state.csp).toContain("default-src 'none'");
    expect(state.csp).toContain("script-src 'none'");
    const text = await page.locator('body').innerText();
    expect(text).toContain('{{7*7}}'); // shown literally, never evaluated by the template engine
    expect(text).toContain('<script>window.__pwned = 1;');
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u202e');
    expect(text).toContain('ĐỎ');
    expect(HOSTILE_STRINGS.length).toBeGreaterThan(5);
    await page.context().close();
  });

  it('the Content-Security-Policy alone stops an injected script (defence in depth)', async () => {
    const html = fs.readFileSync(htmlVi, 'utf8').replace('</main>', '<script>window.__pwned = 9</script></main>');
    const injected = path.join(dir, 'injected.html');
    fs.writeFileSync(injected, html);
    const { page, consoleErrors } = await openReport(injected);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
    expect(consoleErrors.join(' ')).toMatch(/Content Security Policy/i);
    // and the report's own stylesheet is allowed by its hash
    expect(await page.locator('.issuing-body').evaluate((e) => getComputedStyle(e).fontWeight)).toBe('700');
    await page.context().close();
  });

  it('the English edition and a unit report', async () => {
    const en = path.join(dir, 'report-en.html');
    await buildReport({ results: makeSampleResults(), format: 'html', lang: 'en', out: en, now: NOW });
    const unit = path.join(dir, 'unit.html');
    await buildReport({ results: makeSampleResults(), format: 'html', lang: 'vi', unit: 'van-phong', out: unit, now: NOW });
    const a = await openReport(en);
    const enText = await a.page.locator('body').innerText();
    expect(enText).toContain('SOCIALIST REPUBLIC OF VIET NAM');
    expect(enText).toContain('FINDINGS AND REMEDIATION');
    expect(enText).toContain('Ninh Bình, 20 June 2026');
    await a.page.context().close();
    const b = await openReport(unit);
    const unitText = await b.page.locator('body').innerText();
    expect(unitText).toContain('VĂN PHÒNG SỞ');
    expect(unitText).toContain('CHÁNH VĂN PHÒNG');
    expect(unitText).toContain('Nguyễn Văn An');
    expect(unitText).not.toContain('Cơ sở dữ liệu người có công');
    await b.page.context().close();
  });
});

/** A tracker view with every kind of change, so that the "changes" tables are laid out too. */
function trackerViewFor(results: ReturnType<typeof makeSampleResults>): TrackerReportView {
  const fails = results.results.filter((r) => r.outcome === 'fail');
  const findings = fails.map((r, i) => ({
    id: `F-${String(i + 1).padStart(4, '0')}`, fingerprint: r.fingerprint, checkId: r.checkId, unit: r.unit, system: r.system, target: r.target, severity: r.severity,
    status: 'open' as const, regression: i % 7 === 0, owner: i % 3 ? 'Lê Văn Cường, Phòng Công nghệ thông tin và chuyển đổi số' : null, due: i % 2 ? '2026-06-01' : null,
    overdue: i % 2 === 1, firstSeen: '2026-Q1', lastSeen: '2026-Q2', fixedCycle: null, acceptedUntil: null, acceptReason: null, message: r.message,
  }));
  const ids = findings.map((f) => f.id);
  return {
    cycle: results.cycle, previousCycle: '2026-Q1', cycles: ['2025-Q4', '2026-Q1', results.cycle], findings,
    changes: { new: ids.filter((_, i) => i % 2 === 0), fixed: [], regressed: ids.filter((_, i) => i % 7 === 0), stillOpen: ids.filter((_, i) => i % 2 === 1), overdue: ids.filter((_, i) => i % 2 === 1) },
    gradeTrend: [],
    cycleStats: ['2025-Q4', '2026-Q1', results.cycle].map((cycle, i) => ({ cycle, open: { critical: 3 - i, high: 5, medium: 8, low: 4, info: 1 }, fixed: i, new: 10 })),
    signOffs: [{ file: `bao-cao-${'x'.repeat(120)}.pdf`, sha256: 'a'.repeat(64), signer: 'Nguyễn Văn An', signedAt: '2026-03-30T08:00:00Z' }],
  };
}

describe('print layout (A4 portrait, Decree 30 margins)', () => {
  // Printable width: 210 mm − 30 mm (left) − 15 mm (right) = 165 mm = 623.6 CSS px.
  const CONTENT_PX = Math.floor((165 / 25.4) * 96);

  async function printOverflow(html: string) {
    const file = path.join(dir, `print-${Math.random().toString(36).slice(2)}.html`);
    fs.writeFileSync(file, html);
    const context = await browser.newContext({ viewport: { width: CONTENT_PX, height: 1100 }, javaScriptEnabled: true });
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print' });
    await page.goto(`file://${file}`);
    const state = await page.evaluate(() => {
      const body = document.body.getBoundingClientRect();
      const cs = getComputedStyle(document.body);
      const contentRight = body.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth);
      const over = (r: DOMRect) => r.width > 0 && r.right > contentRight + 0.5;
      const describe = (e: Element) => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? '').slice(0, 40)}" → ${Math.round(e.getBoundingClientRect().right)}`;
      return {
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        contentRight,
        tables: document.querySelectorAll('table').length,
        tablesOver: [...document.querySelectorAll('table')].filter((t) => over(t.getBoundingClientRect())).map(describe),
        elementsOver: [...document.querySelectorAll('.doc *')].filter((e) => over(e.getBoundingClientRect())).slice(0, 5).map(describe),
        // a cell whose content is wider than the cell is clipped or spills into the next one
        cellsClipped: [...document.querySelectorAll('td, th')].filter((c) => c.scrollWidth > c.clientWidth + 1).slice(0, 5).map(describe),
      };
    });
    await context.close();
    return state;
  }

  it('no table or element is wider than the printable area: hostile text, long target lists, tracker changes, both languages', async () => {
    const cases: Array<{ name: string; html: string }> = [];
    cases.push({ name: 'vi hostile', html: fs.readFileSync(htmlVi, 'utf8') });
    const big = makeSampleResults({ hostile: true, findings: 400 });
    for (const lang of ['vi', 'en'] as const) {
      const model = buildReportModel({ results: big, tracker: trackerViewFor(big), lang, now: NOW, catalog: new Map(), frameworks: loadFrameworks() });
      cases.push({ name: `${lang} tracker`, html: String(await renderReport(model, 'html')) });
    }
    const unit = await buildModel({ results: makeSampleResults({ hostile: true }), unit: 'van-phong', lang: 'vi', now: NOW });
    cases.push({ name: 'unit', html: String(await renderReport(unit, 'html')) });
    for (const c of cases) {
      const st = await printOverflow(c.html);
      expect(st.tables, c.name).toBeGreaterThan(5);
      expect(st.contentRight, c.name).toBeLessThanOrEqual(CONTENT_PX + 0.5);
      expect(st.scrollWidth, c.name).toBeLessThanOrEqual(st.clientWidth);
      expect(st.tablesOver, c.name).toEqual([]);
      expect(st.elementsOver, c.name).toEqual([]);
      expect(st.cellsClipped, c.name).toEqual([]);
    }
  });

  it('in the printed PDF no word crosses the left or right margin', async () => {
    const big = makeSampleResults({ hostile: true, findings: 200 });
    const model = buildReportModel({ results: big, tracker: trackerViewFor(big), lang: 'vi', now: NOW, catalog: new Map(), frameworks: loadFrameworks() });
    const pdf = path.join(dir, 'margins.pdf');
    fs.writeFileSync(pdf, await renderReport(model, 'pdf'));
    const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const pt = (mm: number) => (mm / 25.4) * 72;
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(xml)![1]);
    const words = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((w) => ({ xMin: Number(w[1]), xMax: Number(w[2]), text: w[3] }));
    expect(words.length).toBeGreaterThan(1000);
    const outside = words.filter((w) => w.xMax > pageWidth - pt(15) + 1 || w.xMin < pt(30) - 1);
    expect(outside.slice(0, 5)).toEqual([]);
  });
});

describe('PDF report', () => {
  it('is A4, not blank, with the Vietnamese text (diacritics) in its text layer', async () => {
    const pdf = path.join(dir, 'bao-cao.pdf');
    await buildReport({ results: makeSampleResults({ hostile: true }), format: 'pdf', lang: 'vi', out: pdf, now: NOW });
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 = 595.28 × 841.89 pt; Chromium writes 594.96 × 841.92.
    const boxes = [...bytes.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(3);
    for (const [w, h] of boxes) {
      expect(Math.abs(w - 595.28)).toBeLessThan(1.5);
      expect(Math.abs(h - 841.89)).toBeLessThan(1.5);
    }
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ngày 20 tháng 6 năm 2026', 'BÁO CÁO', 'Kết quả tự kiểm tra, đánh giá an toàn thông tin', 'Nơi nhận:', 'Phạm Thị Dung']) {
      expect(text).toContain(s);
    }
    expect(text).toContain('{{7*7}}');
    expect(text).toContain('<script>window.__pwned'); // shown as text, not run
    // Page numbers: top centre from page 2 on, none on page 1.
    const pages = text.split('\f');
    expect(pages[0].trim().split('\n')[0]).not.toMatch(/^\s*1\s*$/);
    expect(pages[1].trim().split('\n')[0].trim()).toBe('2');
    // The first page is not blank.
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', pdf, path.join(dir, 'page')]);
    const png = fs.readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
    expect(await inkRatio(fs.readFileSync(path.join(dir, png)))).toBeGreaterThan(0.02);
  });

  it('a missing chromium gives ATTT_CHROMIUM_MISSING, exit 3, naming apt-get install chromium and ATTT_CHROMIUM, and no file', async () => {
    const out = path.join(dir, 'no-chromium.pdf');
    const results = path.join(dir, 'results.json');
    fs.writeFileSync(results, JSON.stringify(makeSampleResults()));
    const r = await runCli(['report', 'build', '--results', results, '--format', 'pdf', '--out', out], { env: { ATTT_CHROMIUM: '/nonexistent/chromium' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('apt-get install chromium');
    expect(r.stderr).toContain('ATTT_CHROMIUM');
    expect(fs.existsSync(out)).toBe(false);
    const html = path.join(dir, 'cli.html');
    const ok = await runCli(['--json', 'report', 'build', '--results', results, '--out', html]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ format: 'html', lang: 'vi' });
    const bad = await runCli(['report', 'build', '--results', path.join(dir, 'nope.json'), '--out', html]);
    expect(bad.code).toBe(2);
  });
});
