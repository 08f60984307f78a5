import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { headerValues } from '../../src/observations/http/index.js';
import { INFO_DISCLOSURE_HEADERS, INFO_DISCLOSURE_LIST_DATE } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.header.info-disclosure',
  family: 'http',
  severity: 'low',
  needs: ['http'],
  title: { vi: 'Tiêu đề HTTP tiết lộ thông tin phần mềm', en: 'HTTP header discloses software details' },
  description: {
    vi: 'Server kèm số phiên bản, X-Powered-By, X-AspNet-Version, X-Generator… cho kẻ tấn công biết ngay phần mềm và phiên bản để tra lỗ hổng.',
    en: 'Server with a version, X-Powered-By, X-AspNet-Version, X-Generator … tell an attacker which software and version to look up vulnerabilities for.',
  },
  remediation: {
    vi: 'Apache: ServerTokens Prod và ServerSignature Off; nginx: server_tokens off; IIS: removeServerHeader; PHP: expose_php = Off; ASP.NET: enableVersionHeader="false"; gỡ các tiêu đề X-Powered-By/X-Generator.',
    en: 'Apache: ServerTokens Prod and ServerSignature Off; nginx: server_tokens off; IIS: removeServerHeader; PHP: expose_php = Off; ASP.NET: enableVersionHeader="false"; remove X-Powered-By/X-Generator headers.',
  },
  references: [
    { source: 'OWASP', title: `Secure Headers Project: headers to remove (headers_remove.json, ${INFO_DISCLOSURE_LIST_DATE})`, url: 'https://owasp.org/www-project-secure-headers/' },
    { source: 'OWASP', title: 'WSTG: Fingerprint Web Server', url: 'https://owasp.org/www-project-web-security-testing-guide/' },
  ],
  messages: {
    serverVersion: { vi: 'Tiêu đề Server tiết lộ phiên bản: "{{value}}".', en: 'The Server header discloses a version: "{{value}}".' },
    disclosed: { vi: 'Tiêu đề {{header}} tiết lộ: "{{value}}".', en: 'The {{header}} header discloses: "{{value}}".' },
  },
});

export function run(obs: HttpObservation): CheckResult<'serverVersion' | 'disclosed'> | CheckResult<'serverVersion' | 'disclosed'>[] {
  const out: CheckResult<'serverVersion' | 'disclosed'>[] = [];
  const server = headerValues(obs, 'server')[0];
  // A bare product name ("nginx", "Apache") is accepted; a version number is not.
  if (server !== undefined && /\d/.test(server)) {
    out.push({ outcome: 'fail', messageId: 'serverVersion', data: { value: server.slice(0, 120) }, evidence: { header: 'server', value: server.slice(0, 256) }, discriminator: 'server' });
  }
  for (const header of INFO_DISCLOSURE_HEADERS) {
    const value = headerValues(obs, header)[0];
    if (value === undefined) continue;
    out.push({ outcome: 'fail', messageId: 'disclosed', data: { header, value: value.slice(0, 120) }, evidence: { header, value: value.slice(0, 256) }, discriminator: header });
  }
  return out.length ? out : { outcome: 'pass' };
}
