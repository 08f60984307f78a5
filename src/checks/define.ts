import type { HostSoftware } from '../software/index.js';
import type { Localized } from '../i18n.js';
import type { Inventory, InventorySystem, InventoryTarget, InventoryUnit } from '../inventory/index.js';
import type { Family, Severity } from '../results/index.js';

/** A citation. Only clause numbers verified against the source text; `url` where one exists. */
export interface Reference {
  source: string; // e.g. 'RFC', 'NIST SP 800-63B-4', 'TCVN 11930:2017', 'OWASP', 'Mozilla', 'SSL Labs'
  id?: string; // e.g. '8996', '§3.1.1.2'
  title?: string;
  url?: string;
}

/** The check families (folder names under checks/, first part of every check id). */
export type CheckFamily = 'ports' | 'software' | 'tls' | 'http' | 'policy' | 'ssh';

/**
 * One kind of observation: its family and schema tag, carrying the TypeScript type of the
 * observation so that a check declared on it receives exactly that type. Each family's kind
 * is exported by src/observations/<family>/index.ts (questionnaires: src/questionnaire).
 */
export interface ObservationKind<O> {
  readonly family: Family;
  /** `attt.<family>/<version>`, stored in every observation's `schema` field. */
  readonly schema: string;
  /** Type-only: never set at run time. */
  readonly observation?: O;
}

export function defineObservation<O>(family: Family, schema: string): ObservationKind<O> {
  return Object.freeze({ family, schema });
}

export interface CheckMeta<M extends string = string> {
  /** Stable dotted id, e.g. `tls.protocol.tls1_0`; the file is checks/<family>/<rest>.ts. */
  id: string;
  family: CheckFamily;
  /** Default severity of a failure; a result may raise or lower it (e.g. per service). */
  severity: Severity;
  /** Observation families this check reads (from the kinds it is defined on). */
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

/** What the checks of software.outdated and friends may be given besides the inventory's defaults. */
export interface CheckOptions {
  /** Days before expiry from which tls.cert.expiring-soon fails (inventory defaults.expiringDays, else 30). */
  expiringDays?: number;
  /** End-of-life table replacing the bundled checks/data/eol.yaml (`--eol-data`), as loaded by src/software. */
  eolTable?: unknown;
  /** Or the file to load it from (read once, then cached). */
  eolDataFile?: string;
}

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
  /** The audit's clock, so checks on dates are testable and a re-judged results.json gives the same verdicts. */
  now: Date;
  options: CheckOptions;
  /**
   * Every observation of the same address in this audit (all families, this one included), for
   * checks that weigh what the host said elsewhere: the distribution named by the SSH banner
   * applies to the web server's version. Absent when a check runs on one observation alone.
   */
  hostObservations?: ReadonlyArray<{ family: Family; observation: unknown }>;
  /**
   * The same, folded as the audit goes (the distribution the host's banners name, SSH strict
   * key exchange): what the engine passes, so it need not keep every observation of a host.
   * Preferred over hostObservations when both are given.
   */
  hostSoftware?: HostSoftware;
}

export interface Check<O = unknown, M extends string = string> {
  meta: CheckMeta<M>;
  /** Pure: judge one observation of a family named in meta.needs (the engine checks its schema tag first). */
  run(observation: O, context: CheckContext): CheckResult<M> | CheckResult<M>[];
}

/** A check file's declaration: metadata as data, and `run`, whose message ids must be keys of `messages`. */
export interface CheckSpec<O, M extends string> extends Omit<CheckMeta<M>, 'needs'> {
  run(observation: O, context: CheckContext): CheckResult<NoInfer<M>> | CheckResult<NoInfer<M>>[];
}

/**
 * Declare a check on one observation kind (or several: software.* reads ports and http). `run`
 * receives that kind's observation type, and the message ids it may report are the keys of
 * `messages`: a typo is a compile error. Use as `export const { meta, run } = defineCheck(KIND, {…})`.
 */
export function defineCheck<O, M extends string>(kinds: ObservationKind<O> | readonly ObservationKind<O>[], spec: CheckSpec<O, M>): Check<O, M> {
  const { run, id, family, severity, ...texts } = spec;
  const needs = (Array.isArray(kinds) ? kinds : [kinds]).map((k: ObservationKind<O>) => k.family);
  return { meta: { id, family, severity, needs, ...texts }, run };
}
