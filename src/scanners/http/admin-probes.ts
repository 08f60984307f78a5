import {
  adminInterfaceTable, adminLinks, adminProbePaths, challengeRealm, htmlTitle, isHtml, markerHeaders,
  type AdminInterfaceProbes, type AdminResponse, type FetchedPage, type HeaderMap,
} from '../../observations/http/index.js';
import type { HttpClient } from './fetch.js';

/** Bytes of a probed response's body read for its <title> (the title sits in the first lines). */
const TITLE_BYTES = 16 * 1024;

function pick(headers: HeaderMap, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name]?.[0];
    if (value !== undefined) out[name] = value.slice(0, 200);
  }
  return out;
}

function describe(path: string, via: AdminResponse['via'], status: number, headers: HeaderMap, html: string | undefined, names: string[]): AdminResponse {
  const realm = challengeRealm(headers['www-authenticate']?.[0]);
  const title = html ? htmlTitle(html) : undefined;
  return { path, via, status, ...(realm !== undefined ? { realm } : {}), ...(title !== undefined ? { title } : {}), headers: pick(headers, names) };
}

/**
 * The responses http.admin-interface.exposed judges: the page already fetched, then a short
 * list of read-only GET requests, the table's paths and the page's own links to known
 * interfaces. One request at a time through the connection limiter (paced like every other
 * request to the host), no credentials, cookies or body, each answer bounded; redirects are
 * not followed (a login redirect is itself an answer).
 */
export async function probeAdminInterfaces(client: HttpClient, page: FetchedPage): Promise<AdminInterfaceProbes> {
  const table = adminInterfaceTable();
  const names = markerHeaders(table);
  const pageUrl = new URL(page.url);
  const responses: AdminResponse[] = [describe(pageUrl.pathname + pageUrl.search, 'page', page.status, page.headers, page.html, names)];
  const requested = new Set([pageUrl.pathname + pageUrl.search]);
  const plan: Array<{ path: string; via: 'path' | 'link' }> = [
    ...adminLinks(table, page.html ?? '', page.url).map((path) => ({ path, via: 'link' as const })),
    ...adminProbePaths(table).map((path) => ({ path, via: 'path' as const })),
  ];
  for (const { path, via } of plan) {
    if (requested.has(path)) continue;
    requested.add(path);
    const url = new URL(path, pageUrl.origin);
    try {
      const res = await client.exchange(url, { readBody: true, maxBodyBytes: TITLE_BYTES });
      const html = res.body && isHtml(res.headers['content-type']?.[0]) ? res.body.toString('utf8') : undefined;
      responses.push(describe(path, via, res.status, res.headers, html, names));
    } catch (error) {
      responses.push({ path, via, headers: {}, error: ((error as NodeJS.ErrnoException).code ?? (error as Error).message ?? 'failed').slice(0, 200) });
    }
  }
  return { data: { version: table.version, sha256: table.sha256 }, responses };
}
