/**
 * `attt data update FILE` on an air-gapped machine: a newer table is validated (schema, size),
 * installed atomically into the data folder with its version and SHA-256 recorded, used by the
 * next audit (whose results cite the file's SHA-256), and a bad file is refused with exit 2
 * naming file, line, place and value while the table in use stays.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import type { Results } from '../../src/results/index.js';
import { loopbackHost } from '../helpers/daemons.js';

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('attt data update', () => {
  let dir: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: http.Server;
  let url: string;
  const bundled = fs.readFileSync(path.join(ROOT, 'checks', 'data', 'eol.yaml'), 'utf8');
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-data-'));
    dataDir = path.join(dir, 'data');
    env = { ATTT_DATA_DIR: dataDir };
    const host = loopbackHost();
    server = http.createServer((_req, res) => {
      res.writeHead(200, { server: 'nginx/1.30.0', 'content-type': 'text/html' });
      res.end('<html><head><title>ok</title></head></html>');
    });
    await new Promise<void>((r) => server.listen(0, host, () => r()));
    url = `http://${host}:${(server.address() as net.AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const outdated = async (): Promise<Results['results']> => {
    const res = await runCli(['--json', 'scan', 'headers', url], { env, timeoutMs: 60_000 });
    expect([0, 1]).toContain(res.code);
    return (JSON.parse(res.stdout) as Results).results.filter((r) => r.checkId === 'software.outdated');
  };

  it('refuses a malformed table with exit 2, naming file:line, the place and the value; nothing is installed', async () => {
    const bad = path.join(dir, 'eol-bad.yaml');
    fs.writeFileSync(bad, bundled.replace('{"product": "nginx", "branch": "1.30", "eol": false', '{"product": "nginx", "branch": "1.30", "eol": "soon"'));
    const res = await runCli(['data', 'update', bad, '--lang', 'en'], { env });
    expect(res.code).toBe(2);
    const line = bundled.split('\n').findIndex((l) => l.includes('"branch": "1.30"')) + 1;
    expect(res.stderr).toContain(`eol-bad.yaml:${line}:`);
    expect(res.stderr).toMatch(/rows\.\d+\.eol/);
    expect(res.stderr).toContain('"soon"');
    expect(fs.existsSync(path.join(dataDir, 'eol.yaml'))).toBe(false);
  });

  it('refuses a file over the size bound, and a file it cannot place, with exit 2', async () => {
    const huge = path.join(dir, 'eol-huge.yaml');
    fs.writeFileSync(huge, `${'# padding\n'.repeat(900_000)}`);
    const big = await runCli(['data', 'update', huge, '--lang', 'en'], { env });
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/8 MiB/);
    const other = path.join(dir, 'table.yaml');
    fs.writeFileSync(other, 'x: 1\n');
    const unknown = await runCli(['data', 'update', other, '--lang', 'en'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('table.yaml');
    expect(unknown.stderr).toContain('eol');
  });

  it('installs a newer EOL table atomically, records version and SHA-256, and the next audit judges with it and cites it', async () => {
    const before = await outdated();
    expect(before.map((r) => r.outcome)).toEqual(['pass']);
    expect(before[0].evidence.eolData).toMatchObject({ sha256: sha(bundled), origin: 'bundled' });

    // The operator's newer table: nginx 1.30 has reached its end of life.
    const newer = bundled.replace(/^dataDate: .*$/m, 'dataDate: 2027-01-15').replace('{"product": "nginx", "branch": "1.30", "eol": false', '{"product": "nginx", "branch": "1.30", "eol": "2026-04-15"');
    const file = path.join(dir, 'eol-2027-01.yaml');
    fs.writeFileSync(file, newer);
    const res = await runCli(['--json', 'data', 'update', file], { env });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ kind: 'eol', version: '2027-01-15', sha256: sha(newer), previous: null });
    expect(fs.readFileSync(path.join(dataDir, 'eol.yaml'), 'utf8')).toBe(newer);
    expect(fs.readdirSync(dataDir).sort()).toEqual(['eol.yaml', 'manifest.json']);
    const manifest = JSON.parse(fs.readFileSync(path.join(dataDir, 'manifest.json'), 'utf8')) as Record<string, { sha256: string; version: string; from: string }>;
    expect(manifest.eol).toMatchObject({ sha256: sha(newer), version: '2027-01-15', from: file });

    const listed = await runCli(['--json', 'data', 'list'], { env });
    expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'eol', origin: 'updated', version: '2027-01-15', sha256: sha(newer) })]));

    const after = await outdated();
    expect(after.map((r) => r.outcome)).toEqual(['fail']);
    expect(after[0].evidence.eolData).toMatchObject({ date: '2027-01-15', sha256: sha(newer), origin: 'updated' });

    const reset = await runCli(['data', 'reset', 'eol'], { env });
    expect(reset.code).toBe(0);
    expect((await outdated())[0].evidence.eolData).toMatchObject({ sha256: sha(bundled), origin: 'bundled' });
  });
});
