import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString, PDFArray } from 'pdf-lib';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/report/chromium.js';
import { createPrivateFontConfig, woffToSfnt } from '../../src/report/font-config.js';
import { reportFontFiles, uncoveredCharacters } from '../../src/report/fonts.js';
import { buildModel, buildReport, renderReport } from '../../src/report/index.js';
import { SIGNATURE_SLOTS_KEY, type SignatureSlot } from '../../src/report/pdf.js';
import { makeSampleResults } from '../../src/report/sample.js';
import { emptyFontConfig, pageLines, pdfFontNames, pdfWords } from './pdf-helpers.js';

/**
 * The report's typography must not depend on the machine: the PDF is printed with only the
 * embedded Tinos faces, on a machine with no fonts at all (an empty fontconfig configuration) as
 * on one with fonts-liberation and DejaVu (this machine's defaults).
 */
const NOW = new Date('2026-06-20T02:00:00Z');
const TINOS = ['Tinos-Regular', 'Tinos-Bold', 'Tinos-Italic', 'Tinos-BoldItalic'];
let dir: string;
let emptyConf: string;
let pdfNoFonts: string;
let pdfSystemFonts: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-typo-'));
  emptyConf = emptyFontConfig(dir);
  pdfNoFonts = path.join(dir, 'no-fonts.pdf');
  pdfSystemFonts = path.join(dir, 'system-fonts.pdf');
  const results = makeSampleResults({ hostile: true });
  await buildReport({ results, format: 'pdf', lang: 'vi', out: pdfNoFonts, now: NOW, env: { ...process.env, FONTCONFIG_FILE: emptyConf } });
  await buildReport({ results, format: 'pdf', lang: 'vi', out: pdfSystemFonts, now: NOW, env: process.env });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('embedded typeface', () => {
  it('the PDF uses only the embedded Tinos faces, with or without system fonts', () => {
    for (const pdf of [pdfNoFonts, pdfSystemFonts]) {
      const fonts = pdfFontNames(pdf);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((f) => !TINOS.includes(f))).toEqual([]);
    }
  });

  it('lays out every word at the same place on a machine without fonts and on one with them', () => {
    const a = pdfWords(pdfNoFonts);
    const b = pdfWords(pdfSystemFonts);
    expect(a.pages.length).toBeGreaterThan(3);
    expect(a.words.length).toBeGreaterThan(500);
    expect(b.pages).toEqual(a.pages);
    expect(b.words).toEqual(a.words);
  });

  it('keeps every header line whole in the PDF text layer', () => {
    const lines = pageLines(pdfWords(pdfNoFonts).words, 0);
    for (const line of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Ninh Bình, ngày 20 tháng 6 năm 2026']) {
      expect(lines.some((l) => l.includes(line)), `${line} in ${JSON.stringify(lines.slice(0, 8))}`).toBe(true);
    }
    expect(lines.some((l) => /Số: 05\/BC-SLĐTBXH/.test(l))).toBe(true);
  });

  it('every character the report prints is in the embedded subsets (vi and en, hostile text included)', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const model = await buildModel({ results: makeSampleResults({ hostile: true }), lang, now: NOW });
      const html = String(await renderReport(model, 'html'));
      const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');
      expect(uncoveredCharacters(text), lang).toEqual([]);
    }
  });

  it('converts the shipped WOFF faces to TrueType tables byte for byte', () => {
    const files = reportFontFiles('woff');
    expect(files).toHaveLength(8);
    for (const f of files) {
      const ttf = woffToSfnt(fs.readFileSync(f));
      expect(ttf.readUInt32BE(0)).toBe(0x00010000);
      const n = ttf.readUInt16BE(4);
      const tags = Array.from({ length: n }, (_, i) => ttf.subarray(12 + i * 16, 16 + i * 16).toString('latin1'));
      expect(tags).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hmtx', 'loca', 'name']));
    }
    expect(() => woffToSfnt(Buffer.from('not a font at all, not at all, not at all, no'))).toThrow(/WOFF/);
  });
});

