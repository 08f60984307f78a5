/**
 * Score and grade per target, modelled on the MDN HTTP Observatory (npm @mdn/mdn-http-observatory
 * 1.4.8, ALGORITHM_VERSION 4: src/scanner/index.js, src/grader/charts.js, src/analyzer/tests/*.js).
 * Each of its ten tests maps the observation to one expectation with a modifier (the table is data:
 * checks/data/http-score-modifiers.yaml); the score starts
 * at 100, penalties always count, bonuses only when the penalty-only score is at least 90, and the
 * grade comes from the score rounded down to a multiple of 5. See docs/http.md for the sources and
 * for where we knowingly differ (no HSTS preload list offline; a tag scanner instead of a DOM).
 */
import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { packagePath } from '../paths.js';
import {
  BROAD_SOURCES, domainAcceptable, hasNonceOrHash, HSTS_SIX_MONTHS, INLINE_SOURCES, isHtml, isObservatorySessionCookie, parseCsp, parseCspMeta, prefixViolation, registrableDomain,
  type CorsProbe, type FetchChain, type FetchedPage, type HtmlFacts, type HttpFacts, type HttpGrading, type ObservedCookie, type ParsedCsp, type ScoreLine,
} from '../observations/http/index.js';

const scoringFile = z
  .object({ model: z.string().min(1), extraCreditFrom: z.number().int(), modifiers: z.record(z.string(), z.number().int()) })
  .strict();
export type ScoringModel = z.infer<typeof scoringFile>;

export const SCORING_FILE = packagePath('checks', 'data', 'http-score-modifiers.yaml');
let bundled: ScoringModel | undefined;

/** The Observatory's modifier table (checks/data/http-score-modifiers.yaml), validated once. */
export function loadScoringModel(file: string = SCORING_FILE): ScoringModel {
  if (file === SCORING_FILE && bundled) return bundled;
  const parsed = scoringFile.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (file === SCORING_FILE) bundled = parsed.data;
  return parsed.data;
}

/** Grade boundaries (charts.js GRADE_CHART): the score rounded down to a multiple of 5, capped at 100. */
export function gradeForScore(score: number): string {
  const key = Math.min(Math.max(score, 0) - (Math.max(score, 0) % 5), 100);
  if (key >= 100) return 'A+';
  if (key >= 90) return 'A';
  if (key >= 85) return 'A-';
  if (key >= 80) return 'B+';
  if (key >= 70) return 'B';
  if (key >= 65) return 'B-';
  if (key >= 60) return 'C+';
  if (key >= 50) return 'C';
  if (key >= 45) return 'C-';
  if (key >= 40) return 'D+';
  if (key >= 30) return 'D';
  if (key >= 25) return 'D-';
  return 'F';
}

/** What the score is computed from (a subset of the observation). */
export interface ScoreInput {
  /** The page judged for headers (HTTPS when it answered, else HTTP). */
  page: FetchedPage;
  http: FetchChain | null;
  https: FetchChain | null;
  cors: CorsProbe[];
  html: HtmlFacts;
}

/** The Observatory score of an HTTP observation, judged on the page the checks judged. */
export function scoreHttp(o: HttpFacts): HttpGrading {
  const page = (o.judged === 'https' ? o.https : o.http)?.page;
  if (!page) throw new Error(`the http observation of ${o.url} has no judged page`);
  const scored = scoreObservation({ page, http: o.http, https: o.https, cors: o.cors, html: o.html });
  return { score: scored.score, grade: scored.grade, scoring: { model: loadScoringModel().model, tests: scored.tests } };
}

export function scoreObservation(input: ScoreInput, model: ScoringModel = loadScoringModel()): { score: number; grade: string; tests: ScoreLine[] } {
  const hsts = hstsTest(input);
  const csp = cspTest(input);
  const lines: Array<[string, string, boolean]> = [
    ['content-security-policy', csp.result, csp.pass],
    cookiesTest(input, hsts.pass),
    corsTest(input),
    redirectionTest(input),
    referrerTest(input),
    ['strict-transport-security', hsts.result, hsts.pass],
    sriTest(input),
    xctoTest(input),
    xfoTest(input, csp.framesAncestorsSet),
    corpTest(input),
  ];
  const tests = lines.map(([test, result, pass]) => ({ test, result, modifier: model.modifiers[result] ?? 0, pass }));
  const withBonus = 100 + tests.reduce((s, t) => s + t.modifier, 0);
  const penaltiesOnly = 100 + tests.reduce((s, t) => s + Math.min(0, t.modifier), 0);
  const score = Math.max(0, penaltiesOnly >= model.extraCreditFrom ? withBonus : penaltiesOnly);
  return { score, grade: gradeForScore(score), tests };
}

