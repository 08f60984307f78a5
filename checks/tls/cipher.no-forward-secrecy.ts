import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING, suiteFindingData, suitesWhere } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cipher.no-forward-secrecy',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'Bộ mã không có bí mật chuyển tiếp', en: 'Cipher suites without forward secrecy' },
  description: {
    vi: 'Với trao đổi khóa RSA tĩnh (và DH/ECDH tĩnh), ai lấy được khóa riêng của máy chủ sau này có thể giải mã mọi phiên đã ghi lại. SSL Labs giới hạn điểm ở B khi không có bí mật chuyển tiếp.',
    en: 'With static RSA (and static DH/ECDH) key exchange, whoever later obtains the server private key can decrypt every recorded session. SSL Labs caps the grade at B without forward secrecy.',
  },
  remediation: { vi: 'Chỉ dùng bộ mã ECDHE (hoặc DHE với nhóm ≥ 2048 bit) và TLS 1.3; bỏ bộ mã trao đổi khóa RSA tĩnh.', en: 'Use only ECDHE (or DHE with ≥ 2048-bit groups) suites and TLS 1.3; remove static-RSA key-exchange suites.' },
  references: [REF.mozilla, REF.ssllabs],
  messages: {
    none: { vi: 'Không bộ mã nào của máy chủ có bí mật chuyển tiếp ({{count}} bộ mã: {{suites}}).', en: 'None of the server suites has forward secrecy ({{count}} suites: {{suites}}).' },
    some: { vi: 'Máy chủ còn chấp nhận {{count}} bộ mã không có bí mật chuyển tiếp ({{protocols}}): {{suites}}.', en: 'The server still accepts {{count}} suite(s) without forward secrecy ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'none' | 'some'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  // Anonymous suites are judged by tls.cipher.anonymous; here only authenticated key exchange counts.
  const without = suitesWhere(o, (s) => !s.forwardSecrecy && !s.anonymous);
  if (Object.keys(without).length === 0) return { outcome: 'pass' };
  const withFs = suitesWhere(o, (s) => s.forwardSecrecy);
  const data = suiteFindingData(without);
  if (Object.keys(withFs).length === 0) return { outcome: 'fail', messageId: 'none', data, evidence: { suites: without } };
  return { outcome: 'fail', messageId: 'some', severity: 'low', data, evidence: { suites: without } };
}
