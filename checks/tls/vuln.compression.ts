import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { judgeProbe } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.compression',
  family: 'tls',
  severity: 'medium',
  needs: ['tls'],
  title: { vi: 'Nén ở tầng TLS được bật (CRIME, CVE-2012-4929)', en: 'TLS-level compression enabled (CRIME, CVE-2012-4929)' },
  description: {
    vi: 'Nén dữ liệu trước khi mã hóa làm độ dài bản mã tiết lộ nội dung (ví dụ cookie phiên) cho kẻ tấn công chọn được một phần dữ liệu gửi đi.',
    en: 'Compressing before encrypting makes ciphertext lengths reveal content (e.g. session cookies) to an attacker who can choose part of what is sent.',
  },
  remediation: {
    vi: 'Tắt nén TLS (OpenSSL: SSL_OP_NO_COMPRESSION; Apache: SSLCompression off; nginx/OpenSSL mới đã tắt sẵn).',
    en: 'Disable TLS compression (OpenSSL: SSL_OP_NO_COMPRESSION; Apache: SSLCompression off; current nginx/OpenSSL have it off).',
  },
  references: [REF.crime, REF.rfc7457, REF.ssllabs, REF.testssl],
  messages: {
    vulnerable: { vi: 'Máy chủ bật nén TLS: {{detail}}.', en: 'The server compresses TLS: {{detail}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'vulnerable'> {
  return judgeProbe(observation, 'compression', 'vulnerable');
}
