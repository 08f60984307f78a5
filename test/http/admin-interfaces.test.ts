/**
 * http.admin-interface.exposed against loopback servers that answer as the real products do
 * (markers read from each product's public source, see checks/data/admin-interfaces.yaml): the
 * Tomcat default page linking its Manager (BASIC realm "Tomcat Manager Application"), Jenkins
 * (X-Jenkins on every page, 403 plus a login redirect at /), Grafana (a SPA titled "Grafana"
 * behind /login), and an ordinary site. Every request the servers receive is recorded, so the
 * tests also hold attt to its promise: GET only, no credentials or cookies, a bounded number.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdHoc } from '../../src/engine/adhoc.js';
import type { Results } from '../../src/results/index.js';
import { run as judge } from '../../checks/http/admin-interface.exposed.js';
import type { HttpFacts } from '../../src/observations/http/index.js';
import { loopbackHost, startNginx, stopAll, type Daemon } from '../helpers/daemons.js';

interface Seen {
  method: string;
  path: string;
  authorization?: string;
  cookie?: string;
}
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(host: string, handler: Handler): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, cookie: req.headers.cookie });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return { url: `http://${host}:${port}/`, seen, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const html = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'text/html;charset=UTF-8', ...headers });
  res.end(body);
};

/** Tomcat 9's ROOT/index.jsp (abridged: its navigation, then the three manager buttons far down the page) and the manager's 401. */
const tomcat: Handler = (req, res) => {
  if (req.url === '/') {
    const filler = '<p>Developer Quick Start</p>'.repeat(120);
    return html(res, 200, `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>Apache Tomcat/9.0.76</title><link href="tomcat.css" rel="stylesheet" type="text/css"></head><body>
<div id="navigation"><span id="nav-home"><a href="https://tomcat.apache.org/">Home</a></span><span id="nav-hosts"><a href="/docs/">Documentation</a></span></div>${filler}
<div id="actions"><div class="button"><a class="container shadow" href="/manager/status"><span>Server Status</span></a></div>
<div class="button"><a class="container shadow" href="/manager/html"><span>Manager App</span></a></div>
<div class="button"><a class="container shadow" href="/host-manager/html"><span>Host Manager</span></a></div></div></body></html>`);
  }
  if (req.url?.startsWith('/manager/') || req.url?.startsWith('/host-manager/')) {
    const realm = req.url.startsWith('/host-manager/') ? 'Tomcat Host Manager Application' : 'Tomcat Manager Application';
    return html(res, 401, '<!doctype html><html lang="en"><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1><p>You are not authorized to view this page.</p></body></html>', { 'www-authenticate': `Basic realm="${realm}"` });
  }
  html(res, 404, '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1></body></html>');
};

/** Jenkins with security on: every page carries X-Jenkins; / is a 403 that sends the browser to /login. */
const jenkins: Handler = (req, res) => {
  const headers = { 'x-jenkins': '2.440.3', 'x-hudson': '1.395', 'x-jenkins-session': '4d661237' };
  if (req.url?.startsWith('/login')) return html(res, 200, '<!DOCTYPE html><html><head><title>Sign in [Jenkins]</title></head><body><form method="post" name="login" action="j_spring_security_check"></form></body></html>', headers);
  html(res, 403, "<html><head><meta http-equiv='refresh' content='1;url=/login?from=%2F'/><script>window.location.replace('/login?from=%2F');</script></head><body>Authentication required</body></html>", headers);
};

/** Grafana: / redirects to /login, which serves the single-page app titled by AppTitle ("Grafana"). */
const grafana: Handler = (req, res) => {
  if (req.url === '/') {
    res.writeHead(302, { location: '/login' });
    return res.end('<a href="/login">Found</a>.\n');
  }
  if (req.url === '/login') return html(res, 200, '<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8" /><title>Grafana</title><base href="/" /></head><body class="theme-dark app-grafana"><div id="reactRoot"></div></body></html>');
  html(res, 404, '<!DOCTYPE html><html><head><title>Grafana</title></head><body></body></html>');
};

/** An HP printer's Embedded Web Server: the home page, the server header naming the model. */
const printer: Handler = (req, res) => {
  const headers = { server: 'HP HTTP Server; HP OfficeJet Pro 8710 - D9L18A; Serial Number: CN00000000; Built:Wed Apr 19, 2017 09:40:48AM {WBP2CN1716AR}' };
  if (req.url === '/') return html(res, 200, '<!DOCTYPE html><html><head><title>HP OfficeJet Pro 8710</title></head><body></body></html>', headers);
  html(res, 404, '<html><head><title>Not Found</title></head><body></body></html>', headers);
};

/** A CUPS print server's web interface (ServerTokens Minimal, the default). */
const cups: Handler = (req, res) => {
  const headers = { server: 'CUPS/2.4 IPP/2.1' };
  if (req.url === '/') return html(res, 200, '<!DOCTYPE html><html><head><title>Home - CUPS 2.4.2</title></head><body><a href="/admin">Administration</a></body></html>', headers);
  html(res, 404, '<html><head><title>Not Found - CUPS v2.4.2</title></head><body></body></html>', headers);
};

