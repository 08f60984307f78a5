import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeBundles } from '../../src/bundle/index.js';
import { parseResults } from '../../src/results/index.js';
import { runCli } from '../helpers/cli.js';
import { dbBytes, makeDepartment, rewrite, trackerState as state, unitBundle, type Department } from './fixture.js';

let dep: Department;
const bundles: Record<string, string> = {};

beforeAll(async () => {
  dep = await makeDepartment();
  for (const unit of Object.keys(dep.units)) bundles[unit] = await unitBundle(dep, unit, '2026-Q4', { startedAt: `2026-11-0${Object.keys(bundles).length + 2}T01:00:00.000Z` });
}, 60_000);
afterAll(() => dep?.close());

const merge = (files: string[], db: string, extra: Partial<Parameters<typeof mergeBundles>[1]> = {}) => mergeBundles(files, { dbPath: db, inventoryFile: dep.central, caFiles: dep.caFiles, ...extra });
const dbFile = (name: string) => path.join(dep.dir, `${name}.db`);

describe('bundle merge', () => {
  it('merges three units; any order gives the same state', async () => {
    const order1 = ['van-phong', 'bao-tro-xa-hoi', 'cai-nghien'];
    const order2 = ['cai-nghien', 'van-phong', 'bao-tro-xa-hoi'];
    const a = await merge(order1.map((u) => bundles[u]), dbFile('order1'));
    for (const u of order2) await merge([bundles[u]], dbFile('order2'));
    expect(a.map((m) => [m.unit, m.summary.opened, m.status])).toEqual([
      ['van-phong', 16, 'valid'],
      ['bao-tro-xa-hoi', 16, 'valid'],
      ['cai-nghien', 16, 'valid'],
    ]);
    const s1 = state(dbFile('order1'));
    expect(s1.findings).toHaveLength(48);
    expect(new Set(s1.findings.map((f) => (f as { unit: string }).unit))).toEqual(new Set(order1));
    expect(state(dbFile('order2'))).toEqual(s1);
  });

  it('merging the same bundle again changes nothing', async () => {
    const db = dbFile('twice');
    await merge([bundles['van-phong']], db);
    const before = state(db);
    const events = (new Database(db, { readonly: true }).prepare('SELECT COUNT(*) AS n, MAX(hash) AS h FROM events').get());
    const again = await merge([bundles['van-phong'], bundles['van-phong']], db);
    expect(again.every((m) => m.summary.alreadyImported)).toBe(true);
    expect(state(db)).toEqual(before);
    expect(new Database(db, { readonly: true }).prepare('SELECT COUNT(*) AS n, MAX(hash) AS h FROM events').get()).toEqual(events);
  });

  it("a unit's next cycle closes what it fixed and leaves the other units alone", async () => {
    const db = dbFile('next');
    await merge(Object.values(bundles), db);
    const next = await unitBundle(dep, 'van-phong', '2027-Q1', { startedAt: '2027-02-01T01:00:00.000Z', fixed: new Set([0, 1, 2]) });
    const [m] = await merge([next], db);
    expect(m.summary.fixed).toBe(3);
    const s = state(db);
    const byUnit = (u: string, status: string) => s.findings.filter((f) => (f as { unit: string; status: string }).unit === u && (f as { status: string }).status === status).length;
    expect(byUnit('van-phong', 'fixed')).toBe(3);
    expect(byUnit('bao-tro-xa-hoi', 'open')).toBe(16);
  });
});

