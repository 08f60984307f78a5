import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAtomicOutput } from '../../src/files/index.js';
import { buildModel, buildReport, renderReport } from '../../src/report/index.js';
import { compileHtmlTemplates } from '../../src/report/render.js';
import { makeSampleResults } from '../../src/report/sample.js';
import { writeResults } from '../../src/results/index.js';
import { importResultsFile } from '../../src/tracker/import.js';

/**
 * The HTML report of a large audit is written as it renders (src/report/spool.ts): its long
 * loops go to a temporary file and the page is put together piece by piece. The file must be
 * byte for byte the page rendered as one string, for every report: small ones (every loop
 * written out, to exercise it), hostile text, a tracker, both languages, a unit report.
 */
const NOW = new Date('2026-06-20T02:00:00Z');
let dir: string;
let db: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-report-stream-'));
  db = path.join(dir, 'attt.db');
  const file = path.join(dir, 'results.json');
  writeResults(file, makeSampleResults({ findings: 1500, hostile: true }));
  importResultsFile(db, file, { now: NOW });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function streamed(model: Awaited<ReturnType<typeof buildModel>>, spoolFrom?: number): string {
  const out = openAtomicOutput(path.join(dir, 'streamed.html'));
  compileHtmlTemplates(undefined, { spoolFrom }).renderTo(model, out);
  out.commit();
  return fs.readFileSync(path.join(dir, 'streamed.html'), 'utf8');
}

describe('the HTML report written as it renders', () => {
  it.each([
    ['vi', undefined],
    ['en', undefined],
    ['vi', 'van-phong'],
  ] as const)('%s %s: the same bytes as the page rendered whole, with every loop written out and with the default', async (lang, unit) => {
    const results = makeSampleResults({ findings: 1500, hostile: true });
    const model = await buildModel({ results, trackerDb: db, unit, lang, now: NOW });
    const whole = compileHtmlTemplates().render(model);
    expect(whole.length).toBeGreaterThan(100_000);
    expect(streamed(model, 1)).toBe(whole);
    // The default writes out only the long loops (the findings, the annex): the same bytes again.
    expect(streamed(model)).toBe(whole);
    // Nothing is left beside the output.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each(['html', 'md', 'csv'] as const)('attt report build writes in pieces the %s renderReport gives as one string', async (format) => {
    const out = path.join(dir, `built.${format}`);
    // Enough findings for the Markdown and CSV (every finding a line) to pass their 1 MiB pieces twice.
    const results = () => makeSampleResults({ findings: 6000, hostile: true });
    await buildReport({ results: results(), trackerDb: db, format, lang: 'vi', out, now: NOW });
    const model = await buildModel({ results: results(), trackerDb: db, lang: 'vi', now: NOW });
    const whole = String(await renderReport(model, format));
    expect(Buffer.byteLength(whole)).toBeGreaterThan(format === 'html' ? 100_000 : 2 << 20);
    expect(fs.readFileSync(out, 'utf8')).toBe(whole);
  });

  it('a template that fails halfway leaves no file and no temporary file', async () => {
    const templates = path.join(dir, 'templates');
    fs.mkdirSync(path.join(templates, 'partials'), { recursive: true });
    fs.writeFileSync(path.join(templates, 'partials', 'annex.hbs'), '{{#each annex}}{{#with (lookup this "missing")}}{{/with}}{{/each}}{{> nonexistent}}');
    const out = path.join(dir, 'failed.html');
    await expect(buildReport({ results: makeSampleResults({ findings: 1500 }), trackerDb: db, format: 'html', lang: 'vi', out, now: NOW, templateDir: templates })).rejects.toThrow(/nonexistent/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
