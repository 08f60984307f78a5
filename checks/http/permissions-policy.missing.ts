import { defineCheck, type CheckResult } from '../../src/checks/index.js';
import { headerValues } from '../../src/observations/http/index.js';
import type { HttpObservation } from '../../src/observations/http/index.js';

export const meta = defineCheck({
  id: 'http.permissions-policy.missing',
  family: 'http',
  severity: 'low',
  needs: ['http'],
  title: { vi: 'Thiếu Permissions-Policy', en: 'Missing Permissions-Policy' },
  description: {
    vi: 'Permissions-Policy tắt các tính năng trình duyệt trang không dùng (camera, micro, vị trí, thanh toán…), hạn chế thiệt hại khi trang hoặc khung nhúng bị chiếm quyền.',
    en: 'Permissions-Policy turns off browser features the page does not use (camera, microphone, geolocation, payment …), limiting the damage of a compromised page or embedded frame.',
  },
  remediation: {
    vi: 'Gửi ví dụ: Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=() (liệt kê tính năng cần dùng với (self)).',
    en: 'Send for example: Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=() (list the features you need with (self)).',
  },
  references: [
    { source: 'W3C', title: 'Permissions Policy', url: 'https://www.w3.org/TR/permissions-policy-1/' },
    { source: 'OWASP', title: 'Secure Headers Project: Permissions-Policy', url: 'https://owasp.org/www-project-secure-headers/' },
  ],
  messages: {
    missing: { vi: 'Trang {{url}} không gửi Permissions-Policy.', en: '{{url}} sends no Permissions-Policy.' },
    onlyFeaturePolicy: { vi: 'Trang {{url}} chỉ gửi Feature-Policy (đã lỗi thời) mà không có Permissions-Policy.', en: '{{url}} only sends the obsolete Feature-Policy, no Permissions-Policy.' },
  },
});

export function run(obs: HttpObservation): CheckResult<keyof typeof meta.messages> {
  if (headerValues(obs, 'permissions-policy').length) return { outcome: 'pass' };
  if (headerValues(obs, 'feature-policy').length) return { outcome: 'fail', messageId: 'onlyFeaturePolicy', data: { url: obs.finalUrl }, evidence: { url: obs.finalUrl } };
  return { outcome: 'fail', messageId: 'missing', data: { url: obs.finalUrl }, evidence: { url: obs.finalUrl } };
}
