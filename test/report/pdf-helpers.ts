import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Words of a PDF's text layer with their boxes (poppler's pdftotext -bbox), page by page. */
export interface PdfWord {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

export function pdfWords(pdf: string): { pages: Array<{ width: number; height: number }>; words: PdfWord[] } {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const pages: Array<{ width: number; height: number }> = [];
  const words: PdfWord[] = [];
  for (const chunk of xml.split('<page ').slice(1)) {
    const m = /^width="([\d.]+)" height="([\d.]+)"/.exec(chunk)!;
    pages.push({ width: Number(m[1]), height: Number(m[2]) });
    for (const w of chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ page: pages.length - 1, xMin: Number(w[1]), yMin: Number(w[2]), xMax: Number(w[3]), yMax: Number(w[4]), text: unescapeXml(w[5]) });
    }
  }
  return { pages, words };
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** The text lines of one page (words with the same baseline joined), top to bottom. */
export function pageLines(words: PdfWord[], page: number): string[] {
  const lines = new Map<number, PdfWord[]>();
  for (const w of words.filter((x) => x.page === page)) {
    const key = [...lines.keys()].find((k) => Math.abs(k - w.yMax) < 2) ?? w.yMax;
    lines.set(key, [...(lines.get(key) ?? []), w]);
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, ws]) => ws.sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' '));
}

/** Font names `pdffonts` lists (subset prefix removed). */
export function pdfFontNames(pdf: string): string[] {
  const out = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
  return [...new Set(out.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, '')))];
}

/** An empty fontconfig configuration: a machine with no fonts at all. */
export function emptyFontConfig(dir: string): string {
  const file = path.join(dir, 'empty-fonts.conf');
  fs.writeFileSync(file, '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n');
  return file;
}
