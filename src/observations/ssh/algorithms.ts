import type { Localized } from '../../i18n.js';
import type { Severity } from '../../results/index.js';

/** One algorithm the ssh.* checks call weak (the tables are data: checks/data/ssh-algorithms.ts). */
export interface AlgorithmVerdict {
  /** Exact name, or a prefix ending in `*` (GSS-API names carry a mechanism suffix). */
  name: string;
  severity: Severity;
  why: Localized;
  sources: string[];
}

/** The verdict for `name` in `table`, honouring `prefix*` entries. */
export function verdictFor(table: readonly AlgorithmVerdict[], name: string): AlgorithmVerdict | undefined {
  return table.find((v) => (v.name.endsWith('*') ? name.startsWith(v.name.slice(0, -1)) : v.name === name));
}

/** CBC-mode ciphers (for Terrapin's "CBC with EtM" condition), by the `-cbc` naming convention of RFC 4253 §6.3. */
export function isCbcCipher(name: string): boolean {
  return /-cbc(@|$)/.test(name);
}

/** Encrypt-then-MAC algorithms (OpenSSH's `-etm@openssh.com` names). */
export function isEtmMac(name: string): boolean {
  return name.endsWith('-etm@openssh.com');
}