/** An ordinary site: a home page and 404 for everything else. */
const plain: Handler = (req, res) => {
  if (req.url === '/') return html(res, 200, '<!DOCTYPE html><html><head><title>Cổng thông tin điện tử</title></head><body><a href="/tin-tuc/">Tin tức</a> <a href="/login-help">Trợ giúp</a></body></html>');
  html(res, 404, '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>');
};

describe('http.admin-interface.exposed on servers answering as the real products', () => {
  const sites: Record<string, Awaited<ReturnType<typeof serve>>> = {};
  const results: Record<string, Results> = {};
  beforeAll(async () => {
    for (const [name, handler] of Object.entries({ tomcat, jenkins, grafana, printer, cups, plain })) {
      const host = loopbackHost();
      sites[name] = await serve(host, handler);
      results[name] = await runAdHoc({ url: sites[name].url }, host, { speed: 'polite', timeoutMs: 2000 });
    }
  }, 120_000);
  afterAll(async () => {
    for (const s of Object.values(sites)) await s.close();
  });

  const findings = (name: string) => results[name].results.filter((r) => r.checkId === 'http.admin-interface.exposed');

  it('finds the Tomcat Manager the default page links, by its authentication realm', () => {
    const [f, ...rest] = findings('tomcat');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'high', evidence: { product: 'tomcat-manager', status: 401, marker: 'realm', via: 'link' } });
    expect(f.message.en).toContain('Apache Tomcat Manager answers at /manager/');
    // The linked interfaces were requested; a link to elsewhere was not.
    const paths = sites.tomcat.seen.map((s) => s.path);
    expect(paths).toEqual(expect.arrayContaining(['/manager/status', '/manager/html', '/host-manager/html']));
    expect(paths).not.toContain('/docs/');
  });

  it('finds Jenkins by its X-Jenkins header and Grafana by its page title', () => {
    expect(findings('jenkins')).toEqual([expect.objectContaining({ outcome: 'fail', evidence: expect.objectContaining({ product: 'jenkins', marker: 'header x-jenkins' }) })]);
    expect(findings('grafana')).toEqual([expect.objectContaining({ outcome: 'fail', evidence: expect.objectContaining({ product: 'grafana', marker: 'title' }) })]);
  });

  it('finds a printer console and a print server console by their Server headers (medium)', () => {
    expect(findings('printer')).toEqual([expect.objectContaining({ outcome: 'fail', severity: 'medium', evidence: expect.objectContaining({ product: 'hp-printer-ews', marker: 'header server' }) })]);
    expect(findings('cups')).toEqual([expect.objectContaining({ outcome: 'fail', severity: 'medium', evidence: expect.objectContaining({ product: 'cups', marker: 'header server' }) })]);
  });

  it('passes an ordinary site, whose login-like link and 404 pages match no product', () => {
    expect(findings('plain').map((r) => r.outcome)).toEqual(['pass']);
    const obs = Object.values(results.plain.observations)[0] as HttpFacts;
    expect(obs.adminInterfaces?.responses.map((r) => r.path)).toEqual(['/', '/manager/html', '/login', '/phpmyadmin/', '/phpMyAdmin/', '/cgi-bin/luci/']);
    expect(obs.adminInterfaces?.data.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends only GET (and the CORS probe’s OPTIONS), never credentials or cookies, and a bounded number of requests', () => {
    for (const site of Object.values(sites)) {
      expect(site.seen.every((s) => s.method === 'GET' || s.method === 'OPTIONS')).toBe(true);
      expect(site.seen.filter((s) => s.authorization !== undefined || s.cookie !== undefined)).toEqual([]);
      expect(site.seen.length).toBeLessThanOrEqual(4 + 16 + 8);
    }
  });

  it('judges an observation made before the probes as not applicable', () => {
    const obs = { ...(Object.values(results.plain.observations)[0] as HttpFacts) };
    delete obs.adminInterfaces;
    expect(judge(obs, { now: new Date(), options: {} } as never)).toMatchObject({ outcome: 'not_applicable' });
  });
});

describe('Debian nginx serving a page that links a /manager/html of its own (nothing there)', () => {
  let nginx: Daemon;
  let results: Results;
  beforeAll(async () => {
    nginx = await startNginx({ files: { 'index.html': '<html><head><title>Sở</title></head><body><a href="/manager/html">Quản lý</a> <a href="/login">Đăng nhập</a></body></html>' } });
    results = await runAdHoc({ url: `http://${nginx.host}:${nginx.port}/` }, nginx.host, { speed: 'polite', timeoutMs: 2000 });
  }, 60_000);
  afterAll(() => stopAll([nginx]));

  it('follows the link, gets nginx\'s own 404, and reports no interface', () => {
    const obs = Object.values(results.observations)[0] as HttpFacts;
    expect(obs.adminInterfaces?.responses.find((r) => r.path === '/manager/html')).toMatchObject({ via: 'link', status: 404, headers: { server: expect.stringMatching(/^nginx/) } });
    expect(results.results.filter((r) => r.checkId === 'http.admin-interface.exposed').map((r) => r.outcome)).toEqual(['pass']);
  });
});
