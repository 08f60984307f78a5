/**
 * Small pure helpers the http.* and software.* checks share to read an HTTP observation.
 * No verdicts here: the checks judge.
 */
import type { FetchedPage, HttpFacts } from './types.js';

export function headerValues(obs: Pick<HttpFacts, 'headers'>, name: string): string[] {
  return obs.headers[name.toLowerCase()] ?? [];
}

/** The HTTPS page, when the site answered over HTTPS (directly or at the end of a redirect). */
export function httpsPage(obs: HttpFacts): FetchedPage | undefined {
  return obs.https?.page && obs.https.page.url.startsWith('https:') ? obs.https.page : undefined;
}

export function judgedOverHttps(obs: HttpFacts): boolean {
  return obs.finalUrl.startsWith('https:');
}
