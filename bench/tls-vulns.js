// bench/tls-vulns.js — the TLS vulnerability probes: time they add per endpoint (attt with and
// without them), and testssl.sh run with the same checks (-H -I -C -R -T -O -A -W -J -F -D) on the
// same loopback servers, with both tools' verdicts side by side. Run after `npm run build`.
// BENCH_TESTSSL=0 skips testssl.sh.
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { runAdHoc } from '../dist/src/engine/index.js';
import { createCertificate } from '../dist/src/pki/index.js';

const has = (cmd) => new Promise((r) => execFile('which', [cmd], (e) => r(!e)));
const timed = async (fn) => {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// testssl.sh JSON ids → attt check ids.
const PAIRS = [
  ['heartbleed', 'tls.vuln.heartbleed'], ['CCS', 'tls.vuln.ccs-injection'], ['CRIME_TLS', 'tls.vuln.compression'], ['secure_client_renego', 'tls.vuln.client-renegotiation'],
  ['ticketbleed', 'tls.vuln.ticketbleed'], ['POODLE_SSL', 'tls.vuln.poodle'], ['BEAST', 'tls.vuln.beast'], ['SWEET32', 'tls.vuln.sweet32'], ['LOGJAM', 'tls.vuln.logjam'],
  ['FREAK', 'tls.vuln.freak'], ['DROWN', 'tls.vuln.drown'],
];

async function openServer(options) {
  const sockets = new Set();
  const server = tls.createServer(options, (s) => s.on('error', () => {}));
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('tlsClientError', () => {});
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { port: server.address().port, stop: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }) };
}

async function gnutls(dir, priority) {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  // gnutls-serv binds every address; only 127.0.0.1 is ever contacted.
  const child = spawn('gnutls-serv', ['--port', String(port), '--x509certfile', path.join(dir, 'cert.pem'), '--x509keyfile', path.join(dir, 'key.pem'), '--priority', priority, '--echo'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => { const c = net.connect({ host: '127.0.0.1', port }, () => { c.destroy(); r(true); }); c.on('error', () => r(false)); });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, stop: () => new Promise((r) => { if (child.exitCode !== null) return r(); child.once('exit', r); child.kill('SIGTERM'); }) };
}

function testssl(port, dir) {
  const json = path.join(dir, `testssl-${port}.json`);
  return new Promise((resolve) => {
    execFile('testssl', ['-H', '-I', '-C', '-R', '-T', '-O', '-A', '-W', '-J', '-F', '-D', '--quiet', '--color', '0', '--warnings', 'off', '--jsonfile', json, `127.0.0.1:${port}`], { timeout: 600_000, maxBuffer: 64 << 20 }, () => {
      let findings = [];
      try { findings = JSON.parse(fs.readFileSync(json, 'utf8')); } catch { /* testssl could not run */ }
      resolve(findings);
    });
  });
}

const testsslVulnerable = (f) => f && !['OK', 'INFO'].includes(f.severity) && !/not vulnerable/i.test(f.finding);

export async function benchTlsVulns() {
  const peers = { testssl: process.env.BENCH_TESTSSL !== '0' && (await has('testssl')), gnutls: await has('gnutls-serv') };
  console.log(`attt TLS vulnerability-probe bench — ${os.cpus().length} cores, Node ${process.version}; peers: testssl.sh ${peers.testssl ? 'yes' : 'no'}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bench-vulns-'));
  const cert = createCertificate({ commonName: 'localhost', altNames: ['localhost'] });
  fs.writeFileSync(path.join(dir, 'cert.pem'), cert.certPem);
  fs.writeFileSync(path.join(dir, 'key.pem'), cert.keyPem);
  const servers = [];
  try {
    servers.push({ name: 'OpenSSL (Node) TLS 1.2', ...(await openServer({ key: cert.keyPem, cert: cert.certPem, maxVersion: 'TLSv1.2' })) });
    servers.push({ name: 'OpenSSL, no renegotiation', ...(await openServer({ key: cert.keyPem, cert: cert.certPem, maxVersion: 'TLSv1.2', secureOptions: crypto.constants.SSL_OP_NO_RENEGOTIATION })) });
    if (peers.gnutls) servers.push({ name: 'gnutls-serv TLS 1.0–1.2 CBC', ...(await gnutls(dir, 'NORMAL:+VERS-TLS1.0:+VERS-TLS1.1:+AES-128-CBC:+SHA1')) });
    let agree = 0;
    let compared = 0;
    for (const s of servers) {
      const withProbes = [];
      const without = [];
      let results;
      for (let i = 0; i < 3; i++) {
        const a = await timed(() => runAdHoc({ tls: `127.0.0.1:${s.port}` }, '127.0.0.1', { speed: 'polite' }));
        withProbes.push(a.ms);
        results = a.value;
        without.push((await timed(() => runAdHoc({ tls: `127.0.0.1:${s.port}` }, '127.0.0.1', { speed: 'polite', options: { tlsVulnProbes: false } }))).ms);
      }
      const verdict = (id) => results.results.find((r) => r.checkId === id)?.outcome;
      let line = `  ${s.name.padEnd(30)} attt ${median(withProbes).toFixed(0)} ms with probes, ${median(without).toFixed(0)} ms without (${median(withProbes) - median(without) >= 0 ? '+' : ''}${(median(withProbes) - median(without)).toFixed(0)} ms)`;
      if (peers.testssl) {
        const t = await timed(() => testssl(s.port, dir));
        const byId = new Map(t.value.map((f) => [f.id, f]));
        const rows = PAIRS.filter(([tid]) => byId.has(tid)).map(([tid, aid]) => {
          const theirs = testsslVulnerable(byId.get(tid));
          const ours = verdict(aid) === 'fail';
          compared++;
          if (theirs === ours) agree++;
          return `${aid.slice(9)} ${ours ? 'VULN' : 'ok'}${theirs === ours ? '' : ` (testssl: ${byId.get(tid).finding})`}`;
        });
        line += `; testssl.sh same checks ${(t.ms / 1000).toFixed(1)} s (attt ${(median(withProbes) / t.ms).toFixed(3)}×)\n    verdicts: ${rows.join(', ') || 'testssl.sh could not run'}`;
      }
      console.log(line);
    }
    if (peers.testssl) console.log(`  verdicts equal to testssl.sh: ${agree}/${compared}`);
  } finally {
    for (const s of servers) await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTlsVulns();
