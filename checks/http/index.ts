/** Sorted map of the http family's checks: id → lazy import of checks/http/<rest of id>.ts. */
export const HTTP_CHECKS: Record<string, () => Promise<unknown>> = {
  'http.admin-interface.exposed': () => import('./admin-interface.exposed.js'),
  'http.clickjacking': () => import('./clickjacking.js'),
  'http.content-type-options.missing': () => import('./content-type-options.missing.js'),
  'http.cookie.insecure': () => import('./cookie.insecure.js'),
  'http.cors.origin-reflection': () => import('./cors.origin-reflection.js'),
  'http.cors.wildcard-credentials': () => import('./cors.wildcard-credentials.js'),
  'http.csp.missing': () => import('./csp.missing.js'),
  'http.csp.unsafe': () => import('./csp.unsafe.js'),
  'http.header.deprecated': () => import('./header.deprecated.js'),
  'http.header.info-disclosure': () => import('./header.info-disclosure.js'),
  'http.hsts.missing': () => import('./hsts.missing.js'),
  'http.hsts.weak': () => import('./hsts.weak.js'),
  'http.permissions-policy.missing': () => import('./permissions-policy.missing.js'),
  'http.redirect.no-https': () => import('./redirect.no-https.js'),
  'http.referrer-policy.unsafe': () => import('./referrer-policy.unsafe.js'),
};
