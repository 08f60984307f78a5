import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeProtocol } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.protocol.tls1_1',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'Máy chủ còn chấp nhận TLS 1.1', en: 'Server still accepts TLS 1.1' },
  description: {
    vi: 'TLS 1.1 đã bị loại bỏ (RFC 8996, BCP 195); QCVN 12:2026/BCA cấm giao thức lỗi thời như TLS 1.1.',
    en: 'TLS 1.1 is deprecated (RFC 8996, BCP 195); QCVN 12:2026/BCA forbids obsolete protocols such as TLS 1.1.',
  },
  remediation: { vi: 'Tắt TLS 1.1; chỉ cho phép TLS 1.2 và TLS 1.3.', en: 'Disable TLS 1.1; allow only TLS 1.2 and TLS 1.3.' },
  references: [REF.rfc8996, REF.bcp195, REF.qcvn12, REF.mozilla],
  messages: {
    accepted: { vi: 'Máy chủ chấp nhận {{version}}.', en: 'The server accepts {{version}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'accepted'> {
  return judgeProtocol(observation, 'TLSv1.1', 'accepted');
}
