import type { Inventory, InventorySystem, InventoryTarget, InventoryUnit } from '../inventory/index.js';
import type { ScopeGuard } from '../inventory/index.js';
import type { CheckOptions, ObservationKind } from '../checks/index.js';
import type { Verdict } from '../graders/index.js';
import type { Family, Result } from '../results/index.js';
import type { HostSoftware } from '../software/index.js';
import type { ConnectionLimiter, SpeedProfile } from './limiter.js';

/** One unit of work: one target observed by one family (an https:// URL gives an http and a tls item). */
export interface PlannedTarget {
  /** Stable key: `unit/system/family/label`; also the observations{} key in results.json. */
  key: string;
  unit: InventoryUnit;
  system: InventorySystem;
  family: Family;
  /** How results name the endpoint: `host:port` for tls, the URL for http, the host for ports, the questionnaire id. */
  label: string;
  /** The inventory entry; absent for questionnaire items. */
  spec?: InventoryTarget;
  /** Host name as written (used for SNI, Host header and name checks); undefined for questionnaires. */
  host?: string;
  port?: number;
  /** For questionnaire items: the questionnaire id. */
  questionnaire?: string;
  /** Set when another family's observation found this endpoint (e.g. an SSH port found by the port scan): that target's key. */
  derivedFrom?: string;
}

/** Options of an audit besides the inventory: what checks read, and what families need from the command line. */
export interface FamilyOptions extends CheckOptions {
  /** Folder of questionnaire answers (`--answers`); default `answers/` beside the inventory. */
  answersDir?: string;
  /** Progress of a port scan (done, total), for the terminal. */
  onPortProgress?: (done: number, total: number) => void;
  /** Active TLS vulnerability probes (Heartbleed, CCS injection …); on unless false (`--no-vuln-probes`). */
  tlsVulnProbes?: boolean;
}

/** What a scanner gets: everything it needs, nothing it could use to leave scope. */
export interface ScanContext {
  /** The in-scope address to connect to (already resolved and checked). */
  address: string;
  scope: ScopeGuard;
  timeoutMs: number;
  signal: AbortSignal;
  speed: SpeedProfile;
  connections: ConnectionLimiter;
  /** PEM text of the inventory's extra trusted roots. */
  trustedCAs: string[];
  inventory: Inventory;
  options: FamilyOptions;
  /** Report progress inside a long scan (e.g. ports done/total). */
  progress?: (done: number, total: number) => void;
}

/** What judging and grading may read besides the observation: never the network, never the wall clock. */
export interface JudgeContext {
  inventory: Inventory;
  /** The audit's clock (results.json startedAt), so a re-judged results.json gives the same verdicts. */
  now: Date;
  options: FamilyOptions;
  /** Every observation of the same address (all families), for checks that weigh the whole host. */
  hostObservations?: ReadonlyArray<{ family: Family; observation: unknown }>;
  /** The same folded per address as the audit goes (what the audit passes; see CheckContext). */
  hostSoftware?: HostSoftware;
}

/** What a grader adds to the stored observation, and the letter for summary.grades. */
export interface Grading {
  grade?: string;
  fields: Record<string, unknown>;
}

/** A family's behaviour, declared with `defineFamily(KIND, {...})`: `O` is its observation type. */
export interface FamilySpec<O> {
  /** Whether the target needs a network address (questionnaires do not). */
  network: boolean;
  observe(target: PlannedTarget, ctx: ScanContext): Promise<O>;
  /**
   * Everything `observe` reads that can differ between two targets of one audit (address, port,
   * name sent, probes chosen). Targets with the same key are one endpoint observed the same way
   * (a shared reverse proxy serving many systems, a host listed under several systems): the
   * audit observes it once and gives each target that observation, instead of probing the
   * server once per system. Without it every target is observed on its own.
   */
  endpointKey?(target: PlannedTarget, address: string): string;
  /** Families whose verdicts come from data rather than check files (questionnaires) return finished results. */
  judge?(target: PlannedTarget, observation: O, ctx: JudgeContext): Result[];
  /**
   * Endpoints this observation found that another family observes (the port scan's SSH ports
   * → the ssh family). The audit plans and runs them after this target.
   */
  derive?(target: PlannedTarget, observation: O): Array<Omit<PlannedTarget, 'key'>>;
  /** Runs after judging: a summary of the observation and the verdicts (grade, score, compliance). */
  grade?(observation: O, verdicts: readonly Verdict[], ctx: JudgeContext & { target: PlannedTarget }): Grading | undefined;
}

/** A family as the engine runs it: its behaviour, its name and its observation's schema tag. */
export interface FamilyModule<O = unknown> extends FamilySpec<O> {
  family: Family;
  /** The observation's schema tag, e.g. `attt.tls/1` (results.json observations[key].schema). */
  schema: string;
}

/** Declare a family on its observation kind: observe returns, and judge, derive and grade receive, that type. */
export function defineFamily<O>(kind: ObservationKind<O>, spec: FamilySpec<O>): FamilyModule<O> {
  return { family: kind.family, schema: kind.schema, ...spec };
}
