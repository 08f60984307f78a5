import type { Localized } from '../i18n.js';
import type { Family, Severity } from '../results/index.js';
import type { Inventory, InventorySystem, InventoryTarget, InventoryUnit } from '../inventory/index.js';

/** A citation. Only verified clause numbers (see shared/reference); `url` where one exists. */
export interface Reference {
  source: string; // e.g. 'RFC', 'NIST SP 800-63B-4', 'TCVN 11930:2017', 'OWASP', 'Mozilla', 'SSL Labs'
  id?: string; // e.g. '8996', '§3.1.1.2'
  title?: string;
  url?: string;
}

/** The check families of STYLE.md (folder names under checks/). */
export type CheckFamily = 'ports' | 'software' | 'tls' | 'http' | 'policy' | 'ssh';

export interface CheckMeta<M extends string = string> {
  /** Stable dotted id, e.g. `tls.protocol.tls1_0`; the file is checks/<family>/<rest>.ts. */
  id: string;
  family: CheckFamily;
  /** Default severity of a failure; a result may raise or lower it (e.g. per service). */
  severity: Severity;
  /** Observation families this check reads. */
  needs: Family[];
  title: Localized;
  description: Localized;
  remediation: Localized;
  references: Reference[];
  /** Message templates keyed by messageId, with `{{placeholders}}`. */
  messages: Record<M, Localized>;
  /** Free tags (cwe, owasp category …) for filtering. */
  tags?: string[];
  deprecated?: boolean;
}

/**
 * What a check returns for one observation: one or more of these. A `fail` with a
 * `discriminator` (port, header name, cookie name …) is a separate finding; the fingerprint
 * is built from check id, system, target and discriminator.
 */
export type CheckResult<M extends string = string> =
  | { outcome: 'pass'; messageId?: M; data?: Record<string, unknown>; evidence?: Record<string, unknown>; discriminator?: string }
  | {
      outcome: 'fail';
      messageId: M;
      data?: Record<string, unknown>;
      evidence?: Record<string, unknown>;
      discriminator?: string;
      /** Override the default severity for this finding. */
      severity?: Severity;
      confidence?: 'confirmed' | 'likely' | 'needs-verification';
    }
  | { outcome: 'not_applicable'; reason: string; discriminator?: string }
  | { outcome: 'error'; reason: string; detail?: string; discriminator?: string };

/** Everything a check may read besides the observation. Checks never do I/O. */
export interface CheckContext {
  inventory: Inventory;
  unit: InventoryUnit;
  system: InventorySystem;
  target: InventoryTarget;
  /** The observation family being judged (a check may read several, e.g. software.* reads ports and http). */
  family: Family;
  /** The text naming the endpoint in results (`host:port` or the URL). */
  targetLabel: string;
  /** The audit's clock, so checks on dates are testable. */
  now: Date;
  /** Options from the CLI/inventory (e.g. `expiringDays`, `eolData`), read by the checks that need them. */
  options: Record<string, unknown>;
}

export interface Check<O = unknown, M extends string = string> {
  meta: CheckMeta<M>;
  /** Pure: judge one observation of the family named in meta.needs[0]. */
  run(observation: O, context: CheckContext): CheckResult<M> | CheckResult<M>[];
}

/** Identity helper that types the metadata (message ids become a union). */
export function defineCheck<M extends string>(meta: CheckMeta<M>): CheckMeta<M> {
  return meta;
}

/** Pass-through that ties a check's run function to its meta for type inference. */
export function makeCheck<O, M extends string>(meta: CheckMeta<M>, run: Check<O, M>['run']): Check<O, M> {
  return { meta, run };
}
