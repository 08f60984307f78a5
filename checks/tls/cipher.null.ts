import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cipher.null',
  family: 'tls',
  severity: 'critical',
  needs: ['tls'],
  title: { vi: 'Bộ mã không mã hóa (NULL)', en: 'Cipher suites without encryption (NULL)' },
  description: {
    vi: 'Bộ mã NULL truyền dữ liệu không mã hóa: ai trên đường truyền cũng đọc được.',
    en: 'NULL suites send data unencrypted: anyone on the path can read it.',
  },
  remediation: { vi: 'Loại bỏ mọi bộ mã NULL (eNULL) khỏi cấu hình.', en: 'Remove every NULL (eNULL) suite from the configuration.' },
  references: [REF.ssllabs, REF.mozilla],
  messages: {
    offered: { vi: 'Máy chủ chấp nhận {{count}} bộ mã không mã hóa ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} unencrypted suite(s) ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s) => s.enc === 'None', 'offered');
}
