import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.protocol.no-tls1_3',
  family: 'tls',
  severity: 'low',
  needs: ['tls'],
  title: { vi: 'Máy chủ chưa hỗ trợ TLS 1.3', en: 'Server does not support TLS 1.3' },
  description: {
    vi: 'TLS 1.3 bỏ các cơ chế lỗi thời và luôn có bí mật chuyển tiếp; cả hai hồ sơ Mozilla 6.0 đều gồm TLS 1.3 và BCP 195 (RFC 9852) yêu cầu giao thức mới dùng TLS 1.3.',
    en: 'TLS 1.3 drops obsolete mechanisms and always has forward secrecy; both Mozilla 6.0 profiles include it and BCP 195 (RFC 9852) requires TLS 1.3 for new protocols.',
  },
  remediation: { vi: 'Bật TLS 1.3 (OpenSSL ≥ 1.1.1, nginx ssl_protocols TLSv1.2 TLSv1.3).', en: 'Enable TLS 1.3 (OpenSSL ≥ 1.1.1, nginx ssl_protocols TLSv1.2 TLSv1.3).' },
  references: [REF.mozilla, REF.bcp195],
  messages: {
    missing: { vi: 'Máy chủ không chấp nhận TLS 1.3 (phiên bản cao nhất: {{best}}).', en: 'The server does not accept TLS 1.3 (best version: {{best}}).' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'missing'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  if (o.protocols['TLSv1.3']) return { outcome: 'pass' };
  const failed = o.probeErrors.find((e) => e.probe === 'TLSv1.3 suites');
  if (failed) return { outcome: 'error', reason: `probe-${failed.reason}`, detail: failed.detail };
  const best = (['TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3', 'SSLv2'] as const).find((p) => o.protocols[p]) ?? 'none';
  return { outcome: 'fail', messageId: 'missing', data: { best }, evidence: { protocols: o.protocols } };
}
