import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeProtocol } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.protocol.sslv2',
  family: 'tls',
  severity: 'critical',
  needs: ['tls'],
  title: { vi: 'Máy chủ còn chấp nhận SSL 2.0', en: 'Server still accepts SSL 2.0' },
  description: {
    vi: 'SSL 2.0 có lỗi thiết kế nghiêm trọng; chỉ cần bật SSL 2.0 là khóa RSA của máy chủ có thể bị tấn công DROWN.',
    en: 'SSL 2.0 is broken by design; merely enabling it exposes the server RSA key to DROWN.',
  },
  remediation: { vi: 'Tắt hoàn toàn SSL 2.0; chỉ cho phép TLS 1.2 và TLS 1.3.', en: 'Disable SSL 2.0 entirely; allow only TLS 1.2 and TLS 1.3.' },
  references: [REF.ssllabs, REF.qcvn12, REF.drown],
  messages: {
    accepted: { vi: 'Máy chủ chấp nhận {{version}}.', en: 'The server accepts {{version}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'accepted'> {
  return judgeProtocol(observation, 'SSLv2', 'accepted');
}
