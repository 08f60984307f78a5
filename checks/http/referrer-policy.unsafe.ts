import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { headerValues } from '../../src/observations/http/index.js';
import { effectiveReferrerPolicy } from '../../src/graders/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.referrer-policy.unsafe',
  family: 'http',
  severity: 'low',
  needs: ['http'],
  title: { vi: 'Referrer-Policy không an toàn', en: 'Unsafe Referrer-Policy' },
  description: {
    vi: 'Các giá trị unsafe-url, no-referrer-when-downgrade, origin, origin-when-cross-origin gửi địa chỉ trang (có thể chứa mã phiên, mã hồ sơ) sang trang khác hoặc qua HTTP.',
    en: 'unsafe-url, no-referrer-when-downgrade, origin and origin-when-cross-origin leak page addresses (which may carry session or record ids) to other sites or over HTTP.',
  },
  remediation: { vi: 'Dùng Referrer-Policy: strict-origin-when-cross-origin (hoặc no-referrer).', en: 'Use Referrer-Policy: strict-origin-when-cross-origin (or no-referrer).' },
  references: [
    { source: 'W3C', title: 'Referrer Policy', url: 'https://www.w3.org/TR/referrer-policy/' },
    { source: 'Mozilla', title: 'MDN HTTP Observatory: Referrer Policy test', url: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' },
  ],
  messages: {
    unsafe: { vi: 'Referrer-Policy là "{{policy}}": địa chỉ trang bị gửi kèm khi sang trang khác.', en: 'Referrer-Policy is "{{policy}}": page addresses are sent to other sites.' },
    invalid: { vi: 'Referrer-Policy "{{value}}" không có giá trị hợp lệ nào; trình duyệt dùng mặc định.', en: 'Referrer-Policy "{{value}}" holds no valid value; browsers fall back to their default.' },
  },
});

export function run(obs: HttpObservation): CheckResult<keyof typeof meta.messages> {
  const rp = effectiveReferrerPolicy(headerValues(obs, 'referrer-policy'), obs.html.metaReferrer);
  // Absent is safe today: browsers default to strict-origin-when-cross-origin.
  if (!rp.present) return { outcome: 'pass' };
  if (!rp.policy) return { outcome: 'fail', messageId: 'invalid', data: { value: rp.text.slice(0, 100) }, evidence: { value: rp.text.slice(0, 256) } };
  if (['unsafe-url', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin'].includes(rp.policy)) {
    return { outcome: 'fail', messageId: 'unsafe', data: { policy: rp.policy }, evidence: { value: rp.text.slice(0, 256) }, ...(rp.policy === 'unsafe-url' ? { severity: 'medium' as const } : {}) };
  }
  return { outcome: 'pass', evidence: { policy: rp.policy } };
}
