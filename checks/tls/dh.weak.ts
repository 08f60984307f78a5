import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.dh.weak',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Nhóm Diffie-Hellman yếu (dưới 2048 bit)', en: 'Weak Diffie-Hellman group (under 2048 bits)' },
  description: {
    vi: 'Nhóm DH dưới 2048 bit có thể bị tính toán trước (Logjam); Mozilla intermediate yêu cầu tham số DH 2048 bit, SSL Labs hạ điểm xuống B (dưới 2048) hoặc F (dưới 1024).',
    en: 'DH groups under 2048 bits can be precomputed (Logjam); Mozilla intermediate requires 2048-bit DH parameters and SSL Labs caps the grade at B (under 2048) or F (under 1024).',
  },
  remediation: { vi: 'Dùng nhóm ffdhe2048 trở lên (RFC 7919) hoặc bỏ hẳn bộ mã DHE, chỉ dùng ECDHE.', en: 'Use ffdhe2048 or larger (RFC 7919), or drop DHE suites and use ECDHE only.' },
  references: [REF.logjam, REF.mozilla, REF.ssllabs],
  messages: {
    weak: { vi: 'Máy chủ dùng nhóm DH {{bits}} bit cho: {{suites}}.', en: 'The server uses a {{bits}}-bit DH group for: {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'weak'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (o.dhBits === null) return { outcome: 'not_applicable', reason: 'no DHE suite accepted' };
  if (o.dhBits >= 2048) return { outcome: 'pass' };
  const suites = Object.entries(o.dhBitsBySuite).filter(([, b]) => b < 2048).map(([n]) => n);
  return {
    outcome: 'fail',
    messageId: 'weak',
    severity: o.dhBits < 1024 ? 'high' : 'medium',
    data: { bits: o.dhBits, suites: suites.slice(0, 4).join(', ') + (suites.length > 4 ? ` (+${suites.length - 4})` : '') },
    evidence: { dhBits: o.dhBits, dhBitsBySuite: o.dhBitsBySuite },
  };
}
