// bench/tracker (issue #6): import 50,000 results (target < 5 s), then `list` and `stats` over
// 50,000 findings (target < 300 ms each). Plain Node ESM over the compiled code: run
// `npm run build` first, then `node bench/tracker.js [--results N]` or `npm run bench -- tracker`.
// Prints the figures; times are measured, never asserted in tests.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { importResultsFile, listFindings, openTracker, trackerStats } from '../dist/src/tracker/index.js';

const SELF = fileURLToPath(import.meta.url);

/**
 * Read side, in a fresh process (as `attt tracker list` runs: no heap left over from the
 * import): median of 5 runs of each, printed as JSON for the parent.
 */
function measureRead(dbFile) {
  const now = new Date('2025-06-01T00:00:00Z');
  const db = openTracker(dbFile, { readonly: true });
  const median = (fn) => {
    const runs = [];
    let value;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      value = fn();
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    return { ms: runs[2], value };
  };
  const list = median(() => listFindings(db, {}, now));
  const listFiltered = median(() => listFindings(db, { unit: 'don-vi-07', severity: ['critical', 'high'] }, now));
  const stats = median(() => trackerStats(db, { now }));
  db.close();
  console.log(JSON.stringify({ list: [list.ms, list.value.length], listFiltered: [listFiltered.ms, listFiltered.value.length], stats: [stats.ms, stats.value.units.length] }));
}

const BUDGET = { import: 5000, list: 300, stats: 300 };

function fp(...parts) {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

/** A results.json (schemaVersion 1): 20 units, each with hosts of 50 failing ports; severities mixed. */
function makeResults(n, cycle, startedAt) {
  const severities = ['critical', 'high', 'medium', 'low', 'info'];
  const targets = [];
  const results = [];
  const hosts = Math.ceil(n / 50);
  for (let h = 0; h < hosts; h++) {
    const unit = `don-vi-${String(h % 20).padStart(2, '0')}`;
    const key = `ports:${h}`;
    const target = `127.${(h >> 8) & 255}.${h & 255}.1`;
    targets.push({ key, unit, system: 'mang-noi-bo', family: 'ports', target, status: 'ok', durationMs: 10 });
    for (let p = 0; p < 50 && results.length < n; p++) {
      const port = String(1000 + p);
      results.push({
        checkId: 'ports.unexpected-open', unit, system: 'mang-noi-bo', target, targetKey: key, outcome: 'fail',
        severity: severities[(h + p) % 5], fingerprint: fp('ports.unexpected-open', unit, 'mang-noi-bo', target, port),
        evidence: { discriminator: port, port: Number(port), banner: 'SSH-2.0-OpenSSH_7.4' },
        message: { vi: `Cổng ${port} mở ngoài danh sách cho phép`, en: `Port ${port} is open but not expected` },
      });
    }
  }
  const zero = () => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  const findingsBySeverity = zero();
  for (const r of results) findingsBySeverity[r.severity]++;
  return {
    schemaVersion: 1, tool: { name: 'attt', version: '0.1.0' }, organization: { name: 'Sở LĐTBXH (bench)' }, cycle, startedAt,
    finishedAt: startedAt, interrupted: false, inventory: { file: 'inventory.yaml', frameworks: [], units: [] }, targets, observations: {}, results,
    summary: {
      targets: { total: targets.length, ok: targets.length, error: 0, outOfScope: 0 },
      outcomes: { pass: 0, fail: results.length, error: 0, not_applicable: 0, unanswered: 0 },
      findingsBySeverity, units: [], grades: {},
    },
  };
}

function time(fn) {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export async function benchTracker({ results: N = 50_000 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bench-tracker-'));
  try {
    const dbFile = path.join(dir, 'attt.db');
    const resultsFile = path.join(dir, 'results.json');
    fs.writeFileSync(resultsFile, JSON.stringify(makeResults(N, 'bench-1', '2025-01-10T00:00:00.000Z')));
    const now = new Date('2025-06-01T00:00:00Z');

    const imp = time(() => importResultsFile(dbFile, resultsFile, { actor: 'bench', now }));
    const read = JSON.parse(execFileSync(process.execPath, [SELF, '--measure-read', dbFile], { encoding: 'utf8' }));

    // Re-import of a second cycle over the 50,000 existing findings (all still failing).
    const cycle2 = path.join(dir, 'results-2.json');
    fs.writeFileSync(cycle2, JSON.stringify(makeResults(N, 'bench-2', '2025-04-10T00:00:00.000Z')));
    const reimp = time(() => importResultsFile(dbFile, cycle2, { actor: 'bench', now }));

    const rows = [
      ['import (new findings)', `${N} results`, imp.ms, BUDGET.import],
      ['import (next cycle, all still failing)', `${N} results`, reimp.ms, BUDGET.import],
      ['list (all, median of 5)', `${read.list[1]} findings`, read.list[0], BUDGET.list],
      ['list (unit + severity filter, median of 5)', `${read.listFiltered[1]} findings`, read.listFiltered[0], BUDGET.list],
      ['stats (median of 5)', `${read.stats[1]} units`, read.stats[0], BUDGET.stats],
    ];
    console.log(`bench/tracker: ${N} results → findings (Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`);
    let failed = false;
    for (const [name, size, ms, budget] of rows) {
      const ok = ms < budget;
      failed ||= !ok;
      console.log(`  ${name.padEnd(44)} ${size.padStart(16)}  ${ms.toFixed(0).padStart(6)} ms  target < ${budget} ms: ${ok ? 'OK' : 'MISSED'}`);
    }
    if (imp.value.opened !== N) throw new Error(`expected ${N} findings opened, got ${imp.value.opened}`);
    return { import: imp.ms, reimport: reimp.ms, list: read.list[0], listFiltered: read.listFiltered[0], stats: read.stats[0], ok: !failed };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const readIndex = process.argv.indexOf('--measure-read');
  if (readIndex > 0) {
    measureRead(process.argv[readIndex + 1]);
  } else {
    const n = process.argv.indexOf('--results');
    await benchTracker(n > 0 ? { results: Number(process.argv[n + 1]) } : {});
  }
}
