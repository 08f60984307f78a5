export { domainAcceptable, isObservatorySessionCookie, isSessionLikeCookie, MAX_COOKIES_PER_RESPONSE, parseSetCookie, prefixViolation, redactSetCookie } from './cookies.js';
export { BROAD_SOURCES, hasNonceOrHash, INLINE_SOURCES, parseCsp, parseCspMeta, type ParsedCsp } from './csp.js';
export { headerValues, httpsPage, judgedOverHttps } from './facts.js';
export { DEPRECATED_HEADERS, INFO_DISCLOSURE_HEADERS, INFO_DISCLOSURE_LIST_DATE } from './header-lists.js';
export { HSTS_PRELOAD_MIN, HSTS_SIX_MONTHS, parseHsts } from './hsts.js';
export { extractHtmlFacts, isHtml, registrableDomain } from './html.js';
export type { CorsProbe, FetchChain, FetchedPage, HeaderMap, HtmlFacts, HttpFacts, HttpGrading, HttpObservation, ObservedCookie, RedirectHop, ScoreLine, TlsState } from './types.js';
import { defineObservation } from '../../checks/index.js';
import type { HttpFacts } from './types.js';

/** The http observation kind: checks declared on it receive `HttpFacts`. */
export const HTTP_OBSERVATION = defineObservation<HttpFacts>('http', 'attt.http/1');
export {
  adminInterfaceTable, adminLinks, adminProbePaths, challengeRealm, htmlTitle, markerHeaders, MAX_ADMIN_LINKS, parseAdminInterfaces, recognizeAdminInterfaces,
  type AdminInterfaceProbes, type AdminInterfaceTable, type AdminMatch, type AdminProduct, type AdminResponse,
} from './admin-interfaces.js';
