import type http from 'node:http';
import { observeHttp } from '../../src/scanners/http/family.js';
import type { HttpObservation } from '../../src/observations/http/types.js';
import { plannedTarget, randomLoopback, scanContext, startHttp, startHttps, type Running } from './servers.js';

export type HeaderSpec = Record<string, string | string[]>;

export interface SiteSpec {
  /** Headers of the page (on HTTPS when `https`, else on HTTP). */
  headers?: HeaderSpec;
  body?: string;
  contentType?: string;
  /** Serve the page over HTTPS; the http:// target then redirects as `redirect` says. */
  https?: boolean;
  /** What the http:// URL does when the page is on HTTPS: 301 to it (default), serve the page too, or hop via another http URL first. */
  redirect?: 'to-https' | 'none' | 'http-first' | 'off-host' | 'loop';
  /** Serve on ports 80/443 of a random loopback address, so the scanner derives both forms itself (needs root). */
  defaultPorts?: boolean;
  /** Headers of the CORS probes' responses, given the request. */
  cors?: (req: http.IncomingMessage) => HeaderSpec;
}

function send(res: http.ServerResponse, status: number, headers: HeaderSpec, body: string): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = status;
  res.end(body);
}

/**
 * Observe a real local site configured by `spec`: real servers on 127.0.0.1:0, the real
 * scanner, real undici requests. Servers are closed before returning; the observation is data.
 */
export async function observeSite(spec: SiteSpec): Promise<HttpObservation> {
  const body = spec.body ?? '<!doctype html><html><head><title>t</title></head><body>ok</body></html>';
  const page = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const extra = req.headers.origin && spec.cors ? spec.cors(req) : {};
    send(res, 200, { 'content-type': spec.contentType ?? 'text/html; charset=utf-8', ...(spec.headers ?? {}), ...extra }, req.method === 'OPTIONS' ? '' : body);
  };
  const servers: Running[] = [];
  try {
    if (!spec.https) {
      const h = await startHttp(page);
      servers.push(h);
      return await observeHttp(plannedTarget(h.url), scanContext());
    }
    const host = spec.defaultPorts ? randomLoopback() : '127.0.0.1';
    const s = await startHttps(page, spec.defaultPorts ? { host, port: 443 } : {});
    servers.push(s);
    const mode = spec.redirect ?? 'to-https';
    let hop: Running | undefined;
    if (mode === 'http-first') {
      hop = await startHttp((_req, res) => send(res, 301, { location: s.url }, ''));
      servers.push(hop);
    }
    const target = mode === 'off-host' ? s.url.replace('https://127.0.0.1', 'https://localhost') : s.url;
    const h = await startHttp(
      (req, res) => {
        if (mode === 'none') return page(req, res);
        if (mode === 'loop') return send(res, 302, { location: `/loop${Number(/\d+/.exec(req.url ?? '')?.[0] ?? 0) + 1}` }, '');
        send(res, 301, { location: mode === 'http-first' ? hop!.url : target }, '');
      },
      spec.defaultPorts ? { host, port: 80 } : {},
    );
    servers.push(h);
    return await observeHttp(plannedTarget(h.url), scanContext({ trustedCAs: [s.caPem], address: host }));
  } finally {
    await Promise.all(servers.map((x) => x.close()));
  }
}

/** Observe many sites at once (each with its own servers). */
export async function observeSites<K extends string>(specs: Record<K, SiteSpec>): Promise<Record<K, HttpObservation>> {
  const entries = await Promise.all(Object.entries(specs).map(async ([k, v]) => [k, await observeSite(v as SiteSpec)] as const));
  return Object.fromEntries(entries) as Record<K, HttpObservation>;
}
