import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { httpsPage } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

type M = 'noHttps' | 'noRedirect' | 'firstHopNotHttps' | 'offHost' | 'redirectLoop';

export const meta = defineCheck<M>({
  id: 'http.redirect.no-https',
  family: 'http',
  severity: 'medium',
  needs: ['http'],
  title: { vi: 'HTTP không chuyển hướng sang HTTPS trên cùng tên miền', en: 'HTTP does not redirect to HTTPS on the same host' },
  description: {
    vi: 'Người dùng gõ địa chỉ không kèm https:// sẽ dùng HTTP không mã hóa, trừ khi máy chủ chuyển hướng ngay sang HTTPS của chính tên miền đó (để HSTS có hiệu lực).',
    en: 'Users who type an address without https:// stay on unencrypted HTTP unless the server redirects straight to HTTPS on the same host (so that HSTS takes effect).',
  },
  remediation: {
    vi: 'Trả 301 từ http://tên-miền/… sang https://tên-miền/… (cùng tên miền, ngay bước đầu), rồi bật HSTS. Nếu chưa có HTTPS: cấp chứng thư số và bật HTTPS.',
    en: 'Answer http://host/… with a 301 to https://host/… (same host, first hop), then enable HSTS. Without HTTPS yet: get a certificate and enable it.',
  },
  references: [
    { source: 'Mozilla', title: 'MDN HTTP Observatory: Redirection test', url: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' },
    { source: 'RFC', id: '6797', title: 'HSTS: redirect HTTP to HTTPS', url: 'https://www.rfc-editor.org/rfc/rfc6797' },
  ],
  messages: {
    noHttps: { vi: 'Trang {{url}} chỉ phục vụ qua HTTP: không có HTTPS.', en: '{{url}} is served over HTTP only: no HTTPS.' },
    noRedirect: { vi: '{{url}} trả lời qua HTTP (mã {{status}}) mà không chuyển sang HTTPS, dù HTTPS có sẵn.', en: '{{url}} answers over HTTP (status {{status}}) without redirecting to HTTPS, although HTTPS exists.' },
    firstHopNotHttps: { vi: 'Bước chuyển hướng đầu tiên từ {{url}} đi tới {{next}}, vẫn là HTTP.', en: 'The first redirect from {{url}} goes to {{next}}, still HTTP.' },
    offHost: { vi: '{{url}} chuyển sang HTTPS nhưng ở tên miền khác ({{next}}): HSTS của tên miền gốc không được thiết lập.', en: '{{url}} redirects to HTTPS on another host ({{next}}): the original host never gets HSTS.' },
    redirectLoop: { vi: 'Chuỗi chuyển hướng từ {{url}} vượt quá {{count}} bước (vòng lặp?).', en: 'The redirect chain from {{url}} exceeds {{count}} hops (a loop?).' },
  },
});

export function run(obs: HttpObservation): CheckResult<M> {
  const chain = obs.http;
  if (!chain) return { outcome: 'not_applicable', reason: 'the http:// form was not probed (custom HTTPS port)' };
  if (!chain.redirects.length) {
    if (chain.error?.code === 'refused') return { outcome: 'pass', evidence: { http: 'no plain HTTP service' } };
    return { outcome: 'error', reason: 'http-form-failed', detail: chain.error ? `${chain.error.code}: ${chain.error.message}` : undefined };
  }
  const route = chain.redirects;
  const url = route[0].url;
  const evidence = { chain: route.map((r) => `${r.status} ${r.url}`).slice(0, 12) };
  if (chain.redirectLimitReached) return { outcome: 'fail', messageId: 'redirectLoop', data: { url, count: route.length - 1 }, evidence };
  const hops = route.map((r) => r.url);
  const last = route[route.length - 1];
  if (last.outOfScope && last.location) {
    try {
      hops.push(new URL(last.location, last.url).href);
    } catch {
      /* unparseable Location: judged on what was followed */
    }
  }
  const final = new URL(hops[hops.length - 1]);
  if (hops.length === 1 || final.protocol !== 'https:') {
    if (!httpsPage(obs)) return { outcome: 'fail', messageId: 'noHttps', severity: 'high', data: { url }, evidence };
    return { outcome: 'fail', messageId: 'noRedirect', data: { url, status: last.status }, evidence };
  }
  const next = new URL(hops[1]);
  if (next.protocol === 'http:') return { outcome: 'fail', messageId: 'firstHopNotHttps', severity: 'low', data: { url, next: next.href }, evidence };
  if (next.hostname !== new URL(url).hostname) return { outcome: 'fail', messageId: 'offHost', severity: 'low', data: { url, next: next.host }, evidence };
  return { outcome: 'pass', evidence };
}
