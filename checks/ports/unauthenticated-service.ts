import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import type { PortsObservation } from '../../src/observations/ports/index.js';

export const meta = defineCheck({
  id: 'ports.unauthenticated-service',
  family: 'ports',
  severity: 'critical',
  needs: ['ports'],
  title: { vi: 'Dịch vụ dữ liệu trả lời khi không xác thực', en: 'Data service answers without authentication' },
  description: {
    vi: 'Gửi lệnh chỉ đọc, an toàn (Redis PING/INFO, memcached stats, Elasticsearch GET /, MongoDB listDatabases) mà không kèm thông tin đăng nhập. Nếu dịch vụ trả lời, bất kỳ ai trong mạng đều đọc được dữ liệu.',
    en: 'Sends safe read-only commands (Redis PING/INFO, memcached stats, Elasticsearch GET /, MongoDB listDatabases) without credentials. If the service answers, anyone on the network can read its data.',
  },
  remediation: {
    vi: 'Bật xác thực (Redis requirepass/ACL, MongoDB access control, Elasticsearch security, memcached SASL), chỉ lắng nghe trên địa chỉ nội bộ cần thiết và chặn cổng tại tường lửa.',
    en: 'Enable authentication (Redis requirepass/ACL, MongoDB access control, Elasticsearch security, memcached SASL), listen only on the needed internal address, and block the port at the firewall.',
  },
  references: [
    { source: 'Redis', title: 'Redis security', url: 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/' },
    { source: 'MongoDB', title: 'Security Checklist: Enable Access Control', url: 'https://www.mongodb.com/docs/manual/administration/security-checklist/' },
    { source: 'Elastic', title: 'Minimal security setup', url: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html' },
  ],
  messages: {
    open: {
      vi: 'Cổng {{port}}/tcp ({{service}}) trả lời lệnh "{{probe}}" mà không yêu cầu xác thực: {{evidence}}',
      en: 'Port {{port}}/tcp ({{service}}) answered "{{probe}}" without asking for credentials: {{evidence}}',
    },
    protected: { vi: 'Các dịch vụ dữ liệu đã kiểm tra đều yêu cầu xác thực (hoặc không có).', en: 'The data services probed all require authentication (or there are none).' },
  },
});

export function run(observation: PortsObservation): CheckResult<keyof typeof meta.messages>[] {
  const open = observation.open.filter((p) => p.auth && !p.auth.required);
  if (open.length === 0) return [{ outcome: 'pass', messageId: 'protected', evidence: { probed: observation.open.filter((p) => p.auth).map((p) => p.port) } }];
  return open.map((p) => ({
    outcome: 'fail',
    messageId: 'open',
    discriminator: `port:${p.port}`,
    data: { port: p.port, service: p.service, probe: p.auth!.probe, evidence: p.auth!.evidence },
    evidence: { port: p.port, service: p.service, probe: p.auth!.probe, reply: p.auth!.evidence, ...(p.version ? { version: p.version } : {}) },
  }));
}
