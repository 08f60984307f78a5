import type { Severity } from '../results/index.js';

/**
 * What the report reads from the tracker (contract between src/tracker and src/report).
 * Produced by `readTrackerForReport(dbPath, { cycle, unit? })` in src/tracker/report-view.ts.
 */
export type FindingStatus = 'open' | 'in_progress' | 'fixed' | 'risk_accepted' | 'false_positive';

export interface TrackerFinding {
  id: string; // F-0042
  fingerprint: string;
  checkId: string;
  unit: string;
  system: string;
  target: string;
  severity: Severity;
  status: FindingStatus;
  regression: boolean;
  owner: string | null;
  due: string | null; // YYYY-MM-DD
  overdue: boolean; // due < the report date and not fixed/accepted/false positive
  firstSeen: string; // cycle id
  lastSeen: string; // cycle id
  fixedCycle: string | null;
  acceptedUntil: string | null;
  acceptReason: string | null;
  message: { vi: string; en: string };
}

export interface TrackerReportView {
  /** The cycle the report is about, and the cycle before it in the tracker (null on the first). */
  cycle: string;
  previousCycle: string | null;
  /** All cycles imported, oldest first. */
  cycles: string[];
  findings: TrackerFinding[];
  /** Since the previous cycle, by finding id. */
  changes: { new: string[]; fixed: string[]; regressed: string[]; stillOpen: string[]; overdue: string[] };
  /** Grade per target per cycle (from results summary.grades), oldest cycle first. */
  gradeTrend: Array<{ unit: string; system: string; target: string; grades: Array<{ cycle: string; grade: string }> }>;
  /** Finding counts per cycle (open at the end of each cycle, by severity). */
  cycleStats: Array<{ cycle: string; open: Record<Severity, number>; fixed: number; new: number }>;
  /** Recorded sign-offs of reports. */
  signOffs: Array<{ file: string; sha256: string; signer: string; signedAt: string }>;
}
