import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionLimiter, speedProfile } from '../../src/engine/limiter.js';
import { parseResults, readResults } from '../../src/results/index.js';
import { scanHostPorts } from '../../src/scanners/ports/scan.js';
import { BIN, runCli } from '../helpers/cli.js';
import { listen, type Listener } from '../helpers/listeners.js';

/**
 * Points 0, 8, 9 and 10 of the hardening issue, on the real CLI in a child process: a stopped
 * audit is never evidence, SIGTERM saves like Ctrl-C, a full disk loses nothing and leaves no
 * temp file, and an earlier results.json is never replaced silently.
 */
let dir: string;
let silent: Listener;
let telnet: Listener;

function inventory(name: string, ports: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    [
      'organization: {name: Org}',
      'scope: {allow: [127.0.0.1/32]}',
      'defaults: {timeoutMs: 20000}',
      `units: [{id: u, name: U, systems: [{id: s, name: S, targets: [{host: 127.0.0.1, ports: "${ports}"}]}]}]`,
    ].join('\n'),
  );
  return file;
}

/** Start an audit, wait until the silent listener has its connection (the scan is under way), send `signal`. */
async function auditStoppedBy(signal: NodeJS.Signals, out: string): Promise<{ code: number | null; stderr: string; whileRunning: string[] }> {
  const inv = inventory(`stop-${signal}.yaml`, `${silent.port},${telnet.port}`);
  const before = silent.connections;
  const child = spawn(process.execPath, [BIN, '--lang', 'en', 'audit', '-i', inv, '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  for (let i = 0; i < 200 && silent.connections <= before + 1; i++) await new Promise((r) => setTimeout(r, 50));
  // Mid-run, the output folder holds only dot-named temp files: nothing under results.json yet.
  const whileRunning = fs.existsSync(out) ? fs.readdirSync(out) : [];
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr, whileRunning };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-faults-'));
  silent = await listen(() => {});
  telnet = await listen((s) => s.write(Buffer.from([0xff, 0xfd, 0x18])));
});

afterAll(async () => {
  await silent.close();
  await telnet.close();
});

describe('a stopped audit is partial, never a pass (points 0 and 9)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s: results saved with interrupted: true; the target in progress is error, no check passes on it', async (signal) => {
    const out = path.join(dir, `out-${signal}`);
    const { code, stderr, whileRunning } = await auditStoppedBy(signal, out);
    expect(whileRunning).not.toContain('results.json');
    expect(whileRunning.every((f) => f.startsWith('.results.json.') && f.endsWith('.tmp')), whileRunning.join(' ')).toBe(true);
    expect(code).toBe(3);
    expect(stderr).toContain(`Stopping (${signal})`);
    // Complete once saved, and no temp file is left beside it.
    expect(fs.readdirSync(out)).toEqual(['results.json']);
    const results = readResults(path.join(out, 'results.json'));
    expect(results.interrupted).toBe(true);
    expect(results.targets.map((t) => [t.status, t.error?.code])).toEqual([['error', 'ATTT_INTERRUPTED']]);
    expect(results.results.length).toBeGreaterThan(0);
    expect(results.results.filter((r) => r.outcome === 'pass')).toEqual([]);
    expect(results.results.every((r) => r.outcome === 'error' && r.evidence.reason === 'ATTT_INTERRUPTED')).toBe(true);
  });

  it('the port counter says what was really probed when the scan stops early', async () => {
    const controller = new AbortController();
    const ports = Array.from({ length: 20000 }, (_, i) => 30000 + i).filter((p) => p !== silent.port && p !== telnet.port);
    const obs = await scanHostPorts({
      host: '127.0.0.1', address: '127.0.0.1', ports, portSpec: '30000-49999',
      connections: new ConnectionLimiter(speedProfile('polite')), connectTimeoutMs: 1000, bannerTimeoutMs: 1000, waitFirstMs: 0,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 512) controller.abort();
      },
    });
    expect(obs.portsScanned).toBeLessThan(ports.length);
    expect(obs.portsScanned).toBe(obs.closed + obs.open.length + obs.filtered + obs.errors.length);
    expect(obs.portsRequested).toBe(ports.length);
  });
});

