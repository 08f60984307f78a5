// bench/audit-scale (issue #16, "one large audit, bounded memory"): one `attt audit` of N
// loopback systems, run as its own process, then `attt tracker import` and `attt report build`
// of the results.json it wrote (HTML, Markdown and CSV), each in its own process, as a user runs
// them; then the same for the next cycle (the same results 91 days later) into the same
// tracker. Prints for each: duration, peak RSS (the child's process.resourceUsage().maxRSS),
// and the results.json size per system.
// Goals: 10,000 systems under 500 MB peak RSS and under 5 minutes on 2 cores; results.json
// under 10 KB per system; import and report within the same memory.
//
// Each system has one https:// URL (an http and a tls target); every fourth system also has a
// host whose 100 ports are scanned (3 of them answer). Everything is served by a few Node
// servers this bench opens on 127.79.x.x and closes at the end; ports another program listens
// on are never probed.
//
// Sizes above what a loaded shared machine scans in reasonable time are replayed: the engine,
// the writer, import and report run for real, the observations come from a real audit of 100
// systems (bench/replay-child.js). `npm run build`, then
// `node bench/audit-scale.js [--systems 1000] [--replayed 10000]` or `npm run bench -- audit-scale`.
// Times are printed, never asserted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { createServerChain } from '../dist/src/pki/certs.js';
import { readResults, writeResults } from '../dist/src/results/index.js';
import { closeServer, fmtMs, foreignListeningPorts, listenOn } from './loopback.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, 'measure-child.js');
const REPLAY = path.join(here, 'replay-child.js');
const WEB_ADDRESSES = Array.from({ length: 16 }, (_, i) => `127.79.1.${i + 1}`);
const PORT_ADDRESSES = ['127.79.2.1', '127.79.2.2'];
// "500 MB" and "10 KB" read in decimal units, the stricter reading: 500,000,000 bytes (476.8 MiB), 10,000 bytes.
const GOALS = { rssBytes: 500_000_000, ms: 5 * 60_000, bytesPerSystem: 10_000 };
/**
 * Every command runs as a user runs it: no NODE_OPTIONS. The bulk commands themselves keep V8's
 * heap near what is live (src/cli/heap.ts); without that, garbage piles up far past it.
 */
const REPORT_FORMATS = ['html', 'md', 'csv'];

/** A page with a realistic mix: some headers right, some missing, an old server banner. */
function page(req, res) {
  res.setHeader('server', 'nginx/1.18.0 (Ubuntu)');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('set-cookie', 'sid=1; HttpOnly');
  res.end('<html><head><title>bench</title><script src="https://cdn.example.com/x.js"></script></head></html>');
}

export async function startWebServers(chain) {
  const servers = [];
  const endpoints = [];
  for (const host of WEB_ADDRESSES) {
    const server = https.createServer({ key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem, keepAliveTimeout: 2000 }, page);
    server.on('tlsClientError', () => {});
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, resolve);
    });
    servers.push(server);
    endpoints.push(`${host}:${server.address().port}`);
  }
  return { servers, endpoints };
}

/** 100 ports per address, none another program listens on; the first 3 answer. */
export async function startPortHosts() {
  const servers = [];
  const hosts = [];
  for (const address of PORT_ADDRESSES) {
    const foreign = foreignListeningPorts(address);
    const ports = [];
    for (let p = 41000; ports.length < 100; p++) if (!foreign.has(p)) ports.push(p);
    for (const p of ports.slice(0, 3)) servers.push(await listenOn(address, p, (s) => s.end('SSH-2.0-OpenSSH_7.4\r\n')));
    hosts.push({ address, ports: ports.join(','), expectedOpen: [ports[0]] });
  }
  return { servers, hosts };
}

