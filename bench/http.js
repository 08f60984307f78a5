/**
 * HTTP family benchmark (run after `npm run build`): `node bench/http.js`.
 *
 * 1. Accuracy: serves local test pages, each on its own loopback address with HTTP on port 80
 *    and HTTPS on port 443 (the MDN HTTP Observatory CLI takes a bare host name and always uses
 *    the default ports; binding them needs root), scores each with attt and, where the
 *    Observatory (npm @mdn/mdn-http-observatory) is installed, with the Observatory side by side.
 *    Install it outside the repo: npm install --prefix /tmp/attt-peers --ignore-scripts @mdn/mdn-http-observatory
 *    or point ATTT_OBSERVATORY_DIR at its package folder.
 * 2. Speed: 500 URL targets on loopback audited through runAudit (goal: under 15 s).
 *
 * Loopback only: every server is started here, on 127.0.0.0/8, and closed at the end.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAudit } from '../dist/src/engine/audit.js';
import { inventorySchema } from '../dist/src/inventory/schema.js';
import { createCertificate, createServerChain } from '../dist/src/pki/certs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const GOOD_CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/** The pages: what HTTPS serves (null: no HTTPS), and what port 80 does. */
const PAGES = [
  { name: 'legacy-http-only', https: null, http: { headers: { server: 'Apache/2.2.15 (CentOS)', 'x-powered-by': 'PHP/5.4.16', 'set-cookie': 'PHPSESSID=abc; path=/' } } },
  { name: 'well-configured', https: { headers: { 'strict-transport-security': 'max-age=63072000; includeSubDomains', 'content-security-policy': GOOD_CSP, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'cross-origin-resource-policy': 'same-origin', 'set-cookie': '__Host-session=x; Path=/; Secure; HttpOnly; SameSite=Lax' } }, http: 'redirect' },
  { name: 'default-src-none', https: { headers: { 'strict-transport-security': 'max-age=31536000', 'content-security-policy': "default-src 'none'; img-src 'self'", 'x-content-type-options': 'nosniff' } }, http: 'redirect' },
  { name: 'csp-unsafe-inline-short-hsts', https: { headers: { 'strict-transport-security': 'max-age=86400', 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'", 'x-frame-options': 'SAMEORIGIN' } }, http: 'redirect' },
  { name: 'csp-unsafe-eval-report-only', https: { headers: { 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-eval'", 'content-security-policy-report-only': GOOD_CSP, 'referrer-policy': 'unsafe-url' } }, http: 'redirect' },
  { name: 'cookies-without-secure-hsts', https: { headers: { 'strict-transport-security': 'max-age=63072000', 'set-cookie': ['sessionid=1; HttpOnly', 'csrftoken=2; Secure'] } }, http: 'redirect' },
  { name: 'cors-universal-access', https: { headers: { 'x-content-type-options': 'nosniff' }, cors: 'reflect' }, http: 'redirect' },
  { name: 'sri-external-scripts', https: { headers: { 'x-frame-options': 'DENY' }, body: '<html><head><script src="https://cdn.example.com/a.js"></script><script src="/local.js" integrity="sha384-abc"></script></head></html>' }, http: 'redirect' },
  { name: 'meta-csp-and-referrer', https: { headers: {}, body: `<html><head><meta http-equiv="Content-Security-Policy" content="${GOOD_CSP}"><meta name="referrer" content="no-referrer"></head></html>` }, http: 'redirect' },
  { name: 'http-serves-page-too', https: { headers: { 'strict-transport-security': 'max-age=63072000' } }, http: 'page' },
  { name: 'xfo-invalid-xcto-invalid', https: { headers: { 'x-frame-options': 'ALLOWALL', 'x-content-type-options': 'yes', 'cross-origin-resource-policy': 'bogus', 'referrer-policy': 'nonsense' } }, http: 'redirect' },
  { name: 'samesite-invalid', https: { headers: { 'set-cookie': 'pref=1; Secure; SameSite=Sometimes' } }, http: 'redirect' },
];

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address().port));
  });
}

function closeAll(servers) {
  return Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(() => r()); })));
}

function handler(spec) {
  return (req, res) => {
    for (const [k, v] of Object.entries(spec.headers ?? {})) res.setHeader(k, v);
    if (spec.cors === 'reflect' && req.headers.origin) {
      res.setHeader('access-control-allow-origin', req.headers.origin);
      res.setHeader('access-control-allow-credentials', 'true');
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(req.method === 'OPTIONS' ? '' : (spec.body ?? '<!doctype html><html><body>ok</body></html>'));
  };
}

function observatoryDir() {
  const candidates = [process.env.ATTT_OBSERVATORY_DIR, '/tmp/attt-peers/node_modules/@mdn/mdn-http-observatory'].filter(Boolean);
  return candidates.find((d) => fs.existsSync(path.join(d, 'src', 'scan.js')));
}

function runObservatory(dir, host, caFile) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(dir, 'src', 'scan.js'), host], { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      try {
        const out = JSON.parse(stdout);
        resolve(out.error ? { error: out.error } : out);
      } catch {
        resolve({ error: error ? String(error.message).split('\n')[0] : 'no output' });
      }
    });
  });
}

