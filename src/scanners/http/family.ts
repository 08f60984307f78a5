import { ScanTimeoutError, TargetUnreachableError, ToolkitError } from '../../errors.js';
import type { Localized } from '../../i18n.js';
import { defineFamily, type PlannedTarget, type ScanContext } from '../../engine/index.js';
import { probeAdminInterfaces } from './admin-probes.js';
import { DEFAULT_FETCH_OPTIONS, HttpClient, STORED_HTML_CHARS, type HttpFetchOptions } from './fetch.js';
import { extractHtmlFacts } from '../../observations/http/index.js';
import { scoreHttp } from '../../graders/index.js';
import { HTTP_OBSERVATION, type CorsProbe, type FetchChain, type HttpFacts } from '../../observations/http/index.js';

/** A made-up origin for the CORS probe: `.invalid` is reserved (RFC 6761 §6.4), so no real site can own it. */
export const CORS_PROBE_ORIGIN = 'https://cors-probe.attt-audit.invalid';

/**
 * The http:// and https:// forms of a URL target. The counterpart is only derived on default
 * ports (80 ↔ 443): on a custom port the other scheme would hit the same server speaking the
 * wrong protocol, which says nothing about the site.
 */
export function urlForms(url: URL): { http: URL | null; https: URL | null } {
  const swapped = new URL(url.href);
  if (url.protocol === 'http:') {
    swapped.protocol = 'https:';
    return { http: url, https: url.port === '' ? swapped : null };
  }
  swapped.protocol = 'http:';
  return { https: url, http: url.port === '' ? swapped : null };
}

function usable(chain: FetchChain | null): boolean {
  return !!chain?.page && !chain.redirectLimitReached && !chain.redirects.some((r) => r.outOfScope);
}

/** Observe one URL target: both forms, redirects, headers, cookies, CORS, a bounded HTML prefix. */
export async function observeHttp(target: PlannedTarget, ctx: ScanContext, limits: Partial<Omit<HttpFetchOptions, 'timeoutMs'>> = {}): Promise<HttpFacts> {
  const spec = target.spec as { url: string };
  const url = new URL(spec.url);
  const host = target.host ?? url.hostname;
  const options: HttpFetchOptions = { ...DEFAULT_FETCH_OPTIONS, ...limits, timeoutMs: ctx.timeoutMs };
  const client = new HttpClient({ scope: ctx.scope, connections: ctx.connections, signal: ctx.signal, trustedCAs: ctx.trustedCAs, targetHost: host, targetAddress: ctx.address, options, probePrinterPorts: target.system.probePrinterPorts });
  try {
    const forms = urlForms(url);
    const [http, httpsProbed] = await Promise.all([forms.http ? client.fetchChain(forms.http) : null, forms.https ? client.fetchChain(forms.https) : null]);
    // On a custom port the https form is not probed; an http chain that lands on https gives it.
    let https = httpsProbed;
    if (!https && http && usable(http) && new URL(http.page!.url).protocol === 'https:') {
      const first = http.redirects.findIndex((r) => r.url.startsWith('https:'));
      https = { requestedUrl: http.redirects[first].url, redirects: http.redirects.slice(first), page: http.page };
    }
    const judgedChain = usable(https) ? https! : usable(http) ? http! : null;
    if (!judgedChain) throw unassessable(url, url.protocol === 'https:' ? (https ?? http) : (http ?? https));
    const page = judgedChain.page!;
    const html = extractHtmlFacts(page.html ?? '', page.url.startsWith('https:'));
    // Before the stored HTML is cut: links to an interface may sit anywhere in the read prefix.
    const adminInterfaces = await probeAdminInterfaces(client, page);
    for (const chain of [http, https]) if (chain?.page?.html && chain.page.html.length > STORED_HTML_CHARS) chain.page.html = chain.page.html.slice(0, STORED_HTML_CHARS);
    const cors = await probeCors(client, new URL(page.url));
    return {
      schema: 'attt.http/1',
      url: spec.url,
      host,
      address: ctx.address,
      finalUrl: page.url,
      status: page.status,
      headers: page.headers,
      cookies: page.cookies,
      redirects: http?.redirects ?? [],
      http,
      https,
      judged: judgedChain === https ? 'https' : 'http',
      ...(https?.page?.tls ? { tls: https.page.tls } : {}),
      cors,
      html,
      limits: { maxHeaderBytes: options.maxHeaderBytes, maxBodyBytes: options.maxBodyBytes, maxRedirects: options.maxRedirects, timeoutMs: options.timeoutMs },
      adminInterfaces,
    };
  } finally {
    await client.close();
  }
}

