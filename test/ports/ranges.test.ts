import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisLike } from '../../src/demo/ports.js';
import { partsOutside, parseIpv4Range } from '../../src/inventory/index.js';
import { readResults } from '../../src/results/index.js';
import { startHttp, startHttps, randomLoopback, type Running } from '../http/servers.js';
import { listen, type Listener } from '../helpers/listeners.js';
import { runCli } from '../tracker/helpers.js';

/**
 * A /24 of loopback addresses (127.0.5.0/24) with listeners on three of its addresses: the
 * range is expanded after the scope check, live hosts are found by TCP connects, and each is
 * scanned and reported as its own host target.
 */
let dir: string;
const listeners: Listener[] = [];
let ports: number[];
const LIVE = ['127.0.5.10', '127.0.5.20', '127.0.5.30'];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-ranges-'));
  listeners.push(await listen((s) => s.write('SSH-2.0-OpenSSH_7.4\r\n'), LIVE[0]));
  listeners.push(await listen((s) => s.write('220 (vsFTPd 2.3.4)\r\n'), LIVE[0]));
  listeners.push(await listen((s) => redisLike(s), LIVE[1]));
  listeners.push(await listen((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n'), LIVE[2]));
  ports = listeners.map((l) => l.port);
});
afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

function inventory(name: string, allow: string[], targets: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, YAML.stringify({ organization: { name: 'Sở thử nghiệm' }, scope: { allow }, defaults: { timeoutMs: 1500 }, units: [{ id: 'van-phong', name: 'Văn phòng', systems: [{ id: 'lan', name: 'Mạng nội bộ', targets }] }] }));
  return file;
}

const failedBy = (results: ReturnType<typeof readResults>, target: string) =>
  results.results.filter((r) => r.target === target && r.outcome === 'fail').map((r) => `${r.checkId}:${(r.evidence as { port?: number }).port ?? ''}`).sort();

