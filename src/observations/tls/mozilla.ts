import fs from 'node:fs';
import YAML from 'yaml';
import { packagePath } from '../../paths.js';
import type { ProtocolName } from './protocols.js';
import { suiteTable } from './suites.js';
import type { MozillaCompliance, MozillaDeviation, TlsFacts } from './types.js';

/** One Mozilla profile as kept in checks/data/mozilla-server-side-tls.yaml. */
export interface MozillaProfile {
  protocols: ProtocolName[];
  ciphers_tls13: string[];
  ciphers_openssl: string[];
  groups: string[];
  certificate_types: string[];
  certificate_curves: string[];
  certificate_signatures: string[];
  rsa_key_size: number | null;
  dh_param_size: number | null;
  ocsp_staple: boolean;
  maximum_certificate_lifespan_days: number;
}

export interface MozillaGuidelines {
  guidelines: string;
  source: string;
  profiles: Record<string, MozillaProfile>;
}

let cached: MozillaGuidelines | undefined;
export function loadMozillaGuidelines(): MozillaGuidelines {
  cached ??= YAML.parse(fs.readFileSync(packagePath('checks', 'data', 'mozilla-server-side-tls.yaml'), 'utf8')) as MozillaGuidelines;
  return cached;
}

const list = (xs: string[]) => xs.join(', ');

/**
 * A group weaker than the profile's own: an elliptic curve under 256 bits (secp192r1, secp224r1:
 * under 128-bit security), or a finite-field group under the profile's DH minimum.
 */
export function isWeakGroup(name: string, p: Pick<MozillaProfile, 'dh_param_size'>): boolean {
  const ff = /^ffdhe(\d+)$/.exec(name);
  if (ff) return Number(ff[1]) < (p.dh_param_size ?? 2048);
  const ec = /^(?:secp|brainpoolP)(\d+)/.exec(name);
  return ec ? Number(ec[1]) < 256 : false;
}

/** Compare finished facts with each profile and list every deviation (as sslyze's mozilla checker does). */
export function checkMozillaProfiles(o: TlsFacts, guidelines: MozillaGuidelines = loadMozillaGuidelines()): MozillaCompliance {
  const ianaOf = new Map(suiteTable().tls.map((s) => [s.openssl, s.name]));
  const profiles: MozillaCompliance['profiles'] = {};
  for (const [name, p] of Object.entries(guidelines.profiles)) {
    const deviations: MozillaDeviation[] = [];
    const spoken = (Object.keys(o.protocols) as ProtocolName[]).filter((v) => o.protocols[v]);
    const extraProtocols = spoken.filter((v) => !p.protocols.includes(v));
    if (extraProtocols.length) {
      deviations.push({ rule: 'protocols', text: { vi: `Giao thức ngoài hồ sơ: ${list(extraProtocols)} (hồ sơ chỉ cho ${list(p.protocols)})`, en: `Protocols outside the profile: ${list(extraProtocols)} (profile allows ${list(p.protocols)})` } });
    }
    const missing = p.protocols.filter((v) => !o.protocols[v]);
    if (name === 'modern' && missing.length) deviations.push({ rule: 'protocols-missing', text: { vi: `Thiếu giao thức: ${list(missing)}`, en: `Missing protocols: ${list(missing)}` } });
    const allowed = new Set([...p.ciphers_tls13, ...p.ciphers_openssl.map((c) => ianaOf.get(c) ?? c)]);
    const extraSuites = [...new Set(spoken.flatMap((v) => o.ciphers[v] ?? []))].filter((s) => !allowed.has(s));
    if (extraSuites.length) {
      deviations.push({ rule: 'ciphers', text: { vi: `Bộ mã ngoài hồ sơ: ${list(extraSuites)}`, en: `Cipher suites outside the profile: ${list(extraSuites)}` } });
    }
    // Only groups weaker than the profile's fail it; stronger ones (x448, secp521r1, ffdhe3072…,
    // offered by OpenSSL's defaults) weaken nothing, so they are reported as information.
    const extraGroups = o.groups.filter((g) => !p.groups.includes(g));
    const weakGroups = extraGroups.filter((g) => isWeakGroup(g, p));
    const otherGroups = extraGroups.filter((g) => !isWeakGroup(g, p));
    if (weakGroups.length) deviations.push({ rule: 'groups', text: { vi: `Nhóm trao đổi khóa yếu hơn hồ sơ: ${list(weakGroups)}`, en: `Key-exchange groups weaker than the profile's: ${list(weakGroups)}` } });
    if (otherGroups.length) {
      deviations.push({ rule: 'groups-extra', informational: true, text: { vi: `Nhóm trao đổi khóa ngoài danh sách hồ sơ nhưng không yếu hơn (chỉ để biết): ${list(otherGroups)}`, en: `Key-exchange groups outside the profile's list but no weaker (for information): ${list(otherGroups)}` } });
    }
    const leaf = o.certificate[0];
    if (leaf) {
      if (!p.certificate_types.includes(leaf.keyType)) {
        deviations.push({ rule: 'certificate-type', text: { vi: `Loại khóa chứng thư ${leaf.keyType} (hồ sơ: ${list(p.certificate_types)})`, en: `Certificate key type ${leaf.keyType} (profile: ${list(p.certificate_types)})` } });
      } else if (leaf.keyType === 'EC' && leaf.curve && !p.certificate_curves.includes(leaf.curve)) {
        deviations.push({ rule: 'certificate-curve', text: { vi: `Đường cong của chứng thư ${leaf.curve}`, en: `Certificate curve ${leaf.curve}` } });
      }
      if (leaf.keyType === 'RSA' && p.rsa_key_size && leaf.keyBits < p.rsa_key_size) {
        deviations.push({ rule: 'rsa-key-size', text: { vi: `Khóa RSA ${leaf.keyBits} bit (tối thiểu ${p.rsa_key_size})`, en: `RSA key of ${leaf.keyBits} bits (minimum ${p.rsa_key_size})` } });
      }
      if (!p.certificate_signatures.includes(leaf.signatureAlgorithm)) {
        deviations.push({ rule: 'certificate-signature', text: { vi: `Thuật toán ký chứng thư ${leaf.signatureAlgorithm}`, en: `Certificate signature ${leaf.signatureAlgorithm}` } });
      }
      const lifetimeDays = Math.round((Date.parse(leaf.notAfter) - Date.parse(leaf.notBefore)) / 86_400_000);
      if (lifetimeDays > p.maximum_certificate_lifespan_days) {
        deviations.push({ rule: 'certificate-lifespan', text: { vi: `Thời hạn chứng thư ${lifetimeDays} ngày (tối đa ${p.maximum_certificate_lifespan_days})`, en: `Certificate lifetime of ${lifetimeDays} days (maximum ${p.maximum_certificate_lifespan_days})` } });
      }
      if (p.ocsp_staple && o.ocspStapled === false) deviations.push({ rule: 'ocsp-stapling', text: { vi: 'Không đính kèm OCSP (OCSP stapling)', en: 'No OCSP stapling' } });
    }
    if (p.dh_param_size && o.dhBits !== null && o.dhBits < p.dh_param_size) {
      deviations.push({ rule: 'dh-param-size', text: { vi: `Nhóm DH ${o.dhBits} bit (tối thiểu ${p.dh_param_size})`, en: `DH group of ${o.dhBits} bits (minimum ${p.dh_param_size})` } });
    }
    profiles[name] = { compliant: deviations.every((d) => d.informational), deviations };
  }
  return { guidelinesVersion: guidelines.guidelines, profiles };
}
