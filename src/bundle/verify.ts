import { createHash } from 'node:crypto';
import path from 'node:path';
import { InputError } from '../errors.js';
import { decodeUtf8Strict, readInputBytes } from '../files/index.js';
import { parseInventory, type Inventory } from '../inventory/index.js';
import { toolVersion } from '../paths.js';
import { parseResults, type Results } from '../results/index.js';
import { oneLine, verifyBytes, type SignatureVerdict, type VerificationCache } from '../signing/index.js';
import { readArchive } from './archive.js';
import {
  BUNDLE_FORMAT_VERSION,
  bundleError,
  compareVersions,
  DEFAULT_BUNDLE_LIMITS,
  INVENTORY_NAME,
  MANIFEST_NAME,
  manifestSchema,
  RESULTS_NAME,
  SIGNATURE_NAME,
  type BundleLimits,
  type BundleManifest,
} from './format.js';

export interface VerifyBundleOptions {
  /** Trusted roots: the signer's certificate must chain to one of them. */
  caFiles?: string[];
  crlFiles?: string[];
  now?: Date;
  limits?: BundleLimits;
  /** Shared by the bundles of one run (same roots and `now`): roots read and each chain validated once. */
  cache?: VerificationCache;
}

/** A bundle whose signature, hashes and contents hold; everything read from memory, nothing from disk. */
export interface VerifiedBundle {
  file: string;
  sha256: string;
  manifest: BundleManifest;
  /** 'valid': chained to a trusted CA; 'valid-chain-unchecked': no --ca given. */
  status: 'valid' | 'valid-chain-unchecked';
  signature: SignatureVerdict;
  results: Results;
  resultsSha256: string;
  inventory: Inventory;
  files: Map<string, Buffer>;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function readBundleBytes(file: string): Buffer {
  return readInputBytes(file, 'bundle', {
    unreadable: (code, cause) =>
      new InputError(code === 'ENOENT' ? 'ATTT_FILE_MISSING' : 'ATTT_FILE_UNREADABLE', { vi: `Không đọc được gói kết quả ${file} (${code}).`, en: `Cannot read result bundle ${file} (${code}).` }, { cause }),
  });
}

/** Refuse a manifest or results.json written by a newer attt (its meaning may have changed). */
function assertNotNewer(file: string, place: string, format: unknown, version: unknown): void {
  const mine = toolVersion();
  const m = typeof format === 'string' ? /^attt\.bundle\/(\d+)$/.exec(format) : null;
  if (m && Number(m[1]) > BUNDLE_FORMAT_VERSION) {
    throw bundleError('ATTT_BUNDLE_VERSION', file, { vi: `${place}: định dạng ${format} mới hơn định dạng attt ${mine} đọc được (attt.bundle/${BUNDLE_FORMAT_VERSION}); hãy cập nhật attt.`, en: `${place}: format ${format} is newer than attt ${mine} reads (attt.bundle/${BUNDLE_FORMAT_VERSION}); update attt.` });
  }
  if (typeof version === 'string' && compareVersions(version, mine) > 0) {
    throw bundleError('ATTT_BUNDLE_VERSION', file, { vi: `${place}: gói được tạo bởi attt ${version}, mới hơn attt ${mine} đang chạy; hãy cập nhật attt trước khi kiểm tra hoặc hợp nhất.`, en: `${place}: made by attt ${version}, newer than this attt ${mine}; update attt before verifying or merging it.` });
  }
}

function parseManifest(file: string, bytes: Buffer): BundleManifest {
  let raw: { format?: unknown; tool?: { version?: unknown } } | null;
  try {
    raw = JSON.parse(decodeUtf8Strict(bytes, `${file}!${MANIFEST_NAME}`));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `${MANIFEST_NAME} không phải JSON hợp lệ (${(error as Error).message}).`, en: `${MANIFEST_NAME} is not valid JSON (${(error as Error).message}).` });
  }
  assertNotNewer(file, MANIFEST_NAME, raw?.format, raw?.tool?.version);
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.slice(0, 5).map((i) => `${MANIFEST_NAME} ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `${MANIFEST_NAME} không đúng định dạng attt.bundle/1.`, en: `${MANIFEST_NAME} does not follow the attt.bundle/1 format.` }, details);
  }
  return parsed.data;
}

/** Every listed file present with its hash and size; nothing else in the archive. */
function checkContents(file: string, manifest: BundleManifest, files: Map<string, Buffer>, directories: string[]): void {
  const listed = new Set<string>([MANIFEST_NAME, SIGNATURE_NAME]);
  manifest.files.forEach((f, i) => {
    const place = `${MANIFEST_NAME} files[${i}] "${f.path}"`;
    if (listed.has(f.path)) throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `${place} được liệt kê hai lần.`, en: `${place} is listed twice.` });
    listed.add(f.path);
    const data = files.get(f.path);
    if (!data) throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `${place} thiếu trong gói.`, en: `${place} is missing from the archive.` });
    if (data.length !== f.bytes || sha256(data) !== f.sha256) {
      throw bundleError('ATTT_BUNDLE_INVALID', file, {
        vi: `${place} đã bị thay đổi sau khi ký: SHA-256 ${sha256(data)} (${data.length} byte), bản kê ghi ${f.sha256} (${f.bytes} byte).`,
        en: `${place} was changed after signing: SHA-256 ${sha256(data)} (${data.length} bytes), the manifest says ${f.sha256} (${f.bytes} bytes).`,
      });
    }
  });
  for (const name of files.keys()) {
    if (!listed.has(name)) throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `gói chứa tệp "${name}" không có trong bản kê ${MANIFEST_NAME} (tệp thừa).`, en: `the archive holds "${name}", which the manifest ${MANIFEST_NAME} does not list (an extra file).` });
  }
  for (const dir of directories) {
    if (![...listed].some((p) => p.startsWith(`${dir}/`))) throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `gói chứa thư mục "${dir}/" không chứa tệp nào của bản kê (mục thừa).`, en: `the archive holds a directory "${dir}/" with no listed file (an extra entry).` });
  }
  for (const required of [RESULTS_NAME, INVENTORY_NAME]) {
    if (!manifest.files.some((f) => f.path === required)) throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `bản kê không có ${required}.`, en: `the manifest lists no ${required}.` });
  }
}

/** results.json speaks of the manifest's unit and cycle only; the first other place is named. */
function assertOneUnit(file: string, manifest: BundleManifest, results: Results): void {
  if (results.cycle !== manifest.cycle) {
    throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `${RESULTS_NAME} là của kỳ "${results.cycle}", nhưng bản kê ghi kỳ "${manifest.cycle}".`, en: `${RESULTS_NAME} is for cycle "${results.cycle}", but the manifest says cycle "${manifest.cycle}".` });
  }
  const places: Array<[string, string, string]> = [
    ...results.inventory.units.map((u, i): [string, string, string] => [`inventory.units[${i}]`, u.id, '']),
    ...results.targets.map((t, i): [string, string, string] => [`targets[${i}]`, t.unit, t.system]),
    ...results.results.map((r, i): [string, string, string] => [`results[${i}]`, r.unit, r.system]),
  ];
  const other = places.find(([, unit]) => unit !== manifest.unit);
  if (other) {
    const [place, unit, system] = other;
    throw bundleError('ATTT_BUNDLE_FOREIGN_SYSTEM', file, {
      vi: `${RESULTS_NAME} ${place}: ${system ? `hệ thống "${unit}/${system}"` : `đơn vị "${unit}"`} không thuộc đơn vị "${manifest.unit}" của gói.`,
      en: `${RESULTS_NAME} ${place}: ${system ? `system "${unit}/${system}"` : `unit "${unit}"`} is not of the bundle's unit "${manifest.unit}".`,
    });
  }
}

