import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isToolkitError } from '../../src/errors.js';
import { readJsonFile } from '../../src/files/index.js';
import { makeSampleResults } from '../../src/report/sample.js';
import { parseResults, readResults, toVersion1, fileSink, writeResults, type Result, type Results } from '../../src/results/index.js';
import { fingerprint } from '../../src/results/fingerprint.js';
import { runCli } from '../helpers/cli.js';

/**
 * results.json is read piece by piece (src/files/json-stream.ts): a large file must give the
 * same Results as parsing the whole text did, and a broken one a clear exit-2 error naming the
 * file and the place, wherever the 1 MiB pieces happen to fall.
 */
let dir: string;
let big: string;

/** A results file of `systems` systems with long Vietnamese texts: many pieces, characters cut at their edges. */
function largeResults(systems: number): Results {
  const base = makeSampleResults();
  const checks = ['http.hsts.missing', 'http.csp.missing', 'tls.protocol.legacy', 'ports.unexpected-open', 'software.outdated', 'http.cookie.insecure'];
  const targets: Results['targets'] = [];
  const results: Result[] = [];
  const observations: Results['observations'] = {};
  for (let i = 0; i < systems; i++) {
    const unit = `don-vi-${i % 7}`;
    const system = `he-thong-${i}`;
    const target = `https://127.0.0.1:${8000 + (i % 1000)}/he-thong-${i}`;
    const key = `${unit}/${system}/http/${target}`;
    targets.push({ key, unit, system, family: 'http', target, status: i % 50 === 0 ? 'error' : 'ok', durationMs: i % 997 });
    observations[key] = { schema: 'attt.http/1', url: target, headers: { server: 'nginx/1.18.0 (Ubuntu)', 'x-trang': `Trang chủ của hệ thống số ${i} — Cổng thông tin điện tử` }, certificate: { subject: `CN=he-thong-${i}.sở-lđtbxh.gov.vn`, chain: ['Gốc', 'Trung gian', `Lá ${i}`] } };
    checks.forEach((checkId, k) => {
      const evidence = k % 3 === 0 ? {} : k % 3 === 1 ? { url: target, header: 'strict-transport-security' } : { note: `Máy chủ trả lời phiên bản cũ ở cổng ${8000 + k}; đề nghị cập nhật ngay trước kỳ kiểm tra sau` };
      const r: Result = {
        checkId, unit, system, target, targetKey: key,
        outcome: k % 2 ? 'fail' : 'pass', severity: k % 2 ? 'high' : 'low',
        fingerprint: fingerprint({ checkId, unit, system, target }),
        evidence,
        message: { vi: `Kiểm tra ${checkId}: hệ thống chưa đạt yêu cầu về an toàn thông tin theo TCVN 11930:2017 (cấp độ ${1 + (k % 5)})`, en: `Check ${checkId}: the system does not meet the information security requirement of TCVN 11930:2017 (level ${1 + (k % 5)})` },
      };
      if (k === 5 && i % 3 === 0) r.confidence = 'likely';
      results.push(r);
    });
  }
  return { ...base, targets, observations, results };
}

function thrown(fn: () => unknown): { code: string; en: string; vi: string; details: string[] } {
  try {
    fn();
  } catch (error) {
    if (isToolkitError(error)) return { code: error.code, en: error.text.en, vi: error.text.vi, details: error.details ?? [] };
    throw error;
  }
  throw new Error('did not throw');
}

