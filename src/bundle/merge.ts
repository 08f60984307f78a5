import path from 'node:path';
import { asTrackerFault, importResults, openTracker, storeUnitResults, type ImportSummary } from '../tracker/index.js';
import { assertAccepted, loadCentralInventory } from './central.js';
import { RESULTS_NAME, type BundleLimits } from './format.js';
import { verifyBundle, type VerifiedBundle } from './verify.js';

export interface MergeOptions {
  /** The tracker database: an SQLite file or a `postgres://` URL. */
  dbPath: string;
  /** The central inventory: units, their systems and their allowed bundle signers. */
  inventoryFile: string;
  caFiles?: string[];
  crlFiles?: string[];
  now?: Date;
  limits?: BundleLimits;
}

export interface MergedBundle {
  file: string;
  unit: string;
  cycle: string;
  signer: string;
  status: VerifiedBundle['status'];
  summary: ImportSummary;
}

/**
 * `attt bundle merge`: every bundle is verified and accepted by the central inventory before
 * the database is opened, so a refusal (exit 2) leaves the database untouched. Then each
 * bundle's results.json is imported with the tracker's re-import semantics, one transaction per
 * bundle: the same bundle twice changes nothing (same results.json SHA-256), and units merge in
 * any order to the same findings.
 */
export async function mergeBundles(files: string[], opts: MergeOptions): Promise<MergedBundle[]> {
  const central = loadCentralInventory(opts.inventoryFile);
  const verified: VerifiedBundle[] = [];
  for (const file of files) {
    const bundle = await verifyBundle(file, { caFiles: opts.caFiles, crlFiles: opts.crlFiles, now: opts.now, limits: opts.limits });
    assertAccepted(central, bundle);
    verified.push(bundle);
  }
  const db = openTracker(opts.dbPath, { create: true });
  try {
    return verified.map((b) => {
      const signer = b.signature.signer!.subject;
      // One transaction per bundle: its findings and its kept results.json land together or not at all.
      const summary = db.writeTransaction(() => {
        const s = importResults(db, b.results, { file: `${path.basename(b.file)}!results.json`, sha256: b.resultsSha256 }, { actor: `bundle: ${signer}`.slice(0, 200), now: opts.now });
        storeUnitResults(db, { unit: b.manifest.unit, cycle: b.manifest.cycle, startedAt: b.results.startedAt, sha256: b.resultsSha256, signer, results: b.files.get(RESULTS_NAME)!.toString('utf8') });
        return s;
      });
      return { file: b.file, unit: b.manifest.unit, cycle: b.manifest.cycle, signer, status: b.status, summary };
    });
  } catch (error) {
    throw asTrackerFault(db.name, error);
  } finally {
    db.close();
  }
}
