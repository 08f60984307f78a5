import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cipher.3des',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'Bộ mã khối 64 bit (3DES, DES, IDEA, RC2)', en: '64-bit block ciphers (3DES, DES, IDEA, RC2)' },
  description: {
    vi: 'Mã khối 64 bit dễ bị tấn công va chạm SWEET32 trên phiên dài; SSL Labs giới hạn điểm ở C khi dùng với TLS 1.1 trở lên.',
    en: '64-bit block ciphers are open to SWEET32 collision attacks on long sessions; SSL Labs caps the grade at C with TLS 1.1+.',
  },
  remediation: { vi: 'Loại bỏ 3DES (DES-CBC3), DES, IDEA và RC2; dùng AES-GCM hoặc ChaCha20-Poly1305.', en: 'Remove 3DES (DES-CBC3), DES, IDEA and RC2; use AES-GCM or ChaCha20-Poly1305.' },
  references: [REF.sweet32, REF.ssllabs, REF.mozilla],
  messages: {
    offered: { vi: 'Máy chủ chấp nhận {{count}} bộ mã khối 64 bit ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} 64-bit block cipher suite(s) ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s) => ['3DES', 'DES', 'IDEA', 'RC2'].includes(s.enc), 'offered');
}
