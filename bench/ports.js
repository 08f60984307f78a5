// bench/ports: attt's full-range connect scan with identification of every open port against
// nmap -sT -T4 (no identification) on the same loopback host, in one run: ten talking ports and
// two silent ones (accept, never answer: the worst case for identification); then an audit of
// 200 loopback hosts × top-100 ports.
// Only ports this bench opened are ever open: ports other programs listen on (wildcard or
// 127.0.0.1) are excluded from the scanned range of both tools.
import { spawnSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeServer, commandExists, fmtMs, foreignListeningPorts, listenOn, toRanges } from './loopback.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADDRESS = '127.0.0.1';

async function runAttt(spec) {
  // Run the CLI in-process in a child so its peak RSS can be read at exit.
  const code = `
    import('${ROOT}/dist/src/cli/main.js').then(async (m) => {
      let out = '';
      const stdout = { write: (s) => { out += s; return true; }, isTTY: false };
      const t0 = performance.now();
      const rc = await m.main(['node', 'attt', '--json', 'scan', 'ports', '${ADDRESS}', '--ports', process.env.SPEC, '--speed', 'fast', '--timeout', '1000'], { stdout });
      const ms = performance.now() - t0;
      const obs = JSON.parse(out).observation;
      const named = obs.open.filter((p) => p.service !== 'unknown').length;
      process.stderr.write(JSON.stringify({ rc, ms, open: obs.open.map((p) => p.port), named, maxRssKb: process.resourceUsage().maxRSS }));
    });`;
  // Asynchronous on purpose: the listeners live in this process and must keep answering
  // (a spawnSync would freeze them and every banner would wait for its timeout).
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, SPEC: spec }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise((resolve) => child.on('close', resolve));
  const wall = performance.now() - t0;
  const res = JSON.parse(stderr.trim().split('\n').pop());
  return { ...res, wall };
}

function runNmap(spec) {
  const t0 = performance.now();
  const r = spawnSync('nmap', ['-sT', '-Pn', '-n', '-T4', '-p', spec, '-oG', '-', ADDRESS], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = performance.now() - t0;
  const open = [...(r.stdout.match(/Ports: (.*)/)?.[1] ?? '').matchAll(/(\d+)\/open\/tcp/g)].map((m) => Number(m[1]));
  return { wall, open: open.sort((a, b) => a - b) };
}

export async function benchPorts() {
  console.log('== bench/ports ==');
  const foreign = foreignListeningPorts(ADDRESS);
  const servers = [];
  for (let i = 0; i < 10; i++) servers.push(await listenOn(ADDRESS, 0, (s) => s.end('SSH-2.0-OpenSSH_9.2p1\r\n')));
  for (let i = 0; i < 2; i++) servers.push(await listenOn(ADDRESS, 0, () => {}));
  const ours = servers.map((s) => s.address().port).sort((a, b) => a - b);
  const ports = [];
  for (let p = 1; p <= 65535; p++) if (!foreign.has(p) || ours.includes(p)) ports.push(p);
  const spec = toRanges(ports);
  console.log(`listeners: ${ours.length} on ${ADDRESS} (10 talking, 2 silent); excluded ${foreign.size - ours.filter((p) => foreign.has(p)).length} ports of other programs; scanning ${ports.length} ports`);

  const attt = await runAttt(spec);
  const agreeTruth = JSON.stringify(attt.open) === JSON.stringify(ours);
  console.log(`attt scan ports --speed fast: ${fmtMs(attt.ms)} (process wall ${fmtMs(attt.wall)}), peak RSS ${(attt.maxRssKb / 1024).toFixed(0)} MB, open=${attt.open.length} (identified ${attt.named}, silent ${attt.open.length - attt.named}), matches listeners: ${agreeTruth}`);
  if (commandExists('nmap')) {
    const nmap = runNmap(spec);
    const agree = JSON.stringify(nmap.open) === JSON.stringify(attt.open);
    console.log(`nmap -sT -Pn -T4:               ${fmtMs(nmap.wall)}, open=${nmap.open.length}`);
    console.log(`ratio attt (scan + identification)/nmap -sT (wall): ${(attt.wall / nmap.wall).toFixed(2)} (goal ≤ 1.5; in-process: ${(attt.ms / nmap.wall).toFixed(2)}); open-port sets agree: ${agree}`);
  } else {
    console.log('nmap: not installed (apt-get install nmap) — no side-by-side ratio');
  }
  await Promise.all(servers.map((s) => closeServer(s)));

  // 200 loopback hosts × top-100: 127.20.0.1 … 127.20.0.200, a few listeners among them.
  const { runAudit } = await import(`${ROOT}/dist/src/engine/audit.js`);
  const { parsePortSpec } = await import(`${ROOT}/dist/src/inventory/port-spec.js`);
  const { inventorySchema } = await import(`${ROOT}/dist/src/inventory/schema.js`);
  const top100 = parsePortSpec('top-100').filter((p) => !foreign.has(p));
  const hostListeners = [];
  for (let i = 1; i <= 200; i += 20) hostListeners.push(await listenOn(`127.20.0.${i}`, top100.includes(8080) ? 8080 : top100[0]));
  const inventory = inventorySchema.parse({
    organization: { name: 'bench' },
    scope: { allow: ['127.20.0.0/24'] },
    defaults: { timeoutMs: 1000 },
    units: [{ id: 'u', name: 'u', systems: [{ id: 's', name: 's', targets: Array.from({ length: 200 }, (_, i) => ({ host: `127.20.0.${i + 1}`, ports: top100.join(',') })) }] }],
  });
  const t0 = performance.now();
  const results = await runAudit({ inventory, speed: 'fast' });
  const ms = performance.now() - t0;
  const openCount = Object.values(results.observations).reduce((n, o) => n + o.open.length, 0);
  console.log(`audit 200 hosts × top-100 (${top100.length} ports) --speed fast: ${fmtMs(ms)} (goal < 10 s), open ports found ${openCount}/${hostListeners.length}, targets ok ${results.summary.targets.ok}/200`);
  await Promise.all(hostListeners.map((s) => closeServer(s)));
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPorts();