function header(page: FetchedPage | undefined, name: string): string[] {
  return page?.headers[name] ?? [];
}

function cspTest(input: ScoreInput): { result: string; pass: boolean; framesAncestorsSet: boolean } {
  const page = input.page;
  const httpPolicies = header(page, 'content-security-policy');
  const metaPolicies = isHtml(page.contentType) ? input.html.metaCsp : [];
  const combined = parseCsp([...httpPolicies, ...metaPolicies]);
  const no = (result: string) => ({ result, pass: false, framesAncestorsSet: false });
  if (!combined.ok) return no('csp-header-invalid');
  const headerOnly = parseCsp(httpPolicies);
  const metaOnly = parseCspMeta(metaPolicies);
  const headerCount = headerOnly.ok ? headerOnly.csp.directives.size : 0;
  const metaCount = metaOnly.ok ? metaOnly.csp.directives.size : 0;
  if (headerCount + metaCount === 0) {
    return { result: header(page, 'content-security-policy-report-only').length ? 'csp-not-implemented-but-reporting-enabled' : 'csp-not-implemented', pass: false, framesAncestorsSet: false };
  }
  // Work on a copy: the rules below remove sources, and script-src may alias default-src.
  const csp: ParsedCsp = { directives: new Map([...combined.csp.directives].map(([k, v]) => [k, new Set(v)])), duplicateWarnings: combined.csp.duplicateWarnings };
  const d = csp.directives;
  let result: string | null = null;
  const set = (r: string) => {
    if (result === null) result = r;
  };
  const objectSrc = d.get('object-src') ?? d.get('default-src') ?? new Set(['*']);
  const scriptSrc = d.get('script-src') ?? d.get('default-src') ?? new Set(['*']);
  const styleSrc = d.get('style-src') ?? d.get('default-src') ?? new Set(['*']);
  for (const list of [scriptSrc, styleSrc]) if (hasNonceOrHash(list) && list.has("'unsafe-inline'")) list.delete("'unsafe-inline'");
  if (hasNonceOrHash(scriptSrc) && scriptSrc.has("'strict-dynamic'")) {
    for (const s of [...scriptSrc]) if ([...BROAD_SOURCES].some((b) => s.startsWith(b)) || s === "'self'" || s === "'unsafe-inline'") scriptSrc.delete(s);
  } else if (scriptSrc.has("'strict-dynamic'")) set('csp-header-invalid');
  const passive = new Set(['img-src', 'media-src']);
  const active = [...d.entries()].filter(([k]) => !passive.has(k) && k !== 'script-src').flatMap(([, v]) => [...v]);
  active.push(...scriptSrc);
  const passiveSources = [...passive].flatMap((k) => [...(d.get(k) ?? d.get('default-src') ?? [])]);
  const https = new URL(page.url).protocol === 'https:';
  if ([...scriptSrc].some((s) => BROAD_SOURCES.has(s) || INLINE_SOURCES.has(s)) || [...objectSrc].some((s) => BROAD_SOURCES.has(s))) set('csp-implemented-with-unsafe-inline');
  if (https && active.some((s) => s.startsWith('http:') || s.startsWith('ftp:'))) set('csp-implemented-with-insecure-scheme');
  if (scriptSrc.has("'unsafe-eval'") || styleSrc.has("'unsafe-eval'")) set('csp-implemented-with-unsafe-eval');
  if (https && passiveSources.some((s) => s.startsWith('http:') || s.startsWith('ftp:'))) set('csp-implemented-with-insecure-scheme-in-passive-content-only');
  if ([...styleSrc].some((s) => BROAD_SOURCES.has(s) || INLINE_SOURCES.has(s))) set('csp-implemented-with-unsafe-inline-in-style-src-only');
  const defaultSrc = d.get('default-src');
  if (defaultSrc?.has("'none'") && defaultSrc.size === 1) set('csp-implemented-with-no-unsafe-default-src-none');
  else set('csp-implemented-with-no-unsafe');
  const framesAncestorsSet = combined.csp.directives.has('frame-ancestors');
  const passing = ['csp-implemented-with-no-unsafe', 'csp-implemented-with-no-unsafe-default-src-none', 'csp-implemented-with-unsafe-inline-in-style-src-only', 'csp-implemented-with-insecure-scheme-in-passive-content-only'];
  let final: string = result!;
  const pass = passing.includes(final);
  if (pass && csp.duplicateWarnings.length) final = 'csp-implemented-but-duplicate-directives';
  return { result: final, pass, framesAncestorsSet };
}

