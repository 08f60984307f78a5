import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING, suiteFindingData, suitesWhere } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

type M = 'exportDhe' | 'weakDh';

export const meta = defineCheck<M>({
  id: 'tls.vuln.logjam',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'LOGJAM: Diffie-Hellman EXPORT hoặc dưới 1024 bit (CVE-2015-4000)', en: 'LOGJAM: export or sub-1024-bit Diffie-Hellman (CVE-2015-4000)' },
  description: {
    vi: 'Bộ mã DHE_EXPORT (nhóm 512 bit) hoặc nhóm Diffie-Hellman dưới 1024 bit cho phép kẻ tấn công đứng giữa hạ cấp và tính được khóa phiên.',
    en: 'DHE_EXPORT suites (512-bit groups) or Diffie-Hellman groups under 1024 bits let a man in the middle downgrade and compute the session key.',
  },
  remediation: { vi: 'Tắt bộ mã EXPORT; dùng ECDHE, hoặc DHE với nhóm ≥ 2048 bit (RFC 7919 ffdhe2048 trở lên).', en: 'Disable export suites; use ECDHE, or DHE with groups ≥ 2048 bits (RFC 7919 ffdhe2048 or larger).' },
  references: [REF.logjam, REF.ssllabs],
  messages: {
    exportDhe: { vi: 'Máy chủ nhận {{count}} bộ mã DHE EXPORT ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} export DHE suite(s) ({{protocols}}): {{suites}}.' },
    weakDh: { vi: 'Máy chủ dùng nhóm Diffie-Hellman {{bits}} bit.', en: 'The server uses a {{bits}}-bit Diffie-Hellman group.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<M> | CheckResult<M>[] {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  const out: CheckResult<M>[] = [];
  const exportDhe = suitesWhere(o, (s) => s.export && /^DH/.test(s.kx));
  if (Object.keys(exportDhe).length) out.push({ outcome: 'fail', messageId: 'exportDhe', discriminator: 'export-dhe', data: suiteFindingData(exportDhe), evidence: { suites: exportDhe } });
  if (o.dhBits !== null && o.dhBits < 1024) out.push({ outcome: 'fail', messageId: 'weakDh', discriminator: 'dh-bits', data: { bits: o.dhBits }, evidence: { dhBitsBySuite: o.dhBitsBySuite } });
  return out.length ? out : { outcome: 'pass' };
}
