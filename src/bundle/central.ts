import path from 'node:path';
import { InputError } from '../errors.js';
import { readInputBytes } from '../files/index.js';
import { loadInventory, resolveFromInventory, type Inventory } from '../inventory/index.js';
import { certificateFingerprints } from '../signing/index.js';
import { bundleError } from './format.js';
import type { VerifiedBundle } from './verify.js';

/**
 * The central inventory's say on bundles: which units exist, which systems each unit owns, and
 * who may sign each unit's bundles (`units[].bundleSigners`, certificates pinned by SHA-256).
 */
export interface CentralInventory {
  file: string;
  inventory: Inventory;
  /** unit → certificate SHA-256 (hex, lowercase) → who (for messages). */
  signers: Map<string, Map<string, string>>;
  /** unit → its system ids. */
  systems: Map<string, Set<string>>;
}

export function loadCentralInventory(file: string): CentralInventory {
  const inventory = loadInventory(file);
  const signers = new Map<string, Map<string, string>>();
  const systems = new Map<string, Set<string>>();
  // Auditors often sign for several units: each certificate file is read once.
  const byFile = new Map<string, string[]>();
  inventory.units.forEach((unit, u) => {
    systems.set(unit.id, new Set(unit.systems.map((s) => s.id)));
    const allowed = new Map<string, string>();
    (unit.bundleSigners ?? []).forEach((signer, i) => {
      if (signer.sha256) allowed.set(signer.sha256.replace(/:/g, '').toLowerCase(), signer.name ?? signer.sha256);
      if (signer.certificate) {
        const certFile = resolveFromInventory(inventory, signer.certificate);
        const known = byFile.get(certFile);
        if (known) {
          for (const p of known) allowed.set(p, signer.name ?? path.basename(certFile));
          return;
        }
        const where = `${file} units[${u}].bundleSigners[${i}].certificate (${certFile})`;
        const bytes = readInputBytes(certFile, 'certificate', {
          unreadable: (code, cause) => new InputError('ATTT_BUNDLE_SIGNERS_INVALID', { vi: `Không đọc được ${where} (${code}).`, en: `Cannot read ${where} (${code}).` }, { cause }),
        });
        let prints: string[];
        try {
          prints = certificateFingerprints(bytes, where);
        } catch (error) {
          throw new InputError('ATTT_BUNDLE_SIGNERS_INVALID', { vi: `${where} không chứa chứng thư số (PEM hoặc DER) đọc được.`, en: `${where} holds no readable certificate (PEM or DER).` }, { cause: error });
        }
        byFile.set(certFile, prints);
        for (const p of prints) allowed.set(p, signer.name ?? path.basename(certFile));
      }
    });
    signers.set(unit.id, allowed);
  });
  return { file, inventory, signers, systems };
}

/**
 * Refuse a verified bundle the central inventory does not accept: an unknown unit, a signer not
 * listed for the unit, or any result, target, observation or inventory system outside the
 * unit's systems. The first offending place is named.
 */
export function assertAccepted(central: CentralInventory, bundle: VerifiedBundle): void {
  const { file, manifest, results } = bundle;
  const unit = manifest.unit;
  const systems = central.systems.get(unit);
  if (!systems) {
    throw bundleError('ATTT_BUNDLE_UNIT_UNKNOWN', file, { vi: `đơn vị "${unit}" không có trong inventory trung tâm ${central.file}.`, en: `unit "${unit}" is not in the central inventory ${central.file}.` });
  }
  const allowed = central.signers.get(unit)!;
  const signer = bundle.signature.signer!;
  if (!allowed.has(signer.sha256)) {
    throw bundleError(
      'ATTT_BUNDLE_SIGNER_NOT_ALLOWED',
      file,
      {
        vi: `người ký ${signer.subject} (SHA-256 ${signer.sha256}) không được phép nộp kết quả của đơn vị "${unit}" (${central.file} units[id=${unit}].bundleSigners ${allowed.size ? `chỉ cho phép: ${[...allowed.values()].join(', ')}` : 'chưa liệt kê ai'}).`,
        en: `signer ${signer.subject} (SHA-256 ${signer.sha256}) may not submit results for unit "${unit}" (${central.file} units[id=${unit}].bundleSigners ${allowed.size ? `allows only: ${[...allowed.values()].join(', ')}` : 'lists nobody'}).`,
      },
    );
  }
  const foreign = (place: string, u: string, s: string) =>
    bundleError('ATTT_BUNDLE_FOREIGN_SYSTEM', file, {
      vi: `results.json ${place}: hệ thống "${u}/${s}" không thuộc đơn vị "${unit}" theo inventory trung tâm ${central.file}.`,
      en: `results.json ${place}: system "${u}/${s}" does not belong to unit "${unit}" in the central inventory ${central.file}.`,
    });
  const owns = (u: string, s: string) => u === unit && systems.has(s);
  results.results.forEach((r, i) => {
    if (!owns(r.unit, r.system)) throw foreign(`results[${i}]`, r.unit, r.system);
  });
  results.targets.forEach((t, i) => {
    if (!owns(t.unit, t.system)) throw foreign(`targets[${i}]`, t.unit, t.system);
  });
  results.inventory.units.forEach((u, i) =>
    u.systems.forEach((s, j) => {
      if (!owns(u.id, s.id)) throw foreign(`inventory.units[${i}].systems[${j}]`, u.id, s.id);
    }),
  );
  for (const key of Object.keys(results.observations)) {
    const [u, s] = key.split('/');
    if (!owns(u, s ?? '')) throw foreign(`observations["${key}"]`, u, s ?? '');
  }
}
