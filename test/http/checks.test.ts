/**
 * Every http.* check on observations of real local sites (real servers, real scanner, real
 * undici requests), one site per case, passing and failing. Sites are observed once, up
 * front; the RuleTester-style harness then judges the recorded observations.
 */
import { checkTester } from '../helpers/check-tester.js';
import { observeSites } from './site.js';
import * as clickjacking from '../../checks/http/clickjacking.js';
import * as xcto from '../../checks/http/content-type-options.missing.js';
import * as cookie from '../../checks/http/cookie.insecure.js';
import * as corsReflection from '../../checks/http/cors.origin-reflection.js';
import * as corsWildcard from '../../checks/http/cors.wildcard-credentials.js';
import * as cspMissing from '../../checks/http/csp.missing.js';
import * as cspUnsafe from '../../checks/http/csp.unsafe.js';
import * as deprecated from '../../checks/http/header.deprecated.js';
import * as disclosure from '../../checks/http/header.info-disclosure.js';
import * as hstsMissing from '../../checks/http/hsts.missing.js';
import * as hstsWeak from '../../checks/http/hsts.weak.js';
import * as permissions from '../../checks/http/permissions-policy.missing.js';
import * as redirect from '../../checks/http/redirect.no-https.js';
import * as referrer from '../../checks/http/referrer-policy.unsafe.js';

const GOOD_CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
const GOOD_HSTS = 'max-age=63072000; includeSubDomains';

