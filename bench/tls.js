// bench/tls.js — attt's TLS assessment side by side with sslscan and testssl.sh (Debian
// packages, when installed) on local servers this script starts on 127.0.0.1, then the
// 100-endpoint audit. Run after `npm run build`: `node bench/tls.js`.
// Environment: BENCH_TESTSSL=0 skips testssl.sh (about 30 s per endpoint); BENCH_ENDPOINTS=N
// changes the size of the audit run (default 100).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { createServerChain } from '../dist/src/pki/certs.js';
import { runAdHoc } from '../dist/src/engine/adhoc.js';
import { runAudit } from '../dist/src/engine/audit.js';
import { inventorySchema } from '../dist/src/inventory/schema.js';
import { suiteByCode } from '../dist/src/observations/tls/suites.js';

const has = (cmd) => new Promise((r) => execFile('which', [cmd], (e) => r(!e)));
const timed = async (fn) => { const t0 = performance.now(); const v = await fn(); return { ms: performance.now() - t0, value: v }; };
const sh = (cmd, args, timeout = 300_000) => new Promise((resolve) => {
  const c = execFile(cmd, args, { timeout, maxBuffer: 64 << 20 }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  c.stdin?.end();
});

let dir = '';
let chain;
function setup() {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bench-tls-'));
  chain = createServerChain(['localhost']);
  fs.writeFileSync(path.join(dir, 'ca.pem'), chain.root.certPem);
  fs.writeFileSync(path.join(dir, 'leaf.pem'), chain.leaf.certPem + chain.intermediate.certPem);
  fs.writeFileSync(path.join(dir, 'key.pem'), chain.leaf.keyPem);
}

const closers = [];
async function nodeServer(options) {
  const sockets = new Set();
  const server = tls.createServer({ key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem, ...options }, (s) => s.end());
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('tlsClientError', () => {});
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }));
  return server.address().port;
}
async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const p = s.address().port;
  await new Promise((r) => s.close(r));
  return p;
}
async function gnutlsServer(priority) {
  const port = await freePort();
  // gnutls-serv binds every address; only 127.0.0.1 is ever contacted.
  const child = spawn('gnutls-serv', ['--port', String(port), '--x509certfile', path.join(dir, 'leaf.pem'), '--x509keyfile', path.join(dir, 'key.pem'), '--priority', priority, '--echo'], { stdio: 'ignore' });
  closers.push(() => new Promise((r) => { if (child.exitCode !== null) return r(); child.once('exit', r); child.kill('SIGTERM'); }));
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => { const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); r(true); }); s.on('error', () => r(false)); });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return port;
}

/** attt's view: protocol → set of IANA names. */
async function attt(port) {
  const results = await runAdHoc({ tls: `127.0.0.1:${port}`, sni: 'localhost' }, '127.0.0.1', { caFiles: [path.join(dir, 'ca.pem')] });
  const key = results.targets[0].key;
  const o = results.observations[key];
  if (!o) throw new Error(`attt failed on ${port}: ${JSON.stringify(results.targets[0].error)}`);
  const out = {};
  for (const [p, names] of Object.entries(o.ciphers)) out[p] = new Set(names);
  return { suites: out, grade: o.grade, handshakes: o.handshakes };
}

const SSLSCAN_PROTO = { SSLv2: 'SSLv2', SSLv3: 'SSLv3', 'TLSv1.0': 'TLSv1', 'TLSv1.1': 'TLSv1.1', 'TLSv1.2': 'TLSv1.2', 'TLSv1.3': 'TLSv1.3' };
async function sslscan(port) {
  const r = await sh('sslscan', ['--no-colour', '--xml=-', '--sni-name=localhost', `127.0.0.1:${port}`]);
  const out = {};
  for (const m of r.stdout.matchAll(/<cipher status="(?:accepted|preferred)" sslversion="([^"]+)"[^>]*?id="0x([0-9A-Fa-f]+)"/g)) {
    const p = SSLSCAN_PROTO[m[1]] ?? m[1];
    (out[p] ??= new Set()).add(suiteByCode(parseInt(m[2], 16))?.name ?? `0x${m[2]}`);
  }
  return { suites: out };
}

