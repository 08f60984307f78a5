import type { AdminInterfaceProbes } from './admin-interfaces.js';
/**
 * The HTTP observation (results.json `observations[key]` for family `http`): the facts the
 * scanner saw, plus the Observatory-style `score`/`grade` the grader adds after judging
 * (src/graders/http-score.ts, docs/http.md). Everything here came from a hostile server:
 * values are bounded in size and must be escaped/sanitized by whoever displays them.
 */

/** Response headers: lowercase name → every value received, in order (multi-valued headers keep each line). */
export type HeaderMap = Record<string, string[]>;

/** One Set-Cookie, parsed. The value is never stored (it may be a live session token): only its length. */
export interface ObservedCookie {
  name: string;
  valueLength: number;
  secure: boolean;
  httpOnly: boolean;
  /** The SameSite attribute exactly as sent (undefined when absent). */
  sameSite?: string;
  path?: string;
  domain?: string;
  expires?: string;
  maxAge?: number;
  /** The URL whose response set it, and whether that response came over HTTPS. */
  setBy: string;
  overHttps: boolean;
}

/** One response in a redirect chain. */
export interface RedirectHop {
  url: string;
  status: number;
  /** The Location header as sent (bounded). */
  location?: string;
  /** For an https:// hop: whether its certificate verified. */
  tlsVerified?: boolean;
  /** The next hop was not requested because its host is outside scope.allow (recorded, not followed). */
  outOfScope?: boolean;
}

export interface TlsState {
  /** The chain verified against Node's roots plus the inventory's extra CAs, and the name matched. */
  verified: boolean;
  /** Why not (e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`, `ERR_TLS_CERT_ALTNAME_INVALID`). */
  error?: string;
  protocol?: string;
}

export interface FetchedPage {
  url: string;
  status: number;
  headers: HeaderMap;
  /** Parsed Set-Cookie headers of every response in this chain. */
  cookies: ObservedCookie[];
  contentType?: string;
  bodyBytesRead: number;
  /** The body was longer than the read limit, or stopped arriving in time: only a prefix was read. */
  bodyTruncated: boolean;
  /** Bounded HTML prefix (only for HTML content types), for SRI / meta tags / mixed content. */
  html?: string;
  tls?: TlsState;
}

/** The result of fetching one form (http:// or https://) of the target URL, following redirects. */
export interface FetchChain {
  requestedUrl: string;
  /** Every response, first to last (the last one is `page`). */
  redirects: RedirectHop[];
  page?: FetchedPage;
  /** Stopped after the redirect limit (a loop, usually). */
  redirectLimitReached?: boolean;
  /** No usable response: what went wrong. */
  error?: { code: string; message: string };
}

export interface CorsProbe {
  method: 'OPTIONS' | 'GET';
  /** The made-up Origin we sent. */
  origin: string;
  status?: number;
  allowOrigin?: string;
  allowCredentials?: string;
  error?: string;
}

export interface HtmlFacts {
  /** `<meta http-equiv="Content-Security-Policy">` contents. */
  metaCsp: string[];
  /** `<meta name="referrer">` content. */
  metaReferrer?: string;
  scripts: Array<{ src: string; integrity?: string; crossorigin?: string }>;
  /** http:// sources of active content on an https page (script, iframe, link stylesheet). */
  mixedContent: string[];
}

export interface ScoreLine {
  /** Observatory test name, e.g. `content-security-policy`. */
  test: string;
  /** Observatory expectation id, e.g. `csp-not-implemented`. */
  result: string;
  modifier: number;
  pass: boolean;
}

export interface HttpFacts {
  /** Version of this observation's shape. */
  schema: 'attt.http/1';
  /** The target URL as written in the inventory. */
  url: string;
  host: string;
  /** The address connected to (scope-checked). */
  address: string;
  /** The response judged for headers (HTTPS when it works, else HTTP), after redirects. */
  finalUrl: string;
  status: number;
  headers: HeaderMap;
  cookies: ObservedCookie[];
  /** The redirect chain of the http:// form (the one users type); empty when not probed. */
  redirects: RedirectHop[];
  /** Fetch of the http:// and https:// forms (null: not probed, e.g. a non-default port with no counterpart). */
  http: FetchChain | null;
  https: FetchChain | null;
  /** Which form `headers`/`cookies` come from. */
  judged: 'https' | 'http';
  tls?: TlsState;
  cors: CorsProbe[];
  html: HtmlFacts;
  /** The limits the scan ran with (so a reader knows what "truncated" means). */
  limits: { maxHeaderBytes: number; maxBodyBytes: number; maxRedirects: number; timeoutMs: number };
  /** Responses of the page and of the read-only admin-interface requests (absent in observations made before them). */
  adminInterfaces?: AdminInterfaceProbes;
}

/** What the HTTP grader adds after judging. */
export interface HttpGrading {
  score: number;
  grade: string;
  scoring: { model: string; tests: ScoreLine[] };
}

/** The HTTP observation as results.json stores it: the facts and the grader's score. */
export interface HttpObservation extends HttpFacts, HttpGrading {}
