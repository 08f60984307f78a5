// bench/web (issue #17): attt serve over 380,000 findings. p95 latency of the overview and of a
// filtered findings page with 1 and 16 concurrent users (autocannon), goal p95 < 300 ms at 16.
// Plain Node ESM over the compiled code: `npm run build`, then `node bench/web.js [--findings N]`
// or `npm run bench -- web`. Prints the figures; times are never asserted in tests.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openTracker, saveUser } from '../dist/src/tracker/index.js';
import { hashPassword } from '../dist/src/web/index.js';

const SELF = fileURLToPath(import.meta.url);
const PASSWORD = 'bench-password-not-secret';
const NOW = '2026-06-20T02:00:00Z';
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const GOAL_MS = 300;

/**
 * A tracker of N findings written straight into the tables (an import of 380,000 results would
 * only measure the importer, which bench/tracker.js does): 20 units × 5 systems, 40 checks,
 * mixed severities and statuses, due dates around the bench date, two cycles with grades.
 */
export function makeTracker(file, n) {
  const db = openTracker(file, { create: true });
  const insert = db.prepare(`INSERT INTO findings (id, fingerprint, check_id, unit, system, target, target_key, severity, status, regression, owner, due,
    first_seen, last_seen, opened_at, fixed_cycle, fixed_at, fixed_verified, accepted_until, accept_reason, accept_approver, message_vi, message_en, evidence)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'bench-1', 'bench-2', '2026-01-10T00:00:00Z', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.writeTransaction(() => {
    db.prepare(`INSERT INTO cycles (cycle, ord, started_at, first_imported_at) VALUES ('bench-1', 1, '2026-01-10T00:00:00Z', '2026-01-10T01:00:00Z'), ('bench-2', 2, '2026-04-10T00:00:00Z', '2026-04-10T01:00:00Z')`).run();
    for (let i = 1; i <= n; i++) {
      // Independent attributes (a multiplicative hash of the id), so no filter is empty by accident.
      const h = Math.imul(i, 2654435761) >>> 0;
      const unit = `don-vi-${String(i % 20).padStart(2, '0')}`;
      const system = `he-thong-${(h >>> 4) % 5}`;
      const check = `ports.check-${String((h >>> 8) % 40).padStart(2, '0')}`;
      const severity = SEVERITIES[(h >>> 14) % 5];
      const r = (h >>> 20) % 20;
      const status = r < 14 ? 'open' : r < 16 ? 'in_progress' : r < 19 ? 'fixed' : 'risk_accepted';
      const due = severity === 'info' ? null : `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`;
      const target = `127.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      insert.run(
        i, createHash('sha256').update(String(i)).digest('hex').slice(0, 24), check, unit, system, target, `${unit}/${system}/ports/${target}`, severity, status,
        i % 3 ? null : `nguoi-${i % 50}`, due, status === 'fixed' ? 'bench-2' : null, status === 'fixed' ? '2026-04-10T00:00:00Z' : null, status === 'fixed' ? 1 : 0,
        status === 'risk_accepted' ? '2026-12-31' : null, status === 'risk_accepted' ? 'bench' : null, status === 'risk_accepted' ? 'bench' : null,
        `Cổng ${1000 + (i % 500)} mở trên ${target}`, `Port ${1000 + (i % 500)} open on ${target}`, JSON.stringify({ port: 1000 + (i % 500) }),
      );
    }
    const stats = db.prepare('INSERT INTO cycle_stats VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const grade = db.prepare('INSERT INTO grades VALUES (?, ?, ?, ?, ?, ?)');
    for (let u = 0; u < 20; u++) {
      const unit = `don-vi-${String(u).padStart(2, '0')}`;
      for (const [c, k] of [['bench-1', 0], ['bench-2', 1]]) {
        stats.run(c, unit, 100 - k * 10, 300, 500, 400, 200, 50, 20 * k, 1);
        for (let s = 0; s < 5; s++) grade.run(c, `${unit}/he-thong-${s}/http/x`, unit, `he-thong-${s}`, `https://${unit}-${s}.example/`, ['B', 'A', 'C', 'A+', 'F'][(s + k + u) % 5]);
      }
    }
  });
  db.exec('ANALYZE');
  return db;
}

