import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisLike } from '../src/demo/ports.js';
import { runCli } from './helpers/cli.js';
import { listen, type Listener } from './helpers/listeners.js';

/** The real CLI binary (compiled by `npm test`), run as a user would. */
let dir: string;
let redis: Listener;
let evil: Listener;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-cli-'));
  redis = await listen((s) => redisLike(s));
  evil = await listen((s) => s.write('SSH-2.0-\u001b[2J\u001b]0;pwned\u0007OpenSSH_6.6\r\n'));
});
afterAll(async () => {
  await Promise.all([redis.close(), evil.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeInventory(name: string, data: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof data === 'string' ? data : YAML.stringify(data));
  return file;
}

const inventory = () => ({
  organization: { name: 'Sở thử nghiệm' },
  scope: { allow: ['127.0.0.1/32'] },
  defaults: { timeoutMs: 1500 },
  units: [{ id: 'u', name: 'Đơn vị', systems: [{ id: 's', name: 'Hệ thống', targets: [{ host: '127.0.0.1', ports: String(redis.port), expectedOpen: [] }] }] }],
});

describe('attt CLI', () => {
  it('teaches in Vietnamese by default and in English with --lang en', async () => {
    const vi = await runCli(['--help']);
    expect(vi.code).toBe(0);
    expect(vi.stdout).toContain('Bắt đầu nhanh');
    expect(vi.stdout).toMatch(/audit\s/);
    const en = await runCli(['--lang', 'en', 'audit', '--help']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Only addresses in scope.allow are contacted');
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['audit', '--no-such-flag'])).code).toBe(2);
  });

  it('validates an inventory and points at the broken line', async () => {
    const good = writeInventory('good.yaml', inventory());
    const ok = await runCli(['inventory', 'validate', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('hợp lệ');
    const bad = writeInventory('bad.yaml', 'organization: { name: X }\nscope: { allow: [198.51.100.0/99] }\nunits: []\n');
    const res = await runCli(['--lang', 'en', 'inventory', 'validate', bad]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${bad}:2:`);
    expect(res.stderr).toContain('scope.allow[0]');
    expect(res.stderr).toContain('units');
  });

  it('prints a JSON Schema for the inventory', async () => {
    const res = await runCli(['inventory', 'schema']);
    expect(res.code).toBe(0);
    const schema = JSON.parse(res.stdout);
    expect(schema.properties.units).toBeTruthy();
    expect(schema.additionalProperties).toBe(false);
  });

  it('scaffolds a sample with init that validates, and never overwrites', async () => {
    const target = path.join(dir, 'scaffold');
    const first = await runCli(['init', target]);
    expect(first.code).toBe(0);
    expect(fs.existsSync(path.join(target, 'answers'))).toBe(true);
    expect((await runCli(['inventory', 'validate', path.join(target, 'inventory.yaml')])).code).toBe(0);
    fs.appendFileSync(path.join(target, 'inventory.yaml'), '# my edits\n');
    const again = await runCli(['init', target]);
    expect(again.code).toBe(2);
    expect(fs.readFileSync(path.join(target, 'inventory.yaml'), 'utf8')).toContain('# my edits');
  });

  it('lists and shows checks in both languages, as JSON too', async () => {
    const list = await runCli(['checks', 'list', '--json']);
    expect(list.code).toBe(0);
    const ids = (JSON.parse(list.stdout) as Array<{ id: string }>).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['ports.unexpected-open', 'ports.risky-service', 'ports.unauthenticated-service']));
    const show = await runCli(['--lang', 'en', 'checks', 'show', 'ports.risky-service']);
    expect(show.stdout).toContain('High-risk service exposed');
    expect(show.stdout).toContain('References:');
    const missing = await runCli(['checks', 'show', 'ports.nope']);
    expect(missing.code).toBe(2);
  });

  it('audits, writes results.json, and gates CI with --fail-on', async () => {
    const inv = writeInventory('audit.yaml', inventory());
    const out = path.join(dir, 'out');
    const res = await runCli(['audit', '-i', inv, '-o', out, '--cycle', '2026-Q4', '--fail-on', 'high', '--speed', 'normal']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('Nghiêm trọng');
    expect(res.stdout).toContain(path.join(out, 'results.json'));
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.cycle).toBe('2026-Q4');
    const json = await runCli(['--json', 'audit', '-i', inv, '-o', out, '--speed', 'normal', '--force']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).summary.findingsBySeverity.critical).toBe(1);
  });

  it('refuses an unwritable --out before scanning and writes nothing', async () => {
    const inv = writeInventory('audit2.yaml', inventory());
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    const before = redis.connections;
    const res = await runCli(['audit', '-i', inv, '-o', path.join(file, 'sub')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/ENOTDIR|EEXIST/);
    expect(redis.connections).toBe(before);
  });

  it('rejects an unknown unit, a bad severity and a bad port spec with exit 2', async () => {
    const inv = writeInventory('audit3.yaml', inventory());
    expect((await runCli(['audit', '-i', inv, '-o', path.join(dir, 'o3'), '--unit', 'nope'])).code).toBe(2);
    expect((await runCli(['audit', '-i', inv, '-o', path.join(dir, 'o3'), '--fail-on', 'severe'])).code).toBe(2);
    expect((await runCli(['scan', 'ports', '127.0.0.1', '--ports', '99999'])).code).toBe(2);
  });

  it('scans ports ad hoc and strips terminal control sequences from banners', async () => {
    const res = await runCli(['scan', 'ports', '127.0.0.1', '--ports', `${evil.port},${redis.port}`, '--speed', 'normal']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`${redis.port}/tcp`);
    expect(res.stdout).toContain('redis');
    expect(res.stdout).not.toMatch(/\u001b|\u0007/);
    const json = await runCli(['--json', 'scan', 'ports', '127.0.0.1', '--ports', String(redis.port)]);
    expect(JSON.parse(json.stdout).observation.open[0].auth.required).toBe(false);
  });
});

describe('attt audit interrupted with Ctrl-C', () => {
  it('saves partial results with interrupted: true and exits 3', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('./helpers/cli.js');
    const silent = await listen(() => {});
    try {
      const inv = writeInventory('slow.yaml', {
        organization: { name: 'Org' },
        scope: { allow: ['127.0.0.1/32'] },
        defaults: { timeoutMs: 20000 },
        units: [{ id: 'u', name: 'U', systems: [{ id: 's', name: 'S', targets: [{ host: '127.0.0.1', ports: String(silent.port) }, { url: `http://127.0.0.1:${silent.port}/` }] }] }],
      });
      const out = path.join(dir, 'interrupted');
      const child = spawn(process.execPath, [BIN, 'audit', '-i', inv, '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      // Wait until the scan is under way (the silent listener got its connection), then interrupt.
      // Up to 30 s: on a loaded 2-core machine the child's start alone can take several seconds.
      for (let i = 0; i < 600 && silent.connections === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(silent.connections).toBeGreaterThan(0);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(3);
      expect(stderr).toContain('Đang dừng');
      const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
      expect(results.interrupted).toBe(true);
      expect(results.targets.length).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });
});

describe('attt audit pre-flight of targets', () => {
  it('refuses unresolvable and out-of-scope targets before sending anything (exit 2, nothing written)', async () => {
    const outside = await listen(() => {}, '127.0.0.3');
    try {
      const inv = writeInventory('preflight.yaml', {
        organization: { name: 'Org' },
        scope: { allow: ['127.0.0.1/32'] },
        units: [
          {
            id: 'u',
            name: 'U',
            systems: [
              { id: 's', name: 'S', targets: [{ host: '127.0.0.1', ports: String(redis.port) }, { host: 'no-such-host.invalid', ports: '80' }, { host: '127.0.0.3', ports: String(outside.port) }] },
            ],
          },
        ],
      });
      const out = path.join(dir, 'preflight-out');
      const before = redis.connections;
      const res = await runCli(['--lang', 'en', 'audit', '-i', inv, '-o', out]);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('units[0].systems[0].targets[1] (no-such-host.invalid)');
      expect(res.stderr).toContain('units[0].systems[0].targets[2] (127.0.0.3): 127.0.0.3 is outside scope.allow');
      expect(fs.existsSync(out)).toBe(false);
      expect(redis.connections).toBe(before);
      expect(outside.connections).toBe(0);

      const kept = await runCli(['audit', '-i', inv, '-o', out, '--keep-going', '--speed', 'normal']);
      expect(kept.code).toBe(0);
      const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
      expect(results.targets.map((t: { status: string }) => t.status)).toEqual(['ok', 'error', 'out-of-scope']);
      expect(outside.connections).toBe(0);
    } finally {
      await outside.close();
    }
  });

  it('treats an unknown host on the command line as bad input (exit 2)', async () => {
    const res = await runCli(['scan', 'ports', 'no-such-host.invalid', '--ports', '80']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no-such-host.invalid');
  });
});

describe('a full-range port scan (worker threads) in a private network namespace', () => {
  it('finds exactly the three listeners among all 65,535 ports', async () => {
    // A network namespace of its own (unshare -n, as root: CI runs as root) holds only this
    // test's listeners, so "exactly these ports are open" is a fact, not a race with other
    // tests or programs listening on the machine.
    const { spawnSync } = await import('node:child_process');
    const { BIN } = await import('./helpers/cli.js');
    const script = path.join(dir, 'netns-scan.mjs');
    fs.writeFileSync(
      script,
      `import net from 'node:net';
       import { spawn } from 'node:child_process';
       const ports = [];
       for (let i = 0; i < 3; i++) {
         const s = net.createServer((c) => { c.on('error', () => {}); c.end('SSH-2.0-OpenSSH_9.6p1\\r\\n'); });
         await new Promise((r) => s.listen(0, '127.0.0.1', r));
         ports.push(s.address().port);
       }
       const child = spawn(process.execPath, [${JSON.stringify(BIN)}, '--json', 'scan', 'ports', '127.0.0.1', '--ports', '1-65535', '--speed', 'fast'], { stdio: ['ignore', 'pipe', 'inherit'] });
       let out = '';
       child.stdout.on('data', (d) => (out += d));
       child.on('close', (code) => { console.log(JSON.stringify({ code, ports, scan: JSON.parse(out) })); process.exit(0); });`,
    );
    const run = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" "${script}"`], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const { code, ports, scan } = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(code).toBe(0);
    const obs = scan.observation;
    expect(obs.portsScanned).toBe(65535);
    expect(obs.open.map((p: { port: number }) => p.port)).toEqual([...ports].sort((a: number, b: number) => a - b));
    expect(obs.closed).toBe(65535 - 3);
    expect(obs.open.every((p: { service: string; version: string }) => p.service === 'ssh' && p.version === '9.6p1')).toBe(true);
  });
});

describe('attt demo (the quick start)', () => {
  it('audits two cycles end to end, shows verified fixes, and leaves a report whose signature verifies', async () => {
    const out = path.join(dir, 'demo');
    const res = await runCli(['demo', '--out', out], { timeoutMs: 120_000 });
    expect(res.code, res.stderr).toBe(0);
    for (const f of ['inventory.yaml', 'results.json', 'ky-truoc/results.json', 'attt.db', 'bao-cao.html']) expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    expect(res.stdout).toContain(path.join(out, 'results.json'));
    expect(res.stderr).toMatch(/2 đã khắc phục/);
    const findings = JSON.parse((await runCli(['--json', 'tracker', 'list', '--db', path.join(out, 'attt.db')])).stdout) as Array<{ status: string; checkId: string }>;
    expect(findings.filter((f) => f.status === 'fixed').map((f) => f.checkId).sort()).toEqual(['ports.risky-service', 'ports.unexpected-open']);
    // Between the cycles the officer accepted one risk; the report shows it with its approver.
    expect(findings.filter((f) => f.status === 'risk_accepted').map((f) => f.checkId)).toEqual(['http.csp.missing']);
    const reportHtml = fs.readFileSync(path.join(out, 'bao-cao.html'), 'utf8');
    expect(reportHtml).toContain('CÁC RỦI RO ĐƯỢC CHẤP NHẬN');
    expect(reportHtml).toContain('Phó Giám đốc phụ trách công nghệ thông tin');
    // The signed document is the PDF when chromium is installed (CI installs it), else the HTML.
    const signed = fs.existsSync(path.join(out, 'bao-cao.pdf')) ? path.join(out, 'bao-cao.pdf') : path.join(out, 'bao-cao.html');
    const verified = await runCli(['verify', signed, '--ca', path.join(out, 'keys', 'ca.pem')]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    if (signed.endsWith('.pdf')) {
      // Signed inside the PDF: poppler's pdfsig finds the signature valid and covering the whole file.
      const sig = execFileSync('pdfsig', [signed], { encoding: 'utf8' });
      expect(sig).toContain('Signature is Valid.');
      expect(sig).toContain('Total document signed');
      expect(sig).toContain('ETSI.CAdES.detached');
      // The report anchors the tracker history it was built from.
      expect((await runCli(['tracker', 'verify', '--db', path.join(out, 'attt.db'), '--anchor', signed])).code).toBe(0);
    }
    expect((await runCli(['verify', path.join(out, 'bao-cao.html'), '--ca', path.join(out, 'keys', 'ca.pem')])).code).toBe(0);
    // A second run in the same demo folder works; a folder with other data is never overwritten.
    expect((await runCli(['demo', '--out', out], { timeoutMs: 120_000 })).code).toBe(0);
    const foreign = path.join(dir, 'not-a-demo');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'attt.db'), 'real data');
    expect((await runCli(['demo', '--out', foreign])).code).toBe(2);
    expect(fs.readFileSync(path.join(foreign, 'attt.db'), 'utf8')).toBe('real data');
    // Two full demo runs (each up to the 120 s given to runCli) on a machine shared with other jobs.
  }, 300_000);
});
