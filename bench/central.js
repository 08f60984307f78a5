// bench/central (issue #16): the tracker of a whole country in one database — 380,000 findings
// (63 provinces × 30 units × 10 systems × 20 findings) — in PostgreSQL and in SQLite, side by side.
// p50/p95 of `tracker list` filtered by unit, `tracker stats`, and a department's consolidated
// report view (one province's 30 units), with 1 and with 16 concurrent clients (worker threads,
// each with its own connection, as separate officers' processes would have).
// Goals: filtered list p95 < 200 ms at 16 clients; stats < 1 s.
// Plain Node ESM over the compiled code: `npm run build`, then `node bench/central.js` or
// `npm run bench -- central`. Prints the figures; times are never asserted in tests.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { listFindings, openTracker, readTrackerForReport, trackerStats } from '../dist/src/tracker/index.js';
import { startBenchPostgres } from './fixtures/postgres.js';

const SELF = fileURLToPath(import.meta.url);
const NOW = new Date('2026-06-20T02:00:00Z');
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
// `--provinces N` for a quicker, smaller run (workers inherit it through argv).
const PROVINCES = process.argv.includes('--provinces') ? Number(process.argv[process.argv.indexOf('--provinces') + 1]) : 63;
const UNITS = 30;
const SYSTEMS = 10;
const PER_SYSTEM = 20;
const unitId = (p, u) => `t${String(p).padStart(2, '0')}-dv${String(u).padStart(2, '0')}`;
const COLUMNS = ['id', 'fingerprint', 'check_id', 'unit', 'system', 'target', 'target_key', 'severity', 'status', 'regression', 'owner', 'due', 'first_seen', 'last_seen', 'opened_at', 'fixed_cycle', 'fixed_at', 'fixed_verified', 'accepted_until', 'accept_reason', 'accept_approver', 'message_vi', 'message_en', 'evidence'];
const ROWS_PER_INSERT = 400;

function findingRow(id, p, u, s, k) {
  const h = Math.imul(id, 2654435761) >>> 0;
  const unit = unitId(p, u);
  const severity = SEVERITIES[(h >>> 14) % 5];
  const r = (h >>> 20) % 20;
  const status = r < 14 ? 'open' : r < 16 ? 'in_progress' : r < 19 ? 'fixed' : 'risk_accepted';
  const target = `127.${p}.${u}.${s + 1}`;
  const fixed = status === 'fixed';
  const accepted = status === 'risk_accepted';
  return [
    id, createHash('sha256').update(String(id)).digest('hex').slice(0, 24), `ports.check-${String(k).padStart(2, '0')}`, unit, `he-thong-${s}`, target, `${unit}/he-thong-${s}/ports/${target}`,
    severity, status, 0, id % 3 ? null : `nguoi-${id % 50}`, severity === 'info' ? null : `2026-${String(1 + (id % 12)).padStart(2, '0')}-15`, 'bench-1', 'bench-2', '2026-01-10T00:00:00Z',
    fixed ? 'bench-2' : null, fixed ? '2026-04-10T00:00:00Z' : null, fixed ? 1 : 0, accepted ? '2026-12-31' : null, accepted ? 'bench' : null, accepted ? 'bench' : null,
    `Cổng ${1000 + k} mở trên ${target}`, `Port ${1000 + k} open on ${target}`, JSON.stringify({ port: 1000 + k }),
  ];
}

