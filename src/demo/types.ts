/**
 * Each family contributes loopback demo targets to `attt demo`: it starts its servers on
 * 127.0.0.1 (port 0, so nothing collides), and returns the systems to add to the demo
 * inventory (plain inventory YAML objects) under the unit ids of the demo organisation, and
 * a stop function. Demo units: van-phong, nguoi-co-cong, lao-dong-viec-lam,
 * trung-tam-dvvl, bao-tro-xa-hoi.
 */
export interface DemoContribution {
  systems: Array<{ unit: string; system: Record<string, unknown> }>;
  /** Files the family wrote into the demo folder (answers, CA files …), relative to it, for the summary. */
  files?: string[];
  /** CA certificate files (absolute paths) the demo inventory must trust (trust.caFiles). */
  caFiles?: string[];
  stop(): Promise<void>;
  /**
   * What the unit "fixed" between the demo's two audit cycles (e.g. stop a cleartext
   * service), so the second cycle shows findings verified as fixed. Returns what was done.
   */
  remediate?(): Promise<{ vi: string; en: string }>;
}

export interface DemoOptions {
  /** The demo output folder (inventory, answers, results, reports live here). */
  dir: string;
  /** Loopback address the demo servers listen on. */
  host: string;
}

export type StartDemo = (opts: DemoOptions) => Promise<DemoContribution>;
