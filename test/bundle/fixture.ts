import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import YAML from 'yaml';
import { createBundle, MANIFEST_NAME, packArchive, sampleUnitResults, SIGNATURE_NAME, type BundleManifest } from '../../src/bundle/index.js';
import { writeResults } from '../../src/results/index.js';
import { certificatePem, createDemoKeys, loadP12, signBytes, type SigningKey } from '../../src/signing/index.js';
import { openTracker } from '../../src/tracker/index.js';

/**
 * A department of three units in a temp folder: each unit's own inventory part, results.json
 * and throwaway signing key (its own CA), and the central inventory that lists each unit's
 * allowed signer (two by certificate file, one by SHA-256 fingerprint).
 */
export const UNITS = [
  { id: 'van-phong', systems: ['cong-ttdt', 'mail'] },
  { id: 'bao-tro-xa-hoi', systems: ['quan-ly-doi-tuong', 'website'] },
  { id: 'cai-nghien', systems: ['ho-so-hoc-vien'] },
] as const;

export interface UnitFixture {
  id: string;
  key: SigningKey;
  caPath: string;
  certPath: string;
  fingerprint: string;
  inventoryFile: string;
  answersDir: string;
}

export interface Department {
  dir: string;
  central: string;
  units: Record<string, UnitFixture>;
  caFiles: string[];
  close(): void;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function unitInventoryYaml(unit: string, systems: readonly string[]): Record<string, unknown> {
  return {
    organization: { name: 'Sở Lao động - Thương binh và Xã hội tỉnh Demo', code: 'SLDTBXH-DEMO' },
    scope: { allow: ['127.0.0.0/8'] },
    units: [{ id: unit, name: `Đơn vị ${unit}`, systems: systems.map((s, i) => ({ id: s, name: `Hệ thống ${s}`, targets: [{ url: `https://127.0.${i}.10/` }] })) }],
  };
}

export async function makeDepartment(): Promise<Department> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bundle-'));
  const units: Record<string, UnitFixture> = {};
  for (const u of UNITS) {
    const unitDir = path.join(dir, u.id);
    const keys = await createDemoKeys(path.join(unitDir, 'keys'), { signerName: `Người kiểm tra ${u.id}` });
    const key = await loadP12(keys.p12Path, keys.passphrase);
    const certPath = path.join(unitDir, 'keys', 'signer.pem');
    fs.writeFileSync(certPath, certificatePem(key.certificate));
    const inventoryFile = path.join(unitDir, 'inventory.yaml');
    fs.writeFileSync(inventoryFile, YAML.stringify(unitInventoryYaml(u.id, u.systems)));
    const der = Buffer.from(key.certificate.toSchema().toBER(false));
    units[u.id] = { id: u.id, key, caPath: keys.caPath, certPath, fingerprint: sha256(der), inventoryFile, answersDir: path.join(unitDir, 'answers') };
  }
  const central = path.join(dir, 'trung-tam.yaml');
  const centralDoc = {
    organization: { name: 'Sở Lao động - Thương binh và Xã hội tỉnh Demo', code: 'SLDTBXH-DEMO' },
    scope: { allow: ['127.0.0.0/8'] },
    units: UNITS.map((u, i) => ({
      id: u.id,
      name: `Đơn vị ${u.id}`,
      bundleSigners: [i === 2 ? { name: 'Người kiểm tra (vân tay)', sha256: units[u.id].fingerprint.toUpperCase().replace(/(..)(?!$)/g, '$1:') } : { name: `Người kiểm tra ${u.id}`, certificate: path.relative(dir, units[u.id].certPath) }],
      systems: u.systems.map((s, j) => ({ id: s, name: `Hệ thống ${s}`, targets: [{ url: `https://127.0.${j}.10/` }] })),
    })),
  };
  fs.writeFileSync(central, YAML.stringify(centralDoc));
  return {
    dir,
    central,
    units,
    caFiles: Object.values(units).map((u) => u.caPath),
    close: () => {
      for (const u of Object.values(units)) u.key.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A unit's results.json for `cycle`, then its signed bundle; returns the bundle path. */
export async function unitBundle(dep: Department, unit: string, cycle: string, opts: { count?: number; startedAt?: string; fixed?: Set<number>; signer?: string; name?: string } = {}): Promise<string> {
  const u = UNITS.find((x) => x.id === unit)!;
  const resultsFile = path.join(dep.dir, unit, cycle, 'results.json');
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeResults(resultsFile, sampleUnitResults({ unit, systems: [...u.systems], cycle, startedAt: opts.startedAt ?? '2026-11-02T01:00:00.000Z', count: opts.count ?? 20, fixed: opts.fixed }));
  const out = path.join(dep.dir, 'bundles', opts.name ?? `${unit}-${cycle}.tar.gz`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await createBundle({ resultsFile, inventoryFile: dep.units[unit].inventoryFile, answersDir: dep.units[unit].answersDir, key: dep.units[opts.signer ?? unit].key, out });
  return out;
}

/** Every entry of a bundle, as written (name, type, data). */
export async function readEntries(file: string): Promise<Array<{ name: string; data: Buffer }>> {
  const extract = tar.extract();
  const out: Array<{ name: string; data: Buffer }> = [];
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        out.push({ name: h.name, data: Buffer.concat(chunks) });
        next();
      });
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
    extract.end(zlib.gunzipSync(fs.readFileSync(file)));
  });
  return out;
}