describe('network ranges as targets', () => {
  it('names the part of a range outside the scope', () => {
    expect(partsOutside(parseIpv4Range('127.0.5.0/24')!, ['127.0.5.0/25'])).toEqual(['127.0.5.128/25']);
    expect(partsOutside(parseIpv4Range('127.10.0.0/22')!, ['127.10.0.0/24', '127.10.2.0/23'])).toEqual(['127.10.1.0/24']);
    expect(partsOutside(parseIpv4Range('127.10.0.0/24')!, ['127.10.0.0/25', '127.10.0.128/25'])).toEqual([]);
    expect(partsOutside(parseIpv4Range('127.10.0.7')!, [])).toEqual(['127.10.0.7/32']);
  });

  it('audit: a /24 becomes one host target per live host, each scanned and reported on its own', async () => {
    const inv = inventory('range.yaml', ['127.0.5.0/24'], [{ hosts: '127.0.5.0/24', ports: ports.join(','), discoveryPorts: ports, expectedOpen: [] }]);
    const out = path.join(dir, 'audit');
    const run = await runCli(['--json', 'audit', '--inventory', inv, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const results = readResults(path.join(out, 'results.json'));
    const hosts = results.targets.filter((t) => t.family === 'ports');
    expect(hosts.map((t) => t.target)).toEqual(LIVE);
    // The SSH services found on them are assessed as well, each on its host.
    expect(results.targets.filter((t) => t.family === 'ssh').map((t) => t.target).sort()).toEqual([`${LIVE[0]}:${ports[0]}`, `${LIVE[2]}:${ports[3]}`]);
    for (const t of hosts) expect(t).toMatchObject({ unit: 'van-phong', system: 'lan', family: 'ports', status: 'ok', address: t.target });
    expect(failedBy(results, LIVE[0])).toEqual(expect.arrayContaining([`ports.risky-service:${ports[1]}`, `software.outdated:${ports[0]}`]));
    expect(failedBy(results, LIVE[1])).toContain(`ports.unauthenticated-service:${ports[2]}`);
    expect(failedBy(results, LIVE[2])).toContain(`ports.unexpected-open:${ports[3]}`);
    expect(failedBy(results, LIVE[2])).not.toContain(`ports.unexpected-open:${ports[0]}`);

    // The tracker sees each host as its own target.
    const db = path.join(dir, 'attt.db');
    expect((await runCli(['tracker', 'import', path.join(out, 'results.json'), '--db', db])).code).toBe(0);
    const findings = JSON.parse((await runCli(['--json', 'tracker', 'list', '--db', db])).stdout) as Array<{ target: string }>;
    expect([...new Set(findings.filter((f) => !f.target.includes(':')).map((f) => f.target))].sort()).toEqual(LIVE);
  });

  it('hostsFile like nmap -iL: addresses, ranges and comments; a listed address is scanned without discovery', async () => {
    fs.writeFileSync(path.join(dir, 'hosts.txt'), `# máy chủ văn phòng\n127.0.5.20\n127.0.5.28/30   # dải nhỏ\n`);
    const inv = inventory('hostsfile.yaml', ['127.0.5.0/24'], [{ hostsFile: 'hosts.txt', ports: ports.join(','), discoveryPorts: ports }]);
    const out = path.join(dir, 'hostsfile');
    const run = await runCli(['--json', 'audit', '--inventory', inv, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(readResults(path.join(out, 'results.json')).targets.filter((t) => t.family === 'ports').map((t) => t.target)).toEqual(['127.0.5.20', '127.0.5.30']);
  });

  it('refuses a range not wholly inside scope.allow, naming the part outside, before sending anything', async () => {
    const inv = inventory('outside.yaml', ['127.0.5.0/25'], [{ hosts: ['127.0.5.0/24'], ports: ports.join(','), discoveryPorts: ports }]);
    const before = listeners.map((l) => l.connections);
    const run = await runCli(['audit', '--inventory', inv, '--out', path.join(dir, 'outside')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('127.0.5.128/25');
    expect(run.stderr).toContain('units[0].systems[0].targets[0]');
    expect(listeners.map((l) => l.connections)).toEqual(before);
  });

  it('refuses more than a /16 unless --allow-large', async () => {
    const inv = inventory('large.yaml', ['127.0.0.0/8'], [{ hosts: '127.0.0.0/15' }]);
    const run = await runCli(['audit', '--inventory', inv, '--out', path.join(dir, 'large')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/127\.0\.0\.0\/15 holds 131072 addresses, more than a \/16/);
    const adhoc = await runCli(['scan', 'ports', '127.0.0.0/15']);
    expect(adhoc.code).toBe(2);
    expect(adhoc.stderr).toContain('"127.0.0.0/15"');
  });

  it('attt scan ports RANGE: ad hoc, progress per live host, results per host', async () => {
    const run = await runCli(['scan', 'ports', '127.0.5.0/24', '--ports', ports.join(','), '--discovery-ports', ports.join(',')]);
    expect(run.code, run.stderr).toBe(0);
    for (const host of LIVE) expect(run.stderr).toContain(`${host}: host is up`);
    expect(run.stdout).toContain('Range scan of 127.0.5.0/24: 3 live hosts');
    const json = await runCli(['--json', 'scan', 'ports', '127.0.5.0/24', '--ports', ports.join(','), '--discovery-ports', ports.join(',')]);
    const body = JSON.parse(json.stdout) as { hosts: Array<{ target: { target: string }; observation: { open: Array<{ port: number }> } }> };
    expect(body.hosts.map((h) => h.target.target)).toEqual(LIVE);
    expect(body.hosts[0].observation.open.map((p) => p.port).sort()).toEqual([ports[0], ports[1]].sort());
  });
});

describe('one finding per real endpoint', () => {
  let host: string;
  let site: Running & { caPem: string };
  let redirect: Running;
  let redis: Listener;
  beforeAll(async () => {
    host = randomLoopback();
    const page: http.RequestListener = (_req, res) => res.end('<html>trang</html>');
    site = await startHttps(page, { host, port: 443 });
    redirect = await startHttp((_req, res) => res.writeHead(301, { location: `https://${host}/` }).end(), { host, port: 80 });
    redis = await listen((s) => redisLike(s));
  });
  afterAll(async () => {
    await Promise.all([site.close(), redirect.close(), redis.close()]);
  });

  it('a site listed as http:// and https://, a host by name and by address: each finding once', async () => {
    fs.writeFileSync(path.join(dir, 'ca.pem'), site.caPem);
    const inv = path.join(dir, 'dupes.yaml');
    fs.writeFileSync(inv, YAML.stringify({
      organization: { name: 'Sở thử nghiệm' },
      scope: { allow: [`${host}/32`, '127.0.0.1/32'] },
      trust: { caFiles: ['ca.pem'] },
      units: [{ id: 'u', name: 'Đơn vị', systems: [{ id: 'web', name: 'Cổng', targets: [
        { url: `http://${host}/` }, { url: `https://${host}/` },
        { host: 'localhost', ports: String(redis.port) }, { host: '127.0.0.1', ports: String(redis.port) },
      ] }] }],
    }));
    const out = path.join(dir, 'dupes');
    const run = await runCli(['audit', '--inventory', inv, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const results = readResults(path.join(out, 'results.json'));
    const fails = results.results.filter((r) => r.outcome === 'fail');
    const keys = fails.map((r) => `${r.checkId}|${JSON.stringify((r.evidence as { discriminator?: string }).discriminator ?? '')}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const csp = fails.filter((r) => r.checkId === 'http.csp.missing');
    expect(csp.map((r) => r.target)).toEqual([`https://${host}/`]);
    const unauth = fails.filter((r) => r.checkId === 'ports.unauthenticated-service');
    expect(unauth).toHaveLength(1);
    expect(unauth[0].target).toBe('localhost');
  });
});
