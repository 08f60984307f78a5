import type { Outcome } from '../results/index.js';

/** What a grader learns from judging: each check's verdict on the endpoint (one per finding). */
export interface Verdict {
  checkId: string;
  outcome: Outcome;
  messageId?: string;
  evidence?: Record<string, unknown>;
}
