import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { is64BitBlockSuite, judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.sweet32',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'SWEET32: mã khối 64 bit (CVE-2016-2183)', en: 'SWEET32: 64-bit block ciphers (CVE-2016-2183)' },
  description: {
    vi: 'Với mã khối 64 bit (3DES, DES, IDEA, RC2), sau khoảng 32 GB trên một phiên các khối bị trùng và lộ bản rõ (tấn công ngày sinh).',
    en: 'With 64-bit block ciphers (3DES, DES, IDEA, RC2), after about 32 GB in one session blocks collide and reveal plaintext (birthday attack).',
  },
  remediation: { vi: 'Loại bỏ 3DES, DES, IDEA và RC2.', en: 'Remove 3DES, DES, IDEA and RC2.' },
  references: [REF.sweet32, REF.sweet32b, REF.ssllabs],
  messages: {
    offered: { vi: 'Máy chủ nhận {{count}} bộ mã khối 64 bit ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} 64-bit block cipher suite(s) ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s) => is64BitBlockSuite(s), 'offered');
}
