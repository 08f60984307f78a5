import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSampleResults } from '../../src/report/sample.js';
import { fileSink, readResults, toVersion1, writeResults, type Results } from '../../src/results/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * results.json schemaVersion 2 (docs/results.md) against version 1: the same results,
 * fingerprints and observations through the one loader, both conversions, refusal of newer
 * versions, and every reader of the repository on a version 2 file.
 */
let dir: string;
let v1File: string;
let sample: Results;

/** The sample plus what hostile servers put in observations: keys shaped like the catalogue's markers, __proto__, long repeats. */
function hostileSample(): Results {
  const r = makeSampleResults();
  const key = r.targets[0]!.key;
  const hostile = JSON.parse('{"__proto__": {"polluted": "yes, long enough to be shared by the writer"}}') as Record<string, unknown>;
  r.observations[key] = {
    ...((r.observations[key] ?? {}) as Record<string, unknown>),
    headers: { $shared: ['0'], '$literal': 'x' },
    markerOnly: { $shared: 0 },
    literalOnly: { $literal: { $shared: 1 } },
    hostile,
    repeated: Array.from({ length: 3 }, () => ({ text: 'the same long value in every element of this array' })),
  };
  return r;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-results-versions-'));
  sample = hostileSample();
  v1File = path.join(dir, 'v1.json');
  fs.writeFileSync(v1File, JSON.stringify({ ...sample, schemaVersion: 1 }, null, 2));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const plain = (r: Results) => JSON.parse(JSON.stringify({ ...r, schemaVersion: 0 })) as Results;

describe('results.json schemaVersion 2', () => {
  it('holds the same results, fingerprints and observations as version 1, in far fewer bytes', () => {
    const v1 = readResults(v1File);
    const v2File = path.join(dir, 'v2.json');
    writeResults(v2File, v1);
    const raw = JSON.parse(fs.readFileSync(v2File, 'utf8'));
    expect(raw.schemaVersion).toBe(2);
    expect(raw.shared.length).toBeGreaterThan(0);
    // Messages live in the catalogue: no result row carries their text.
    expect(raw.results.every((row: { m: unknown }) => typeof row.m === 'number')).toBe(true);
    const v2 = readResults(v2File);
    expect(v2.schemaVersion).toBe(2);
    expect(plain(v2)).toEqual(plain(v1));
    expect(v2.results.map((r) => r.fingerprint)).toEqual(sample.results.map((r) => r.fingerprint));
    // Data shaped like a reference stays data; __proto__ stays a plain key.
    const obs = Object.values(v2.observations).find((o) => (o as { markerOnly?: unknown }).markerOnly) as Record<string, unknown>;
    expect(obs.markerOnly).toEqual({ $shared: 0 });
    expect(obs.literalOnly).toEqual({ $literal: { $shared: 1 } });
    expect(Object.keys(obs.hostile as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(fs.statSync(v2File).size).toBeLessThan(fs.statSync(v1File).size);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps a fingerprint that is not the recomputed one (the row carries it)', () => {
    const r = makeSampleResults();
    r.results[0] = { ...r.results[0]!, fingerprint: 'abcdefabcdefabcdefabcdef' };
    const file = path.join(dir, 'odd-fingerprint.json');
    writeResults(file, r);
    expect(readResults(file).results[0]!.fingerprint).toBe('abcdefabcdefabcdefabcdef');
    expect(readResults(file).results.slice(1).map((x) => x.fingerprint)).toEqual(r.results.slice(1).map((x) => x.fingerprint));
  });

  it('attt results convert: version 1 → 2 → 1 gives back the same results', async () => {
    const v2 = path.join(dir, 'converted-v2.json');
    const back = path.join(dir, 'converted-v1.json');
    const a = await runCli(['--lang', 'en', 'results', 'convert', v1File, '--out', v2]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('schemaVersion 2');
    const b = await runCli(['results', 'convert', v2, '--to', '1', '--out', back]);
    expect(b.code, b.stderr).toBe(0);
    const raw = JSON.parse(fs.readFileSync(back, 'utf8'));
    expect(raw.schemaVersion).toBe(1);
    expect(raw.shared).toBeUndefined();
    expect(raw.results[0].message.vi).toBe(sample.results[0]!.message.vi);
    expect(plain(readResults(back))).toEqual(plain(readResults(v1File)));
    // Never replaces a file silently.
    const again = await runCli(['--lang', 'en', 'results', 'convert', v1File, '--out', v2]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('a reader refuses a newer schemaVersion by name (exit 2, file and value), and a broken reference by place', async () => {
    const newer = path.join(dir, 'newer.json');
    fs.writeFileSync(newer, JSON.stringify({ ...sample, schemaVersion: 3 }));
    for (const args of [['tracker', 'import', newer, '--db', path.join(dir, 'newer.db')], ['report', 'build', '--results', newer, '--format', 'md', '--out', path.join(dir, 'newer.md')], ['results', 'convert', newer, '--out', path.join(dir, 'x.json')]]) {
      const res = await runCli(['--lang', 'en', ...args]);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toContain(`${newer}: schemaVersion 3 is newer than this attt reads`);
    }
    expect(fs.existsSync(path.join(dir, 'newer.db'))).toBe(false);
    const v2File = path.join(dir, 'v2.json');
    const raw = JSON.parse(fs.readFileSync(v2File, 'utf8'));
    raw.results[2].m = raw.shared.length + 5;
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, JSON.stringify(raw));
    expect(() => readResults(broken)).toThrow(/not an attt results file/);
    try {
      readResults(broken);
    } catch (error) {
      expect((error as { details?: string[] }).details?.join(' ')).toContain('results.2.m');
    }
  });

  it('every reader reads version 2: tracker import, report, exports', async () => {
    const v2File = path.join(dir, 'readers.json');
    toVersion1(fileSink(path.join(dir, 'readers-v1.json')), sample);
    writeResults(v2File, sample);
    const db = path.join(dir, 'readers.db');
    const imp = await runCli(['--json', 'tracker', 'import', v2File, '--db', db]);
    expect(imp.code, imp.stderr).toBe(0);
    const findings = sample.results.filter((r) => r.outcome === 'fail' || r.outcome === 'unanswered');
    expect(JSON.parse(imp.stdout).opened).toBeGreaterThan(0);
    // The same file as version 1 is the same cycle's evidence: nothing new opens.
    const again = await runCli(['--json', 'tracker', 'import', path.join(dir, 'readers-v1.json'), '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).opened ?? 0).toBe(0);
    const report = await runCli(['report', 'build', '--results', v2File, '--tracker', db, '--format', 'md', '--out', path.join(dir, 'report.md')]);
    expect(report.code, report.stderr).toBe(0);
    const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toContain(findings.find((r) => r.severity === 'critical' || r.severity === 'high')!.message.vi.slice(0, 30));
    for (const format of ['sarif', 'junit', 'defectdojo', 'xlsx']) {
      const out = path.join(dir, `export.${format}`);
      const res = await runCli(['--json', 'export', v2File, '--format', format, '--out', out]);
      expect(res.code, `${format}: ${res.stderr}`).toBe(0);
      expect(JSON.parse(res.stdout).findings).toBeGreaterThan(0);
      const fromV1 = await runCli(['--json', 'export', path.join(dir, 'readers-v1.json'), '--format', format, '--out', `${out}.v1`]);
      expect(JSON.parse(fromV1.stdout).findings).toBe(JSON.parse(res.stdout).findings);
    }
  }, 120_000);
});
