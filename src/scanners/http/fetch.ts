import net from 'node:net';
import tls from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import { describeError } from '../../errors.js';
import { resolveHost, type ScopeGuard } from '../../inventory/index.js';
import type { ConnectionLimiter } from '../../engine/index.js';
import { MAX_COOKIES_PER_RESPONSE, parseSetCookie, redactSetCookie } from '../../observations/http/index.js';
import type { FetchChain, FetchedPage, HeaderMap, ObservedCookie, RedirectHop, TlsState } from '../../observations/http/index.js';
import { isHtml } from '../../observations/http/index.js';
import { mayProbePort, printerPort } from '../../inventory/index.js';

export { isHtml };

/** Limits of one HTTP observation. Defaults are generous for real sites and small for hostile ones. */
export interface HttpFetchOptions {
  /** Total bytes of one response's status line and headers (undici maxHeaderSize). Default 64 KiB. */
  maxHeaderBytes: number;
  /** Body bytes read from the judged page; the rest is discarded. Default 256 KiB. */
  maxBodyBytes: number;
  /** Redirects followed per form. Default 10 (as the Observatory). */
  maxRedirects: number;
  /** Time for connecting and for receiving the headers of one response. */
  timeoutMs: number;
}

export const DEFAULT_FETCH_OPTIONS: Omit<HttpFetchOptions, 'timeoutMs'> = { maxHeaderBytes: 64 * 1024, maxBodyBytes: 256 * 1024, maxRedirects: 10 };
/** The HTML kept in the observation (facts are extracted from everything read). */
export const STORED_HTML_CHARS = 2048;
const MAX_HEADER_LINES = 200;
const MAX_HEADER_VALUE = 8192;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
export const USER_AGENT = 'Mozilla/5.0 (compatible; attt-audit; information-security self-audit)';
const ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** What a fetch session needs from the engine: where it may connect, and how. */
export interface FetchSession {
  scope: ScopeGuard;
  connections: ConnectionLimiter;
  signal: AbortSignal;
  trustedCAs: string[];
  /** The target's own host and the address it must be reached at (inventory `address:` honoured). */
  targetHost: string;
  targetAddress: string;
  options: HttpFetchOptions;
  /** The inventory system opted in to probing printer ports (see src/inventory/printer-ports.ts). */
  probePrinterPorts?: boolean;
}

/**
 * An HTTP client bound to one observation. All sockets are opened by `connect` below, which
 * maps host names to addresses that were resolved and scope-checked before (and asserts the
 * scope again, so no code path can reach an unchecked address), keeps the URL's host as TLS
 * server name, and records whether the certificate verified instead of failing: an invalid
 * certificate is a fact for the score, and the TLS family judges certificates.
 */
export class HttpClient {
  private readonly addresses = new Map<string, string>();
  private readonly tlsStates = new Map<string, TlsState>();
  private readonly agent: Agent;

  constructor(private readonly session: FetchSession) {
    this.addresses.set(bare(session.targetHost), session.targetAddress);
    this.agent = new Agent({
      connect: (opts, callback) => this.connect(opts, callback),
      maxHeaderSize: session.options.maxHeaderBytes,
      headersTimeout: session.options.timeoutMs,
      bodyTimeout: session.options.timeoutMs,
      keepAliveTimeout: 1000,
      pipelining: 1,
    });
  }

  async close(): Promise<void> {
    await this.agent.destroy().catch(() => undefined);
  }

  tlsStateOf(url: URL): TlsState | undefined {
    return this.tlsStates.get(originKey(url));
  }

  /** Resolve and scope-check a redirect's host before anything is sent to it. Returns false when out of scope. */
  async admit(host: string): Promise<boolean> {
    const h = bare(host);
    if (this.addresses.has(h)) return true;
    const resolved = await resolveHost(h);
    if (!resolved.every((a) => this.session.scope.allows(a))) return false;
    this.addresses.set(h, resolved[0]);
    return true;
  }

