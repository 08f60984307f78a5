import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/report/chromium.js';
import { buildModel, buildReportModel, loadFrameworks, renderReport } from '../../src/report/index.js';
import { SIGNATURE_SLOTS_KEY, type SignatureSlot } from '../../src/report/pdf.js';
import { makeSampleResults } from '../../src/report/sample.js';
import type { TrackerReportView } from '../../src/tracker/index.js';
import { pageLines, pdfWords } from './pdf-helpers.js';

/**
 * Page layout faults an official would see: a badge, date or reference broken over two lines, a
 * heading left at the foot of a page, a signature block alone on its page. Several reports of
 * different lengths, both languages and a unit report, so page breaks fall in different places.
 */
const NOW = new Date('2026-06-20T02:00:00Z');
let dir: string;
let browser: Browser;
const cases: Array<{ name: string; html: string; pdf: string }> = [];

function trackerView(results: ReturnType<typeof makeSampleResults>): TrackerReportView {
  const fails = results.results.filter((r) => r.outcome === 'fail');
  const findings = fails.map((r, i) => ({
    id: `F-${String(i + 1).padStart(4, '0')}`, fingerprint: r.fingerprint, checkId: r.checkId, unit: r.unit, system: r.system, target: r.target, severity: r.severity,
    status: 'open' as const, regression: false, owner: i % 3 ? 'Lê Văn Cường' : null, due: i % 2 ? '2026-06-01' : '2026-12-31',
    overdue: i % 2 === 1, firstSeen: i % 4 ? '2026-Q1' : '2026-Q2', lastSeen: '2026-Q2', fixedCycle: null, acceptedUntil: null, acceptReason: null, message: r.message,
  }));
  const ids = findings.map((f) => f.id);
  return {
    cycle: results.cycle, previousCycle: '2026-Q1', cycles: ['2026-Q1', results.cycle], findings,
    changes: { new: ids.filter((_, i) => i % 4 === 0), fixed: [], regressed: [], stillOpen: ids.filter((_, i) => i % 4 !== 0), overdue: ids.filter((_, i) => i % 2 === 1) },
    gradeTrend: [], cycleStats: [], signOffs: [],
  };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-layout-'));
  browser = await launchChromium();
  const specs: Array<{ name: string; findings: number; lang: 'vi' | 'en'; unit?: string; tracker: boolean }> = [
    { name: 'vi, tracker, 30 extra findings', findings: 30, lang: 'vi', tracker: true },
    { name: 'en, tracker, 30 extra findings', findings: 30, lang: 'en', tracker: true },
    { name: 'vi, no tracker', findings: 0, lang: 'vi', tracker: false },
    { name: 'vi unit report, tracker', findings: 12, lang: 'vi', unit: 'nguoi-co-cong', tracker: true },
  ];
  for (const s of specs) {
    const results = makeSampleResults({ findings: s.findings });
    const model = s.tracker
      ? buildReportModel({ results, tracker: trackerView(results), unit: s.unit, lang: s.lang, now: NOW, catalog: new Map(), frameworks: loadFrameworks() })
      : await buildModel({ results, unit: s.unit, lang: s.lang, now: NOW });
    const pdf = path.join(dir, `${cases.length}.pdf`);
    fs.writeFileSync(pdf, await renderReport(model, 'pdf'));
    cases.push({ name: s.name, html: String(await renderReport(model, 'html')), pdf });
  }
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('print layout faults', () => {
  it('no severity badge, date or reference number is broken over two lines or wider than its cell', async () => {
    for (const c of cases) {
      const file = path.join(dir, 'layout.html');
      fs.writeFileSync(file, c.html);
      // The printable width: 210 − 30 − 15 mm.
      const page = await browser.newPage({ viewport: { width: Math.floor((165 / 25.4) * 96), height: 1100 } });
      await page.emulateMedia({ media: 'print' });
      await page.goto(`file://${file}`);
      const faults = await page.evaluate(async () => {
        await document.fonts.ready;
        const out: string[] = [];
        let checked = 0;
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('.sev, .date, td.ref'))) {
          const range = document.createRange();
          range.selectNodeContents(el);
          const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          const cell = el.closest('td, th') as HTMLElement | null;
          checked++;
          if (tops.size > 1) out.push(`split: ${el.className} "${el.textContent}"`);
          if (cell && range.getBoundingClientRect().right > cell.getBoundingClientRect().right + 0.5) out.push(`wider than its cell: "${el.textContent}"`);
        }
        return { out: out.slice(0, 5), checked };
      });
      expect(faults.checked, c.name).toBeGreaterThan(20);
      expect(faults.out, c.name).toEqual([]);
      await page.close();
    }
  });

  it('no heading is the last line of a page', () => {
    for (const c of cases) {
      const headings = [...c.html.matchAll(/<(h2|h3|caption)[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => m[2].replace(/<div[\s\S]*$/, '').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim());
      expect(headings.length, c.name).toBeGreaterThan(10);
      const { pages, words } = pdfWords(c.pdf);
      for (let p = 0; p < pages.length; p++) {
        const lines = pageLines(words, p);
        const last = lines.at(-1) ?? '';
        const isHeading = last.length > 6 && headings.some((h) => h.startsWith(last) || h.endsWith(last));
        expect(isHeading, `${c.name}: page ${p + 1} ends with the heading "${last}"`).toBe(false);
      }
    }
  });

  it('the signature block shares its page with the text before it', async () => {
    for (const c of cases) {
      const doc = await PDFDocument.load(fs.readFileSync(c.pdf));
      const [head] = JSON.parse(doc.getInfoDict().lookup(PDFName.of(SIGNATURE_SLOTS_KEY), PDFString).decodeText()) as SignatureSlot[];
      const { pages, words } = pdfWords(c.pdf);
      const top = pages[head.page].height - head.rect[3];
      // Body text above the closing block (the page number sits in the top margin, above 20 mm).
      const above = words.filter((w) => w.page === head.page && w.yMax < top - 2 && w.yMin > 60);
      expect(above.length, c.name).toBeGreaterThan(15);
    }
  });
});
