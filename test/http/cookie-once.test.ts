/**
 * Issue 14, point 9: a cookie problem is one result. A site that sets its session cookie without
 * Secure both on http:// (before redirecting) and on https:// once gave two identical
 * http.cookie.insecure findings with one fingerprint, which the tracker cannot tell apart
 * (the check now merges a cookie's occurrences); this keeps it so.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdHoc } from '../../src/engine/adhoc.js';
import type { Results } from '../../src/results/index.js';
import { loopbackHost, selfSignedCert, tempDir } from '../helpers/daemons.js';

describe('a session cookie set without Secure before and after the redirect to HTTPS', () => {
  let dir: string;
  let plain: http.Server;
  let secure: https.Server;
  let results: Results;
  beforeAll(async () => {
    dir = tempDir('cookie-once');
    const host = loopbackHost();
    const { cert, key } = selfSignedCert(dir, host);
    secure = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'sessionid=abc123; Path=/; HttpOnly; SameSite=Lax' });
      res.end('<html><head><title>ok</title></head></html>');
    });
    await new Promise<void>((r) => secure.listen(0, host, () => r()));
    const securePort = (secure.address() as net.AddressInfo).port;
    plain = http.createServer((_req, res) => {
      res.writeHead(301, { location: `https://${host}:${securePort}/`, 'set-cookie': 'sessionid=abc123; Path=/; HttpOnly; SameSite=Lax' });
      res.end();
    });
    await new Promise<void>((r) => plain.listen(0, host, () => r()));
    results = await runAdHoc({ url: `http://${host}:${(plain.address() as net.AddressInfo).port}/` }, host, { speed: 'polite', timeoutMs: 2000 });
  }, 60_000);
  afterAll(async () => {
    plain?.closeAllConnections();
    secure?.closeAllConnections();
    await new Promise((r) => plain?.close(r));
    await new Promise((r) => secure?.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports the missing Secure once, and no fingerprint twice', () => {
    const cookie = results.results.filter((r) => r.checkId === 'http.cookie.insecure' && r.outcome === 'fail');
    expect(cookie.filter((r) => r.evidence.discriminator === 'sessionid:noSecure')).toHaveLength(1);
    const fingerprints = results.results.map((r) => r.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});
