import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import type { PortsObservation } from '../../src/observations/ports/index.js';

export const meta = defineCheck({
  id: 'ports.default-credentials',
  family: 'ports',
  severity: 'critical',
  needs: ['ports'],
  title: { vi: 'Cơ sở dữ liệu cho đăng nhập bằng tài khoản mặc định không mật khẩu', en: 'Database admits its default account without a password' },
  description: {
    vi: 'Thử đúng một lần đăng nhập an toàn cho mỗi cơ sở dữ liệu: MySQL/MariaDB với tài khoản root và mật khẩu rỗng; PostgreSQL gửi thông điệp khởi tạo với người dùng postgres và dừng ngay khi máy chủ hỏi mật khẩu (không bao giờ gửi mật khẩu). Không đoán mật khẩu, không chạy truy vấn. Tắt cho một hệ thống bằng probeDefaultCredentials: false trong inventory.',
    en: 'Tries exactly one safe login per database: MySQL/MariaDB as root with an empty password; PostgreSQL a startup message as user postgres, stopping as soon as the server asks for a password (no password is ever sent). No password guessing, no query. Turn it off for a system with probeDefaultCredentials: false in the inventory.',
  },
  remediation: {
    vi: 'Đặt mật khẩu mạnh cho root (MySQL/MariaDB: ALTER USER, xóa tài khoản root từ xa); PostgreSQL: thay phương thức trust trong pg_hba.conf bằng scram-sha-256; chỉ lắng nghe trên địa chỉ cần thiết và chặn cổng tại tường lửa.',
    en: 'Give root a strong password (MySQL/MariaDB: ALTER USER, drop remote root accounts); PostgreSQL: replace trust in pg_hba.conf with scram-sha-256; listen only on the needed address and block the port at the firewall.',
  },
  references: [
    { source: 'MySQL', title: 'Securing the Initial MySQL Account', url: 'https://dev.mysql.com/doc/refman/8.4/en/default-privileges.html' },
    { source: 'PostgreSQL', title: 'The pg_hba.conf File (trust authentication)', url: 'https://www.postgresql.org/docs/current/auth-trust.html' },
    { source: 'CWE', id: '1393', title: 'Use of Default Password' },
  ],
  messages: {
    admitted: {
      vi: 'Cổng {{port}}/tcp ({{service}}): {{probe}} thành công — {{evidence}}',
      en: 'Port {{port}}/tcp ({{service}}): {{probe}} succeeded — {{evidence}}',
    },
    refused: { vi: 'Các cơ sở dữ liệu đã thử đều từ chối tài khoản mặc định không mật khẩu.', en: 'The databases probed all refuse the default account without a password.' },
  },
});

export function run(observation: PortsObservation): CheckResult<keyof typeof meta.messages>[] {
  const probed = observation.open.filter((p) => p.defaultCredentials);
  if (probed.length === 0) return [{ outcome: 'not_applicable', reason: 'no MySQL/MariaDB or PostgreSQL port was probed for default credentials' }];
  const admitted = probed.filter((p) => p.defaultCredentials!.accepted);
  const silent = probed.filter((p) => p.defaultCredentials!.answered === false);
  const unjudged = silent.map((p): CheckResult<keyof typeof meta.messages> => ({ outcome: 'error', reason: 'no-answer', detail: `port ${p.port}: ${p.defaultCredentials!.evidence}`, discriminator: `port:${p.port}` }));
  if (admitted.length === 0 && unjudged.length) return unjudged;
  if (admitted.length === 0) return [{ outcome: 'pass', messageId: 'refused', evidence: { probed: probed.map((p) => ({ port: p.port, probe: p.defaultCredentials!.probe, reply: p.defaultCredentials!.evidence })) } }];
  return admitted.map((p) => ({
    outcome: 'fail',
    messageId: 'admitted',
    discriminator: `port:${p.port}`,
    confidence: 'confirmed',
    data: { port: p.port, service: p.service, probe: p.defaultCredentials!.probe, evidence: p.defaultCredentials!.evidence },
    evidence: { port: p.port, service: p.service, probe: p.defaultCredentials!.probe, reply: p.defaultCredentials!.evidence, ...(p.version ? { version: p.version } : {}) },
  }));
}
