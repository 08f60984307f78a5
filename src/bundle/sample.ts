import { createHash } from 'node:crypto';
import { toolVersion } from '../paths.js';
import type { Result, Results, Severity } from '../results/index.js';

/**
 * A unit's results.json made without scanning, for the merge tests and the merge benchmark: one
 * HTTPS target per system, `count` results spread over the systems, most of them failing, each
 * with its own fingerprint. Deterministic for the same options.
 */
export interface SampleUnitOptions {
  organization?: string;
  unit: string;
  systems: string[];
  cycle: string;
  startedAt: string;
  count: number;
  /** Every `passEvery`-th result passes (default 5); `0`: all fail. */
  passEvery?: number;
  /** Result indexes (of the same sequence) that pass this time: a fix between cycles. */
  fixed?: ReadonlySet<number>;
}

const CHECKS: Array<{ id: string; severity: Severity; vi: string; en: string }> = [
  { id: 'http.hsts.missing', severity: 'medium', vi: 'Thiếu tiêu đề Strict-Transport-Security', en: 'Strict-Transport-Security header missing' },
  { id: 'http.csp.missing', severity: 'low', vi: 'Thiếu tiêu đề Content-Security-Policy', en: 'Content-Security-Policy header missing' },
  { id: 'http.cookie.insecure', severity: 'high', vi: 'Cookie phiên thiếu cờ Secure', en: 'Session cookie lacks Secure' },
  { id: 'tls.protocol.tls1_0', severity: 'medium', vi: 'Máy chủ còn chấp nhận TLS 1.0', en: 'Server still accepts TLS 1.0' },
  { id: 'tls.cert.expired', severity: 'critical', vi: 'Chứng thư số đã hết hạn', en: 'Certificate has expired' },
];

const fingerprintOf = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

export function sampleUnitResults(o: SampleUnitOptions): Results {
  const passEvery = o.passEvery ?? 5;
  const targets = o.systems.map((system, i) => {
    const target = `https://10.${(i >> 8) & 255}.${i & 255}.10/`;
    return { key: `${o.unit}/${system}/http/${target}`, unit: o.unit, system, family: 'http' as const, target, status: 'ok' as const, durationMs: 12 };
  });
  const results: Result[] = [];
  for (let i = 0; i < o.count; i++) {
    const t = targets[i % targets.length];
    const check = CHECKS[Math.floor(i / targets.length) % CHECKS.length];
    const discriminator = `d${Math.floor(i / (targets.length * CHECKS.length))}`;
    const pass = (passEvery > 0 && i % passEvery === passEvery - 1) || o.fixed?.has(i) === true;
    results.push({
      checkId: check.id,
      unit: o.unit,
      system: t.system,
      target: t.target,
      targetKey: t.key,
      outcome: pass ? 'pass' : 'fail',
      severity: check.severity,
      fingerprint: fingerprintOf(check.id, o.unit, t.system, t.target, discriminator),
      evidence: { discriminator },
      message: pass ? { vi: `Đạt: ${check.vi}`, en: `Pass: ${check.en}` } : { vi: check.vi, en: check.en },
    });
  }
  const zero = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const outcomes = { pass: 0, fail: 0, error: 0, not_applicable: 0, unanswered: 0 };
  const bySeverity = { ...zero };
  for (const r of results) {
    outcomes[r.outcome]++;
    if (r.outcome === 'fail') bySeverity[r.severity]++;
  }
  return {
    schemaVersion: 1,
    tool: { name: 'attt', version: toolVersion() },
    organization: { name: o.organization ?? 'Sở Lao động - Thương binh và Xã hội tỉnh Demo' },
    cycle: o.cycle,
    startedAt: o.startedAt,
    finishedAt: o.startedAt,
    interrupted: false,
    inventory: { file: 'inventory.yaml', frameworks: [], units: [{ id: o.unit, name: o.unit, systems: o.systems.map((id) => ({ id, name: id, questionnaires: [] })) }] },
    targets,
    observations: {},
    results,
    summary: {
      targets: { total: targets.length, ok: targets.length, error: 0, outOfScope: 0 },
      outcomes,
      findingsBySeverity: bySeverity,
      units: [{ unit: o.unit, outcomes, findingsBySeverity: bySeverity }],
      grades: {},
    },
  };
}
