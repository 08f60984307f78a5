import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { judgeProbe } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.heartbleed',
  family: 'tls',
  severity: 'critical',
  needs: ['tls'],
  title: { vi: 'Lỗ hổng Heartbleed (CVE-2014-0160)', en: 'Heartbleed (CVE-2014-0160)' },
  description: {
    vi: 'Máy chủ trả lời yêu cầu heartbeat bằng nhiều byte hơn đã nhận, tức là gửi kèm nội dung bộ nhớ của nó (có thể chứa khóa riêng, mật khẩu, cookie phiên). attt chỉ yêu cầu thêm 48 byte và không lưu các byte bị lộ.',
    en: 'The server answers a heartbeat request with more bytes than it received, i.e. with contents of its memory (which can hold private keys, passwords, session cookies). attt asks for 48 extra bytes only and keeps none of the leaked bytes.',
  },
  remediation: {
    vi: 'Cập nhật OpenSSL (1.0.1g trở lên) hoặc thiết bị; sau đó thu hồi và cấp lại chứng thư, thay khóa riêng, đổi mật khẩu và hủy các phiên.',
    en: 'Update OpenSSL (1.0.1g or later) or the appliance; then revoke and reissue the certificate with a new private key, change passwords and invalidate sessions.',
  },
  references: [REF.heartbleed, REF.rfc6520, REF.ssllabs, REF.testssl],
  messages: {
    vulnerable: { vi: 'Máy chủ bị Heartbleed: {{detail}}.', en: 'The server is vulnerable to Heartbleed: {{detail}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'vulnerable'> {
  return judgeProbe(observation, 'heartbleed', 'vulnerable');
}
