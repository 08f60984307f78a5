import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { InputError, UsageError } from '../errors.js';
import { decodeUtf8Strict, readInputBytes, writeFileAtomic } from '../files/index.js';
import { loadInventory } from '../inventory/index.js';
import { packagePath, toolVersion } from '../paths.js';
import { parseResults, type Results } from '../results/index.js';
import { signBytes, signerName, type SigningKey } from '../signing/index.js';
import { packArchive, type ArchiveEntry } from './archive.js';
import { BUNDLE_FORMAT, INVENTORY_NAME, MANIFEST_NAME, RESULTS_NAME, SIGNATURE_NAME, unsafeName, type BundleManifest } from './format.js';

/** `attt bundle create`: one unit's cycle, signed by the person who ran the audit. */
export interface CreateBundleOptions {
  resultsFile: string;
  /** The unit's inventory (the audit's); only the audited unit's part goes into the bundle. */
  inventoryFile: string;
  /** Folder of answers files (`<dir>/<unit>/<questionnaire>.yaml`); none when absent. */
  answersDir?: string;
  key: SigningKey;
  out: string;
  now?: Date;
}

export interface CreatedBundle {
  out: string;
  unit: string;
  cycle: string;
  sha256: string;
  files: BundleManifest['files'];
  signer: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The one unit a results.json covers; a results.json of several units cannot make one bundle. */
export function unitOfResults(results: Results, file: string): string {
  const units = new Set<string>([...results.inventory.units.map((u) => u.id), ...results.targets.map((t) => t.unit), ...results.results.map((r) => r.unit)]);
  if (units.size !== 1) {
    throw new UsageError({
      vi: `${file} gồm ${units.size} đơn vị (${[...units].join(', ') || 'không có'}); mỗi gói chỉ chứa một đơn vị. Hãy kiểm tra riêng từng đơn vị: attt audit … --unit ĐƠN_VỊ.`,
      en: `${file} covers ${units.size} units (${[...units].join(', ') || 'none'}); a bundle holds one unit. Audit each unit on its own: attt audit … --unit UNIT.`,
    });
  }
  return [...units][0];
}

let shippedData: BundleManifest['data'] | undefined;

/** The shipped data files that judged the results, with their SHA-256 (and date or version when the file states one); read once per process. */
export function dataFileVersions(): BundleManifest['data'] {
  if (shippedData) return shippedData;
  const out: BundleManifest['data'] = [];
  for (const folder of ['data', 'frameworks', 'questionnaires']) {
    const dir = packagePath('checks', folder);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.(ya?ml|json)$/.test(name)) continue;
      const bytes = fs.readFileSync(path.join(dir, name));
      const stated = /^(?:version|dataDate):\s*["']?([^"'\s#]+)/m.exec(bytes.toString('utf8'));
      out.push({ file: `checks/${folder}/${name}`, sha256: sha256(bytes), bytes: bytes.length, ...(stated ? { version: stated[1] } : {}) });
    }
  }
  shippedData = out;
  return out;
}

/** The unit's part of the inventory, as YAML: organisation, scope, frameworks, report settings, the unit. */
function unitInventory(inventoryFile: string, unit: string): Buffer {
  const inv = loadInventory(inventoryFile);
  const found = inv.units.find((u) => u.id === unit);
  if (!found) {
    throw new InputError('ATTT_BUNDLE_UNIT_UNKNOWN', { vi: `${inventoryFile} không có đơn vị "${unit}" của tệp kết quả.`, en: `${inventoryFile} has no unit "${unit}" (the results' unit).` });
  }
  const { bundleSigners: _central, ...ownUnit } = found;
  const part = { organization: inv.organization, scope: inv.scope, frameworks: inv.frameworks, ...(inv.report ? { report: inv.report } : {}), units: [ownUnit] };
  return Buffer.from(`# attt result bundle: the part of ${path.basename(inventoryFile)} for unit ${unit}\n${YAML.stringify(part)}`, 'utf8');
}

function answersEntries(answersDir: string | undefined, unit: string, results: Results): ArchiveEntry[] {
  const needed = results.targets.some((t) => t.family === 'questionnaire');
  const dir = answersDir ? path.join(answersDir, unit) : undefined;
  if (!dir || !fs.existsSync(dir)) {
    if (!needed) return [];
    throw new UsageError({
      vi: `Kết quả có bảng hỏi nhưng không tìm thấy tệp trả lời của đơn vị ${unit}${dir ? ` trong ${dir}` : ''}; chỉ định thư mục bằng --answers.`,
      en: `The results include questionnaires but the answers files of unit ${unit} were not found${dir ? ` in ${dir}` : ''}; name the folder with --answers.`,
    });
  }
  const entries: ArchiveEntry[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const entryName = `answers/${unit}/${name}`;
    if (unsafeName(entryName)) throw new UsageError({ vi: `Tên tệp trả lời không dùng được trong gói: ${path.join(dir, name)}.`, en: `An answers file name cannot go into a bundle: ${path.join(dir, name)}.` });
    entries.push({ name: entryName, data: readInputBytes(path.join(dir, name), 'answers') });
  }
  return entries;
}

export async function createBundle(opts: CreateBundleOptions): Promise<CreatedBundle> {
  const now = opts.now ?? new Date();
  const resultsBytes = readInputBytes(opts.resultsFile, 'results');
  const results = parseResults(decodeUtf8Strict(resultsBytes, opts.resultsFile), opts.resultsFile);
  const unit = unitOfResults(results, opts.resultsFile);
  const content: ArchiveEntry[] = [
    { name: RESULTS_NAME, data: resultsBytes },
    { name: INVENTORY_NAME, data: unitInventory(opts.inventoryFile, unit) },
    ...answersEntries(opts.answersDir, unit, results),
  ];
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    tool: { name: 'attt', version: toolVersion() },
    unit,
    cycle: results.cycle,
    organization: { name: results.organization.name, ...(results.organization.code ? { code: results.organization.code } : {}) },
    createdAt: now.toISOString(),
    data: dataFileVersions(),
    files: content.map((e) => ({ path: e.name, sha256: sha256(e.data), bytes: e.data.length })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  const signature = await signBytes(manifestBytes, opts.key, now);
  const archive = await packArchive([{ name: MANIFEST_NAME, data: manifestBytes }, { name: SIGNATURE_NAME, data: signature }, ...content], now);
  writeFileAtomic(opts.out, archive);
  return { out: opts.out, unit, cycle: results.cycle, sha256: sha256(archive), files: manifest.files, signer: signerName(opts.key.certificate) };
}