/** The national tracker written straight into the tables, in multi-row INSERTs (the same SQL on both engines). */
function makeCentralTracker(location) {
  const db = openTracker(location, { create: true });
  const insertRows = (table, columns, rows) => {
    const row = `(${columns.map(() => '?').join(', ')})`;
    db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => row).join(', ')}`).run(...rows.flat());
  };
  db.writeTransaction(() => {
    db.prepare(`INSERT INTO cycles (cycle, ord, started_at, first_imported_at) VALUES ('bench-1', 1, '2026-01-10T00:00:00Z', '2026-01-10T01:00:00Z'), ('bench-2', 2, '2026-04-10T00:00:00Z', '2026-04-10T01:00:00Z')`).run();
    let batch = [];
    let id = 0;
    for (let p = 1; p <= PROVINCES; p++) {
      for (let u = 1; u <= UNITS; u++) {
        for (let s = 0; s < SYSTEMS; s++) {
          for (let k = 0; k < PER_SYSTEM; k++) {
            batch.push(findingRow(++id, p, u, s, k));
            if (batch.length === ROWS_PER_INSERT) (insertRows('findings', COLUMNS, batch), (batch = []));
          }
        }
        const stats = [['bench-1', 0], ['bench-2', 1]].map(([c, k]) => [c, unitId(p, u), 10 - k, 30, 50, 40, 20, 5, 2 * k, 1]);
        insertRows('cycle_stats', ['cycle', 'unit', 'open_critical', 'open_high', 'open_medium', 'open_low', 'open_info', 'new', 'fixed', 'regressed'], stats);
      }
    }
    if (batch.length) insertRows('findings', COLUMNS, batch);
  });
  // A live PostgreSQL's autovacuum would have done this after the load: the visibility map lets the
  // statistics read the covering index alone (index-only scan), as SQLite does.
  db.exec(db.dialect.name === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
  db.close();
  return PROVINCES * UNITS * SYSTEMS * PER_SYSTEM;
}

/**
 * One client: `iterations` runs of one query, each timed; a random unit or province each time.
 * With `ready` (16 clients), every client loads, connects and warms up first, then all start
 * timing together: the figures are 16 officers querying at once, not 16 processes starting.
 */
function runClient({ location, query, iterations, seed, ready, clients }) {
  let x = seed;
  const rand = (n) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n) + 1;
  const times = [];
  const db = query === 'report' ? null : openTracker(location, { readonly: true });
  try {
    // One untimed run first: the client's code warm, as in a process that has served before.
    for (let i = -1; i < iterations; i++) {
      if (i === 0 && ready) {
        const gate = new Int32Array(ready);
        if (Atomics.add(gate, 0, 1) + 1 === clients) Atomics.notify(gate, 0);
        while (Atomics.load(gate, 0) < clients) Atomics.wait(gate, 0, Atomics.load(gate, 0), 1000);
      }
      const p = rand(PROVINCES);
      const t0 = performance.now();
      if (query === 'list') listFindings(db, { unit: unitId(p, rand(UNITS)) }, NOW);
      else if (query === 'stats') trackerStats(db, { now: NOW });
      else readTrackerForReport(location, { cycle: 'bench-2', units: Array.from({ length: UNITS }, (_, u) => unitId(p, u + 1)), now: NOW });
      if (i >= 0) times.push(performance.now() - t0);
    }
  } finally {
    db?.close();
  }
  return times;
}

async function measure(location, query, clients, iterations) {
  if (clients === 1) return runClient({ location, query, iterations, seed: 7 });
  const ready = new SharedArrayBuffer(4);
  const parts = await Promise.all(Array.from({ length: clients }, (_, i) => new Promise((resolve, reject) => {
    const w = new Worker(SELF, { workerData: { location, query, iterations, seed: 1000 + i, ready, clients }, argv: process.argv.slice(2) });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  return parts.flat();
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function benchCentral() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bench-central-'));
  const server = await startBenchPostgres();
  try {
    const engines = [['SQLite', path.join(dir, 'attt.db')], ['PostgreSQL', await server.createDatabase('attt_central')]];
    console.log(`bench/central: ${(PROVINCES * UNITS * SYSTEMS * PER_SYSTEM).toLocaleString('en')} findings (${PROVINCES} provinces × ${UNITS} units × ${SYSTEMS} systems × ${PER_SYSTEM}); Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
    for (const [name, location] of engines) {
      const t0 = performance.now();
      makeCentralTracker(location);
      console.log(`  ${name}: tracker written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const plan = [
      ['list', 'tracker list --unit U (200 findings)', 40, 10],
      ['stats', 'tracker stats (every unit)', 5, 2],
      ['report', "department report view (a province's 30 units, 6,000 findings)", 10, 3],
    ];
    console.log(`  ${'query'.padEnd(66)} clients  engine       samples   p50 ms   p95 ms`);
    const out = [];
    for (const [query, label, one, each] of plan) {
      for (const clients of [1, 16]) {
        for (const [name, location] of engines) {
          const times = (await measure(location, query, clients, clients === 1 ? one : each)).sort((a, b) => a - b);
          const r = { query, clients, engine: name, samples: times.length, p50: pct(times, 50), p95: pct(times, 95) };
          out.push(r);
          const goal = query === 'list' && clients === 16 ? (r.p95 < 200 ? '  goal p95 < 200 ms: OK' : '  goal p95 < 200 ms: MISSED') : query === 'stats' ? (r.p95 < 1000 ? '  goal < 1 s: OK' : '  goal < 1 s: MISSED') : '';
          console.log(`  ${label.padEnd(66)} ${String(clients).padStart(7)}  ${name.padEnd(10)} ${String(r.samples).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)}${goal}`);
        }
      }
    }
    return out;
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread) parentPort.postMessage(runClient(workerData));
else if (process.argv[1] === SELF) await benchCentral();
