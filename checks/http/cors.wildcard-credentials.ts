import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { headerValues } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.cors.wildcard-credentials',
  family: 'http',
  severity: 'medium',
  needs: ['http'],
  title: { vi: 'CORS: Access-Control-Allow-Origin "*" hoặc "null" kèm cho phép thông tin xác thực', en: 'CORS: Access-Control-Allow-Origin "*" or "null" together with credentials' },
  description: {
    vi: 'Trình duyệt từ chối "*" kèm Access-Control-Allow-Credentials: true, nên cấu hình này thường là dấu hiệu sắp bị "sửa" bằng cách phản chiếu Origin; "null" thì mọi iframe sandbox hay tệp cục bộ đều gửi được.',
    en: 'Browsers refuse "*" with Access-Control-Allow-Credentials: true, so this setup is usually one step from being "fixed" by reflecting the Origin; "null" is sent by any sandboxed iframe or local file.',
  },
  remediation: {
    vi: 'Nếu cần truy cập có xác thực, chỉ cho phép danh sách origin cụ thể (so khớp chính xác); nếu là dữ liệu công khai, giữ "*" và bỏ Access-Control-Allow-Credentials.',
    en: 'For credentialed access allow an explicit list of origins (exact match); for public data keep "*" and drop Access-Control-Allow-Credentials.',
  },
  references: [
    { source: 'WHATWG', title: 'Fetch Standard: CORS protocol and credentials', url: 'https://fetch.spec.whatwg.org/#cors-protocol-and-credentials' },
    { source: 'OWASP', title: 'Web Security Testing Guide: Testing Cross Origin Resource Sharing', url: 'https://owasp.org/www-project-web-security-testing-guide/' },
  ],
  messages: {
    wildcard: { vi: 'Phản hồi {{where}} gửi Access-Control-Allow-Origin: * cùng Access-Control-Allow-Credentials: true.', en: 'The {{where}} response sends Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true.' },
    nullOrigin: { vi: 'Phản hồi {{where}} cho phép Origin "null" cùng thông tin xác thực.', en: 'The {{where}} response allows the "null" Origin with credentials.' },
  },
});

export function run(obs: HttpObservation): CheckResult<keyof typeof meta.messages> | CheckResult<keyof typeof meta.messages>[] {
  const seen: Array<{ where: string; acao?: string; acac?: string }> = [
    { where: 'GET', acao: headerValues(obs, 'access-control-allow-origin')[0], acac: headerValues(obs, 'access-control-allow-credentials')[0] },
    ...obs.cors.map((p) => ({ where: p.method === 'OPTIONS' ? 'preflight (OPTIONS)' : 'GET + Origin', acao: p.allowOrigin, acac: p.allowCredentials })),
  ];
  const out: CheckResult<keyof typeof meta.messages>[] = [];
  for (const s of seen) {
    if (s.acac?.trim().toLowerCase() !== 'true' || !s.acao) continue;
    const acao = s.acao.trim().toLowerCase();
    const evidence = { where: s.where, allowOrigin: s.acao.slice(0, 256), allowCredentials: s.acac };
    if (acao === '*' && !out.some((r) => r.discriminator === 'wildcard')) out.push({ outcome: 'fail', messageId: 'wildcard', data: { where: s.where }, evidence, discriminator: 'wildcard' });
    if (acao === 'null' && !out.some((r) => r.discriminator === 'null')) out.push({ outcome: 'fail', messageId: 'nullOrigin', severity: 'high', data: { where: s.where }, evidence, discriminator: 'null' });
  }
  return out.length ? out : { outcome: 'pass' };
}
