/**
 * The HTTP scanner against real local servers, including hostile ones: every bad input ends
 * in bounded time with either a recorded fact or a ToolkitError (an `error` result), never a
 * crash or a hang. No wall-clock assertions: a hang would hit the test timeout.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isToolkitError } from '../../src/errors.js';
import { scoreHttp } from '../../src/graders/http-score.js';
import { observeHttp, urlForms } from '../../src/scanners/http/family.js';
import { localize } from '../../src/i18n.js';
import * as disclosure from '../../checks/http/header.info-disclosure.js';
import { plannedTarget, scanContext, startHttp, startHttps, startRaw } from './servers.js';

async function observeError(url: string, ctx = scanContext({ timeoutMs: 500 })): Promise<{ code: string; en: string; vi: string }> {
  try {
    await observeHttp(plannedTarget(url), ctx);
  } catch (error) {
    expect(isToolkitError(error), String(error)).toBe(true);
    const e = error as { code: string; text: { en: string; vi: string } };
    return { code: e.code, en: e.text.en, vi: e.text.vi };
  }
  throw new Error('expected the observation to fail');
}

describe('http scanner: forms, redirects, TLS, scope', () => {
  it('derives the counterpart form only on default ports', () => {
    expect(urlForms(new URL('http://a.example/')).https?.href).toBe('https://a.example/');
    expect(urlForms(new URL('https://a.example/x')).http?.href).toBe('http://a.example/x');
    expect(urlForms(new URL('http://a.example:8080/')).https).toBeNull();
  });

  it('records the redirect chain, raw multi-valued headers and redacted cookies', async () => {
    const s = await startHttps((_req, res) => {
      res.setHeader('x-multi', ['one', 'two']);
      res.setHeader('set-cookie', 'sessionid=s3cr3t-value; Secure; HttpOnly');
      res.end('<html></html>');
    });
    const h = await startHttp((_req, res) => {
      res.writeHead(302, { location: s.url });
      res.end();
    });
    try {
      const o = await observeHttp(plannedTarget(h.url), scanContext({ trustedCAs: [s.caPem] }));
      expect(o.redirects.map((r) => r.status)).toEqual([302, 200]);
      expect(o.finalUrl).toBe(s.url);
      expect(o.judged).toBe('https');
      expect(o.headers['x-multi']).toEqual(['one', 'two']);
      expect(JSON.stringify(o)).not.toContain('s3cr3t');
      expect(o.cookies[0]).toMatchObject({ name: 'sessionid', secure: true, httpOnly: true, valueLength: 12 });
      expect(o.tls).toMatchObject({ verified: true });
    } finally {
      await s.close();
      await h.close();
    }
  });

  it('records an untrusted certificate as a fact instead of failing', async () => {
    const s = await startHttps((_req, res) => res.end('ok'));
    try {
      const o = await observeHttp(plannedTarget(s.url), scanContext()); // the test CA is not trusted here
      expect(o.tls?.verified).toBe(false);
      expect(o.tls?.error).toMatch(/CERT|SIGNED|ISSUER/);
      // The grader, after judging, scores the same fact: HSTS over an invalid certificate.
      expect(scoreHttp(o).scoring.tests.find((t) => t.test === 'strict-transport-security')?.result).toBe('hsts-invalid-cert');
    } finally {
      await s.close();
    }
  });

  it('honours address: connects there but keeps the Host header and SNI of the URL', async () => {
    let host: string | undefined;
    let sni: string | false | undefined;
    const s = await startHttps((req, res) => {
      host = req.headers.host;
      sni = (req.socket as import('node:tls').TLSSocket).servername;
      res.end('ok');
    });
    try {
      const url = `https://localhost:${s.port}/`;
      const o = await observeHttp(plannedTarget(url, '127.0.0.1'), scanContext({ trustedCAs: [s.caPem], address: '127.0.0.1' }));
      expect(host).toBe(`localhost:${s.port}`);
      expect(sni).toBe('localhost');
      expect(o.address).toBe('127.0.0.1');
      expect(o.tls?.verified).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('does not follow a redirect out of scope (and sends it nothing)', async () => {
    let outsideHits = 0;
    const outside = await startRaw((socket) => {
      outsideHits++;
      socket.destroy();
    });
    // Listen on 127.0.0.1 but name it 127.0.0.2 in the redirect: 127.0.0.2 is outside the scope below.
    const h = await startHttp((_req, res) => {
      res.writeHead(301, { location: `http://127.0.0.2:${outside.port}/` });
      res.end();
    });
    try {
      const e = await observeError(h.url, scanContext({ allow: ['127.0.0.1/32'] }));
      expect(e.code).toBe('ATTT_HTTP_REDIRECT_OUT_OF_SCOPE');
      expect(e.en).toContain('127.0.0.2');
      expect(outsideHits).toBe(0);
    } finally {
      await h.close();
      await outside.close();
    }
  });
});

describe('http scanner: hostile and broken servers', () => {
  it('redirect loop: stops at the limit with an error result', async () => {
    const h = await startHttp((req, res) => {
      res.writeHead(302, { location: `/again${Math.random()}` });
      res.end();
    });
    try {
      const e = await observeError(h.url);
      expect(e.code).toBe('ATTT_HTTP_REDIRECT_LOOP');
      expect(e.vi).toContain('chuyển hướng');
    } finally {
      await h.close();
    }
  });

  it('10 MB of headers: refused past the header limit', async () => {
    const raw = await startRaw((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\n');
        const line = `X-Big: ${'a'.repeat(1000)}\r\n`;
        let sent = 0;
        const pump = () => {
          while (sent < 10 * 1024 * 1024 && !socket.destroyed) {
            sent += line.length;
            if (!socket.write(line)) return void socket.once('drain', pump);
          }
          if (!socket.destroyed) socket.end('\r\n');
        };
        pump();
      });
    });
    try {
      const e = await observeError(raw.url);
      expect(e.code).toBe('ATTT_HTTP_HEADERS_TOO_LARGE');
    } finally {
      await raw.close();
    }
  });

  it('slow-drip headers: times out', async () => {
    const raw = await startRaw((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\n');
        const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('X-Drip: a\r\n')), 100);
        socket.on('close', () => clearInterval(timer));
      });
    });
    try {
      const e = await observeError(raw.url, scanContext({ timeoutMs: 400 }));
      expect(e.code).toBe('ATTT_SCAN_TIMEOUT');
    } finally {
      await raw.close();
    }
  });

  it('slow-drip body: headers are judged, the body prefix is kept', async () => {
    const raw = await startRaw((socket) => {
      socket.on('data', (d) => {
        if (!String(d).startsWith('GET')) {
          socket.end('HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Frame-Options: DENY\r\nContent-Length: 100000\r\n\r\n<html>');
        const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('.')), 50);
        socket.on('close', () => clearInterval(timer));
      });
    });
    try {
      const o = await observeHttp(plannedTarget(raw.url), scanContext({ timeoutMs: 300 }));
      expect(o.headers['x-frame-options']).toEqual(['DENY']);
      expect(o.http?.page?.bodyTruncated).toBe(true);
      expect(o.http?.page?.html?.startsWith('<html>')).toBe(true);
    } finally {
      await raw.close();
    }
  });

  it('invalid header bytes: an error result, not a crash', async () => {
    const raw = await startRaw((socket) => socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nX-Bad\u0001Name: v\r\nContent-Length: 0\r\n\r\n')));
    try {
      const e = await observeError(raw.url);
      expect(e.code).toBe('ATTT_HTTP_NOT_HTTP');
    } finally {
      await raw.close();
    }
  });

  it('a non-HTTP responder (SSH banner): an error result', async () => {
    const raw = await startRaw((socket) => socket.end('SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7\r\n'));
    try {
      const e = await observeError(raw.url);
      expect(['ATTT_HTTP_NOT_HTTP', 'ATTT_HTTP_CONNECTION_CLOSED']).toContain(e.code);
    } finally {
      await raw.close();
    }
  });

  it('a server that closes at once: an error result', async () => {
    const raw = await startRaw((socket) => socket.destroy());
    try {
      const e = await observeError(raw.url);
      expect(e.code).toBe('ATTT_HTTP_CONNECTION_CLOSED');
    } finally {
      await raw.close();
    }
  });

  it('<script>, {{…}} and ANSI escapes in header values stay inert data', async () => {
    const hostile = '<script>alert(1)</script>{{name}}\u001b[31mRED/1.0';
    const raw = await startRaw((socket) => socket.on('data', () => socket.write(`HTTP/1.1 200 OK\r\nServer: ${hostile}\r\nX-Powered-By: ${hostile}\r\nContent-Length: 2\r\n\r\nok`)));
    try {
      let o;
      try {
        o = await observeHttp(plannedTarget(raw.url), scanContext());
      } catch (error) {
        // Rejecting a control byte in a header is an acceptable outcome too: then it is an error result.
        expect(isToolkitError(error)).toBe(true);
        return;
      }
      const server = o.headers.server[0];
      expect(server).toContain('<script>');
      const out = disclosure.run(o);
      const results = Array.isArray(out) ? out : [out];
      const fail = results.find((r) => r.outcome === 'fail' && r.discriminator === 'server');
      expect(fail).toBeDefined();
      // Message templates interpolate once: a server-sent {{name}} is not expanded again.
      const msg = localize(disclosure.meta.messages.serverVersion, (fail as { data: Record<string, unknown> }).data);
      expect(msg.en).toContain('{{name}}');
    } finally {
      await raw.close();
    }
  });

  it('connection refused: a target-unreachable error', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const e = await observeError(`http://127.0.0.1:${port}/`);
    expect(e.code).toBe('ATTT_TARGET_UNREACHABLE');
  });
});
