import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import type { PortsObservation } from '../../src/observations/ports/index.js';
import { RISKY_SERVICES } from '../data/risky-services.js';

export const meta = defineCheck({
  id: 'ports.risky-service',
  family: 'ports',
  severity: 'high',
  needs: ['ports'],
  title: { vi: 'Dịch vụ rủi ro cao đang mở', en: 'High-risk service exposed' },
  description: {
    vi: 'Phát hiện dịch vụ không nên mở ra mạng người dùng: đăng nhập dạng rõ (Telnet, FTP), điều khiển từ xa (RDP, VNC), chia sẻ tệp Windows, cơ sở dữ liệu và bộ nhớ đệm, API quản trị container. Mức độ theo bảng rủi ro checks/data/risky-services.ts.',
    en: 'Finds services that should not be reachable from user networks: cleartext logins (Telnet, FTP), remote desktops (RDP, VNC), Windows file sharing, databases and caches, container management APIs. Severity per the risk table in checks/data/risky-services.ts.',
  },
  remediation: {
    vi: 'Chặn cổng tại tường lửa hoặc chỉ cho phép từ mạng quản trị; thay giao thức dạng rõ bằng phiên bản mã hóa; truy cập từ xa qua VPN có xác thực đa yếu tố.',
    en: 'Block the port at the firewall or allow it only from the management network; replace cleartext protocols with encrypted ones; reach remote access through a VPN with MFA.',
  },
  references: [
    { source: 'NIST SP 800-41 Rev. 1', title: 'Guidelines on Firewalls and Firewall Policy' },
    { source: 'RFC', id: '8314', title: 'Cleartext Considered Obsolete: Use of TLS for Email Submission and Access' },
  ],
  messages: {
    risky: {
      vi: 'Cổng {{port}}/tcp chạy {{service}}: {{reason}}',
      en: 'Port {{port}}/tcp runs {{service}}: {{reason}}',
    },
    none: { vi: 'Không có dịch vụ rủi ro cao nào đang mở.', en: 'No high-risk service is open.' },
  },
});

const CLEARTEXT_LOGIN = new Set(['ftp', 'imap', 'pop3']);

export function run(observation: PortsObservation): CheckResult<keyof typeof meta.messages>[] {
  const findings: CheckResult<keyof typeof meta.messages>[] = [];
  for (const p of observation.open) {
    const risk = RISKY_SERVICES[p.service];
    if (!risk) continue;
    // The cleartext-login risk of FTP, IMAP and POP3 is judged by behaviour: not when the
    // service runs inside TLS, nor when its own replies show it refuses a login before TLS.
    if (CLEARTEXT_LOGIN.has(p.service) && (p.tls || p.cleartextLogin?.accepted === false)) continue;
    findings.push({
      outcome: 'fail',
      messageId: 'risky',
      discriminator: `port:${p.port}`,
      severity: risk.severity,
      data: { port: p.port, service: p.service, reason: risk.reason },
      evidence: {
        port: p.port, service: p.service, identifiedBy: p.identifiedBy, reason: risk.reason, source: risk.source,
        ...(p.tls ? { insideTls: true } : {}), ...(p.banner ? { banner: p.banner } : {}), ...(p.cleartextLogin ? { cleartextLogin: p.cleartextLogin } : {}),
      },
    });
  }
  return findings.length ? findings : [{ outcome: 'pass', messageId: 'none' }];
}