/**
 * `attt bundle verify`: the signature over the manifest (and the chain with --ca), then every
 * hash, nothing extra, no unsafe entry, bounded sizes, then results.json and the inventory part
 * agreeing with the manifest's unit and cycle. Any failure throws an InputError (exit 2) naming
 * the bundle and the place inside it.
 */
export async function verifyBundle(file: string, opts: VerifyBundleOptions = {}): Promise<VerifiedBundle> {
  const bytes = readBundleBytes(file);
  const { files, directories } = await readArchive(bytes, file, opts.limits ?? DEFAULT_BUNDLE_LIMITS);
  const manifestBytes = files.get(MANIFEST_NAME);
  const signatureBytes = files.get(SIGNATURE_NAME);
  if (!manifestBytes || !signatureBytes) {
    throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `thiếu ${!manifestBytes ? MANIFEST_NAME : SIGNATURE_NAME}; đây không phải gói kết quả attt đã ký.`, en: `${!manifestBytes ? MANIFEST_NAME : SIGNATURE_NAME} is missing; this is not a signed attt result bundle.` });
  }
  const signature = await verifyBytes(signatureBytes, manifestBytes, `${file}!${SIGNATURE_NAME}`, { caFiles: opts.caFiles, crlFiles: opts.crlFiles, now: opts.now, cache: opts.cache });
  if (!signature.valid) {
    throw bundleError(
      'ATTT_BUNDLE_SIGNATURE',
      file,
      { vi: `chữ ký ${SIGNATURE_NAME} trên ${MANIFEST_NAME} không hợp lệ.`, en: `the signature ${SIGNATURE_NAME} over ${MANIFEST_NAME} is not valid.` },
      signature.problems.map((p) => oneLine(p.text.en)),
    );
  }
  const manifest = parseManifest(file, manifestBytes);
  checkContents(file, manifest, files, directories);

  const resultsBytes = files.get(RESULTS_NAME)!;
  const resultsPlace = `${file}!${RESULTS_NAME}`;
  let rawVersion: unknown;
  try {
    rawVersion = (JSON.parse(resultsBytes.toString('utf8')) as { tool?: { version?: unknown } })?.tool?.version;
  } catch {
    rawVersion = undefined;
  }
  assertNotNewer(file, RESULTS_NAME, undefined, rawVersion);
  const results = parseResults(decodeUtf8Strict(resultsBytes, resultsPlace), resultsPlace);
  assertOneUnit(file, manifest, results);
  const inventoryPlace = `${file}!${INVENTORY_NAME}`;
  const inventory = parseInventory(decodeUtf8Strict(files.get(INVENTORY_NAME)!, inventoryPlace), inventoryPlace);
  if (inventory.units.length !== 1 || inventory.units[0].id !== manifest.unit) {
    throw bundleError('ATTT_BUNDLE_INVALID', file, { vi: `${INVENTORY_NAME} phải chỉ có đơn vị "${manifest.unit}".`, en: `${INVENTORY_NAME} must hold unit "${manifest.unit}" only.` });
  }
  return {
    file: path.resolve(file),
    sha256: sha256(bytes),
    manifest,
    status: signature.status === 'valid' ? 'valid' : 'valid-chain-unchecked',
    signature,
    results,
    resultsSha256: sha256(resultsBytes),
    inventory,
    files,
  };
}