describe('the Decree 30 header fits its boxes by construction (HTML in Chromium)', () => {
  let browser: Browser;
  let disposeFonts = () => {};
  beforeAll(async () => {
    // Chromium with this machine's fonts (fonts-liberation, DejaVu … under /usr/share/fonts): the
    // HTML as a user opens it. The embedded font must win over whatever is installed. Chromium
    // accepts web fonts only when it has at least one system font, so the report's faces are
    // added to the machine's as TrueType (a bare CI machine may have none).
    const own = createPrivateFontConfig();
    disposeFonts = own.dispose;
    const conf = path.join(dir, 'system-fonts.conf');
    const fontsDir = path.join(path.dirname(own.file), 'fonts');
    fs.writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>/usr/share/fonts</dir><dir>${fontsDir}</dir><cachedir>${path.join(dir, 'fc-cache')}</cachedir></fontconfig>\n`);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, env: { ...process.env, FONTCONFIG_FILE: conf } as Record<string, string> });
  });
  afterAll(async () => {
    await browser?.close();
    disposeFonts();
  });

  it('national title and motto on one line each, inside their column; issuer lines never cut a word', async () => {
    for (const unit of [undefined, 'nguoi-co-cong']) {
      const model = await buildModel({ results: makeSampleResults(), unit, lang: 'vi', now: NOW });
      const file = path.join(dir, `header-${unit ?? 'org'}.html`);
      fs.writeFileSync(file, String(await renderReport(model, 'html')));
      const page = await browser.newPage();
      await page.emulateMedia({ media: 'print' });
      await page.goto(`file://${file}`);
      const m = await page.evaluate(async () => {
        await document.fonts.ready;
        const box = (sel: string) => {
          const el = document.querySelector(sel) as HTMLElement;
          const cell = el.closest('td') as HTMLElement;
          const r = el.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(el);
          return { textWidth: range.getBoundingClientRect().width, cellWidth: cell.clientWidth, lines: range.getClientRects().length, scroll: el.scrollWidth, client: el.clientWidth, height: r.height, family: getComputedStyle(el).fontFamily };
        };
        return { loaded: document.fonts.check('bold 12.5pt Tinos') && document.fonts.check('italic 13.5pt Tinos'), title: box('.national-title'), motto: box('.motto span'), parent: box('.parent-body'), issuer: box('.issuing-body') };
      });
      expect(m.loaded).toBe(true);
      expect(m.title.family).toMatch(/^"?Tinos/);
      expect(m.title.textWidth).toBeLessThanOrEqual(m.title.cellWidth);
      expect(m.title.lines).toBe(1);
      expect(m.motto.textWidth).toBeLessThanOrEqual(m.motto.cellWidth);
      expect(m.motto.lines).toBe(1);
      for (const b of [m.parent, m.issuer]) expect(b.scroll).toBeLessThanOrEqual(b.client);
      await page.close();
    }
  });
});

describe('signature slots for a visible signature (contract with the signer)', () => {
  it('records where the head signature block printed, in PDF points, and leaves no link behind', async () => {
    const bytes = fs.readFileSync(pdfNoFonts);
    const doc = await PDFDocument.load(bytes);
    const raw = doc.getInfoDict().lookup(PDFName.of(SIGNATURE_SLOTS_KEY), PDFString).decodeText();
    const slots = JSON.parse(raw) as SignatureSlot[];
    expect(slots.map((s) => s.slot)).toEqual(['head']);
    const [head] = slots;
    const { pages, words } = pdfWords(pdfNoFonts);
    expect(head.page).toBeGreaterThanOrEqual(0);
    expect(head.page).toBeLessThan(pages.length);
    const [x1, y1, x2, y2] = head.rect;
    const { width, height } = pages[head.page];
    expect(x1).toBeGreaterThan(width / 3); // right-hand side of the page
    expect(x2).toBeLessThanOrEqual(width);
    expect(y2 - y1).toBeGreaterThan(60); // room for a signature between the title and the name
    // The signer's name is inside the rectangle (pdftotext measures from the top: flip y).
    const name = words.filter((w) => w.page === head.page && ['Phạm', 'Thị', 'Dung'].includes(w.text));
    expect(name).toHaveLength(3);
    for (const w of name) {
      expect(w.xMin).toBeGreaterThanOrEqual(x1 - 1);
      expect(w.xMax).toBeLessThanOrEqual(x2 + 1);
      expect(height - w.yMax).toBeGreaterThanOrEqual(y1 - 1);
      expect(height - w.yMin).toBeLessThanOrEqual(y2 + 1);
    }
    for (const p of doc.getPages()) {
      const annots = p.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      expect(annots?.size() ?? 0).toBe(0);
    }
  });
});
