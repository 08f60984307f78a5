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
    const extraGroups = o.groups.filter((g) => !p.groups.includes(g));
    if (extraGroups.length) deviations.push({ rule: 'groups', text: { vi: `Nhóm trao đổi khóa ngoài hồ sơ: ${list(extraGroups)}`, en: `Key-exchange groups outside the profile: ${list(extraGroups)}` } });
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
    profiles[name] = { compliant: deviations.length === 0, deviations };
  }
  return { guidelinesVersion: guidelines.guidelines, profiles };
}
