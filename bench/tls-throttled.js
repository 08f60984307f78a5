// bench/tls-throttled.js — a mail server that refuses connections beyond a limit per second
// ("421 Too many concurrent SMTP connections", as Exim does at smtp_accept_max), scanned by attt
// (polite), sslscan and testssl.sh (Debian packages, when installed) over STARTTLS: time taken,
// refusals each caused, and whether its suite list is complete (compared with the same server
// without a limit). Loopback only. Run after `npm run build`: `node bench/tls-throttled.js`.
// Environment: BENCH_TESTSSL=0 skips testssl.sh; BENCH_PER_SECOND=N changes the limit (default 8).
import { execFile } from 'node:child_process';
import tls from 'node:tls';
import { createServerChain } from '../dist/src/pki/certs.js';
import { runAdHoc } from '../dist/src/engine/adhoc.js';
import { suiteByCode } from '../dist/src/observations/tls/suites.js';
import { commandExists, fmtMs } from './loopback.js';
import { startThrottledSmtp } from './fixtures/throttled-smtp.js';

const sh = (cmd, args, timeout) => new Promise((resolve) => {
  const c = execFile(cmd, args, { timeout, maxBuffer: 64 << 20 }, (error, stdout) => resolve({ error, stdout }));
  c.stdin?.end();
});

const smtp = (perSecond, context) => startThrottledSmtp('127.0.0.1', perSecond, context);

const count = (suites) => Object.values(suites).reduce((n, s) => n + s.size, 0);

async function attt(port) {
  const r = await runAdHoc({ tls: `127.0.0.1:${port}`, starttls: 'smtp' }, '127.0.0.1', { speed: 'polite' });
  const o = Object.values(r.observations)[0];
  const suites = {};
  for (const [p, names] of Object.entries(o?.ciphers ?? {})) suites[p] = new Set(names);
  return { suites, errors: r.results.filter((x) => x.outcome === 'error').length };
}
async function sslscan(port) {
  const r = await sh('sslscan', ['--no-colour', '--xml=-', '--starttls-smtp', `127.0.0.1:${port}`], 600_000);
  const suites = {};
  for (const m of r.stdout.matchAll(/<cipher status="(?:accepted|preferred)" sslversion="([^"]+)"[^>]*?id="0x([0-9A-Fa-f]+)"/g)) (suites[m[1] === 'TLSv1.0' ? 'TLSv1' : m[1]] ??= new Set()).add(suiteByCode(parseInt(m[2], 16))?.name ?? m[2]);
  return { suites };
}
async function testssl(port) {
  const r = await sh('testssl', ['--quiet', '--color', '0', '--warnings', 'off', '--starttls', 'smtp', '-E', `127.0.0.1:${port}`], 900_000);
  // One line per accepted suite under each protocol heading; the IANA name is the last column.
  const suites = {};
  let proto = '';
  for (const line of r.stdout.split('\n')) {
    const h = /^(SSLv2|SSLv3|TLS 1(?:\.[123])?)\s*$/.exec(line.trim());
    if (h) proto = { 'TLS 1': 'TLSv1', 'TLS 1.1': 'TLSv1.1', 'TLS 1.2': 'TLSv1.2', 'TLS 1.3': 'TLSv1.3' }[h[1]] ?? h[1];
    const m = /\s(TLS_[A-Z0-9_]+)\s*$/.exec(line);
    if (proto && m) (suites[proto] ??= new Set()).add(m[1]);
  }
  return { suites };
}

export async function benchTlsThrottled() {
  const perSecond = Number(process.env.BENCH_PER_SECOND ?? 8);
  console.log(`== bench/tls-throttled: STARTTLS SMTP refusing (421) beyond ${perSecond} connections/s ==`);
  const chain = createServerChain(['mx.test']);
  const context = tls.createSecureContext({ key: chain.leaf.keyPem, cert: chain.leaf.certPem, minVersion: 'TLSv1.2' });
  const reference = await smtp(Infinity, context);
  const truth = count((await attt(reference.port)).suites);
  await reference.close();
  const tools = [['attt --speed polite', attt], ...(commandExists('sslscan') ? [['sslscan 2.0', sslscan]] : []), ...(commandExists('testssl') && process.env.BENCH_TESTSSL !== '0' ? [['testssl.sh -E', testssl]] : [])];
  for (const [name, run] of tools) {
    const server = await smtp(perSecond, context);
    await new Promise((r) => setTimeout(r, 1100)); // a fresh second for each tool
    const t0 = performance.now();
    const out = await run(server.port);
    const ms = performance.now() - t0;
    const found = count(out.suites);
    console.log(`${name.padEnd(20)} ${fmtMs(ms).padStart(9)}  suites ${found}/${truth}${found === truth ? ' (complete)' : ' INCOMPLETE'}  refusals caused ${server.refused}${out.errors !== undefined ? `  error results ${out.errors}` : ''}`);
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTlsThrottled();
