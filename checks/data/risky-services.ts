import type { Localized } from '../../src/i18n.js';
import type { Severity } from '../../src/results/index.js';

/**
 * Services that should not be reachable from a user network, with why and how bad.
 * Severities are this toolkit's judgement (exposure of the service by itself, before any
 * vulnerability), following the vendors' own hardening guides listed in `source`.
 */
export interface ServiceRisk {
  severity: Severity;
  reason: Localized;
  source: string;
}

export const RISKY_SERVICES: Readonly<Record<string, ServiceRisk>> = {
  telnet: {
    severity: 'high',
    reason: { vi: 'Telnet truyền mật khẩu và phiên làm việc dưới dạng rõ (không mã hóa); thay bằng SSH.', en: 'Telnet carries passwords and sessions in cleartext; replace it with SSH.' },
    source: 'RFC 854 (no confidentiality); RFC 4251 (SSH as its secure replacement)',
  },
  ftp: {
    severity: 'medium',
    reason: { vi: 'FTP gửi tên đăng nhập và mật khẩu dạng rõ; dùng SFTP hoặc FTPS.', en: 'FTP sends user names and passwords in cleartext; use SFTP or FTPS.' },
    source: 'RFC 959 (USER/PASS in cleartext); RFC 4217 (FTP over TLS)',
  },
  rdp: {
    severity: 'high',
    reason: { vi: 'Máy tính từ xa (RDP) mở trực tiếp là mục tiêu dò mật khẩu và khai thác; chỉ truy cập qua VPN/cổng trung gian có MFA.', en: 'Directly reachable Remote Desktop is a prime target for password guessing and exploits; reach it only through a VPN or gateway with MFA.' },
    source: 'Microsoft: Securing Remote Desktop (use RD Gateway/VPN, NLA)',
  },
  vnc: {
    severity: 'high',
    reason: { vi: 'VNC thường chỉ có mật khẩu ngắn và không mã hóa; không để lộ ra mạng người dùng.', en: 'VNC often has only a short password and no encryption; do not expose it to user networks.' },
    source: 'RFC 6143 (VNC authentication is an 8-character DES challenge)',
  },
  smb: {
    severity: 'high',
    reason: { vi: 'Chia sẻ tệp SMB/RPC của Windows lộ ra là đường lây lan mã độc (ví dụ WannaCry); chặn tại tường lửa.', en: 'Exposed Windows SMB/RPC file sharing is a malware propagation path (e.g. WannaCry); block it at the firewall.' },
    source: 'Microsoft: Guidelines for blocking specific firewall ports to prevent SMB traffic from leaving the corporate environment',
  },
  netbios: {
    severity: 'medium',
    reason: { vi: 'NetBIOS tiết lộ tên máy, tên miền và người dùng; tắt nếu không cần.', en: 'NetBIOS discloses host, domain and user names; disable it where not needed.' },
    source: 'Microsoft: Guidelines for blocking specific firewall ports to prevent SMB traffic from leaving the corporate environment',
  },
  rpcbind: {
    severity: 'medium',
    reason: { vi: 'rpcbind/portmapper liệt kê các dịch vụ RPC (NFS…) và bị lợi dụng cho tấn công khuếch đại.', en: 'rpcbind/portmapper lists RPC services (NFS…) and is abused for amplification attacks.' },
    source: 'RFC 1833 (portmapper)',
  },
  ldap: {
    severity: 'medium',
    reason: { vi: 'LDAP không mã hóa có thể lộ mật khẩu khi bind; dùng LDAPS hoặc StartTLS bắt buộc.', en: 'Unencrypted LDAP can expose bind passwords; require LDAPS or StartTLS.' },
    source: 'RFC 4513 (LDAP authentication methods: simple bind sends the password; protect it with TLS)',
  },
  x11: {
    severity: 'high',
    reason: { vi: 'Máy chủ X11 mở cho phép chụp màn hình và ghi phím từ xa.', en: 'An open X11 server allows remote screen capture and keystroke logging.' },
    source: 'X.Org Xsecurity(7)',
  },
  docker: {
    severity: 'critical',
    reason: { vi: 'API Docker không mã hóa (2375) cho phép điều khiển toàn bộ máy chủ (root) mà không cần xác thực.', en: 'The unencrypted Docker API (2375) gives full root control of the host without authentication.' },
    source: 'Docker docs: Protect the Docker daemon socket',
  },
  kubelet: {
    severity: 'high',
    reason: { vi: 'API kubelet lộ ra có thể cho chạy lệnh trong container.', en: 'An exposed kubelet API can allow running commands in containers.' },
    source: 'Kubernetes docs: Kubelet authentication/authorization',
  },
  etcd: {
    severity: 'critical',
    reason: { vi: 'etcd chứa toàn bộ cấu hình và bí mật của cụm Kubernetes.', en: 'etcd holds the whole configuration and the secrets of a Kubernetes cluster.' },
    source: 'etcd docs: Security model (client TLS authentication)',
  },
  mysql: {
    severity: 'high',
    reason: { vi: 'Cơ sở dữ liệu MySQL/MariaDB không nên truy cập trực tiếp từ mạng người dùng.', en: 'A MySQL/MariaDB database should not be reachable directly from user networks.' },
    source: 'MySQL Reference Manual: Making MySQL Secure Against Attackers',
  },
  postgresql: {
    severity: 'high',
    reason: { vi: 'Cơ sở dữ liệu PostgreSQL không nên truy cập trực tiếp từ mạng người dùng.', en: 'A PostgreSQL database should not be reachable directly from user networks.' },
    source: 'PostgreSQL docs: Client Authentication (pg_hba.conf), listen_addresses',
  },
  mssql: {
    severity: 'high',
    reason: { vi: 'Cơ sở dữ liệu SQL Server không nên truy cập trực tiếp từ mạng người dùng.', en: 'A SQL Server database should not be reachable directly from user networks.' },
    source: 'Microsoft: Securing SQL Server',
  },
  mongodb: {
    severity: 'high',
    reason: { vi: 'MongoDB lộ ra mạng là nguyên nhân của nhiều vụ lộ lọt dữ liệu hàng loạt.', en: 'Network-exposed MongoDB has caused many mass data leaks.' },
    source: 'MongoDB Security Checklist (enable access control, limit network exposure)',
  },
  redis: {
    severity: 'high',
    reason: { vi: 'Redis được thiết kế cho môi trường tin cậy; lộ ra mạng có thể bị đọc/ghi dữ liệu và chiếm máy chủ.', en: 'Redis is designed for trusted environments; exposed, it allows data access and host takeover.' },
    source: 'Redis docs: Redis security',
  },
  memcached: {
    severity: 'high',
    reason: { vi: 'Memcached không có xác thực mặc định và bị lợi dụng để khuếch đại tấn công DDoS.', en: 'Memcached has no authentication by default and is abused for DDoS amplification.' },
    source: 'memcached wiki: SASL authentication (off by default)',
  },
  elasticsearch: {
    severity: 'high',
    reason: { vi: 'Elasticsearch lộ ra mạng cho phép đọc toàn bộ chỉ mục dữ liệu.', en: 'Exposed Elasticsearch allows reading every index.' },
    source: 'Elastic docs: Minimal security setup',
  },
  pop3: {
    severity: 'low',
    reason: { vi: 'POP3 không mã hóa gửi mật khẩu thư dạng rõ; dùng POP3S (995).', en: 'Unencrypted POP3 sends mail passwords in cleartext; use POP3S (995).' },
    source: 'RFC 8314 (cleartext considered obsolete: use implicit TLS for mail access)',
  },
  imap: {
    severity: 'low',
    reason: { vi: 'IMAP không mã hóa gửi mật khẩu thư dạng rõ; dùng IMAPS (993).', en: 'Unencrypted IMAP sends mail passwords in cleartext; use IMAPS (993).' },
    source: 'RFC 8314 (cleartext considered obsolete: use implicit TLS for mail access)',
  },
};