const write = (name: string, data: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-results-piecewise-'));
  big = path.join(dir, 'big.json');
  writeResults(big, largeResults(6000));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('results.json read piece by piece', () => {
  it('a large version 2 file (many 1 MiB pieces) gives exactly what parsing the whole text gives', () => {
    expect(fs.statSync(big).size).toBeGreaterThan(4 << 20);
    const whole = parseResults(fs.readFileSync(big, 'utf8'), big);
    const piecewise = readResults(big);
    expect(piecewise.results).toHaveLength(36_000);
    expect(piecewise).toEqual(whole);
    // Same fields in the same order: what a writer serialises from it is byte for byte the same.
    expect(JSON.stringify(piecewise)).toBe(JSON.stringify(whole));
    // Rows that had the same message share one object (the catalogue's), not a copy each.
    expect(piecewise.results[1].message).toBe(piecewise.results[7].message);
  });

  it('a version 1 file of the same results reads the same as the whole-text parse too', () => {
    const v1 = path.join(dir, 'big-v1.json');
    toVersion1(fileSink(v1), readResults(big));
    const piecewise = readResults(v1);
    expect(piecewise.schemaVersion).toBe(1);
    expect(JSON.stringify(piecewise)).toBe(JSON.stringify(parseResults(fs.readFileSync(v1, 'utf8'), v1)));
  });

  it('property: any JSON value, pieces of any size, gives what JSON.parse gives', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), (value, chunkBytes, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const file = write('any.json', text);
        const limits = { maxDepth: 64, maxStringBytes: 1 << 20, code: 'ATTT_RESULTS_INVALID' } as const;
        expect(readJsonFile(file, 'results', limits, { chunkBytes })).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a broken results.json: exit 2, the file and the place', () => {
  it('truncated anywhere: not valid JSON, at the end of the file', () => {
    const text = fs.readFileSync(big);
    for (const cut of [1, 100, 1 << 20, (1 << 20) + 1, text.length - 2]) {
      const file = write('cut.json', text.subarray(0, cut));
      const e = thrown(() => readResults(file));
      expect(e.code).toBe('ATTT_RESULTS_INVALID');
      expect(e.en).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ is not valid JSON`));
    }
    // Cut at the end: the message says the file ends too soon, in both languages.
    const e = thrown(() => readResults(write('cut.json', text.subarray(0, text.length - 2))));
    expect(e.en).toContain('the file ends before the JSON value does');
    expect(e.vi).toContain('không phải JSON hợp lệ');
  });

  it('wrong nesting: the line, the column and the path inside the file', () => {
    const file = write('nesting.json', '{\n  "schemaVersion": 2,\n  "targets": [\n    {"key": "a"}\n  },\n  "results": []\n}\n');
    const e = thrown(() => readResults(file));
    expect(e.code).toBe('ATTT_RESULTS_INVALID');
    expect(e.en).toContain(`${file}:5:3 is not valid JSON (at targets.0)`);
  });

  it('nesting deeper than 64 levels is refused before it is built', () => {
    const file = write('deep.json', `{"schemaVersion": 2, "observations": {"x": ${'['.repeat(100_000)}`);
    const e = thrown(() => readResults(file));
    expect(e.code).toBe('ATTT_RESULTS_INVALID');
    expect(e.en).toMatch(/deep\.json:1:\d+ is not valid JSON \(at observations\.x(\.0)*\): nested deeper than 64 levels/);
  });

  it('a huge string is refused by its place, before it is whole', () => {
    const file = write('huge.json', `{"schemaVersion": 2,\n"observations": {"k": {"body": "${'a'.repeat(6 << 20)}"}}}`);
    const e = thrown(() => readResults(file));
    expect(e.code).toBe('ATTT_RESULTS_INVALID');
    expect(e.en).toContain(`${file}:2:32 is not valid JSON (at observations.k): a string longer than 4194304 bytes`);
  });

  it('bad UTF-8 in the middle of a character cut by a piece boundary: its line and column', () => {
    // "ệ" is 3 bytes (E1 BB 87); put one so that the 1 MiB boundary falls inside it, and break its last byte.
    const head = `{"schemaVersion": 2,\n"x": "`;
    const fill = 'a'.repeat((1 << 20) - Buffer.byteLength(head) - 1);
    const bytes = Buffer.concat([Buffer.from(head + fill), Buffer.from([0xe1, 0xbb, 0x41]), Buffer.from('"}')]);
    const file = write('utf8.json', bytes);
    const e = thrown(() => readResults(file));
    expect(e.code).toBe('ATTT_INPUT_ENCODING');
    expect(e.en).toContain(`${file}:2:${fill.length + 7}: byte 0xE1 is not valid UTF-8`);
    // And a valid one cut the same way reads as it is.
    const good = write('utf8-ok.json', Buffer.concat([Buffer.from(head + fill), Buffer.from('ệ"}')]));
    expect(readJsonFile(good, 'results', { maxDepth: 4, maxStringBytes: 4 << 20, code: 'ATTT_RESULTS_INVALID' })).toEqual({ schemaVersion: 2, x: `${fill}ệ` });
  });

  it('schemaVersion 3 is refused by name; through the CLI every case is exit 2', async () => {
    const v3 = write('v3.json', fs.readFileSync(big, 'utf8').replace('"schemaVersion": 2', '"schemaVersion": 3'));
    expect(thrown(() => readResults(v3)).en).toContain(`${v3}: schemaVersion 3 is newer than this attt reads`);
    const truncated = write('cut-cli.json', fs.readFileSync(big).subarray(0, 5000));
    for (const file of [v3, truncated]) {
      const run = await runCli(['--lang', 'en', 'tracker', 'import', file, '--db', path.join(dir, 'never.db')]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(file);
    }
    expect(fs.existsSync(path.join(dir, 'never.db'))).toBe(false);
  });
});

describe('rows and catalogue entries kept as they are read (src/results/read.ts, EarlyRows and EarlyCatalogue)', () => {
  /** How a file can differ from what attt writes, each applied to the parsed document. */
  const MUTATIONS: Record<string, (doc: Record<string, unknown> & { results: Array<Record<string, unknown>>; shared: unknown[]; targets: Array<Record<string, unknown>> }, j: number) => void> = {
    none: () => {},
    'unknown key in a row': (doc, j) => Object.assign(doc.results[j], { x: 1 }),
    'message not a reference': (doc, j) => Object.assign(doc.results[j], { m: 'bad' }),
    'evidence refers past the catalogue': (doc, j) => Object.assign(doc.results[j], { e: { $shared: 99_999 } }),
    'evidence refers to the first entry': (doc, j) => Object.assign(doc.results[j], { e: { $shared: 0 } }),
    'evidence an empty object': (doc, j) => Object.assign(doc.results[j], { e: {} }),
    'target position out of range': (doc, j) => Object.assign(doc.results[j], { t: 99_999 }),
    'target position a string': (doc, j) => Object.assign(doc.results[j], { t: '0' }),
    'fingerprint null': (doc, j) => Object.assign(doc.results[j], { f: null }),
    'fingerprint given': (doc, j) => Object.assign(doc.results[j], { f: 'a'.repeat(24) }),
    'confidence given': (doc, j) => Object.assign(doc.results[j], { confidence: 'likely' }),
    'row not an object': (doc, j) => (doc.results[j] = [1, 2]),
    'catalogue entry refers forward': (doc, j) => (doc.shared[j % doc.shared.length] = { $shared: doc.shared.length - 1 }),
    'catalogue entry a literal marker': (doc, j) => (doc.shared[j % doc.shared.length] = { $literal: { $shared: 1 } }),
    'target unit not a string': (doc, j) => Object.assign(doc.targets[j % doc.targets.length], { unit: 5 }),
  };

  /** Rows of both kinds: by position in targets[] (`t`) and with their target spelled out. */
  const sampleText = () => {
    const sample = path.join(dir, 'order-sample.json');
    const spelled = makeSampleResults({ findings: 4 });
    const positioned = largeResults(6);
    writeResults(sample, { ...spelled, targets: [...spelled.targets, ...positioned.targets], observations: { ...spelled.observations, ...positioned.observations }, results: [...positioned.results, ...spelled.results] });
    const text = fs.readFileSync(sample, 'utf8');
    const rows = (JSON.parse(text) as { results: Array<Record<string, unknown>> }).results;
    expect(rows.filter((r) => typeof r.t === 'number' && r.f === undefined).length).toBeGreaterThan(30);
    expect(rows.filter((r) => r.t === undefined).length).toBeGreaterThan(30);
    return text;
  };
  const outcome = (fn: () => Results) => {
    try {
      return { results: fn() };
    } catch (error) {
      if (!isToolkitError(error)) throw error;
      return { error: [error.code, error.text.en, ...(error.details ?? [])] };
    }
  };
  /** The file with `mutation` applied to row (or entry) j and its top-level keys in `order`: read and parsed whole. */
  const both = (text: string, mutation: string, j: number, order?: string[]) => {
    const doc = JSON.parse(text) as Parameters<(typeof MUTATIONS)['none']>[0];
    MUTATIONS[mutation](doc, j % doc.results.length);
    const json = JSON.stringify(order ? Object.fromEntries(order.map((k) => [k, (doc as Record<string, unknown>)[k]])) : doc);
    const file = write('order.json', json);
    return { whole: outcome(() => parseResults(json, file)), piecewise: outcome(() => readResults(file)) };
  };

  it('every fault, in the order attt writes the file (every row and entry taken as it is read): what parsing the whole text gives, or the same error', () => {
    const text = sampleText();
    // What the format allows is read; what it does not is refused (a literal marker or a first entry depends on the entry).
    const allowed = new Set(['none', 'evidence an empty object', 'fingerprint given', 'confidence given']);
    const either = new Set(['catalogue entry a literal marker', 'evidence refers to the first entry']);
    for (const mutation of Object.keys(MUTATIONS)) {
      for (const j of [0, 7, 31, 40, 70]) {
        const { whole, piecewise } = both(text, mutation, j);
        expect({ mutation, j, ...piecewise }).toEqual({ mutation, j, ...whole });
        if (!either.has(mutation)) expect({ mutation, refused: 'error' in whole }).toEqual({ mutation, refused: !allowed.has(mutation) });
      }
    }
  });

  it('property: in any order of the top-level keys, with any of these faults, the same again', () => {
    const text = sampleText();
    const keys = Object.keys(JSON.parse(text) as object);
    fc.assert(
      fc.property(fc.shuffledSubarray(keys, { minLength: keys.length }), fc.constantFrom(...Object.keys(MUTATIONS)), fc.nat(200), (order, mutation, j) => {
        const { whole, piecewise } = both(text, mutation, j, order);
        expect(piecewise).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });
});
