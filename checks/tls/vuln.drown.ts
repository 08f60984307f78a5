import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.drown',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'DROWN: máy chủ còn nhận SSL 2.0 (CVE-2016-0800)', en: 'DROWN: the server still accepts SSL 2.0 (CVE-2016-0800)' },
  description: {
    vi: 'Một máy chủ nhận SSL 2.0 cho phép giải mã các phiên TLS hiện đại dùng cùng khóa RSA, trên máy này hoặc bất kỳ máy nào dùng chung chứng thư/khóa. attt chỉ thấy điểm cuối này: hãy kiểm tra cả các máy khác dùng chung khóa.',
    en: 'A server accepting SSL 2.0 lets an attacker decrypt modern TLS sessions that use the same RSA key, on this host or any host sharing the certificate/key. attt sees this endpoint only: check the other hosts sharing the key too.',
  },
  remediation: { vi: 'Tắt SSL 2.0 trên mọi dịch vụ dùng khóa này; nếu không chắc, thay khóa và cấp lại chứng thư.', en: 'Disable SSL 2.0 on every service using this key; if in doubt, replace the key and reissue the certificate.' },
  references: [REF.drown, REF.drownSpecial, REF.ssllabs],
  messages: {
    sslv2: { vi: 'Máy chủ nhận SSL 2.0 với {{count}} kiểu mã: {{ciphers}}; chứng thư {{fingerprint}}.', en: 'The server accepts SSL 2.0 with {{count}} cipher kind(s): {{ciphers}}; certificate {{fingerprint}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'sslv2'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (!o.protocols.SSLv2) return { outcome: 'pass' };
  const ciphers = o.ciphers.SSLv2 ?? [];
  const fingerprint = o.certificate[0]?.fingerprintSha256 ?? '-';
  return { outcome: 'fail', messageId: 'sslv2', data: { count: ciphers.length, ciphers: ciphers.join(', '), fingerprint }, evidence: { ciphers, certificateSha256: fingerprint } };
}
