import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cipher.anonymous',
  family: 'tls',
  severity: 'critical',
  needs: ['tls'],
  title: { vi: 'Bộ mã ẩn danh (không xác thực máy chủ)', en: 'Anonymous cipher suites (no server authentication)' },
  description: {
    vi: 'Bộ mã ẩn danh (aNULL) không xác thực máy chủ, nên kẻ tấn công xen giữa có thể mạo danh máy chủ.',
    en: 'Anonymous (aNULL) suites do not authenticate the server, so a man in the middle can impersonate it.',
  },
  remediation: { vi: 'Loại bỏ mọi bộ mã aNULL (DH_anon, ECDH_anon).', en: 'Remove every aNULL suite (DH_anon, ECDH_anon).' },
  references: [REF.ssllabs, REF.mozilla],
  messages: {
    offered: { vi: 'Máy chủ chấp nhận {{count}} bộ mã ẩn danh ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} anonymous suite(s) ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s) => s.anonymous, 'offered');
}