function hstsTest(input: ScoreInput): { result: string; pass: boolean } {
  const page = input.https?.page;
  if (!page) return { result: 'hsts-not-implemented-no-https', pass: false };
  if (!page.tls?.verified) return { result: 'hsts-invalid-cert', pass: false };
  const values = header(page, 'strict-transport-security');
  if (!values.length) return { result: 'hsts-not-implemented', pass: false };
  // As the Observatory: one value, no comma, a max-age= parameter (its parseInt reading).
  const text = values.join(', ').slice(0, 1024);
  if (text.includes(',')) return { result: 'hsts-header-invalid', pass: false };
  let maxAge: number | null = null;
  for (const p of text.split(';').map((x) => x.trim().toLowerCase())) if (p.startsWith('max-age=')) maxAge = parseInt(p.slice(8, 128), 10);
  if (maxAge === null) return { result: 'hsts-header-invalid', pass: false };
  // parseInt of a quoted value is NaN, which the Observatory's `<` treats as long enough; keep its reading.
  if (maxAge < HSTS_SIX_MONTHS) return { result: 'hsts-implemented-max-age-less-than-six-months', pass: false };
  return { result: 'hsts-implemented-max-age-at-least-six-months', pass: true };
}

/** The cookies a browser's jar would keep from the judged chain (tough-cookie's rules that matter here). */
export function jarCookies(cookies: readonly ObservedCookie[]): ObservedCookie[] {
  const jar = new Map<string, ObservedCookie>();
  for (const c of cookies) {
    if (!c.name || prefixViolation(c) || !domainAcceptable(c, new URL(c.setBy).hostname)) continue;
    if (c.name === 'heroku-session-affinity') continue; // excluded by the Observatory (mozilla/http-observatory#282)
    jar.set(`${c.name}\u0000${c.domain ?? ''}\u0000${c.path ?? ''}`, c);
  }
  return [...jar.values()];
}

function normalizedSameSite(value: string | undefined): 'strict' | 'lax' | 'none' | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'strict' || v === 'lax' || v === 'none' ? v : undefined;
}

const COOKIE_ORDER = [
  'cookies-without-secure-flag-but-protected-by-hsts',
  'cookies-without-secure-flag',
  'cookies-session-without-secure-flag-but-protected-by-hsts',
  'cookies-samesite-flag-invalid',
  'cookies-anticsrf-without-samesite-flag',
  'cookies-session-without-httponly-flag',
  'cookies-session-without-secure-flag',
];

function cookiesTest(input: ScoreInput, hsts: boolean): [string, string, boolean] {
  let result: string | null = null;
  const worse = (r: string) => {
    if (result === null || COOKIE_ORDER.indexOf(r) > COOKIE_ORDER.indexOf(result)) result = r;
  };
  for (const raw of header(input.page, 'set-cookie')) {
    for (const part of raw.trim().split(';')) {
      const [key, value] = part.trim().split('=');
      if (key.trim().toLowerCase() === 'samesite' && (!value || !['lax', 'strict', 'none'].includes(value.trim().toLowerCase()))) worse('cookies-samesite-flag-invalid');
    }
  }
  const cookies = jarCookies(input.page.cookies);
  if (!cookies.length) return ['cookies', 'cookies-not-found', true];
  let missingSameSite = false;
  for (const c of cookies) {
    const session = isObservatorySessionCookie(c.name);
    const sameSite = normalizedSameSite(c.sameSite);
    if (!c.secure && sameSite === 'none') worse('cookies-samesite-flag-invalid');
    if (!c.secure) worse(hsts ? 'cookies-without-secure-flag-but-protected-by-hsts' : 'cookies-without-secure-flag');
    if (c.name.toLowerCase().includes('csrf') && !sameSite) worse('cookies-anticsrf-without-samesite-flag');
    if (session && !c.secure) worse(hsts ? 'cookies-session-without-secure-flag-but-protected-by-hsts' : 'cookies-session-without-secure-flag');
    if (session && !c.httpOnly) worse('cookies-session-without-httponly-flag');
    if (!sameSite) missingSameSite = true;
  }
  const final = result ?? (missingSameSite ? 'cookies-secure-with-httponly-sessions' : 'cookies-secure-with-httponly-sessions-and-samesite');
  return ['cookies', final, ['cookies-not-found', 'cookies-secure-with-httponly-sessions-and-samesite', 'cookies-secure-with-httponly-sessions'].includes(final)];
}