export function inventoryFor(n, endpoints, hosts, caFile) {
  const units = [];
  const perUnit = 500;
  for (let u = 0; u * perUnit < n; u++) {
    const systems = [];
    for (let i = u * perUnit; i < Math.min(n, (u + 1) * perUnit); i++) {
      const targets = [{ url: `https://${endpoints[i % endpoints.length]}/he-thong-${i}` }];
      if (i % 4 === 0) {
        const h = hosts[(i / 4) % hosts.length];
        targets.push({ host: h.address, ports: h.ports, expectedOpen: h.expectedOpen });
      }
      systems.push({ id: `he-thong-${i}`, name: `Hệ thống thông tin số ${i}`, level: 2, targets });
    }
    units.push({ id: `don-vi-${u}`, name: `Đơn vị ${u}`, systems });
  }
  return YAML.stringify({
    organization: { name: 'Sở LĐTBXH (bench)' },
    scope: { allow: ['127.79.0.0/16'] },
    trust: { caFiles: [caFile] },
    defaults: { timeoutMs: 3000, speed: 'fast' },
    units,
  }, { aliasDuplicateObjects: false });
}

/** One attt command in its own process: duration, peak RSS and exit code. */
function measure(args, dir, extraEnv = {}) {
  const rssFile = path.join(dir, `rss-${args[0]}-${Date.now()}.json`);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, '--lang', 'en', '--quiet', ...args], { cwd: dir, env: { ...process.env, ...extraEnv, ATTT_BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      // Killed by its heap limit (or anything else) before it could measure itself: say so.
      if (!fs.existsSync(rssFile)) return resolve({ ms, rssMiB: NaN, code: code ?? 'killed', stderr });
      const m = JSON.parse(fs.readFileSync(rssFile, 'utf8'));
      resolve({ ms, rssMiB: m.maxRssKiB / 1024, code: m.code, stderr });
    });
  });
}

/** `attt report build` of `file` with the tracker, in every format, each in its own process. */
async function measureReports(file, db, dir) {
  const reports = [];
  for (const format of REPORT_FORMATS) {
    reports.push({ format, ...(await measure(['report', 'build', '--results', file, '--tracker', db, '--format', format, '--out', path.join(dir, `report.${format}`)], dir)) });
  }
  return reports;
}

/**
 * The audit's own run when it is replayed (see replay-child.js): the engine and the writer as
 * `attt audit` runs them, the observations taken from a real audit of a few systems.
 */
function measureReplay(template, inv, file) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REPLAY, template, inv, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`replay of ${inv} exited ${code}: ${stderr}`));
      const m = JSON.parse(stdout.trim().split('\n').pop());
      resolve({ ms: performance.now() - t0, rssMiB: m.maxRssKiB / 1024, code: 0, stderr, targets: m.targets, results: m.results });
    });
  });
}

async function benchOne(n, env, template) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `attt-bench-scale-${n}-`));
  try {
    const inv = path.join(dir, 'inventory.yaml');
    fs.writeFileSync(inv, inventoryFor(n, env.endpoints, env.hosts, env.caFile));
    const out = path.join(dir, 'out');
    const file = path.join(out, 'results.json');
    let audit;
    if (template) {
      fs.mkdirSync(out);
      audit = await measureReplay(template, inv, file);
    } else {
      audit = await measure(['audit', '-i', inv, '-o', out, '--cycle', 'bench', '--keep-going'], dir);
    }
    if (audit.code !== 0 || !fs.existsSync(file)) throw new Error(`audit of ${n} systems exited ${audit.code}: ${audit.stderr}`);
    const bytes = fs.statSync(file).size;
    if (env.keepAs) fs.copyFileSync(file, env.keepAs);
    const db = path.join(dir, 'attt.db');
    const imp = await measure(['tracker', 'import', file, '--db', db], dir);
    const reports = await measureReports(file, db, dir);
    // The next cycle, as a department imports every quarter: the same results three months
    // later, so every finding is still failing and the tracker already holds them all.
    const next = path.join(out, 'results-next.json');
    const later = readResults(file);
    const shift = (iso) => new Date(Date.parse(iso) + 91 * 86_400_000).toISOString();
    Object.assign(later, { cycle: `${later.cycle}-next`, startedAt: shift(later.startedAt), finishedAt: shift(later.finishedAt) });
    writeResults(next, later);
    const nextImp = await measure(['tracker', 'import', next, '--db', db], dir);
    const nextReports = await measureReports(next, db, dir);
    return { n, audit, bytes, imp, reports, nextImp, nextReports };
  } finally {
    if (!process.env.ATTT_BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`  (kept ${dir})`);
  }
}