describe('merge refusals leave the database unchanged (exit 2)', () => {
  let db: string;
  let bytes: string;
  beforeAll(async () => {
    db = dbFile('refusals');
    await merge([bundles['van-phong']], db);
    bytes = dbBytes(db);
  });

  const refused = async (files: string[], code: string, text: RegExp, extra: Partial<Parameters<typeof mergeBundles>[1]> = {}) => {
    const error = (await merge(files, db, extra).then(() => null, (e) => e)) as { code: string; message: string; exitCode: number } | null;
    expect(error, 'merge was accepted').not.toBeNull();
    expect(error!.code).toBe(code);
    expect(error!.exitCode).toBe(2);
    expect(error!.message).toMatch(text);
    expect(dbBytes(db)).toBe(bytes);
  };

  it('signer not allowed: another unit’s signer, a unit listing nobody, a fingerprint listing another certificate', async () => {
    const signedByOther = await unitBundle(dep, 'bao-tro-xa-hoi', '2026-Q4', { signer: 'van-phong', name: 'btxh-by-vp.tar.gz' });
    await refused([signedByOther], 'ATTT_BUNDLE_SIGNER_NOT_ALLOWED', /may not submit results for unit "bao-tro-xa-hoi".*allows only: Người kiểm tra bao-tro-xa-hoi/);
    const signedByThird = await unitBundle(dep, 'cai-nghien', '2026-Q4', { signer: 'bao-tro-xa-hoi', name: 'cn-by-btxh.tar.gz' });
    await refused([signedByThird], 'ATTT_BUNDLE_SIGNER_NOT_ALLOWED', /"cai-nghien".*Người kiểm tra \(vân tay\)/);
    const doc = YAML.parse(fs.readFileSync(dep.central, 'utf8'));
    delete doc.units[0].bundleSigners;
    const nobody = path.join(dep.dir, 'central-nobody.yaml');
    fs.writeFileSync(nobody, YAML.stringify(doc));
    await refused([bundles['van-phong']], 'ATTT_BUNDLE_SIGNER_NOT_ALLOWED', /lists nobody/, { inventoryFile: nobody });
  });

  it('results for another unit’s system, or a system the central inventory does not list', async () => {
    const key = dep.units['van-phong'].key;
    const foreign = await rewrite(bundles['van-phong'], path.join(dep.dir, 'bundles', 'vp-foreign.tar.gz'), (entries) => {
      const r = entries.find((x) => x.name === 'results.json')!;
      // Edited as readers see it and written back as schemaVersion 1, whatever version the bundle holds.
      const json = { ...parseResults(r.data.toString('utf8'), 'results.json'), schemaVersion: 1 };
      json.results[3].system = 'ho-so-hoc-vien';
      r.data = Buffer.from(JSON.stringify(json));
    }, key);
    await refused([foreign], 'ATTT_BUNDLE_FOREIGN_SYSTEM', /results\.json results\[3\]: system "van-phong\/ho-so-hoc-vien" does not belong to unit "van-phong"/);
    const unlisted = await rewrite(bundles['van-phong'], path.join(dep.dir, 'bundles', 'vp-unlisted.tar.gz'), (entries) => {
      const r = entries.find((x) => x.name === 'results.json')!;
      // Edited as readers see it and written back as schemaVersion 1, whatever version the bundle holds.
      const json = { ...parseResults(r.data.toString('utf8'), 'results.json'), schemaVersion: 1 };
      json.targets[0].system = 'may-chu-an';
      r.data = Buffer.from(JSON.stringify(json));
    }, key);
    await refused([unlisted], 'ATTT_BUNDLE_FOREIGN_SYSTEM', /targets\[0\]: system "van-phong\/may-chu-an"/);
    const otherUnit = await rewrite(bundles['van-phong'], path.join(dep.dir, 'bundles', 'vp-other-unit.tar.gz'), (entries) => {
      const r = entries.find((x) => x.name === 'results.json')!;
      // Edited as readers see it and written back as schemaVersion 1, whatever version the bundle holds.
      const json = { ...parseResults(r.data.toString('utf8'), 'results.json'), schemaVersion: 1 };
      json.results[0].unit = 'cai-nghien';
      json.results[0].system = 'ho-so-hoc-vien';
      r.data = Buffer.from(JSON.stringify(json));
    }, key);
    await refused([otherUnit], 'ATTT_BUNDLE_FOREIGN_SYSTEM', /results\[0\]: system "cai-nghien\/ho-so-hoc-vien" is not of the bundle's unit/);
  });

  it('one bad bundle among good ones: nothing of the good ones is merged either', async () => {
    const tampered = await rewrite(bundles['cai-nghien'], path.join(dep.dir, 'bundles', 'cn-tampered.tar.gz'), (entries) => {
      const r = entries.find((x) => x.name === 'results.json')!;
      r.data = Buffer.from(r.data.toString('utf8').replace('"fail"', '"pass"'));
    });
    await refused([bundles['bao-tro-xa-hoi'], tampered], 'ATTT_BUNDLE_INVALID', /cn-tampered\.tar\.gz: attt-bundle\.json files\[0\] "results\.json" was changed after signing/);
  });

  it('a newer attt, an unknown unit, a broken signer list: refused before the database is opened', async () => {
    const newer = await rewrite(bundles['van-phong'], path.join(dep.dir, 'bundles', 'vp-newer.tar.gz'), (_e, m) => void (m.tool.version = '3.0.0'), dep.units['van-phong'].key);
    await refused([newer], 'ATTT_BUNDLE_VERSION', /made by attt 3\.0\.0, newer than this attt/);
    const doc = YAML.parse(fs.readFileSync(dep.central, 'utf8'));
    doc.units = doc.units.filter((u: { id: string }) => u.id !== 'cai-nghien');
    const fewer = path.join(dep.dir, 'central-fewer.yaml');
    fs.writeFileSync(fewer, YAML.stringify(doc));
    await refused([bundles['cai-nghien']], 'ATTT_BUNDLE_UNIT_UNKNOWN', /unit "cai-nghien" is not in the central inventory/, { inventoryFile: fewer });
    const broken = YAML.parse(fs.readFileSync(dep.central, 'utf8'));
    broken.units[0].bundleSigners = [{ certificate: 'trung-tam.yaml' }];
    const brokenFile = path.join(dep.dir, 'central-broken.yaml');
    fs.writeFileSync(brokenFile, YAML.stringify(broken));
    await refused([bundles['van-phong']], 'ATTT_BUNDLE_SIGNERS_INVALID', /units\[0\]\.bundleSigners\[0\]\.certificate .* holds no readable certificate/, { inventoryFile: brokenFile });
    broken.units[0].bundleSigners = [{ name: 'x' }];
    fs.writeFileSync(brokenFile, YAML.stringify(broken));
    await refused([bundles['van-phong']], 'ATTT_INVENTORY_INVALID', /invalid/, { inventoryFile: brokenFile });
  });

  it('the CLI: exit 2 with the reason, then a good merge and its summary', async () => {
    const signedByOther = path.join(dep.dir, 'bundles', 'btxh-by-vp.tar.gz');
    const bad = await runCli(['bundle', 'merge', signedByOther, '--inventory', dep.central, '--db', db, '--ca', ...dep.caFiles]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('btxh-by-vp.tar.gz');
    expect(bad.stderr).toMatch(/không được phép nộp kết quả của đơn vị "bao-tro-xa-hoi"/);
    expect(dbBytes(db)).toBe(bytes);
    const good = await runCli(['--lang', 'en', 'bundle', 'merge', bundles['bao-tro-xa-hoi'], '--inventory', dep.central, '--db', db, '--ca', ...dep.caFiles]);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/bao-tro-xa-hoi 2026-Q4 — 16 new, 0 fixed/);
  });
});