function corsTest(input: ScoreInput): [string, string, boolean] {
  const probe = input.cors.find((p) => p.method === 'OPTIONS');
  const acao = probe?.allowOrigin;
  if (!probe || !acao) return ['cross-origin-resource-sharing', 'cross-origin-resource-sharing-not-implemented', true];
  if (acao.slice(0, 256).trim().toLowerCase() === '*') return ['cross-origin-resource-sharing', 'cross-origin-resource-sharing-implemented-with-public-access', true];
  if (acao === probe.origin && probe.allowCredentials?.trim().toLowerCase() === 'true') return ['cross-origin-resource-sharing', 'cross-origin-resource-sharing-implemented-with-universal-access', false];
  return ['cross-origin-resource-sharing', 'cross-origin-resource-sharing-implemented-with-restricted-access', true];
}

function redirectionTest(input: ScoreInput): [string, string, boolean] {
  const chain = input.http;
  const t = 'redirection';
  if (!chain?.page) return [t, 'redirection-not-needed-no-http', true];
  if (chain.redirects.some((r) => r.tlsVerified === false)) return [t, 'redirection-invalid-cert', false];
  const route = chain.redirects.map((r) => new URL(r.url));
  if (route.length === 1) return [t, 'redirection-missing', false];
  if (route[route.length - 1].protocol !== 'https:') return [t, 'redirection-not-to-https', false];
  if (route[1].protocol === 'http:') return [t, 'redirection-not-to-https-on-initial-redirection', false];
  if (route[0].protocol === 'http:' && route[1].protocol === 'https:' && route[0].hostname !== route[1].hostname) return [t, 'redirection-off-host-from-http', false];
  return [t, 'redirection-to-https', true];
}

export const REFERRER_PRIVATE = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];
export const REFERRER_UNSAFE = ['origin', 'origin-when-cross-origin', 'unsafe-url', 'no-referrer-when-downgrade'];

/** The policy a browser applies: the last recognised token of header values then the meta tag. */
export function effectiveReferrerPolicy(headerValues: readonly string[], meta: string | undefined): { present: boolean; policy?: string; text: string } {
  const all = [...headerValues, ...(meta !== undefined ? [meta] : [])];
  const text = all.join(', ');
  const valid = [...REFERRER_PRIVATE, ...REFERRER_UNSAFE];
  const policy = text.split(',').map((e) => e.trim().toLowerCase()).filter((e) => valid.includes(e)).reverse()[0];
  return { present: all.length > 0, ...(policy ? { policy } : {}), text };
}

function referrerTest(input: ScoreInput): [string, string, boolean] {
  const meta = isHtml(input.page.contentType) ? input.html.metaReferrer : undefined;
  const rp = effectiveReferrerPolicy(header(input.page, 'referrer-policy'), meta);
  if (!rp.present) return ['referrer-policy', 'referrer-policy-not-implemented', true];
  if (rp.policy && REFERRER_PRIVATE.includes(rp.policy)) return ['referrer-policy', 'referrer-policy-private', true];
  if (rp.policy) return ['referrer-policy', 'referrer-policy-unsafe', false];
  return ['referrer-policy', 'referrer-policy-header-invalid', false];
}

const SRI_ORDER = [
  'sri-implemented-and-all-scripts-loaded-securely',
  'sri-implemented-and-external-scripts-loaded-securely',
  'sri-implemented-but-external-scripts-not-loaded-securely',
  'sri-not-implemented-but-external-scripts-loaded-securely',
  'sri-not-implemented-and-external-scripts-not-loaded-securely',
  'sri-not-implemented-response-not-html',
];

