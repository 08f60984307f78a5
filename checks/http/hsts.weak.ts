import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { headerValues, httpsPage } from '../../src/observations/http/index.js';
import { HSTS_PRELOAD_MIN, HSTS_SIX_MONTHS, parseHsts } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

type M = 'invalid' | 'shortMaxAge' | 'noIncludeSubDomains' | 'preloadIneligible';

export const meta = defineCheck<M>({
  id: 'http.hsts.weak',
  family: 'http',
  severity: 'low',
  needs: ['http'],
  title: { vi: 'Cấu hình HSTS yếu hoặc sai', en: 'Weak or invalid HSTS configuration' },
  description: {
    vi: 'HSTS chỉ bảo vệ khi max-age đủ dài (ít nhất sáu tháng), áp dụng cho tên miền con (includeSubDomains) và tiêu đề hợp lệ; chỉ thị preload cần đủ điều kiện của danh sách preload.',
    en: 'HSTS only protects with a long max-age (six months or more), with includeSubDomains, and a valid header; the preload directive needs the preload list requirements.',
  },
  remediation: {
    vi: 'Dùng: Strict-Transport-Security: max-age=63072000; includeSubDomains (thêm preload chỉ khi đã sẵn sàng đăng ký hstspreload.org).',
    en: 'Use: Strict-Transport-Security: max-age=63072000; includeSubDomains (add preload only when ready to submit to hstspreload.org).',
  },
  references: [
    { source: 'RFC', id: '6797', title: 'HTTP Strict Transport Security (HSTS)', url: 'https://www.rfc-editor.org/rfc/rfc6797' },
    { source: 'Mozilla', title: 'MDN HTTP Observatory: HSTS max-age of at least six months', url: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' },
    { source: 'OWASP', title: 'Secure Headers Project: Strict-Transport-Security', url: 'https://owasp.org/www-project-secure-headers/' },
  ],
  messages: {
    invalid: { vi: 'Tiêu đề HSTS không hợp lệ ({{reason}}): trình duyệt sẽ bỏ qua.', en: 'The HSTS header is invalid ({{reason}}): browsers ignore it.' },
    shortMaxAge: { vi: 'HSTS max-age={{maxAge}} giây, ngắn hơn sáu tháng ({{minimum}} giây).', en: 'HSTS max-age={{maxAge}} seconds is shorter than six months ({{minimum}} seconds).' },
    noIncludeSubDomains: { vi: 'HSTS không có includeSubDomains: các tên miền con vẫn có thể bị hạ xuống HTTP.', en: 'HSTS lacks includeSubDomains: sub-domains can still be downgraded to HTTP.' },
    preloadIneligible: {
      vi: 'HSTS có chỉ thị preload nhưng chưa đủ điều kiện (cần max-age ≥ {{minimum}} và includeSubDomains).',
      en: 'HSTS carries preload but does not qualify (needs max-age ≥ {{minimum}} and includeSubDomains).',
    },
  },
});

export function run(obs: HttpObservation): CheckResult<M> | CheckResult<M>[] {
  const page = httpsPage(obs);
  const values = page ? headerValues(page, 'strict-transport-security') : [];
  if (!page || values.length === 0) return { outcome: 'not_applicable', reason: 'no HSTS header on an HTTPS response (see http.hsts.missing)' };
  const hsts = parseHsts(values);
  const evidence = { header: values.join(' | ').slice(0, 512) };
  if (!hsts.valid) return { outcome: 'fail', messageId: 'invalid', severity: 'medium', data: { reason: hsts.reason }, evidence, discriminator: 'invalid' };
  const out: CheckResult<M>[] = [];
  if (hsts.maxAge! < HSTS_SIX_MONTHS) out.push({ outcome: 'fail', messageId: 'shortMaxAge', severity: 'medium', data: { maxAge: hsts.maxAge, minimum: HSTS_SIX_MONTHS }, evidence, discriminator: 'max-age' });
  if (!hsts.includeSubDomains) out.push({ outcome: 'fail', messageId: 'noIncludeSubDomains', evidence, discriminator: 'includeSubDomains' });
  if (hsts.preload && (hsts.maxAge! < HSTS_PRELOAD_MIN || !hsts.includeSubDomains)) {
    out.push({ outcome: 'fail', messageId: 'preloadIneligible', severity: 'info', data: { minimum: HSTS_PRELOAD_MIN }, evidence, discriminator: 'preload' });
  }
  return out.length ? out : { outcome: 'pass', evidence };
}