const TESTSSL_PROTO = { ssl2: 'SSLv2', ssl3: 'SSLv3', tls1: 'TLSv1', tls1_1: 'TLSv1.1', tls1_2: 'TLSv1.2', tls1_3: 'TLSv1.3' };
async function testssl(port) {
  const json = path.join(dir, `testssl-${port}.json`);
  fs.rmSync(json, { force: true });
  // A full assessment, as a user would run it (flags from shared/reference/test-servers.md).
  await sh('testssl', ['--quiet', '--color', '0', '--warnings', 'off', '--sneaky', '-p', '-s', '-f', '-S', '-P', '-h', '-U', '-E', '--jsonfile', json, `127.0.0.1:${port}`], 600_000);
  const out = {};
  try {
    for (const f of JSON.parse(fs.readFileSync(json, 'utf8'))) {
      const m = /^cipher-(tls1_3|tls1_2|tls1_1|tls1|ssl3|ssl2)_x([0-9a-f]+)$/i.exec(f.id);
      if (!m) continue;
      const code = parseInt(m[2], 16);
      (out[TESTSSL_PROTO[m[1]]] ??= new Set()).add(suiteByCode(code)?.name ?? `0x${m[2]}`);
    }
  } catch { /* no JSON: reported as a disagreement below */ }
  return { suites: out };
}

function disagreements(a, b) {
  const out = [];
  for (const p of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[p] ?? new Set();
    const y = b[p] ?? new Set();
    const onlyA = [...x].filter((n) => !y.has(n));
    const onlyB = [...y].filter((n) => !x.has(n));
    if (onlyA.length || onlyB.length) out.push(`${p}: only attt [${onlyA.join(' ')}] only peer [${onlyB.join(' ')}]`);
  }
  return out;
}

export async function benchTls() {
  try {
    await main();
  } finally {
    for (const c of closers.splice(0)) await c();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  setup();
  const servers = {
    'node-modern (TLS 1.2/1.3)': await nodeServer({}),
    'node-legacy (TLS 1.0–1.3, CBC, static RSA)': await nodeServer({ minVersion: 'TLSv1', ciphers: 'ALL:!aNULL:@SECLEVEL=0' }),
    ...((await has('gnutls-serv')) ? { 'gnutls (TLS 1.0/1.2, 3DES, static RSA)': await gnutlsServer('NONE:+VERS-TLS1.2:+VERS-TLS1.0:+RSA:+3DES-CBC:+AES-128-CBC:+SHA1:+COMP-NULL:+SIGN-ALL:+CTYPE-X509') } : {}),
  };
  const peers = { sslscan: await has('sslscan'), testssl: (await has('testssl')) && process.env.BENCH_TESTSSL !== '0' };
  console.log(`attt TLS bench — ${os.cpus().length} cores, Node ${process.version}; peers: sslscan ${peers.sslscan ? 'yes' : 'no'}, testssl.sh ${peers.testssl ? 'yes' : 'no'}`);
  for (const [name, port] of Object.entries(servers)) {
    await attt(port); // warm-up: loads the suite table and trust store once, as a long audit would
    const a = await timed(() => attt(port));
    let line = `\n${name} :${port}\n  attt      ${a.ms.toFixed(0).padStart(7)} ms  grade ${a.value.grade}, ${a.value.handshakes} handshakes`;
    if (peers.sslscan) {
      const s = await timed(() => sslscan(port));
      const d = disagreements(a.value.suites, s.value.suites);
      line += `\n  sslscan   ${s.ms.toFixed(0).padStart(7)} ms  attt/sslscan = ${(a.ms / s.ms).toFixed(2)}  ${d.length ? `DISAGREE: ${d.join('; ')}` : 'same protocols and suites'}`;
    }
    if (peers.testssl) {
      const t = await timed(() => testssl(port));
      const d = disagreements(a.value.suites, t.value.suites);
      line += `\n  testssl   ${t.ms.toFixed(0).padStart(7)} ms  attt/testssl = ${(a.ms / t.ms).toFixed(3)}  ${d.length ? `DISAGREE: ${d.join('; ')}` : 'same protocols and suites'}`;
    }
    console.log(line);
  }

  const n = Number(process.env.BENCH_ENDPOINTS ?? 100);
  const ports = [];
  for (let i = 0; i < n; i++) ports.push(await nodeServer(i % 2 ? { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } : {}));
  const inventory = inventorySchema.parse({
    organization: { name: 'bench' },
    scope: { allow: ['127.0.0.0/8'] },
    trust: { caFiles: [path.join(dir, 'ca.pem')] },
    units: [{ id: 'bench', name: 'bench', systems: [{ id: 'many', name: 'many', targets: ports.map((p) => ({ tls: `127.0.0.1:${p}`, sni: 'localhost' })) }] }],
  });
  inventory.sourceFile = path.join(dir, 'inventory.yaml');
  for (const speed of ['polite', 'fast']) {
    const r = await timed(() => runAudit({ inventory, speed }));
    const ok = r.value.targets.filter((t) => t.status === 'ok').length;
    console.log(`\naudit of ${n} TLS endpoints on loopback, speed ${speed}: ${(r.ms / 1000).toFixed(1)} s (${ok}/${n} ok, goal < 30 s)`);
  }
}

// Run directly (`node bench/tls.js`) or through bench/run.js, which calls benchTls().
if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  benchTls().catch((e) => { console.error(e); process.exitCode = 1; });
}
