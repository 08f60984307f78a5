import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisLike } from '../../src/demo/ports.js';
import { listen, type Listener } from '../helpers/listeners.js';
import { makeResults, runCli, tmpDir, writeJson } from './helpers.js';

let dir: string;
let redis: Listener;
beforeAll(async () => {
  dir = tmpDir('attt-owners-');
  redis = await listen((s) => redisLike(s));
});
afterAll(async () => {
  await redis.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('owners from the inventory', () => {
  it('a system owner (else the unit owner) becomes the owner of its new findings', async () => {
    const inv = path.join(dir, 'inventory.yaml');
    const target = { host: '127.0.0.1', ports: String(redis.port), expectedOpen: [] };
    fs.writeFileSync(inv, YAML.stringify({
      organization: { name: 'Sở thử nghiệm' },
      scope: { allow: ['127.0.0.1/32'] },
      units: [{
        id: 'van-phong', name: 'Văn phòng', owner: { name: 'Trần Thị B', email: 'b@example.gov.vn' },
        systems: [
          { id: 'csdl', name: 'CSDL', owner: { name: 'Lê Văn C' }, targets: [target] },
          { id: 'cache', name: 'Bộ đệm', targets: [target] },
        ],
      }],
    }));
    const out = path.join(dir, 'audit');
    const audit = await runCli(['audit', '--inventory', inv, '--out', out]);
    expect(audit.code, audit.stderr).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.inventory.units[0].owner).toEqual({ name: 'Trần Thị B', email: 'b@example.gov.vn' });
    const db = path.join(dir, 'owners.db');
    expect((await runCli(['tracker', 'import', path.join(out, 'results.json'), '--db', db])).code).toBe(0);
    const findings = JSON.parse((await runCli(['--json', 'tracker', 'list', '--db', db])).stdout) as Array<{ id: string; system: string; owner: string | null }>;
    expect(findings.filter((f) => f.system === 'csdl').length).toBeGreaterThan(0);
    for (const f of findings) expect(f.owner).toBe(f.system === 'csdl' ? 'Lê Văn C' : 'Trần Thị B <b@example.gov.vn>');
    const detail = JSON.parse((await runCli(['--json', 'tracker', 'show', findings[0].id, '--db', db])).stdout) as { history: Array<{ type: string; after: Record<string, unknown> }> };
    expect(detail.history[0]).toMatchObject({ type: 'opened', after: { owner: findings[0].owner } });
  });

  it('an owner email that is not an address is refused with the value', async () => {
    const inv = path.join(dir, 'bad-owner.yaml');
    fs.writeFileSync(inv, YAML.stringify({ organization: { name: 'X' }, scope: { allow: [] }, units: [{ id: 'u', name: 'U', owner: { name: 'A', email: 'not-an-email' } }] }));
    const run = await runCli(['inventory', 'validate', inv]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"not-an-email"');
  });
});

describe('one time zone in every output', () => {
  // An audit that started at 20:00 UTC: already the next day in Vietnam (UTC+7).
  const results = () => makeResults({
    cycle: '2026-Q3', startedAt: '2026-08-10T20:00:00Z',
    targets: [{ key: 'h', unit: 'van-phong', system: 'web', family: 'http', target: 'https://a.example/' }],
    results: [{ checkId: 'http.hsts.missing', targetKey: 'h', outcome: 'fail', severity: 'high' }],
  });

  it('Vietnam time by default, another zone with --tz', async () => {
    const file = writeJson(dir, 'late.json', results());
    const vn = path.join(dir, 'vn.db');
    const utc = path.join(dir, 'utc.db');
    expect((await runCli(['tracker', 'import', file, '--db', vn])).code).toBe(0);
    expect((await runCli(['--tz', 'UTC', 'tracker', 'import', file, '--db', utc])).code).toBe(0);
    const due = async (db: string, tz: string[] = []) => (JSON.parse((await runCli([...tz, '--json', 'tracker', 'list', '--db', db])).stdout) as Array<{ due: string }>)[0].due;
    // High severity: 30 days from the audit day, counted in the chosen zone.
    expect(await due(vn)).toBe('2026-09-10');
    expect(await due(utc, ['--tz', 'UTC'])).toBe('2026-09-09');
    expect(process.env.TZ).not.toBe('Asia/Ho_Chi_Minh'); // restored after each run

  });

  it('refuses a zone that does not exist, naming it', async () => {
    const run = await runCli(['--tz', 'Mars/Olympus', 'checks', 'list']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"Mars/Olympus"');
  });
});