/** Two probes with a made-up Origin: the preflight the Observatory scores, and a simple GET (where most reflection bugs live). */
async function probeCors(client: HttpClient, url: URL): Promise<CorsProbe[]> {
  const probes: CorsProbe[] = [];
  for (const method of ['OPTIONS', 'GET'] as const) {
    const probe: CorsProbe = { method, origin: CORS_PROBE_ORIGIN };
    try {
      const res = await client.exchange(url, { method, readBody: false, headers: { origin: CORS_PROBE_ORIGIN, ...(method === 'OPTIONS' ? { 'access-control-request-method': 'GET' } : {}) } });
      probe.status = res.status;
      const acao = res.headers['access-control-allow-origin']?.[0];
      const acac = res.headers['access-control-allow-credentials']?.[0];
      if (acao !== undefined) probe.allowOrigin = acao.slice(0, 512);
      if (acac !== undefined) probe.allowCredentials = acac.slice(0, 64);
    } catch (error) {
      probe.error = ((error as NodeJS.ErrnoException).code ?? (error as Error).message ?? 'failed').slice(0, 200);
    }
    probes.push(probe);
  }
  return probes;
}

/** Strip what a terminal or a log could misread from server-influenced text in error messages. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 200);
}

function unassessable(url: URL, chain: FetchChain | null): ToolkitError {
  const where = clean(url.href);
  if (chain?.redirectLimitReached) {
    return new ToolkitError('ATTT_HTTP_REDIRECT_LOOP', {
      vi: `${where}: chuyển hướng quá ${chain.redirects.length - 1} lần (vòng lặp chuyển hướng?); không tới được trang để đánh giá.`,
      en: `${where}: more than ${chain.redirects.length - 1} redirects (a redirect loop?); the page could not be reached for assessment.`,
    });
  }
  const outOfScope = chain?.redirects.find((r) => r.outOfScope);
  if (outOfScope) {
    let dest = '?';
    try {
      dest = clean(new URL(outOfScope.location ?? '', outOfScope.url).host);
    } catch {
      /* unparseable Location */
    }
    return new ToolkitError(
      'ATTT_HTTP_REDIRECT_OUT_OF_SCOPE',
      {
        vi: `${where} chuyển hướng tới ${dest}, nằm ngoài phạm vi scope.allow; không đi theo. Hãy kiểm tra trực tiếp URL đích (nếu thuộc phạm vi được phép).`,
        en: `${where} redirects to ${dest}, outside scope.allow; not followed. Audit the destination URL directly if it is yours to scan.`,
      },
    );
  }
  const error = chain?.error ?? { code: 'failed', message: 'no response' };
  const detail = clean(error.message);
  const text: Record<string, Localized> = {
    'headers-too-large': { vi: `${where}: phần tiêu đề phản hồi vượt giới hạn cho phép (${detail}); không đánh giá được.`, en: `${where}: the response headers exceed the allowed size (${detail}); not assessed.` },
    'not-http': { vi: `${where}: máy chủ không trả lời bằng HTTP hợp lệ (${detail}).`, en: `${where}: the server did not answer with valid HTTP (${detail}).` },
    'connection-closed': { vi: `${where}: máy chủ đóng kết nối trước khi trả lời (${detail}).`, en: `${where}: the server closed the connection before answering (${detail}).` },
    'tls-failed': { vi: `${where}: không bắt tay TLS được (${detail}).`, en: `${where}: the TLS handshake failed (${detail}).` },
  };
  if (error.code === 'refused') return new TargetUnreachableError({ vi: `${where}: kết nối bị từ chối (không có dịch vụ HTTP tại cổng này).`, en: `${where}: connection refused (no HTTP service on that port).` });
  if (error.code === 'timeout') return new ScanTimeoutError({ vi: `${where}: máy chủ không trả lời kịp thời hạn (${detail}).`, en: `${where}: the server did not answer in time (${detail}).` });
  return new ToolkitError(`ATTT_HTTP_${error.code.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`, text[error.code] ?? { vi: `${where}: lỗi khi tải trang (${detail}).`, en: `${where}: fetching the page failed (${detail}).` });
}

export const httpFamily = defineFamily(HTTP_OBSERVATION, {
  network: true,
  observe: (target, ctx) => observeHttp(target, ctx),
  grade(observation) {
    const graded = scoreHttp(observation);
    return { grade: graded.grade, fields: { ...graded } };
  },
});
