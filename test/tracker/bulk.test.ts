import { beforeAll, expect, it } from 'vitest';
import { importResultsFile } from '../../src/tracker/import.js';
import { parseWhere } from '../../src/tracker/where.js';
import { describeBackends, type Backend } from './backends.js';
import { makeResults, runCli, tmpDir, writeJson } from './helpers.js';

let dir: string;
let db: string;
const targets = [
  { key: 'a', unit: 'van-phong', system: 'web', family: 'http' as const, target: 'https://a.example/' },
  { key: 'b', unit: 'van-phong', system: 'mail', family: 'tls' as const, target: 'mail.example:465' },
  { key: 'c', unit: 'ke-toan', system: 'web', family: 'http' as const, target: 'https://c.example/' },
];

async function setUp(backend: Backend): Promise<void> {
  dir = tmpDir();
  db = await backend.fresh(dir);
  const results = makeResults({
    cycle: '2026-Q3',
    startedAt: '2026-08-10T00:00:00Z',
    targets,
    results: [
      { checkId: 'http.hsts.missing', targetKey: 'a', outcome: 'fail', severity: 'high' },
      { checkId: 'http.csp.missing', targetKey: 'a', outcome: 'fail', severity: 'medium' },
      { checkId: 'tls.protocol.tls1_0', targetKey: 'b', outcome: 'fail', severity: 'critical' },
      { checkId: 'http.hsts.missing', targetKey: 'c', outcome: 'fail', severity: 'high' },
    ],
  });
  importResultsFile(db, writeJson(dir, 'r.json', results));
}

describeBackends('tracker update --where: bulk changes, each one in the history', (backend) => {
  beforeAll(() => setUp(backend));

  it('parses conditions, with severity compared by rank', () => {
    expect(parseWhere('unit=van-phong severity>=high status=open')).toEqual({ unit: 'van-phong', severity: ['critical', 'high'], status: ['open'] });
    expect(parseWhere('severity<medium').severity).toEqual(['low', 'info']);
    expect(parseWhere('check=http.hsts.missing regression=no')).toEqual({ checkId: 'http.hsts.missing', regression: false });
    expect(() => parseWhere('unti=x')).toThrow(/"unti=x" has an unknown key "unti"/);
    expect(() => parseWhere('severity>=urgent')).toThrow(/unknown severity "urgent"/);
    expect(() => parseWhere('unit>=x')).toThrow(/only severity compares/);
  });

  it('changes owner and due of the selected findings only, one history event each', async () => {
    const run = await runCli(['--json', 'tracker', 'update', '--db', db, '--where', 'unit=van-phong severity>=high status=open', '--owner', 'Trần Thị B <b@example.gov.vn>', '--due', '31/01/2027', '--actor', 'officer']);
    expect(run.code, run.stderr).toBe(0);
    const changed = JSON.parse(run.stdout) as Array<{ id: string; checkId: string; unit: string; owner: string; due: string }>;
    expect(changed.map((f) => `${f.unit}:${f.checkId}`).sort()).toEqual(['van-phong:http.hsts.missing', 'van-phong:tls.protocol.tls1_0']);
    for (const f of changed) expect(f).toMatchObject({ owner: 'Trần Thị B <b@example.gov.vn>', due: '2027-01-31' });

    const all = JSON.parse((await runCli(['--json', 'tracker', 'list', '--db', db])).stdout) as Array<{ id: string; unit: string; checkId: string; owner: string | null }>;
    const untouched = all.filter((f) => !changed.some((c) => c.id === f.id));
    expect(untouched.map((f) => `${f.unit}:${f.checkId}`).sort()).toEqual(['ke-toan:http.hsts.missing', 'van-phong:http.csp.missing']);
    for (const f of untouched) expect(f.owner).toBeNull();

    for (const f of changed) {
      const detail = JSON.parse((await runCli(['--json', 'tracker', 'show', '--db', db, f.id])).stdout) as { history: Array<{ type: string; actor: string; after: Record<string, unknown> | null }> };
      const updates = detail.history.filter((h) => h.type === 'updated');
      expect(updates).toHaveLength(1);
      expect(updates[0]).toMatchObject({ actor: 'officer', after: { owner: 'Trần Thị B <b@example.gov.vn>', due: '2027-01-31' } });
    }
    expect((await runCli(['tracker', 'verify', '--db', db])).code).toBe(0);
  });

  it('refuses an id together with --where, and a bad expression, naming the value', async () => {
    const both = await runCli(['tracker', 'update', 'F-0001', '--where', 'unit=x', '--owner', 'x', '--db', db]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('"F-0001" and --where "unit=x"');
    const bad = await runCli(['tracker', 'update', '--where', 'severity=urgent', '--owner', 'x', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"severity=urgent"');
  });
});
