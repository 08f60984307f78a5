import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import type { HostTarget } from '../../src/inventory/index.js';
import type { PortsObservation } from '../../src/observations/ports/index.js';

export const meta = defineCheck({
  id: 'ports.unexpected-open',
  family: 'ports',
  severity: 'medium',
  needs: ['ports'],
  title: { vi: 'Cổng mở ngoài danh sách được phép', en: 'Open port not in the expected list' },
  description: {
    vi: 'So sánh các cổng TCP đang mở với danh sách expectedOpen khai báo trong inventory. Mỗi cổng mở ngoài danh sách là một dịch vụ chưa được quản lý hoặc một cấu hình tường lửa sai.',
    en: 'Compares open TCP ports with the expectedOpen list declared in the inventory. Each port open outside the list is an unmanaged service or a firewall mistake.',
  },
  remediation: {
    vi: 'Tắt dịch vụ không dùng hoặc chặn cổng tại tường lửa; nếu dịch vụ là cần thiết, bổ sung cổng vào danh sách cổng được phép mở của hệ thống trong tệp khai báo, kèm lý do.',
    en: "Stop the unused service or block the port at the firewall; if the service is needed, add the port to the system's list of expected open ports in the inventory, with a reason.",
  },
  references: [
    { source: 'NIST SP 800-41 Rev. 1', title: 'Guidelines on Firewalls and Firewall Policy (deny by default)' },
    { source: 'TCVN 11930:2017', title: 'Yêu cầu cơ bản về an toàn hệ thống thông tin theo cấp độ — nhóm yêu cầu kỹ thuật: an toàn mạng, an toàn máy chủ' },
  ],
  messages: {
    unexpected: {
      vi: 'Cổng {{port}}/tcp ({{service}}) đang mở nhưng không nằm trong danh sách cổng được phép ({{expected}}).',
      en: 'Port {{port}}/tcp ({{service}}) is open but not in the expected list ({{expected}}).',
    },
    asExpected: {
      vi: 'Chỉ các cổng được phép đang mở ({{open}}).',
      en: 'Only expected ports are open ({{open}}).',
    },
  },
});

export function run(observation: PortsObservation, context: CheckContext): CheckResult<keyof typeof meta.messages>[] {
  const expected = (context.target as HostTarget).expectedOpen;
  if (!expected) return [{ outcome: 'not_applicable', reason: 'no expectedOpen list declared for this host' }];
  const allowed = new Set(expected);
  const extra = observation.open.filter((p) => !allowed.has(p.port));
  if (extra.length === 0) {
    return [{ outcome: 'pass', messageId: 'asExpected', data: { open: observation.open.map((p) => p.port).join(', ') || '—' } }];
  }
  return extra.map((p) => ({
    outcome: 'fail',
    messageId: 'unexpected',
    discriminator: `port:${p.port}`,
    data: { port: p.port, service: p.service, expected: expected.join(', ') || '—' },
    evidence: { port: p.port, service: p.service, ...(p.banner ? { banner: p.banner } : {}) },
  }));
}