  private connect(opts: { hostname: string; protocol: string; port: string; servername?: string }, callback: (...args: [null, net.Socket] | [Error, null]) => void): void {
    const host = bare(opts.hostname);
    const address = this.addresses.get(host);
    try {
      if (!address) throw new Error(`internal: ${host} was not resolved and scope-checked before connecting`);
      this.session.scope.assert(address, host);
    } catch (error) {
      callback(error as Error, null);
      return;
    }
    const https = opts.protocol === 'https:';
    const port = Number(opts.port) || (https ? 443 : 80);
    if (!mayProbePort(port, { probePrinterPorts: this.session.probePrinterPorts })) {
      // A redirect (or URL) to a raw printing port: nothing is sent, it could print a page.
      callback(new Error(`port ${port} is a printer port (${printerPort(port)?.protocol}); attt sends nothing to it unless the system sets probePrinterPorts: true`), null);
      return;
    }
    let settled = false;
    const done = (error: Error | null, socket?: net.Socket) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        socket?.destroy();
        callback(error, null);
      } else callback(null, socket!);
    };
    const socket: net.Socket = https
      ? tls.connect({
          host: address,
          port,
          // SNI carries the URL's host name, never the address (and no SNI for an IP literal, RFC 6066 §3).
          servername: net.isIP(host) ? undefined : host,
          secureContext: secureContextFor(this.session.trustedCAs),
          rejectUnauthorized: false,
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host: address, port });
    const timer = setTimeout(() => done(Object.assign(new Error(`connect timeout after ${this.session.options.timeoutMs} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT' }), socket), this.session.options.timeoutMs);
    socket.once('error', (error) => done(error, socket));
    socket.once(https ? 'secureConnect' : 'connect', () => {
      if (https) this.tlsStates.set(`${host}:${port}`, verifyPeer(socket as tls.TLSSocket, host));
      done(null, socket);
    });
  }

  /** One request, inside the connection limiter, bounded in time; the body is read only when asked. */
  async exchange(url: URL, init: { method?: 'GET' | 'OPTIONS'; headers?: Record<string, string>; readBody: boolean; maxBodyBytes?: number }): Promise<{ status: number; headers: HeaderMap; rawSetCookie: string[]; body?: Buffer; bodyTruncated: boolean }> {
    const address = this.addresses.get(bare(url.hostname))!;
    return this.session.connections.run(address, 'session', async () => {
      const deadline = AbortSignal.timeout(this.session.options.timeoutMs * 2);
      const signal = AbortSignal.any([this.session.signal, deadline]);
      const res: Dispatcher.ResponseData = await request(url, {
        dispatcher: this.agent,
        method: init.method ?? 'GET',
        headers: { 'user-agent': USER_AGENT, accept: ACCEPT, ...(init.headers ?? {}) },
        signal,
      });
      const { headers, rawSetCookie } = collectHeaders(res.headers);
      // Destroying an unread body aborts it; that abort is ours, not a failure to report.
      res.body.on('error', () => undefined);
      if (!init.readBody) {
        res.body.destroy();
        return { status: res.statusCode, headers, rawSetCookie, bodyTruncated: false };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      try {
        for await (const chunk of res.body) {
          const buf = chunk as Buffer;
          const room = Math.min(init.maxBodyBytes ?? Infinity, this.session.options.maxBodyBytes) - size;
          chunks.push(buf.length > room ? buf.subarray(0, room) : buf);
          size += Math.min(buf.length, room);
          if (buf.length >= room) {
            truncated = true;
            break;
          }
        }
      } catch {
        // A body that stops arriving in time (slow drip) or breaks off: keep the prefix we have.
        truncated = true;
      } finally {
        res.body.destroy();
      }
      return { status: res.statusCode, headers, rawSetCookie, body: Buffer.concat(chunks), bodyTruncated: truncated };
    });
  }

  /** Fetch a URL and follow redirects (bounded), recording every hop and every cookie. */
  async fetchChain(start: URL): Promise<FetchChain> {
    const chain: FetchChain = { requestedUrl: start.href, redirects: [] };
    const cookies: ObservedCookie[] = [];
    let url = start;
    for (let hop = 0; ; hop++) {
      let response: Awaited<ReturnType<HttpClient['exchange']>>;
      try {
        if (!(await this.admit(url.hostname))) {
          // Only reachable for a redirect: the start URL was admitted by the engine.
          chain.redirects[chain.redirects.length - 1].outOfScope = true;
          break;
        }
        response = await this.exchange(url, { readBody: true });
      } catch (error) {
        chain.error = classifyFetchError(error);
        break;
      }
      const overHttps = url.protocol === 'https:';
      for (const line of response.rawSetCookie.slice(0, MAX_COOKIES_PER_RESPONSE)) {
        const cookie = parseSetCookie(line, url.href, overHttps);
        if (cookie) cookies.push(cookie);
      }
      const location = response.headers.location?.[0];
      const tlsState = overHttps ? this.tlsStateOf(url) : undefined;
      chain.redirects.push({
        url: url.href,
        status: response.status,
        ...(location !== undefined ? { location: location.slice(0, 2048) } : {}),
        ...(tlsState ? { tlsVerified: tlsState.verified } : {}),
      });
      const page: FetchedPage = {
        url: url.href,
        status: response.status,
        headers: response.headers,
        cookies,
        contentType: response.headers['content-type']?.[0]?.slice(0, 256),
        bodyBytesRead: response.body?.length ?? 0,
        bodyTruncated: response.bodyTruncated,
        ...(tlsState ? { tls: tlsState } : {}),
      };
      if (isHtml(page.contentType) && response.body) page.html = response.body.toString('utf8');
      chain.page = page;
      if (!REDIRECT_STATUSES.has(response.status) || location === undefined) break;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        break; // an unparseable Location: the 3xx itself is the last response
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') break;
      if (hop + 1 > this.session.options.maxRedirects) {
        chain.redirectLimitReached = true;
        break;
      }
      url = next;
    }
    return chain;
  }
}

const secureContexts = new Map<string, tls.SecureContext>();
/**
 * Node's roots plus the inventory's extra roots (passing `ca` replaces the defaults, so both
 * are listed). Building it parses ~150 certificates, so it is made on first HTTPS use and
 * shared by every target with the same extra roots.
 */
function secureContextFor(trustedCAs: readonly string[]): tls.SecureContext {
  const key = trustedCAs.join('\n');
  let context = secureContexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, ...trustedCAs] });
    if (secureContexts.size > 16) secureContexts.clear();
    secureContexts.set(key, context);
  }
  return context;
}

/** Whether the chain verified (against our roots) and the certificate names the host. */
function verifyPeer(socket: tls.TLSSocket, host: string): TlsState {
  const protocol = socket.getProtocol() ?? undefined;
  if (!socket.authorized) return { verified: false, error: String(socket.authorizationError ?? 'UNVERIFIED'), ...(protocol ? { protocol } : {}) };
  const identityError = tls.checkServerIdentity(host, socket.getPeerCertificate());
  if (identityError) return { verified: false, error: (identityError as NodeJS.ErrnoException).code ?? 'ERR_TLS_CERT_ALTNAME_INVALID', ...(protocol ? { protocol } : {}) };
  return { verified: true, ...(protocol ? { protocol } : {}) };
}

/** Response headers as lowercase name → values, bounded; Set-Cookie values redacted in what is stored. */
function collectHeaders(raw: Record<string, string | string[] | undefined>): { headers: HeaderMap; rawSetCookie: string[] } {
  const headers: HeaderMap = {};
  let rawSetCookie: string[] = [];
  let lines = 0;
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const values = (Array.isArray(value) ? value : [value]).slice(0, MAX_HEADER_LINES - lines);
    lines += values.length;
    const key = name.toLowerCase().slice(0, 256);
    if (key === 'set-cookie') {
      rawSetCookie = values;
      headers[key] = values.map((v) => redactSetCookie(v).slice(0, MAX_HEADER_VALUE));
    } else headers[key] = values.map((v) => v.slice(0, MAX_HEADER_VALUE));
    if (lines >= MAX_HEADER_LINES) break;
  }
  return { headers, rawSetCookie };
}


/** A stable reason code for why a fetch produced no response. */
export function classifyFetchError(error: unknown): { code: string; message: string } {
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = String(e?.code ?? e?.cause?.code ?? e?.name ?? '');
  const message = describeError(error).slice(0, 300);
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return { code: 'headers-too-large', message };
  if (/TIMEOUT/.test(code) || e?.name === 'TimeoutError' || e?.name === 'AbortError') return { code: 'timeout', message };
  if (code === 'ECONNREFUSED') return { code: 'refused', message };
  if (code.startsWith('HPE_') || e?.name === 'HTTPParserError' || code === 'HTTPParserError') return { code: 'not-http', message };
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') return { code: 'connection-closed', message };
  if (/SSL|TLS|EPROTO|CERT/.test(code) || /SSL|TLS/.test(message)) return { code: 'tls-failed', message };
  if (code === 'ATTT_OUT_OF_SCOPE') return { code: 'out-of-scope', message };
  return { code: code ? code.toLowerCase() : 'failed', message };
}

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

function originKey(url: URL): string {
  return `${bare(url.hostname)}:${Number(url.port) || (url.protocol === 'https:' ? 443 : 80)}`;
}
