import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createBundle, mergeBundles, type MergedBundle } from '../bundle/index.js';
import { defaultCycle, runAudit } from '../engine/index.js';
import { loadInventory } from '../inventory/index.js';
import type { Results } from '../results/index.js';
import { writeFileAtomic, writeResults } from '../results/index.js';
import { certificatePem, createDemoKeys, loadP12 } from '../signing/index.js';
import { redactLocation } from '../tracker/index.js';
import { demoInventory, prepareDemoDir, withDemoServices, type DemoRunOptions } from './run.js';

/** The three units audited as if each sat in its own network (each has loopback services). */
export const FEDERATED_UNITS = ['van-phong', 'nguoi-co-cong', 'bao-tro-xa-hoi'] as const;

export interface FederatedDemoOptions extends Omit<DemoRunOptions, 'onProgress'> {
  /** The central tracker database (a file or a `postgres://` URL); default `<dir>/attt.db` (SQLite). */
  db?: string;
}

export interface FederatedDemoResult {
  dir: string;
  centralInventory: string;
  /** The database as it may be printed (a URL without its password). */
  db: string;
  bundles: string[];
  merged: MergedBundle[];
  results: Results[];
  outputs: Array<{ label: { vi: string; en: string }; path: string }>;
}

type Inv = { trust: { caFiles: string[] }; units: Array<Record<string, unknown> & { id: string }> } & Record<string, unknown>;

/**
 * `attt demo --federated`: the department's path from unit networks to one database. Each of
 * three units is audited on its own (its part of the inventory only), its results packed into
 * a bundle signed with the unit auditor's own throwaway key (own CA), then the central side
 * merges the three bundles into one tracker, checked against the central inventory that lists
 * each unit's allowed signer, and builds the consolidated report and one unit's report from
 * the database alone. Only loopback services the demo starts are contacted.
 */
export async function runFederatedDemo(opts: FederatedDemoOptions): Promise<FederatedDemoResult> {
  const host = opts.host ?? '127.0.0.1';
  const dir = prepareDemoDir(opts.dir);
  return withDemoServices(dir, host, async (contributions) => {
    const full = demoInventory(contributions, host, dir) as Inv;
    const cycle = opts.cycle ?? defaultCycle(new Date());
    const bundles: string[] = [];
    const results: Results[] = [];
    const signers = new Map<string, string>();
    const caFiles: string[] = [];
    for (const unit of FEDERATED_UNITS) {
      const unitDir = path.join(dir, 'don-vi', unit);
      fs.mkdirSync(unitDir, { recursive: true });
      // The unit's own inventory: its part only, CA paths relative to its folder.
      const own = { ...full, trust: { caFiles: full.trust.caFiles.map((f) => path.relative(unitDir, path.resolve(dir, f))) }, units: full.units.filter((u) => u.id === unit) };
      const inventoryFile = path.join(unitDir, 'inventory.yaml');
      writeFileAtomic(inventoryFile, `# attt demo --federated: the inventory of unit ${unit} only\n${YAML.stringify(own)}`);
      const audited = await runAudit({ inventory: loadInventory(inventoryFile), cycle, units: [unit], speed: 'normal', signal: opts.signal, options: { answersDir: path.join(dir, 'answers') } });
      const resultsFile = path.join(unitDir, 'results.json');
      writeResults(resultsFile, audited);
      results.push(audited);
      const unitName = String(full.units.find((u) => u.id === unit)?.name ?? unit);
      const keys = await createDemoKeys(path.join(unitDir, 'khoa'), { signerName: `Cán bộ kiểm tra — ${unitName}`, organization: unitName });
      const key = await loadP12(keys.p12Path, keys.passphrase);
      try {
        const certificate = path.join(unitDir, 'khoa', 'nguoi-kiem-tra.pem');
        writeFileAtomic(certificate, certificatePem(key.certificate));
        signers.set(unit, certificate);
        caFiles.push(keys.caPath);
        const out = path.join(dir, 'goi', `${unit}-${cycle}.tar.gz`);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        await createBundle({ resultsFile, inventoryFile, answersDir: path.join(dir, 'answers'), key, out });
        bundles.push(out);
      } finally {
        key.close();
      }
      opts.onStep?.({ vi: `Đơn vị ${unitName}: đã kiểm tra ${audited.targets.length} mục tiêu, đóng gói và ký: ${bundles.at(-1)}`, en: `Unit ${unitName}: ${audited.targets.length} targets audited, bundled and signed: ${bundles.at(-1)}` });
    }
    // The central inventory: every unit and system, and who may sign each unit's bundles.
    const central = { ...full, units: full.units.map((u) => (signers.has(u.id) ? { ...u, bundleSigners: [{ name: `Cán bộ kiểm tra ${u.id}`, certificate: path.relative(dir, signers.get(u.id)!) }] } : u)) };
    const centralInventory = path.join(dir, 'trung-tam.yaml');
    writeFileAtomic(centralInventory, `# attt demo --federated: the department's central inventory (units[].bundleSigners: who may sign each unit's bundles)\n${YAML.stringify(central)}`);
    const db = opts.db ?? path.join(dir, 'attt.db');
    const merged = await mergeBundles(bundles, { dbPath: db, inventoryFile: centralInventory, caFiles });
    opts.onStep?.({
      vi: `Đã hợp nhất ${merged.length} gói vào ${redactLocation(db)}: ${merged.map((m) => `${m.unit} ${m.summary.opened} phát hiện mới`).join('; ')}`,
      en: `Merged ${merged.length} bundles into ${redactLocation(db)}: ${merged.map((m) => `${m.unit} ${m.summary.opened} new`).join('; ')}`,
    });
    const outputs = await reports(dir, db, opts);
    return { dir, centralInventory, db: redactLocation(db), bundles, merged, results, outputs };
  });
}

/** The consolidated report and the first unit's report, both from the database alone. */
async function reports(dir: string, db: string, opts: FederatedDemoOptions): Promise<FederatedDemoResult['outputs']> {
  const lang = opts.lang ?? 'vi';
  const { buildReport, resultsFromTracker } = await import('../report/index.js');
  const combined = resultsFromTracker(db);
  const department = path.join(dir, lang === 'vi' ? 'bao-cao-tong-hop.html' : 'department-report.html');
  await buildReport({ results: combined, trackerDb: db, format: 'html', lang, out: department, env: opts.env });
  const unit = FEDERATED_UNITS[2];
  const unitReport = path.join(dir, lang === 'vi' ? `bao-cao-${unit}.html` : `report-${unit}.html`);
  await buildReport({ results: combined, trackerDb: db, unit, format: 'html', lang, out: unitReport, env: opts.env });
  return [
    { label: { vi: 'Báo cáo tổng hợp của Sở (HTML)', en: 'Consolidated department report (HTML)' }, path: department },
    { label: { vi: `Báo cáo đơn vị ${unit} (HTML)`, en: `Unit report ${unit} (HTML)` }, path: unitReport },
  ];
}
