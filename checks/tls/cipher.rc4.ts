import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cipher.rc4',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Bộ mã RC4', en: 'RC4 cipher suites' },
  description: {
    vi: 'RFC 7465 cấm dùng RC4 với mọi phiên bản TLS vì các độ lệch thống kê cho phép khôi phục dữ liệu.',
    en: 'RFC 7465 prohibits RC4 with every TLS version: its biases allow plaintext recovery.',
  },
  remediation: { vi: 'Loại bỏ mọi bộ mã RC4.', en: 'Remove every RC4 suite.' },
  references: [REF.rfc7465, REF.rc4, REF.ssllabs],
  messages: {
    offered: { vi: 'Máy chủ chấp nhận {{count}} bộ mã RC4 ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} RC4 suite(s) ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s) => s.enc === 'RC4', 'offered');
}