describe('no silent overwrite (point 10)', () => {
  it('refuses an existing results.json naming its cycle, before scanning; --force replaces it', async () => {
    const inv = inventory('force.yaml', String(telnet.port));
    const out = path.join(dir, 'out-force');
    expect((await runCli(['audit', '-i', inv, '-o', out, '--cycle', '2026-Q3'])).code).toBe(0);
    const first = fs.readFileSync(path.join(out, 'results.json'), 'utf8');
    const before = telnet.connections;
    const again = await runCli(['--lang', 'en', 'audit', '-i', inv, '-o', out, '--cycle', '2026-Q4']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/results\.json already exists \(results of cycle 2026-Q3 for Org, started .*\).*--force/s);
    expect(telnet.connections).toBe(before);
    expect(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).toBe(first);
    const vi = await runCli(['audit', '-i', inv, '-o', out]);
    expect(vi.stderr).toContain('kỳ 2026-Q3');
    const forced = await runCli(['audit', '-i', inv, '-o', out, '--cycle', '2026-Q4', '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).cycle).toBe('2026-Q4');
    fs.writeFileSync(path.join(out, 'results.json'), 'garbage');
    expect((await runCli(['--lang', 'en', 'audit', '-i', inv, '-o', out])).stderr).toContain('not a readable attt results file');
  });
});

describe('a full disk loses nothing (point 8)', () => {
  it('file size limit (RLIMIT_FSIZE): no temp file left, the whole results.json on stdout, exit 3', async () => {
    const inv = inventory('fsize.yaml', String(telnet.port));
    const out = path.join(dir, 'out-fsize');
    fs.mkdirSync(out);
    const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const run = await runLimited(['prlimit', '--fsize=1024', process.execPath, BIN, '--lang', 'en', 'audit', '-i', inv, '-o', out], { TMPDIR: tmp });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Cannot write .*results\.json: the disk is full or the file size limit was reached \(EFBIG\)/);
    expect(run.stderr).toContain('printed on stdout');
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(JSON.parse(run.stdout).targets[0].status).toBe('ok');
    // The whole file, readable like any other: every result is there.
    expect(parseResults(run.stdout, 'stdout').results.length).toBeGreaterThan(0);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('a full file system (a 64 KiB tmpfs): the results go to the temporary folder, which is named', async () => {
    const inv = inventory('enospc.yaml', String(telnet.port));
    const small = path.join(dir, 'small');
    fs.mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]);
    try {
      // Fill it up, leaving less room than a results.json needs.
      fs.writeFileSync(path.join(small, 'filler'), Buffer.alloc(60 * 1024));
      const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
      const run = await runLimited([process.execPath, BIN, '--lang', 'en', 'audit', '-i', inv, '-o', small], { TMPDIR: tmp });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('(ENOSPC)');
      const saved = fs.readdirSync(tmp);
      expect(saved).toHaveLength(1);
      expect(run.stderr).toContain(path.join(tmp, saved[0]));
      expect(JSON.parse(fs.readFileSync(path.join(tmp, saved[0]), 'utf8')).interrupted).toBe(false);
      expect(fs.readdirSync(small)).toEqual(['filler']);

      // report build on the same full disk: a clear message and no .tmp file.
      const report = await runLimited([process.execPath, BIN, '--lang', 'en', 'report', 'build', '--results', path.join(tmp, saved[0]), '--out', path.join(small, 'report.html')], {});
      expect(report.code).toBe(3);
      expect(report.stderr).toMatch(/Cannot write .*report\.html: the disk is full .*No temporary file was left behind/s);
      expect(fs.readdirSync(small)).toEqual(['filler']);
    } finally {
      execFileSync('umount', [small]);
    }
  });
});

function runLimited(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
