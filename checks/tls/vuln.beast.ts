import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { isCbcSuite, judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.beast',
  family: 'tls',
  severity: 'low',
  needs: ['tls'],
  title: { vi: 'BEAST: mã CBC với SSL 3.0/TLS 1.0 (CVE-2011-3389)', en: 'BEAST: CBC ciphers with SSL 3.0/TLS 1.0 (CVE-2011-3389)' },
  description: {
    vi: 'Với SSL 3.0 và TLS 1.0, vectơ khởi tạo CBC đoán trước được; trình duyệt hiện đại đã tự khắc phục (chia bản ghi 1/n-1), nhưng máy khách cũ vẫn bị ảnh hưởng.',
    en: 'With SSL 3.0 and TLS 1.0 the CBC initialisation vector is predictable; modern browsers mitigate it (1/n-1 record splitting), old clients remain exposed.',
  },
  remediation: { vi: 'Tắt SSL 3.0 và TLS 1.0 (chỉ dùng TLS 1.2 trở lên).', en: 'Disable SSL 3.0 and TLS 1.0 (TLS 1.2 or later only).' },
  references: [REF.beast, REF.rfc7457, REF.rfc8996],
  messages: {
    offered: { vi: 'Máy chủ nhận {{count}} bộ mã CBC với SSL 3.0/TLS 1.0 ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} CBC suite(s) with SSL 3.0/TLS 1.0 ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s, _n, p) => (p === 'SSLv3' || p === 'TLSv1') && isCbcSuite(s), 'offered');
}
