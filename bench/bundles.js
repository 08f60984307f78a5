// bench/bundles (issue #16): merge 1,000 unit bundles of 200 results each (a province's units)
// into the central tracker and print bundles per second, on SQLite and on a throwaway local
// PostgreSQL side by side. Every bundle goes the whole way: signature (PKI.js), chain to the
// CA, hashes, limits, the central inventory's signer list and systems, then the tracker import.
// Goal: ≥ 20 bundles/s. The import's writes are batched (TrackerDb.runMany: a few round trips per
// bundle on PostgreSQL, docs/tracker.md "Storage"); the load average printed after each engine's
// line says how busy the machine was (the figure is only comparable at a similar load). Plain
// Node ESM over the compiled code: `npm run build`, then `node bench/bundles.js [--bundles N]`
// or `npm run bench -- bundles`. Times are never asserted in tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { createBundle, mergeBundles, sampleUnitResults } from '../dist/src/bundle/index.js';
import { writeResults } from '../dist/src/results/index.js';
import { certificatePem, createDemoKeys, loadP12 } from '../dist/src/signing/index.js';
import { startBenchPostgres } from './fixtures/postgres.js';

const BUNDLES = process.argv.includes('--bundles') ? Number(process.argv[process.argv.indexOf('--bundles') + 1]) : 1000;
const RESULTS = 200;
const SYSTEMS = 10;
/** Auditors of the province: each signs the bundles of the units they audited (each unit lists its own). */
const AUDITORS = 10;
const CYCLE = '2026-Q4';

const unitId = (i) => `dv-${String(i).padStart(4, '0')}`;
const systemsOf = () => Array.from({ length: SYSTEMS }, (_, s) => `he-thong-${s}`);

async function makeBundles(dir) {
  const auditors = [];
  for (let a = 0; a < AUDITORS; a++) {
    const keys = await createDemoKeys(path.join(dir, 'auditors', String(a)), { signerName: `Cán bộ kiểm tra ${a + 1}` });
    const key = await loadP12(keys.p12Path, keys.passphrase);
    const certificate = path.join(dir, 'auditors', String(a), 'auditor.pem');
    fs.writeFileSync(certificate, certificatePem(key.certificate));
    auditors.push({ key, ca: keys.caPath, certificate });
  }
  const units = [];
  const files = [];
  for (let i = 0; i < BUNDLES; i++) {
    const unit = unitId(i);
    const auditor = auditors[i % AUDITORS];
    const unitDir = path.join(dir, 'units', unit);
    fs.mkdirSync(unitDir, { recursive: true });
    const inventory = { organization: { name: 'Sở Lao động - Thương binh và Xã hội tỉnh Bench' }, scope: { allow: ['127.0.0.0/8'] }, units: [{ id: unit, name: `Đơn vị ${i}`, systems: systemsOf().map((id) => ({ id, name: id, targets: [] })) }] };
    fs.writeFileSync(path.join(unitDir, 'inventory.yaml'), YAML.stringify(inventory));
    writeResults(path.join(unitDir, 'results.json'), sampleUnitResults({ unit, systems: systemsOf(), cycle: CYCLE, startedAt: new Date(Date.UTC(2026, 10, 2, 1, 0, i)).toISOString(), count: RESULTS }));
    const out = path.join(dir, 'goi', `${unit}-${CYCLE}.tar.gz`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await createBundle({ resultsFile: path.join(unitDir, 'results.json'), inventoryFile: path.join(unitDir, 'inventory.yaml'), key: auditor.key, out });
    files.push(out);
    units.push({ ...inventory.units[0], bundleSigners: [{ name: `Cán bộ kiểm tra ${(i % AUDITORS) + 1}`, certificate: path.relative(dir, auditor.certificate) }] });
  }
  for (const a of auditors) a.key.close();
  const central = path.join(dir, 'trung-tam.yaml');
  fs.writeFileSync(central, YAML.stringify({ organization: { name: 'Sở Lao động - Thương binh và Xã hội tỉnh Bench' }, scope: { allow: ['127.0.0.0/8'] }, units }));
  return { files, central, caFiles: auditors.map((a) => a.ca) };
}

async function timeMerge(name, location, set) {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const merged = await mergeBundles(set.files, { dbPath: location, inventoryFile: set.central, caFiles: set.caFiles });
  const seconds = (performance.now() - t0) / 1000;
  const opened = merged.reduce((n, m) => n + m.summary.opened, 0);
  const rate = merged.length / seconds;
  console.log(`  ${name.padEnd(10)} ${String(merged.length).padStart(6)} bundles  ${opened.toLocaleString('en').padStart(9)} findings  ${seconds.toFixed(1).padStart(6)} s  ${rate.toFixed(1).padStart(6)} bundles/s  RSS grew ${((process.memoryUsage().rss - rssBefore) / 1048576).toFixed(0)} MB  load ${os.loadavg()[0].toFixed(1)}  ${rate >= 20 ? 'goal ≥ 20/s: OK' : 'goal ≥ 20/s: MISSED'}`);
  return { engine: name, bundles: merged.length, seconds, rate };
}

export async function benchBundles() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bench-bundles-'));
  if (process.env.ATTT_BENCH_KEEP) return fs.writeFileSync(process.env.ATTT_BENCH_KEEP, JSON.stringify(await makeBundles(dir)));
  try {
    const t0 = performance.now();
    const set = await makeBundles(dir);
    const bytes = set.files.reduce((n, f) => n + fs.statSync(f).size, 0);
    console.log(`bench/bundles: ${BUNDLES} signed unit bundles × ${RESULTS} results (${AUDITORS} auditors, ${(bytes / 1048576).toFixed(1)} MB) made in ${((performance.now() - t0) / 1000).toFixed(1)} s; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
    const out = [await timeMerge('SQLite', path.join(dir, 'attt.db'), set)];
    let server;
    try {
      server = await startBenchPostgres();
    } catch (error) {
      console.log(`  PostgreSQL skipped: ${error.message}`);
    }
    if (server) {
      try {
        out.push(await timeMerge('PostgreSQL', await server.createDatabase('attt_bundles'), set));
      } finally {
        await server.stop();
      }
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchBundles();
