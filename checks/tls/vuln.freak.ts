import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.freak',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'FREAK: bộ mã RSA EXPORT (CVE-2015-0204)', en: 'FREAK: RSA export suites (CVE-2015-0204)' },
  description: {
    vi: 'Máy chủ nhận bộ mã RSA_EXPORT (RSA 512 bit), nên kẻ tấn công đứng giữa hạ cấp được kết nối của máy khách có lỗi và phá khóa 512 bit.',
    en: 'The server accepts RSA_EXPORT suites (512-bit RSA), so a man in the middle can downgrade buggy clients and break the 512-bit key.',
  },
  remediation: { vi: 'Tắt mọi bộ mã EXPORT.', en: 'Disable every export suite.' },
  references: [REF.freak, REF.ssllabs],
  messages: {
    offered: { vi: 'Máy chủ nhận {{count}} bộ mã RSA EXPORT ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} RSA export suite(s) ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s) => s.export && s.kx === 'RSA', 'offered');
}
