import type { CheckMeta } from '../checks/index.js';
import type { Lang } from '../i18n.js';
import type { Result, Results } from '../results/index.js';

/**
 * What the export formats share: the findings of a results.json (fail and unanswered), each
 * with its check's metadata, and the same finding listed once even when the engine judged it
 * more than once (the fingerprint is the identity, as in the tracker).
 */
export interface ExportInput {
  results: Results;
  /** Check metadata by id (titles, remediation, references). */
  catalog: ReadonlyMap<string, CheckMeta>;
  lang: Lang;
}

const FAILING = new Set(['fail', 'unanswered']);

export function isFindingResult(r: Result): boolean {
  return FAILING.has(r.outcome);
}

/** One result per fingerprint, a failing one preferred. */
export function distinctResults(results: readonly Result[]): Result[] {
  const byFingerprint = new Map<string, Result>();
  for (const r of results) {
    const prev = byFingerprint.get(r.fingerprint);
    if (!prev || (isFindingResult(r) && !isFindingResult(prev))) byFingerprint.set(r.fingerprint, r);
  }
  return [...byFingerprint.values()];
}

/** Referenced sources as text lines ("RFC 8996 — https://…"). */
export function referenceLines(meta: CheckMeta | undefined): string[] {
  return (meta?.references ?? []).map((r) => [r.source, r.id, r.title].filter(Boolean).join(' ') + (r.url ? ` — ${r.url}` : ''));
}

/** Where a finding is: the port's endpoint when the evidence names one, else the target. */
export function endpointOf(r: Result): string {
  const port = (r.evidence as { port?: unknown } | undefined)?.port;
  if (typeof port === 'number' && !/^[a-z]+:\/\//i.test(r.target) && !/:\d+$/.test(r.target)) return r.target.includes(':') ? `[${r.target}]:${port}` : `${r.target}:${port}`;
  return r.target;
}
