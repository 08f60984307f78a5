import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { judgeProbe } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.client-renegotiation',
  family: 'tls',
  severity: 'low',
  needs: ['tls'],
  title: { vi: 'Máy chủ chấp nhận thương lượng lại do máy khách khởi tạo', en: 'Server accepts client-initiated renegotiation' },
  description: {
    vi: 'Mỗi lần thương lượng lại tốn nhiều tính toán ở máy chủ hơn ở máy khách; chấp nhận thương lượng lại do máy khách khởi tạo cho phép tấn công từ chối dịch vụ bằng một kết nối. attt chỉ thử một lần.',
    en: 'Each renegotiation costs the server far more computation than the client; accepting client-initiated renegotiation allows a denial of service over a single connection. attt tries it once.',
  },
  remediation: {
    vi: 'Tắt thương lượng lại do máy khách khởi tạo (nginx/Apache mới đã tắt; OpenSSL: SSL_OP_NO_RENEGOTIATION; GnuTLS: %SAFE_RENEGOTIATION không đủ, cần từ chối ở ứng dụng).',
    en: 'Disable client-initiated renegotiation (current nginx/Apache do; OpenSSL: SSL_OP_NO_RENEGOTIATION; with GnuTLS the application must refuse it).',
  },
  references: [REF.rfc5746, REF.testssl],
  messages: {
    vulnerable: { vi: 'Máy chủ chấp nhận thương lượng lại do máy khách khởi tạo: {{detail}}.', en: 'The server accepts client-initiated renegotiation: {{detail}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'vulnerable'> {
  return judgeProbe(observation, 'clientRenegotiation', 'vulnerable');
}
