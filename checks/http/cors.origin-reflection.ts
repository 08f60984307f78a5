import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.cors.origin-reflection',
  family: 'http',
  severity: 'high',
  needs: ['http'],
  title: { vi: 'CORS phản chiếu Origin bất kỳ', en: 'CORS reflects any Origin' },
  description: {
    vi: 'Máy chủ chép Origin của yêu cầu (ở đây là một tên miền bịa ra) vào Access-Control-Allow-Origin. Kèm Access-Control-Allow-Credentials: true thì mọi trang web đọc được dữ liệu đã đăng nhập của người dùng.',
    en: 'The server copies the request Origin (here a made-up domain) into Access-Control-Allow-Origin. With Access-Control-Allow-Credentials: true any website can read the user\'s logged-in data.',
  },
  remediation: {
    vi: 'So khớp Origin với danh sách cho phép cố định (so khớp chính xác cả scheme, tên và cổng); không phản chiếu Origin; thêm Vary: Origin.',
    en: 'Match the Origin against a fixed allow-list (exact scheme, host and port); never reflect it; add Vary: Origin.',
  },
  references: [
    { source: 'Mozilla', title: 'MDN HTTP Observatory: CORS test (universal access −50)', url: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' },
    { source: 'OWASP', title: 'Web Security Testing Guide: Testing Cross Origin Resource Sharing', url: 'https://owasp.org/www-project-web-security-testing-guide/' },
    { source: 'WHATWG', title: 'Fetch Standard: CORS protocol', url: 'https://fetch.spec.whatwg.org/#http-cors-protocol' },
  ],
  messages: {
    reflectedWithCredentials: {
      vi: 'Yêu cầu {{method}} với Origin {{origin}} được trả về Access-Control-Allow-Origin: {{origin}} và Access-Control-Allow-Credentials: true.',
      en: 'A {{method}} request with Origin {{origin}} got Access-Control-Allow-Origin: {{origin}} and Access-Control-Allow-Credentials: true.',
    },
    reflected: {
      vi: 'Yêu cầu {{method}} với Origin {{origin}} được trả về Access-Control-Allow-Origin: {{origin}} (không kèm thông tin xác thực: chỉ lộ dữ liệu công khai).',
      en: 'A {{method}} request with Origin {{origin}} got Access-Control-Allow-Origin: {{origin}} (without credentials: only public data is exposed).',
    },
  },
});

export function run(obs: HttpObservation): CheckResult<keyof typeof meta.messages> {
  const answered = obs.cors.filter((p) => p.status !== undefined);
  if (!answered.length) return { outcome: 'not_applicable', reason: 'the CORS probes got no response' };
  const reflected = answered.filter((p) => p.allowOrigin?.trim().toLowerCase() === p.origin.toLowerCase());
  const withCredentials = reflected.find((p) => p.allowCredentials?.trim().toLowerCase() === 'true');
  const hit = withCredentials ?? reflected[0];
  if (!hit) return { outcome: 'pass', evidence: { probes: answered.map((p) => ({ method: p.method, allowOrigin: p.allowOrigin ?? null })) } };
  const evidence = { method: hit.method, origin: hit.origin, allowOrigin: hit.allowOrigin, allowCredentials: hit.allowCredentials ?? null };
  return withCredentials
    ? { outcome: 'fail', messageId: 'reflectedWithCredentials', data: { method: hit.method, origin: hit.origin }, evidence }
    : { outcome: 'fail', messageId: 'reflected', severity: 'low', data: { method: hit.method, origin: hit.origin }, evidence };
}