/** The server in its own process (as `attt serve` runs), printing its URL. */
function startServerProcess(dbFile) {
  const code = `import { startServer } from ${JSON.stringify(new URL('../dist/src/web/index.js', import.meta.url).href)};
    const s = await startServer({ db: ${JSON.stringify(dbFile)}, listen: '127.0.0.1:0', now: () => new Date(${JSON.stringify(NOW)}) });
    console.log(s.url); process.on('SIGTERM', () => s.close().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

async function login(base, name) {
  const page = await fetch(`${base}login`);
  const cookie = page.headers.get('set-cookie').split(';')[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())[1];
  const res = await fetch(`${base}login`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, name, password: PASSWORD }) });
  if (res.status !== 303) throw new Error(`login of ${name} failed: ${res.status}`);
  return res.headers.get('set-cookie').split(';')[0];
}

/** CPU time (ms) the server process has used so far (Linux /proc; null elsewhere). */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** autocannon for `seconds`, each connection a separate logged-in user; p95 from every response time. */
async function load(base, pathName, cookies, connections, seconds, pid) {
  const cpu0 = cpuMs(pid);
  const times = [];
  let next = 0;
  const instance = autocannon({
    url: `${base.replace(/\/$/, '')}${pathName}`,
    connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: cookies[next++ % cookies.length] } }) }],
  });
  let errors = 0;
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status !== 200) errors++;
    times.push(ms);
  });
  const result = await instance;
  const cpu1 = cpuMs(pid);
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
  const cpuPerRequest = cpu0 === null || cpu1 === null || !times.length ? NaN : (cpu1 - cpu0) / times.length;
  return { requests: times.length, errors: errors + result.errors + result.non2xx, p50: pct(50), p95: pct(95), p99: pct(99), rps: result.requests.average, cpuPerRequest };
}

export async function benchWeb({ findings: N = 380_000, seconds = 8 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bench-web-'));
  let server;
  try {
    const dbFile = path.join(dir, 'attt.db');
    const t0 = performance.now();
    const db = makeTracker(dbFile, N);
    const hash = await hashPassword(PASSWORD);
    for (let i = 0; i < 16; i++) saveUser(db, { name: `can-bo-${i}`, role: 'officer', units: [], passwordHash: hash, actor: 'bench' });
    for (let i = 0; i < 16; i++) saveUser(db, { name: `truong-${i}`, role: 'head', units: ['don-vi-07'], passwordHash: hash, actor: 'bench' });
    db.close();
    const built = performance.now() - t0;
    server = await startServerProcess(dbFile);
    const base = server.url;
    const officers = [];
    const heads = [];
    for (let i = 0; i < 16; i++) officers.push(await login(base, `can-bo-${i}`));
    for (let i = 0; i < 16; i++) heads.push(await login(base, `truong-${i}`));

    // The first overview after a change recomputes the statistics over every finding.
    const c0 = performance.now();
    await fetch(base, { headers: { cookie: officers[0] } }).then((r) => r.text());
    const cold = performance.now() - c0;

    const pages = [
      ['overview (officer, all 20 units)', '/', officers],
      ['findings: unit + severity + status filter', '/findings?unit=don-vi-07&severity=critical&severity=high&status=open&status=in_progress', officers],
      ['findings: overdue, deep page (after id 300,000)', '/findings?overdue=1&after=300000', officers],
      ['findings: check filter, head of one unit', '/findings?check=ports.check-07', heads],
    ];
    console.log(`bench/web: attt serve over ${N.toLocaleString('en')} findings (Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}); tracker written in ${(built / 1000).toFixed(1)} s`);
    console.log(`  first overview after a change (statistics recomputed): ${cold.toFixed(0)} ms`);
    console.log('  (server CPU per request is independent of other load on the machine: it bounds the latency on an idle one)');
    console.log(`  ${'page'.padEnd(50)} users  requests   p50 ms   p95 ms   p99 ms  errors  server CPU ms/request`);
    const summary = [];
    for (const [name, url, cookies] of pages) {
      for (const users of [1, 16]) {
        const r = await load(base, url, cookies, users, seconds, server.child.pid);
        summary.push({ name, users, ...r });
        const goal = users === 16 ? (r.p95 < GOAL_MS ? '  p95 goal < 300 ms: OK' : '  p95 goal < 300 ms: MISSED') : '';
        console.log(`  ${name.padEnd(50)} ${String(users).padStart(5)} ${String(r.requests).padStart(9)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.errors).padStart(7)} ${r.cpuPerRequest.toFixed(2).padStart(8)}${goal}`);
      }
    }
    return summary;
  } finally {
    server?.child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF) {
  const i = process.argv.indexOf('--findings');
  await benchWeb(i > 0 ? { findings: Number(process.argv[i + 1]) } : {});
}
