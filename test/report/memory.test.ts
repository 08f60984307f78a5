import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import Handlebars from 'handlebars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, loadFrameworks, renderReport } from '../../src/report/index.js';
import { loadReportCatalog } from '../../src/report/catalog.js';
import { digestResults, finishReportModel } from '../../src/report/model/index.js';
import { lazyList } from '../../src/report/model/lazy-list.js';
import { makeSampleResults } from '../../src/report/sample.js';
import { importResultsFile } from '../../src/tracker/import.js';
import { readTrackerForReport, type TrackerReportView } from '../../src/tracker/index.js';
import type { Results } from '../../src/results/index.js';

/**
 * A province's report must fit in memory: its results file and its tracker are never held
 * together, and the model keeps neither (src/report/model/context.ts, lazy-list.ts). Checked
 * with the collector itself: what is let go of is collected.
 */
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
const NOW = new Date('2026-06-20T02:00:00Z');

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 5 && ref.deref() !== undefined; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    collect();
  }
  return ref.deref() === undefined;
}

let dir: string;
let db: string;
const file = () => path.join(dir, 'results.json');
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-report-memory-'));
  db = path.join(dir, 'attt.db');
  fs.writeFileSync(file(), JSON.stringify(makeSampleResults({ findings: 40 })));
  importResultsFile(db, file(), { now: new Date('2026-06-16T00:00:00Z') });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('report build in bounded memory', () => {
  it('lets go of the results rows before it reads the tracker, when the caller hands them over', async () => {
    const opts: { results?: Results } & Omit<Parameters<typeof buildModel>[0], 'results'> = { results: JSON.parse(fs.readFileSync(file(), 'utf8')) as Results, trackerDb: db, lang: 'vi', now: NOW };
    const rows = new WeakRef(opts.results!.results);
    const aPass = new WeakRef(opts.results!.results.find((r) => r.outcome === 'pass')!);
    const aFail = new WeakRef(opts.results!.results.find((r) => r.outcome === 'fail')!);
    const model = await buildModel(opts as Parameters<typeof buildModel>[0], { handOver: true });
    expect(opts.results).toBeUndefined();
    expect(await collected(rows)).toBe(true);
    expect(await collected(aPass)).toBe(true);
    // The failing rows went into the findings; the model keeps its own rows, not the results'.
    expect(await collected(aFail)).toBe(true);
    expect(model.findings.length).toBeGreaterThan(40);
  });

  it('keeps the results when the caller does not hand them over (the demo builds two reports from one file)', async () => {
    const results = JSON.parse(fs.readFileSync(file(), 'utf8')) as Results;
    const opts = { results, trackerDb: db, lang: 'vi' as const, now: NOW };
    await buildModel(opts);
    expect(opts.results).toBe(results);
  });

  it('the model holds neither the tracker view nor the context: its problems are made when read', async () => {
    const holder: { results?: Results; view?: TrackerReportView } = { results: JSON.parse(fs.readFileSync(file(), 'utf8')) as Results };
    const rows = new WeakRef(holder.results!.results);
    const digest = digestResults({ results: holder.results!, lang: 'en', now: NOW, catalog: await loadReportCatalog(), frameworks: loadFrameworks() });
    holder.view = readTrackerForReport(db, { cycle: holder.results!.cycle, now: NOW });
    const view = new WeakRef(holder.view);
    const viewFindings = new WeakRef(holder.view.findings[0]);
    holder.results = undefined;
    const model = finishReportModel(digest, holder.view);
    holder.view = undefined;
    expect(await collected(rows)).toBe(true);
    expect(await collected(view)).toBe(true);
    expect(await collected(viewFindings)).toBe(true);
    // …and it still renders every problem, with the tracker's ids, the same each time it is read.
    const html = (await renderReport(model, 'html')) as string;
    expect(model.techGroups.length).toBeGreaterThan(20);
    for (const g of model.techGroups) expect(html).toContain(`>${g.ref}<`);
    expect(html).toMatch(/F-\d{4}/);
    expect(model.findingGroups[0]).toEqual(model.findingGroups[0]);
    expect(model.findingGroups[0]).not.toBe(model.findingGroups[0]);
  });
});

describe('lazyList', () => {
  const made: number[] = [];
  const list = lazyList(4, (i) => (made.push(i), { n: i * 10 }));

  it('is an array to everything that reads one, making each item when it is read', () => {
    made.length = 0;
    expect(Array.isArray(list)).toBe(true);
    expect(list.length).toBe(4);
    expect(made).toEqual([]);
    expect(list[2]).toEqual({ n: 20 });
    expect(made).toEqual([2]);
    expect(list[4]).toBeUndefined();
    expect(list[-1 as number]).toBeUndefined();
    expect(2 in list).toBe(true);
    expect(4 in list).toBe(false);
    expect([...list].map((x) => x.n)).toEqual([0, 10, 20, 30]);
    expect(list.map((x) => x.n)).toEqual([0, 10, 20, 30]);
    expect(list.filter((x) => x.n > 10).length).toBe(2);
    expect(list.find((x) => x.n === 30)).toEqual({ n: 30 });
    expect(list.slice(1, 3)).toEqual([{ n: 10 }, { n: 20 }]);
    expect(Object.keys(list)).toEqual(['0', '1', '2', '3']);
    expect(JSON.parse(JSON.stringify(list))).toEqual([{ n: 0 }, { n: 10 }, { n: 20 }, { n: 30 }]);
  });

  it('cannot be written', () => {
    const writable = list as unknown[];
    expect(() => {
      'use strict';
      writable[0] = 1;
    }).toThrow(TypeError);
    expect(() => writable.push(1)).toThrow(TypeError);
    expect(list[0]).toEqual({ n: 0 });
    expect(list.length).toBe(4);
  });

  it('renders in Handlebars as an array does: @index, @first, @last, length, and an empty one is false', () => {
    const hb = Handlebars.create();
    const tpl = hb.compile('{{#if items}}{{items.length}}:{{#each items}}[{{@index}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}} {{n}}]{{/each}}{{else}}none{{/if}}');
    const options = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
    expect(tpl({ items: list }, options)).toBe(tpl({ items: [0, 1, 2, 3].map((i) => ({ n: i * 10 })) }, options));
    expect(tpl({ items: list }, options)).toBe('4:[0F 0][1 10][2 20][3L 30]');
    expect(tpl({ items: lazyList(0, () => ({ n: 1 })) }, options)).toBe('none');
  });
});
