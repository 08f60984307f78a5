import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FEDERATED_UNITS, runFederatedDemo } from '../../src/demo/index.js';
import { runCli } from '../helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-federated-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('attt demo --federated', () => {
  it('audits three units as separate signed bundles, merges them into one database, builds the consolidated and a unit report from it', async () => {
    const demo = await runFederatedDemo({ dir: path.join(dir, 'demo'), lang: 'vi' });
    expect(demo.bundles.map((b) => path.basename(b))).toEqual(FEDERATED_UNITS.map((u) => expect.stringMatching(new RegExp(`^${u}-.+\\.tar\\.gz$`))));
    expect(demo.merged.map((m) => m.unit)).toEqual([...FEDERATED_UNITS]);
    // Each bundle signed by its own unit's auditor (three keys, three CAs).
    expect(new Set(demo.merged.map((m) => m.signer)).size).toBe(3);
    for (const m of demo.merged) expect(m.summary.opened).toBeGreaterThan(0);
    for (const r of demo.results) expect(new Set(r.targets.map((t) => t.unit)).size).toBe(1);

    const db = new Database(demo.db, { readonly: true });
    const units = db.prepare('SELECT DISTINCT unit FROM findings ORDER BY unit').pluck().all();
    const kept = db.prepare('SELECT unit FROM unit_results ORDER BY unit').pluck().all();
    db.close();
    expect(units).toEqual([...FEDERATED_UNITS].sort());
    expect(kept).toEqual([...FEDERATED_UNITS].sort());

    const [department, unitReport] = demo.outputs.map((o) => fs.readFileSync(o.path, 'utf8'));
    expect(department).toContain('Kết quả theo từng đơn vị');
    for (const name of ['Văn phòng Sở', 'Phòng Người có công', 'Trung tâm Bảo trợ xã hội']) expect(department).toContain(name);
    expect(unitReport).not.toContain('Kết quả theo từng đơn vị');
    expect(unitReport).toContain('Trung tâm Bảo trợ xã hội');

    // The same database serves `report build --tracker` without any results.json, for the department and for one unit.
    const md = path.join(dir, 'department.md');
    const built = await runCli(['--lang', 'en', 'report', 'build', '--tracker', demo.db, '--out', md]);
    expect(built.stderr).toBe('');
    const text = fs.readFileSync(md, 'utf8');
    const table = text.slice(text.indexOf('**Results by unit**')).split('\n\n')[1];
    expect(table.split('\n').filter((l) => /^\| (Văn phòng Sở|Phòng Người có công|Trung tâm Bảo trợ xã hội) \|/.test(l))).toHaveLength(3);
    const unitMd = path.join(dir, 'unit.md');
    expect((await runCli(['--lang', 'en', 'report', 'build', '--tracker', demo.db, '--unit', 'nguoi-co-cong', '--out', unitMd])).code).toBe(0);
    expect(fs.readFileSync(unitMd, 'utf8')).not.toContain('Results by unit');

    // Merging the three bundles again changes nothing.
    const again = await runCli(['--json', 'bundle', 'merge', ...demo.bundles, '--inventory', demo.centralInventory, '--db', demo.db]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).map((m: { summary: { alreadyImported: boolean } }) => m.summary.alreadyImported)).toEqual([true, true, true]);
  }, 180_000);

  it('report build without --results needs a tracker with merged bundles', async () => {
    const none = await runCli(['--lang', 'en', 'report', 'build', '--out', path.join(dir, 'x.html')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Give --results FILE, or --tracker DB holding merged bundles.');
  });
});
