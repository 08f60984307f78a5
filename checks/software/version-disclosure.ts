import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { productName, softwareClaims } from '../../src/software/index.js';

export const meta = defineCheck({
  id: 'software.version-disclosure',
  family: 'software',
  severity: 'low',
  needs: ['ports', 'http', 'ssh'],
  title: { vi: 'Dịch vụ tiết lộ tên và phiên bản phần mềm', en: 'Service discloses software name and version' },
  description: {
    vi: 'Banner dịch vụ (SSH, FTP, SMTP, MySQL…) hoặc tiêu đề HTTP cho biết chính xác phần mềm và phiên bản, giúp kẻ tấn công chọn ngay mã khai thác phù hợp.',
    en: 'A service banner (SSH, FTP, SMTP, MySQL …) or HTTP header names the exact software and version, letting an attacker pick a matching exploit at once.',
  },
  remediation: {
    vi: 'Ẩn phiên bản trong banner/tiêu đề (ví dụ Apache ServerTokens Prod, nginx server_tokens off, PHP expose_php = Off, Postfix smtpd_banner = $myhostname ESMTP). Với SSH, phiên bản là một phần của giao thức: hãy giữ phần mềm luôn được cập nhật.',
    en: 'Hide versions in banners/headers (e.g. Apache ServerTokens Prod, nginx server_tokens off, PHP expose_php = Off, Postfix smtpd_banner = $myhostname ESMTP). For SSH the version is part of the protocol: keep the software updated.',
  },
  references: [
    { source: 'OWASP', title: 'Secure Headers Project: headers to remove', url: 'https://owasp.org/www-project-secure-headers/' },
    { source: 'OWASP', title: 'WSTG: Fingerprint Web Server', url: 'https://owasp.org/www-project-web-security-testing-guide/' },
  ],
  messages: {
    portDisclosure: { vi: 'Cổng {{port}} tự giới thiệu: {{software}}.', en: 'Port {{port}} announces: {{software}}.' },
    headerDisclosure: { vi: 'Tiêu đề {{header}} tiết lộ: {{software}}.', en: 'The {{header}} header discloses: {{software}}.' },
  },
});

export function run(observation: unknown, context: CheckContext): CheckResult<keyof typeof meta.messages> | CheckResult<keyof typeof meta.messages>[] {
  const out: CheckResult<keyof typeof meta.messages>[] = [];
  for (const claim of softwareClaims(observation, context.family)) {
    const versioned = claim.software.filter((s) => s.version);
    if (!versioned.length) continue;
    const software = versioned.map((s) => `${productName(s.product)} ${s.version}`).join(', ');
    const evidence = { ...claim.where, text: claim.text, products: versioned.map((s) => ({ product: s.product, version: s.version, ...(s.distro ? { distro: s.distro } : {}) })) };
    if ('port' in claim.where) out.push({ outcome: 'fail', messageId: 'portDisclosure', data: { port: claim.where.port, software }, evidence, discriminator: claim.key });
    else out.push({ outcome: 'fail', messageId: 'headerDisclosure', data: { header: claim.where.header, software }, evidence, discriminator: claim.key });
  }
  return out.length ? out : { outcome: 'pass' };
}
