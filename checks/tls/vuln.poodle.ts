import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { isCbcSuite, judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.poodle',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'POODLE: SSL 3.0 với mã CBC (CVE-2014-3566)', en: 'POODLE: SSL 3.0 with CBC ciphers (CVE-2014-3566)' },
  description: {
    vi: 'SSL 3.0 không kiểm tra phần đệm CBC, nên kẻ tấn công đứng giữa giải mã được từng byte (ví dụ cookie) khi máy chủ còn nhận SSL 3.0 với mã CBC.',
    en: 'SSL 3.0 does not check CBC padding, so a man in the middle can decrypt byte by byte (e.g. cookies) while the server accepts SSL 3.0 with CBC ciphers.',
  },
  remediation: { vi: 'Tắt SSL 3.0.', en: 'Disable SSL 3.0.' },
  references: [REF.poodle, REF.rfc7568, REF.ssllabs],
  messages: {
    offered: { vi: 'Máy chủ nhận SSL 3.0 với {{count}} bộ mã CBC: {{suites}}.', en: 'The server accepts SSL 3.0 with {{count}} CBC suite(s): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s, _n, p) => p === 'SSLv3' && isCbcSuite(s), 'offered');
}
