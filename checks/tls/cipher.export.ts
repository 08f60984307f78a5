import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cipher.export',
  family: 'tls',
  severity: 'critical',
  needs: ['tls'],
  title: { vi: 'Bộ mã EXPORT (40/56 bit)', en: 'EXPORT cipher suites (40/56-bit)' },
  description: {
    vi: 'Bộ mã EXPORT cố ý yếu (khóa 40/56 bit, RSA/DH 512 bit) và bị khai thác bởi FREAK và Logjam.',
    en: 'EXPORT suites are weak on purpose (40/56-bit keys, 512-bit RSA/DH) and are exploited by FREAK and Logjam.',
  },
  remediation: { vi: 'Loại bỏ mọi bộ mã EXPORT.', en: 'Remove every EXPORT suite.' },
  references: [REF.freak, REF.logjam, REF.ssllabs],
  messages: {
    offered: { vi: 'Máy chủ chấp nhận {{count}} bộ mã EXPORT ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} EXPORT suite(s) ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s) => s.export, 'offered');
}
