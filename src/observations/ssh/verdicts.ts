import type { CheckResult } from '../../checks/index.js';
import { SEVERITY_RANK, type Severity } from '../../results/index.js';
import { verdictFor, type AlgorithmVerdict } from './algorithms.js';
import { isSshObservation, type SshObservation } from './types.js';

/** The ssh observation a check judges, or the `error`/`not_applicable` verdict to return instead. */
export function sshObservationOrVerdict(observation: unknown, needsProtocol2 = true): SshObservation | CheckResult<never> {
  if (!isSshObservation(observation)) return { outcome: 'error', reason: 'observation-missing' };
  if (needsProtocol2 && !observation.protocol2) return { outcome: 'not_applicable', reason: 'protocol-2-not-spoken' };
  return observation;
}

export function isVerdict(x: SshObservation | CheckResult<never>): x is CheckResult<never> {
  return 'outcome' in x;
}

/**
 * Judge offered algorithm names against a verdict table: one finding listing every weak name
 * (server order), at the worst listed severity, with each name's reason and sources as evidence.
 */
export function judgeOffered<M extends string>(offered: readonly string[], table: readonly AlgorithmVerdict[], messageId: M): CheckResult<M> {
  const weak = offered.map((name) => ({ name, v: verdictFor(table, name) })).filter((x): x is { name: string; v: AlgorithmVerdict } => !!x.v);
  if (!weak.length) return { outcome: 'pass', evidence: { offered } };
  const severity = weak.reduce<Severity>((worst, x) => (SEVERITY_RANK[x.v.severity] > SEVERITY_RANK[worst] ? x.v.severity : worst), 'info');
  return {
    outcome: 'fail',
    messageId,
    severity,
    data: {
      count: weak.length,
      names: weak.map((x) => x.name).join(', '),
      reasonsVi: weak.map((x) => `${x.name}: ${x.v.why.vi}`).join('; '),
      reasonsEn: weak.map((x) => `${x.name}: ${x.v.why.en}`).join('; '),
    },
    evidence: { weak: weak.map((x) => ({ name: x.name, severity: x.v.severity, why: x.v.why.en, sources: x.v.sources })), offered },
  };
}