/** Raw tar entries of any type (symlinks, devices…), gzip-compressed: what an attacker can write. */
export async function rawArchive(entries: Array<{ header: tar.Headers; data?: Buffer }>): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve());
  });
  for (const e of entries) pack.entry(e.header, e.data);
  pack.finalize();
  await done;
  return zlib.gzipSync(Buffer.concat(chunks));
}

/**
 * Rebuild a bundle from its entries after `change`: by default the manifest keeps its original
 * signature (a tampered bundle); `resign` lists the changed files' hashes again and signs the new
 * manifest with `key` (what someone holding a key would produce).
 */
export async function rewrite(
  file: string,
  out: string,
  change: (entries: Array<{ name: string; data: Buffer }>, manifest: BundleManifest) => void | Promise<void>,
  resign?: SigningKey,
): Promise<string> {
  const entries = await readEntries(file);
  const manifest = JSON.parse(entries.find((e) => e.name === MANIFEST_NAME)!.data.toString('utf8')) as BundleManifest;
  await change(entries, manifest);
  if (resign) {
    manifest.files = entries.filter((e) => e.name !== MANIFEST_NAME && e.name !== SIGNATURE_NAME).map((e) => ({ path: e.name, sha256: sha256(e.data), bytes: e.data.length }));
    const bytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    entries.find((e) => e.name === MANIFEST_NAME)!.data = bytes;
    entries.find((e) => e.name === SIGNATURE_NAME)!.data = await signBytes(bytes, resign);
  }
  fs.writeFileSync(out, await packArchive(entries, new Date('2026-11-02T00:00:00Z')));
  return out;
}

/** sha256 of the database file and its WAL (absent = ''): "unchanged" means byte for byte. */
export function dbBytes(dbFile: string): string {
  return ['', '-wal', '-shm'].map((s) => (fs.existsSync(dbFile + s) ? sha256(fs.readFileSync(dbFile + s)) : '')).join('/');
}

/**
 * The tracker's state (SQLite file or PostgreSQL URL), without what depends on when or in which
 * order things were written: row ids, times, the event log's order.
 */
export function trackerState(location: string) {
  const db = openTracker(location, { readonly: true });
  try {
    const rows = (sql: string) => db.prepare(sql).all();
    return {
      findings: rows(`SELECT fingerprint, check_id, unit, system, target, target_key, severity, status, regression, owner, due, first_seen, last_seen, opened_at, fixed_cycle, fixed_at, fixed_verified, message_vi, message_en, evidence FROM findings ORDER BY fingerprint`),
      cycles: rows('SELECT cycle, ord, started_at FROM cycles ORDER BY cycle'),
      imports: rows('SELECT cycle, sha256, results, opened, fixed, regressed FROM imports ORDER BY sha256'),
      cycleStats: rows('SELECT * FROM cycle_stats ORDER BY cycle, unit'),
      grades: rows('SELECT * FROM grades ORDER BY cycle, target_key'),
      unitResults: rows('SELECT unit, cycle, started_at, sha256, signer, length(results) AS bytes FROM unit_results ORDER BY unit, cycle'),
      eventsPerFinding: rows(`SELECT f.fingerprint, e.type, COUNT(*) AS n FROM events e JOIN findings f ON f.id = e.finding_id GROUP BY f.fingerprint, e.type ORDER BY 1, 2`),
      events: rows('SELECT COUNT(*) AS n FROM events'),
    };
  } finally {
    db.close();
  }
}
