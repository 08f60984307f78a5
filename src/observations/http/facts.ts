/**
 * Small pure helpers the http.* and software.* checks share to read an HTTP observation.
 * No verdicts here: the checks judge.
 */
import type { FetchedPage, HttpObservation } from './types.js';

export function headerValues(obs: Pick<HttpObservation, 'headers'>, name: string): string[] {
  return obs.headers[name.toLowerCase()] ?? [];
}

export function firstHeader(obs: Pick<HttpObservation, 'headers'>, name: string): string | undefined {
  return headerValues(obs, name)[0];
}

/** The HTTPS page, when the site answered over HTTPS (directly or at the end of a redirect). */
export function httpsPage(obs: HttpObservation): FetchedPage | undefined {
  return obs.https?.page && obs.https.page.url.startsWith('https:') ? obs.https.page : undefined;
}

export function judgedOverHttps(obs: HttpObservation): boolean {
  return obs.finalUrl.startsWith('https:');
}