function sriTest(input: ScoreInput): [string, string, boolean] {
  const t = 'subresource-integrity';
  if (!isHtml(input.page.contentType)) return [t, 'sri-not-implemented-response-not-html', true];
  const pageUrl = new URL(input.page.url);
  const pageDomain = registrableDomain(pageUrl.hostname);
  let result: string | null = null;
  const worse = (r: string) => {
    if (result === null || SRI_ORDER.indexOf(r) > SRI_ORDER.indexOf(result)) result = r;
  };
  let foreign = false;
  for (const script of input.html.scripts) {
    if (!script.src) continue;
    const protocolRelative = /^\/\/[^/]/.test(script.src);
    const absolute = /^https?:\/\//.test(script.src);
    const relative = !protocolRelative && !absolute;
    let sameSite = protocolRelative || relative;
    let scheme: string | null = null;
    if (absolute) {
      try {
        const u = new URL(script.src);
        sameSite = registrableDomain(u.hostname) === pageDomain;
        scheme = u.protocol;
      } catch {
        sameSite = false;
      }
    }
    const secureOrigin = relative || (sameSite && !protocolRelative);
    if (!secureOrigin) foreign = true;
    const secureScheme = scheme === 'https:' || (relative && pageUrl.protocol === 'https:');
    const integrity = script.integrity;
    if (!secureOrigin) {
      if (integrity && !secureScheme) worse('sri-implemented-but-external-scripts-not-loaded-securely');
      else if (!integrity && secureScheme) worse('sri-not-implemented-but-external-scripts-loaded-securely');
      else if (!integrity && !secureScheme) worse('sri-not-implemented-and-external-scripts-not-loaded-securely');
    } else if (integrity && secureScheme && result === null) result = 'sri-implemented-and-all-scripts-loaded-securely';
  }
  if (input.html.scripts.length === 0) return [t, 'sri-not-implemented-but-no-scripts-loaded', true];
  const final: string = result ?? (foreign ? 'sri-implemented-and-external-scripts-loaded-securely' : 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin');
  const passing = ['sri-implemented-and-all-scripts-loaded-securely', 'sri-implemented-and-external-scripts-loaded-securely', 'sri-not-implemented-response-not-html', 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin', 'sri-not-implemented-but-no-scripts-loaded'];
  return [t, final, passing.includes(final)];
}

function xctoTest(input: ScoreInput): [string, string, boolean] {
  const value = header(input.page, 'x-content-type-options')[0];
  if (value === undefined) return ['x-content-type-options', 'x-content-type-options-not-implemented', false];
  return value.slice(0, 256).trim().toLowerCase() === 'nosniff' ? ['x-content-type-options', 'x-content-type-options-nosniff', true] : ['x-content-type-options', 'x-content-type-options-header-invalid', false];
}

function xfoTest(input: ScoreInput, frameAncestorsInCsp: boolean): [string, string, boolean] {
  const t = 'x-frame-options';
  const value = header(input.page, 'x-frame-options')[0];
  let result = 'x-frame-options-not-implemented';
  if (value !== undefined) {
    const v = value.slice(0, 1024).trim().toLowerCase();
    result = v === 'deny' || v === 'sameorigin' ? 'x-frame-options-sameorigin-or-deny' : v.startsWith('allow-from') ? 'x-frame-options-allow-from-origin' : 'x-frame-options-header-invalid';
  }
  if (frameAncestorsInCsp) result = 'x-frame-options-implemented-via-csp';
  return [t, result, !['x-frame-options-not-implemented', 'x-frame-options-header-invalid'].includes(result)];
}

function corpTest(input: ScoreInput): [string, string, boolean] {
  const t = 'cross-origin-resource-policy';
  const value = header(input.page, 'cross-origin-resource-policy')[0];
  if (value === undefined || value === '') return [t, 'corp-not-implemented', true];
  const v = value.slice(0, 256).trim().toLowerCase();
  const result = v === 'same-site' ? 'corp-implemented-with-same-site' : v === 'same-origin' ? 'corp-implemented-with-same-origin' : v === 'cross-origin' ? 'corp-implemented-with-cross-origin' : 'corp-header-invalid';
  return [t, result, result !== 'corp-header-invalid'];
}
