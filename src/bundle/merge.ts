import { createHash } from 'node:crypto';
import path from 'node:path';
import { decodeUtf8Strict } from '../files/index.js';
import { parseResults } from '../results/index.js';
import { verificationCache } from '../signing/index.js';
import { asTrackerFault, importResults, openTracker, storeUnitResults, type ImportSummary } from '../tracker/index.js';
import { readArchive } from './archive.js';
import { assertAccepted, loadCentralInventory } from './central.js';
import { bundleError, DEFAULT_BUNDLE_LIMITS, RESULTS_NAME, type BundleLimits } from './format.js';
import { readBundleBytes, verifyBundle, type VerifiedBundle } from './verify.js';

export interface MergeOptions {
  /** The tracker database: an SQLite file or a `postgres://` URL. */
  dbPath: string;
  /** The central inventory: units, their systems and their allowed bundle signers. */
  inventoryFile: string;
  caFiles?: string[];
  crlFiles?: string[];
  now?: Date;
  limits?: BundleLimits;
  /** Called every 1,000 results inside each bundle's transaction (progress display). */
  onProgress?: (done: number, total: number) => void;
}

export interface MergedBundle {
  file: string;
  unit: string;
  cycle: string;
  signer: string;
  status: VerifiedBundle['status'];
  summary: ImportSummary;
}

interface Accepted {
  file: string;
  sha256: string;
  unit: string;
  cycle: string;
  signer: string;
  status: VerifiedBundle['status'];
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * `attt bundle merge`, in two passes so memory stays at one bundle whatever their number.
 * First every bundle is verified and accepted by the central inventory, before the database is
 * opened, so a refusal (exit 2) leaves the database untouched. Then each bundle is read again,
 * must be byte for byte the one verified (its SHA-256), and its results.json is imported with the
 * tracker's re-import semantics, one transaction per bundle: the same bundle twice changes nothing
 * (same results.json SHA-256), and units merge in any order to the same findings.
 */
export async function mergeBundles(files: string[], opts: MergeOptions): Promise<MergedBundle[]> {
  const central = loadCentralInventory(opts.inventoryFile);
  const now = opts.now ?? new Date();
  const cache = verificationCache();
  const limits = opts.limits ?? DEFAULT_BUNDLE_LIMITS;
  const accepted: Accepted[] = [];
  for (const file of files) {
    const bundle = await verifyBundle(file, { caFiles: opts.caFiles, crlFiles: opts.crlFiles, now, limits, cache });
    assertAccepted(central, bundle);
    accepted.push({ file: bundle.file, sha256: bundle.sha256, unit: bundle.manifest.unit, cycle: bundle.manifest.cycle, signer: bundle.signature.signer!.subject, status: bundle.status });
  }
  const db = openTracker(opts.dbPath, { create: true });
  try {
    const merged: MergedBundle[] = [];
    for (const a of accepted) {
      const bytes = readBundleBytes(a.file);
      if (sha256(bytes) !== a.sha256) {
        throw bundleError('ATTT_BUNDLE_INVALID', a.file, { vi: 'tệp đã thay đổi trong khi hợp nhất (khác với bản vừa kiểm tra); không nhập gì từ tệp này.', en: 'the file changed during the merge (it is not the one just verified); nothing of it was imported.' });
      }
      const text = (await readArchive(bytes, a.file, limits)).files.get(RESULTS_NAME)!;
      const results = parseResults(decodeUtf8Strict(text, `${a.file}!${RESULTS_NAME}`), `${a.file}!${RESULTS_NAME}`);
      const resultsSha256 = sha256(text);
      // One transaction per bundle: its findings and its kept results.json land together or not at all.
      const summary = importResults(db, results, { file: `${path.basename(a.file)}!${RESULTS_NAME}`, sha256: resultsSha256 }, {
        actor: `bundle: ${a.signer}`.slice(0, 200),
        now,
        onProgress: opts.onProgress,
        alongside: () => storeUnitResults(db, { unit: a.unit, cycle: a.cycle, startedAt: results.startedAt, sha256: resultsSha256, signer: a.signer, results: text.toString('utf8') }),
      });
      merged.push({ file: a.file, unit: a.unit, cycle: a.cycle, signer: a.signer, status: a.status, summary });
    }
    return merged;
  } catch (error) {
    throw asTrackerFault(db.name, error);
  } finally {
    db.close();
  }
}
