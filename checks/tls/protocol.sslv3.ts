import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeProtocol } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.protocol.sslv3',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Máy chủ còn chấp nhận SSL 3.0', en: 'Server still accepts SSL 3.0' },
  description: {
    vi: 'SSL 3.0 đã bị loại bỏ (RFC 7568) và dễ bị tấn công POODLE.',
    en: 'SSL 3.0 is deprecated (RFC 7568) and vulnerable to POODLE.',
  },
  remediation: { vi: 'Tắt SSL 3.0; chỉ cho phép TLS 1.2 và TLS 1.3.', en: 'Disable SSL 3.0; allow only TLS 1.2 and TLS 1.3.' },
  references: [REF.rfc7568, REF.poodle, REF.ssllabs],
  messages: {
    accepted: { vi: 'Máy chủ chấp nhận {{version}}.', en: 'The server accepts {{version}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'accepted'> {
  return judgeProtocol(observation, 'SSLv3', 'accepted');
}
