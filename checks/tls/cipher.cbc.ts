import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { judgeSuites } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cipher.cbc',
  family: 'tls',
  severity: 'low',
  needs: ['tls'],
  title: { vi: 'Bộ mã CBC (không AEAD)', en: 'CBC-mode cipher suites (not AEAD)' },
  description: {
    vi: 'Bộ mã CBC dùng MAC-then-encrypt, nguồn gốc của nhiều tấn công padding-oracle (Lucky13, POODLE-TLS); Mozilla intermediate 6.0 chỉ giữ bộ mã AEAD.',
    en: 'CBC suites use MAC-then-encrypt, the root of padding-oracle attacks (Lucky13, POODLE-TLS); Mozilla intermediate 6.0 keeps only AEAD suites.',
  },
  remediation: { vi: 'Ưu tiên và, khi có thể, chỉ dùng bộ mã AEAD (AES-GCM, ChaCha20-Poly1305).', en: 'Prefer, and where possible allow only, AEAD suites (AES-GCM, ChaCha20-Poly1305).' },
  references: [REF.lucky13, REF.mozilla],
  messages: {
    offered: { vi: 'Máy chủ chấp nhận {{count}} bộ mã CBC ({{protocols}}): {{suites}}.', en: 'The server accepts {{count}} CBC suite(s) ({{protocols}}): {{suites}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'offered'> {
  return judgeSuites(observation, (s) => !s.aead && !['RC4', 'None', 'ChaCha20'].includes(s.enc) && !s.enc.startsWith('GOST'), 'offered');
}