function line(name, m, extra = '') {
  if (Number.isNaN(m.rssMiB)) return `  ${name.padEnd(16)} ${fmtMs(m.ms).padStart(9)}  ended without finishing (exit ${m.code}): goal MISSED`;
  const bytes = m.rssMiB * 1024 * 1024;
  const rssOk = bytes < GOALS.rssBytes;
  return `  ${name.padEnd(16)} ${fmtMs(m.ms).padStart(9)}  peak RSS ${m.rssMiB.toFixed(0).padStart(5)} MiB = ${(bytes / 1e6).toFixed(0).padStart(3)} MB (goal < 500 MB: ${rssOk ? 'met' : 'MISSED'})${m.code ? `  exit ${m.code}` : ''}${extra}`;
}

/**
 * `systems`: sizes audited for real (every target scanned). `replayed`: sizes whose
 * observations are replayed from a real audit of 100 systems (the engine, the writer, import
 * and report run as for real; nothing is sent), for sizes a loaded 2-core machine cannot scan
 * in the time a benchmark may take.
 */
export async function benchAuditScale({ systems = [1000], replayed = [10_000] } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bench-scale-ca-'));
  const chain = createServerChain(WEB_ADDRESSES);
  const caFile = path.join(tmp, 'ca.pem');
  fs.writeFileSync(caFile, chain.root.certPem);
  const web = await startWebServers(chain);
  const ports = await startPortHosts();
  const env = { endpoints: web.endpoints, hosts: ports.hosts, caFile };
  console.log(`bench/audit-scale: one audit of N loopback systems (1 HTTPS URL each, every 4th also a host × 100 ports); Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  const print = (r, how) => {
    const perSystem = r.bytes / r.n;
    console.log(`${r.n} systems (${how}; load now ${os.loadavg()[0].toFixed(1)}, 1-minute average):`);
    console.log(line('audit', r.audit, `; goal < ${fmtMs(GOALS.ms)}: ${r.audit.ms < GOALS.ms ? 'met' : 'MISSED'}`));
    console.log(`  results.json     ${(r.bytes / 1024 / 1024).toFixed(1)} MiB, ${(perSystem / 1024).toFixed(2)} KiB per system (goal < 10,000 bytes: ${perSystem < GOALS.bytesPerSystem ? 'met' : 'MISSED'})`);
    console.log(line('tracker import', r.imp));
    for (const rep of r.reports) console.log(line(`report (${rep.format})`, rep));
    console.log('  the next cycle (the same results 91 days later: every finding still failing):');
    console.log(line('tracker import', r.nextImp));
    for (const rep of r.nextReports) console.log(line(`report (${rep.format})`, rep));
  };
  try {
    for (const n of systems) print(await benchOne(n, env), 'scanned');
    if (replayed.length) {
      const template = path.join(tmp, 'template.json');
      await benchOne(100, { ...env, keepAs: template });
      for (const n of replayed) print(await benchOne(n, env, template), 'observations replayed from a real audit of 100 systems, nothing sent');
    }
  } finally {
    await Promise.all([...web.servers, ...ports.servers].map((s) => closeServer(s)));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const list = (flag) => {
    const i = process.argv.indexOf(flag);
    return i > 0 ? process.argv[i + 1].split(',').filter(Boolean).map(Number) : undefined;
  };
  await benchAuditScale({ ...(list('--systems') ? { systems: list('--systems') } : {}), ...(list('--replayed') ? { replayed: list('--replayed') } : {}) });
}