async function accuracy() {
  console.log('## Accuracy: attt score vs MDN HTTP Observatory, per page');
  if (process.getuid?.() !== 0) {
    console.log('not root: cannot bind ports 80/443 on loopback addresses, so the Observatory CLI cannot scan these pages here.');
    console.log('attt follows the Observatory 1.4.8 rules test by test (src/graders/http-score.ts, docs/http.md).');
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bench-http-'));
  const chain = createServerChain(['localhost']);
  const caFile = path.join(tmp, 'ca.pem');
  fs.writeFileSync(caFile, chain.root.certPem);
  const dir = observatoryDir();
  if (dir) {
    // Its install step (skipped: it downloads lists) fetches the HSTS preload list; loopback hosts are never on it.
    const preload = path.join(dir, 'conf', 'hsts-preload.json');
    if (!fs.existsSync(preload)) {
      fs.writeFileSync(preload, '{}');
      console.log(`(wrote an empty HSTS preload list to ${preload}: the skipped install step downloads it)`);
    }
  } else console.log('MDN HTTP Observatory: not installed (npm install --prefix /tmp/attt-peers --ignore-scripts @mdn/mdn-http-observatory, or set ATTT_OBSERVATORY_DIR); attt scores only.');
  const rows = [];
  let agree = 0;
  let compared = 0;
  for (const [i, page] of PAGES.entries()) {
    const host = `127.77.${10 + i}.1`;
    const servers = [];
    try {
      if (page.https) {
        const leaf = createCertificate({ commonName: host, altNames: [host], issuer: chain.intermediate, extKeyUsage: ['serverAuth'] });
        const s = https.createServer({ key: leaf.keyPem, cert: leaf.certPem + chain.intermediate.certPem }, handler(page.https));
        await listen(s, 443, host);
        servers.push(s);
      }
      const h = http.createServer(page.http === 'redirect' ? (req, res) => { res.writeHead(301, { location: `https://${host}${req.url}` }); res.end(); } : handler(page.http === 'page' ? page.https : page.http));
      await listen(h, 80, host);
      servers.push(h);
      const inventory = inventorySchema.parse({ organization: { name: 'bench' }, scope: { allow: ['127.0.0.0/8'] }, trust: { caFiles: [caFile] }, units: [{ id: 'u', name: 'u', systems: [{ id: 's', name: 's', targets: [{ url: `http://${host}/` }] }] }] });
      inventory.sourceFile = path.join(tmp, 'inventory.yaml');
      const results = await runAudit({ inventory, timeoutMs: 3000, speed: 'normal' });
      const key = results.targets.find((t) => t.family === 'http').key;
      const obs = results.observations[key];
      const ours = obs ? { score: obs.score, grade: obs.grade, tests: obs.scoring.tests } : { error: results.targets[0].error?.message.en };
      const theirs = dir ? await runObservatory(dir, host, caFile) : undefined;
      const row = { page: page.name, attt: ours.error ? `error: ${ours.error}` : `${ours.score} ${ours.grade}` };
      if (theirs) {
        row.observatory = theirs.error ? `error: ${theirs.error}` : `${theirs.scan.score} ${theirs.scan.grade}`;
        if (!theirs.error && !ours.error) {
          compared++;
          const same = theirs.scan.score === ours.score && theirs.scan.grade === ours.grade;
          if (same) agree++;
          // The Observatory keys its tests by name (e.g. `cross-origin-resource-sharing`).
          const diffs = ours.tests.filter((t) => theirs.tests[t.test] && theirs.tests[t.test].result !== t.result).map((t) => `${t.test}: attt ${t.result} / observatory ${theirs.tests[t.test].result}`);
          row.same = same ? 'yes' : 'NO';
          if (diffs.length) row.differences = diffs.join('; ');
        }
      }
      rows.push(row);
    } finally {
      await closeAll(servers);
    }
  }
  console.table(rows.map(({ differences, ...r }) => r));
  for (const r of rows) if (r.differences) console.log(`  ${r.page}: ${r.differences}`);
  if (compared) console.log(`Observatory agreement: ${agree}/${compared} pages with the same score and grade.`);
}

async function speed() {
  console.log('\n## Speed: 500 URL targets on loopback through runAudit');
  const SERVERS = 50;
  const PER = 10;
  const servers = [];
  const targets = [];
  const page = handler({ headers: { 'content-security-policy': GOOD_CSP, 'x-content-type-options': 'nosniff', server: 'nginx/1.18.0 (Ubuntu)', 'set-cookie': 'sid=1; HttpOnly' }, body: '<html><script src="https://cdn.example.com/x.js"></script></html>' });
  try {
    for (let i = 0; i < SERVERS; i++) {
      const s = http.createServer({ keepAliveTimeout: 2000 }, page);
      const host = `127.78.0.${i + 1}`;
      const port = await listen(s, 0, host);
      servers.push(s);
      for (let j = 0; j < PER; j++) targets.push({ url: `http://${host}:${port}/page${j}` });
    }
    const systems = [];
    for (let i = 0; i < targets.length; i += 10) systems.push({ id: `s${i}`, name: `system ${i}`, targets: targets.slice(i, i + 10) });
    const inventory = inventorySchema.parse({ organization: { name: 'bench' }, scope: { allow: ['127.0.0.0/8'] }, units: [{ id: 'u', name: 'u', systems }] });
    inventory.sourceFile = path.join(here, 'bench-inventory.yaml');
    for (const speedName of ['normal', 'polite']) {
      const t0 = performance.now();
      const results = await runAudit({ inventory, timeoutMs: 3000, speed: speedName });
      const ms = performance.now() - t0;
      const ok = results.targets.filter((t) => t.status === 'ok').length;
      console.log(`${speedName}: ${targets.length} URL targets, ${ok} ok, ${results.results.length} results in ${(ms / 1000).toFixed(2)} s (goal < 15 s: ${ms < 15_000 ? 'met' : 'NOT met'})`);
    }
  } finally {
    await closeAll(servers);
  }
}

await accuracy();
await speed();
