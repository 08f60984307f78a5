import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNmapXml } from '../../src/exchange/index.js';
import { readResults } from '../../src/results/index.js';
import { closedPort, listen, type Listener } from '../helpers/listeners.js';
import { runCli } from '../tracker/helpers.js';

const run = promisify(execFile);
let dir: string;
let ssh: Listener;
let ftp: Listener;
let closed: number;
let xmlFile: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-nmap-'));
  // Old versions on purpose: both are past their end of life, and FTP is a risky service.
  ssh = await listen((s) => s.write('SSH-2.0-OpenSSH_7.4\r\n'));
  ftp = await listen((s) => s.write('220 (vsFTPd 2.3.4)\r\n'));
  closed = await closedPort();
  xmlFile = path.join(dir, 'scan.xml');
  // Debian's nmap, a TCP connect scan with version detection, only of the ports opened here.
  await run('nmap', ['-sT', '-sV', '-Pn', '-T4', '-p', `${ssh.port},${ftp.port},${closed}`, '-oX', xmlFile, '127.0.0.1'], { timeout: 120_000 });
}, 150_000);
afterAll(async () => {
  await Promise.all([ssh.close(), ftp.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('attt import nmap', () => {
  it("reads nmap's XML: open ports with nmap's service and version, closed ports counted", () => {
    const scan = parseNmapXml(fs.readFileSync(xmlFile, 'utf8'), xmlFile);
    expect(scan.hosts).toHaveLength(1);
    const obs = scan.hosts[0].observation;
    expect(obs.address).toBe('127.0.0.1');
    expect(obs.open.map((p) => p.port)).toEqual([ssh.port, ftp.port].sort((a, b) => a - b));
    expect(obs.closed).toBe(1);
    const sshPort = obs.open.find((p) => p.port === ssh.port)!;
    expect(sshPort).toMatchObject({ service: 'ssh', product: 'openssh', version: '7.4', identifiedBy: 'probe' });
    expect(obs.open.find((p) => p.port === ftp.port)).toMatchObject({ service: 'ftp', product: 'vsftpd', version: '2.3.4' });
  });

  it('writes a results.json the ports and software checks judged, with the same findings as attt\'s own scan', async () => {
    const out = path.join(dir, 'ket-qua');
    const imported = await runCli(['--json', 'import', 'nmap', xmlFile, '--out', out, '--unit', 'van-phong', '--system', 'mang-noi-bo', '--cycle', '2026-Q4']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ hosts: 1, openPorts: 2 });
    const results = readResults(path.join(out, 'results.json')); // validates against the results schema
    expect(results.cycle).toBe('2026-Q4');
    expect(results.targets).toEqual([expect.objectContaining({ unit: 'van-phong', system: 'mang-noi-bo', family: 'ports', target: '127.0.0.1', status: 'ok' })]);
    const failed = (r: typeof results) => new Set(r.results.filter((x) => x.outcome === 'fail').map((x) => `${x.checkId}:${(x.evidence as { port?: number }).port ?? ''}`));
    const fromNmap = failed(results);
    expect(fromNmap).toContain(`software.outdated:${ssh.port}`);
    expect(fromNmap).toContain(`ports.risky-service:${ftp.port}`);

    const own = await runCli(['--json', 'scan', 'ports', '127.0.0.1', '--ports', `${ssh.port},${ftp.port},${closed}`]);
    expect(own.code, own.stderr).toBe(0);
    const ownResults = JSON.parse(own.stdout).results as typeof results.results;
    // attt's own scan also assesses the SSH service it found (ssh.*); an nmap report has nothing for that.
    const fromAttt = new Set(ownResults.filter((x) => x.outcome === 'fail' && !x.checkId.startsWith('ssh.')).map((x) => `${x.checkId}:${(x.evidence as { port?: number }).port ?? ''}`));
    expect(fromNmap).toEqual(fromAttt);
  });

  it('the tracker accepts the imported results', async () => {
    const db = path.join(dir, 'attt.db');
    const res = await runCli(['--json', 'tracker', 'import', path.join(dir, 'ket-qua', 'results.json'), '--db', db]);
    expect(res.code, res.stderr).toBe(0);
    const list = JSON.parse((await runCli(['--json', 'tracker', 'list', '--db', db])).stdout) as Array<{ checkId: string; unit: string }>;
    expect(list.some((f) => f.checkId === 'software.outdated' && f.unit === 'van-phong')).toBe(true);
  });

  it('refuses a file that is not an nmap report, exit 2, naming the file', async () => {
    const bogus = path.join(dir, 'not-nmap.xml');
    fs.writeFileSync(bogus, '<?xml version="1.0"?><html><body>hi</body></html>');
    const res = await runCli(['import', 'nmap', bogus, '--out', path.join(dir, 'x')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('not-nmap.xml is not an nmap XML report');
    const entity = path.join(dir, 'entity.xml');
    fs.writeFileSync(entity, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><nmaprun args="&b;"></nmaprun>');
    const parsed = parseNmapXml(fs.readFileSync(entity, 'utf8'), entity);
    expect(parsed.args).not.toContain('aaaaaaaaaa');
  });
});
