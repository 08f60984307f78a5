import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { adminInterfaceTable, HTTP_OBSERVATION, recognizeAdminInterfaces, type HttpFacts } from '../../src/observations/http/index.js';

export const { meta, run } = defineCheck(HTTP_OBSERVATION, {
  id: 'http.admin-interface.exposed',
  family: 'http',
  severity: 'high',
  title: { vi: 'Giao diện quản trị truy cập được qua mạng', en: 'Administration interface reachable over the network' },
  description: {
    vi: 'Các ứng dụng quản trị phổ biến (Tomcat Manager, phpMyAdmin, Jenkins, Grafana, Webmin, Kibana, trang cấu hình bộ định tuyến…) được nhận ra từ chính trang đã tải, các liên kết của trang và một danh sách ngắn đường dẫn chỉ đọc (GET, không gửi thông tin đăng nhập; danh sách trong checks/data/admin-interfaces.yaml). Giao diện quản trị mở ra mạng là mục tiêu dò mật khẩu và khai thác lỗ hổng.',
    en: 'Well-known management applications (Tomcat Manager, phpMyAdmin, Jenkins, Grafana, Webmin, Kibana, router web consoles…) recognised from the page attt fetched, its links and a short list of read-only paths (GET, no credentials sent; the list is checks/data/admin-interfaces.yaml). An administration interface open to the network is a target for password guessing and exploits.',
  },
  remediation: {
    vi: 'Chỉ cho phép truy cập giao diện quản trị từ mạng quản trị hoặc qua VPN (tường lửa, danh sách địa chỉ được phép như RemoteAddrValve của Tomcat); gỡ các ứng dụng quản trị không dùng; bắt buộc mật khẩu mạnh và xác thực đa yếu tố.',
    en: 'Allow the administration interface only from the management network or over a VPN (firewall, an address allow-list such as Tomcat\'s RemoteAddrValve); remove management applications not in use; require strong passwords and multi-factor authentication.',
  },
  references: [
    { source: 'OWASP', title: 'WSTG-CONF-05: Enumerate Infrastructure and Application Admin Interfaces', url: 'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/05-Enumerate_Infrastructure_and_Application_Admin_Interfaces' },
  ],
  messages: {
    exposed: {
      vi: '{{name}} trả lời tại {{path}} (HTTP {{status}}, nhận ra qua {{marker}}).',
      en: '{{name}} answers at {{path}} (HTTP {{status}}, recognised by its {{marker}}).',
    },
  },
  run: judge,
});

function judge(o: HttpFacts): CheckResult<'exposed'> | CheckResult<'exposed'>[] {
  if (!o.adminInterfaces) return { outcome: 'not_applicable', reason: 'observation made before admin-interface probing' };
  const table = adminInterfaceTable();
  const matches = recognizeAdminInterfaces(table, o.adminInterfaces.responses);
  if (!matches.length) return { outcome: 'pass' };
  return matches.map(({ product, response, marker }) => ({
    outcome: 'fail' as const,
    messageId: 'exposed' as const,
    severity: product.severity,
    discriminator: product.id,
    data: { name: product.name, path: response.path.slice(0, 200), status: response.status ?? '?', marker },
    evidence: { product: product.id, path: response.path.slice(0, 200), via: response.via, status: response.status ?? null, marker, adminData: { version: table.version, sha256: table.sha256 } },
  }));
}
