import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeProtocol } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.protocol.tls1_0',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'Máy chủ còn chấp nhận TLS 1.0', en: 'Server still accepts TLS 1.0' },
  description: {
    vi: 'TLS 1.0 đã bị loại bỏ (RFC 8996, BCP 195); SSL Labs giới hạn điểm ở B.',
    en: 'TLS 1.0 is deprecated (RFC 8996, BCP 195); SSL Labs caps the grade at B.',
  },
  remediation: { vi: 'Tắt TLS 1.0; chỉ cho phép TLS 1.2 và TLS 1.3.', en: 'Disable TLS 1.0; allow only TLS 1.2 and TLS 1.3.' },
  references: [REF.rfc8996, REF.bcp195, REF.mozilla, REF.ssllabs],
  messages: {
    accepted: { vi: 'Máy chủ chấp nhận {{version}}.', en: 'The server accepts {{version}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'accepted'> {
  return judgeProtocol(observation, 'TLSv1', 'accepted');
}