const o = await observeSites({
  plainHttp: {},
  goodHttps: { https: true, headers: { 'strict-transport-security': GOOD_HSTS, 'content-security-policy': GOOD_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin', 'permissions-policy': 'camera=()' } },
  httpsNoHsts: { https: true },
  hstsShort: { https: true, headers: { 'strict-transport-security': 'max-age=86400; includeSubDomains' } },
  hstsNoSub: { https: true, headers: { 'strict-transport-security': 'max-age=63072000' } },
  hstsPreloadBad: { https: true, headers: { 'strict-transport-security': 'max-age=15552000; includeSubDomains; preload' } },
  hstsInvalid: { https: true, headers: { 'strict-transport-security': 'includeSubDomains' } },
  reportOnly: { headers: { 'content-security-policy-report-only': GOOD_CSP } },
  metaCsp: { body: `<html><head><meta http-equiv="Content-Security-Policy" content="${GOOD_CSP}"></head></html>` },
  cspInline: { headers: { 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'" } },
  cspNonce: { headers: { 'content-security-policy': "default-src 'self'; script-src 'nonce-abc123' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'" } },
  cspBroad: { headers: { 'content-security-policy': "script-src * ; object-src https:; base-uri 'self'; frame-ancestors 'none'" } },
  cspHttpSource: { https: true, headers: { 'content-security-policy': "default-src 'self' http://cdn.example.com; object-src 'none'; base-uri 'self'; frame-ancestors 'none'" } },
  cspMissingDirectives: { headers: { 'content-security-policy': "script-src 'self'" } },
  cspDuplicate: { headers: { 'content-security-policy': "script-src 'self'; script-src 'none'" } },
  nosniff: { headers: { 'x-content-type-options': 'nosniff' } },
  sniffBad: { headers: { 'x-content-type-options': 'yes' } },
  xfoDeny: { headers: { 'x-frame-options': 'DENY' } },
  xfoBad: { headers: { 'x-frame-options': 'ALLOWALL' } },
  frameAncestors: { headers: { 'content-security-policy': "frame-ancestors 'self'" } },
  metaFrameAncestorsOnly: { body: `<meta http-equiv="Content-Security-Policy" content="frame-ancestors 'none'">` },
  refUnsafe: { headers: { 'referrer-policy': 'unsafe-url' } },
  refDowngrade: { headers: { 'referrer-policy': 'no-referrer-when-downgrade' } },
  refInvalid: { headers: { 'referrer-policy': 'always' } },
  refFallback: { headers: { 'referrer-policy': 'no-referrer, strict-origin-when-cross-origin' } },
  permissions: { headers: { 'permissions-policy': 'geolocation=()' } },
  featureOnly: { headers: { 'feature-policy': "camera 'none'" } },
  cookiesGood: { https: true, headers: { 'set-cookie': ['__Host-session=abc; Secure; HttpOnly; SameSite=Lax; Path=/', 'theme=dark; Secure; SameSite=Lax'] } },
  cookiesBadHttps: { https: true, headers: { 'set-cookie': ['PHPSESSID=abc; Path=/', 'pref=1; SameSite=None', '__Host-id=1; Secure; Path=/; Domain=127.0.0.1', 'lang=vi; Secure; SameSite=Sometimes'] } },
  cookieClearText: { headers: { 'set-cookie': 'JSESSIONID=abc; Path=/; HttpOnly' } },
  corsReflectCreds: { cors: (req) => ({ 'access-control-allow-origin': String(req.headers.origin), 'access-control-allow-credentials': 'true' }) },
  corsReflect: { cors: (req) => ({ 'access-control-allow-origin': String(req.headers.origin) }) },
  corsFixed: { cors: () => ({ 'access-control-allow-origin': 'https://portal.example.gov.vn', 'access-control-allow-credentials': 'true' }) },
  corsStar: { headers: { 'access-control-allow-origin': '*' } },
  corsStarCreds: { headers: { 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' } },
  corsNullCreds: { cors: () => ({ 'access-control-allow-origin': 'null', 'access-control-allow-credentials': 'true' }) },
  httpServesPage: { https: true, redirect: 'none', defaultPorts: true },
  httpsDefaultPorts: { https: true, defaultPorts: true, headers: { 'strict-transport-security': GOOD_HSTS } },
  httpFirstHop: { https: true, redirect: 'http-first' },
  httpLoop: { https: true, redirect: 'loop', defaultPorts: true },
  offHost: { https: true, redirect: 'off-host' },
  deprecatedAll: { headers: { 'x-xss-protection': '1; mode=block', 'expect-ct': 'max-age=0', 'public-key-pins': 'pin-sha256="x"; max-age=1', 'public-key-pins-report-only': 'pin-sha256="x"; max-age=1', 'feature-policy': "camera 'none'", p3p: 'CP="NOI"' } },
  xxpZero: { headers: { 'x-xss-protection': '0' } },
  legacyDisclosure: { headers: { server: 'Apache/2.2.15 (CentOS)', 'x-powered-by': 'PHP/5.4.16', 'x-aspnet-version': '4.0.30319', 'x-generator': 'Drupal 7' } },
  bareServer: { headers: { server: 'nginx' } },
});

checkTester(hstsMissing, {
  valid: [
    { name: 'HTTPS with HSTS', observation: o.goodHttps },
    { name: 'HTTP-only site is not applicable', observation: o.plainHttp, outcome: 'not_applicable' },
  ],
  invalid: [{ name: 'HTTPS without HSTS', observation: o.httpsNoHsts, expect: [{ messageId: 'missing' }] }],
});

checkTester(hstsWeak, {
  valid: [
    { name: 'two years with includeSubDomains', observation: o.goodHttps },
    { name: 'no HSTS header is not applicable', observation: o.httpsNoHsts, outcome: 'not_applicable' },
  ],
  invalid: [
    { name: 'one day', observation: o.hstsShort, expect: [{ messageId: 'shortMaxAge', severity: 'medium' }] },
    { name: 'no includeSubDomains', observation: o.hstsNoSub, expect: [{ messageId: 'noIncludeSubDomains', severity: 'low' }] },
    { name: 'preload below one year', observation: o.hstsPreloadBad, expect: [{ messageId: 'preloadIneligible' }] },
    { name: 'no max-age', observation: o.hstsInvalid, expect: [{ messageId: 'invalid' }] },
  ],
});

checkTester(cspMissing, {
  valid: [
    { name: 'header policy', observation: o.goodHttps },
    { name: 'meta policy', observation: o.metaCsp },
  ],
  invalid: [
    { name: 'no policy', observation: o.plainHttp, expect: [{ messageId: 'missing' }] },
    { name: 'report-only policy', observation: o.reportOnly, expect: [{ messageId: 'reportOnly' }] },
  ],
});

checkTester(cspUnsafe, {
  valid: [
    { name: 'strict policy', observation: o.goodHttps },
    { name: 'no policy is not applicable', observation: o.plainHttp, outcome: 'not_applicable' },
  ],
  invalid: [
    { name: 'unsafe-inline and unsafe-eval', observation: o.cspInline, expect: [{ messageId: 'unsafeInline', discriminator: 'unsafeInline:script-src', severity: 'high' }, { messageId: 'unsafeEval', discriminator: 'unsafeEval:script-src', severity: 'medium' }] },
    { name: 'nonce neutralises unsafe-inline, yet missing nothing else', observation: o.cspNonce, expect: [] as never[] },
    { name: 'wildcard and https: sources', observation: o.cspBroad, expect: [{ messageId: 'broadSource', discriminator: 'broadSource:script-src' }, { messageId: 'broadSource', discriminator: 'broadSource:object-src' }] },
    { name: 'http: source on an HTTPS page', observation: o.cspHttpSource, expect: [{ messageId: 'insecureScheme', discriminator: 'insecureScheme:default-src' }] },
    {
      name: 'missing object-src, base-uri, frame-ancestors',
      observation: o.cspMissingDirectives,
      expect: [
        { messageId: 'missingDirective', discriminator: 'missingDirective:object-src' },
        { messageId: 'missingDirective', discriminator: 'missingDirective:base-uri' },
        { messageId: 'missingDirective', discriminator: 'missingDirective:frame-ancestors' },
      ],
    },
    { name: 'duplicate directive', observation: o.cspDuplicate, expect: [{ messageId: 'invalid' }] },
  ],
});

checkTester(xcto, {
  valid: [{ name: 'nosniff', observation: o.nosniff }],
  invalid: [
    { name: 'absent', observation: o.plainHttp, expect: [{ messageId: 'missing' }] },
    { name: 'wrong value', observation: o.sniffBad, expect: [{ messageId: 'invalid' }] },
  ],
});

checkTester(clickjacking, {
  valid: [
    { name: 'X-Frame-Options DENY', observation: o.xfoDeny },
    { name: 'CSP frame-ancestors', observation: o.frameAncestors },
  ],
  invalid: [
    { name: 'neither', observation: o.plainHttp, expect: [{ messageId: 'frameable' }] },
    { name: 'invalid X-Frame-Options', observation: o.xfoBad, expect: [{ messageId: 'invalidXfo' }] },
    { name: 'frame-ancestors only in meta (ignored by browsers)', observation: o.metaFrameAncestorsOnly, expect: [{ messageId: 'frameable' }] },
  ],
});

checkTester(referrer, {
  valid: [
    { name: 'absent: browser default is safe', observation: o.plainHttp },
    { name: 'strict-origin-when-cross-origin', observation: o.goodHttps },
    { name: 'fallback list ending in a safe value', observation: o.refFallback },
  ],
  invalid: [
    { name: 'unsafe-url', observation: o.refUnsafe, expect: [{ messageId: 'unsafe', severity: 'medium' }] },
    { name: 'no-referrer-when-downgrade', observation: o.refDowngrade, expect: [{ messageId: 'unsafe', severity: 'low' }] },
    { name: 'invalid value', observation: o.refInvalid, expect: [{ messageId: 'invalid' }] },
  ],
});

checkTester(permissions, {
  valid: [{ name: 'present', observation: o.permissions }],
  invalid: [
    { name: 'absent', observation: o.plainHttp, expect: [{ messageId: 'missing' }] },
    { name: 'only Feature-Policy', observation: o.featureOnly, expect: [{ messageId: 'onlyFeaturePolicy' }] },
  ],
});

checkTester(cookie, {
  valid: [
    { name: 'secure host-prefixed session cookie', observation: o.cookiesGood },
    { name: 'no cookies', observation: o.plainHttp, outcome: 'not_applicable' },
  ],
  invalid: [
    {
      name: 'insecure cookies on an HTTPS site',
      observation: o.cookiesBadHttps,
      expect: [
        { messageId: 'noSecure', discriminator: 'PHPSESSID:noSecure', severity: 'high' },
        { messageId: 'noHttpOnly', discriminator: 'PHPSESSID:noHttpOnly', severity: 'high' },
        { messageId: 'sameSiteMissing', discriminator: 'PHPSESSID:sameSiteMissing', severity: 'low' },
        { messageId: 'noSecure', discriminator: 'pref:noSecure', severity: 'medium' },
        { messageId: 'sameSiteNoneInsecure', discriminator: 'pref:sameSiteNoneInsecure', severity: 'medium' },
        { messageId: 'prefixViolation', discriminator: '__Host-id:prefixViolation', severity: 'medium' },
        { messageId: 'sameSiteInvalid', discriminator: 'lang:sameSiteInvalid', severity: 'low' },
      ],
    },
    {
      name: 'session cookie over plain HTTP',
      observation: o.cookieClearText,
      expect: [
        { messageId: 'clearText', discriminator: 'JSESSIONID:clearText' },
        { messageId: 'sameSiteMissing', discriminator: 'JSESSIONID:sameSiteMissing' },
      ],
    },
  ],
});

checkTester(corsReflection, {
  valid: [
    { name: 'no CORS headers', observation: o.plainHttp },
    { name: 'fixed allow-list origin', observation: o.corsFixed },
    { name: 'public wildcard', observation: o.corsStar },
  ],
  invalid: [
    { name: 'reflects with credentials', observation: o.corsReflectCreds, expect: [{ messageId: 'reflectedWithCredentials', severity: 'high' }] },
    { name: 'reflects without credentials', observation: o.corsReflect, expect: [{ messageId: 'reflected', severity: 'low' }] },
  ],
});

checkTester(corsWildcard, {
  valid: [
    { name: 'public wildcard without credentials', observation: o.corsStar },
    { name: 'reflection is another check', observation: o.corsReflectCreds },
  ],
  invalid: [
    { name: '* with credentials', observation: o.corsStarCreds, expect: [{ messageId: 'wildcard' }] },
    { name: 'null with credentials', observation: o.corsNullCreds, expect: [{ messageId: 'nullOrigin', severity: 'high' }] },
  ],
});

checkTester(redirect, {
  valid: [
    { name: '301 to HTTPS on the same host', observation: o.goodHttps },
    { name: 'both forms on default ports, 301 to HTTPS', observation: o.httpsDefaultPorts },
  ],
  invalid: [
    { name: 'HTTP only', observation: o.plainHttp, expect: [{ messageId: 'noHttps', severity: 'high' }] },
    { name: 'HTTP serves the page although HTTPS exists', observation: o.httpServesPage, expect: [{ messageId: 'noRedirect' }] },
    { name: 'first hop stays on HTTP', observation: o.httpFirstHop, expect: [{ messageId: 'firstHopNotHttps' }] },
    { name: 'HTTPS on another host', observation: o.offHost, expect: [{ messageId: 'offHost' }] },
    { name: 'HTTP redirect loop while HTTPS works', observation: o.httpLoop, expect: [{ messageId: 'redirectLoop' }] },
  ],
});

checkTester(deprecated, {
  valid: [
    { name: 'none', observation: o.plainHttp },
    { name: 'X-XSS-Protection: 0 is the recommended value', observation: o.xxpZero },
  ],
  invalid: [
    {
      name: 'one finding per deprecated header',
      observation: o.deprecatedAll,
      expect: ['x-xss-protection', 'expect-ct', 'public-key-pins', 'public-key-pins-report-only', 'feature-policy', 'p3p'].map((h) => ({ messageId: 'deprecated', discriminator: h })),
    },
  ],
});

checkTester(disclosure, {
  valid: [
    { name: 'bare Server name', observation: o.bareServer },
  ],
  invalid: [
    {
      name: 'legacy stack headers',
      observation: o.legacyDisclosure,
      expect: [
        { messageId: 'serverVersion', discriminator: 'server' },
        { messageId: 'disclosed', discriminator: 'x-powered-by' },
        { messageId: 'disclosed', discriminator: 'x-aspnet-version' },
        { messageId: 'disclosed', discriminator: 'x-generator' },
      ],
    },
  ],
});
