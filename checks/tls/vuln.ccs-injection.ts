import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { judgeProbe } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.ccs-injection',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Lỗ hổng chèn ChangeCipherSpec (CVE-2014-0224)', en: 'ChangeCipherSpec injection (CVE-2014-0224)' },
  description: {
    vi: 'Máy chủ chấp nhận thông điệp ChangeCipherSpec trước khi trao đổi khóa, nên kẻ tấn công đứng giữa có thể ép dùng khóa yếu và đọc/sửa lưu lượng.',
    en: 'The server accepts ChangeCipherSpec before the key exchange, so a man in the middle can force weak keys and read or change traffic.',
  },
  remediation: {
    vi: 'Cập nhật OpenSSL (0.9.8za, 1.0.0m, 1.0.1h trở lên) hoặc phần mềm/thiết bị dùng nó.',
    en: 'Update OpenSSL (0.9.8za, 1.0.0m, 1.0.1h or later) or the software/appliance embedding it.',
  },
  references: [REF.ccsInjection, REF.ssllabs, REF.testssl],
  messages: {
    vulnerable: { vi: 'Máy chủ bị chèn ChangeCipherSpec: {{detail}}.', en: 'The server is open to ChangeCipherSpec injection: {{detail}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'vulnerable'> {
  return judgeProbe(observation, 'ccsInjection', 'vulnerable');
}
