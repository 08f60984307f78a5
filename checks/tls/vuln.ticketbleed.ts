import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { judgeProbe } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.vuln.ticketbleed',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Lỗ hổng Ticketbleed (CVE-2016-9244)', en: 'Ticketbleed (CVE-2016-9244)' },
  description: {
    vi: 'Khi nối lại phiên bằng session ticket với mã phiên ngắn, máy chủ (F5 BIG-IP) trả về mã phiên 32 byte gồm cả bộ nhớ chưa khởi tạo của nó.',
    en: 'When a session is resumed with a session ticket and a short session id, the server (F5 BIG-IP) echoes a 32-byte session id padded with its uninitialised memory.',
  },
  remediation: {
    vi: 'Cập nhật phần mềm thiết bị F5 theo khuyến cáo K05121675, hoặc tắt Session Ticket trong hồ sơ SSL.',
    en: 'Update the F5 software per advisory K05121675, or disable Session Ticket in the SSL profile.',
  },
  references: [REF.ticketbleed, REF.rfc5077, REF.ssllabs, REF.testssl],
  messages: {
    vulnerable: { vi: 'Máy chủ bị Ticketbleed: {{detail}}.', en: 'The server is vulnerable to Ticketbleed: {{detail}}.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'vulnerable'> {
  return judgeProbe(observation, 'ticketbleed', 'vulnerable');
}
