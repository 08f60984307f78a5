import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServerChain } from '../pki/index.js';
import type { StartDemo } from './types.js';

/** The demo's CA file (written into the demo folder; the demo inventory lists it in trust.caFiles). */
export const HTTP_DEMO_CA_FILE = 'http-demo-ca.pem';

function listen(server: http.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * Two loopback web sites for `attt demo`: a header-less legacy portal (old Apache and PHP
 * banners from a CentOS build, a session cookie without flags, plain HTTP only) and a
 * well-configured HTTPS portal (certificate from the demo CA, every recommended header).
 */
export const startHttpDemo: StartDemo = async (opts) => {
  const legacy = http.createServer((req, res) => {
    res.setHeader('Server', 'Apache/2.2.15 (CentOS)');
    res.setHeader('X-Powered-By', 'PHP/5.4.16');
    res.setHeader('Set-Cookie', 'PHPSESSID=demo0123456789; path=/');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end('<!doctype html><html lang="vi"><head><title>Cổng thông tin (cũ)</title><script src="http://cdn.example.com/jquery-1.7.js"></script></head><body>Cổng thông tin Sở LĐTBXH</body></html>');
  });

  const chain = createServerChain([opts.host, 'localhost'], { organization: 'attt demo' });
  fs.writeFileSync(path.join(opts.dir, HTTP_DEMO_CA_FILE), chain.root.certPem);
  // TLS as Mozilla's intermediate profile (6.0) asks: TLS 1.2+ and only ECDHE with AEAD suites.
  const modernTls = {
    minVersion: 'TLSv1.2' as const,
    ecdhCurve: 'X25519:prime256v1:secp384r1',
    ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305',
  };
  const modern = https.createServer({ key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem, ...modernTls }, (req, res) => {
    res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    res.setHeader('Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Set-Cookie', '__Host-session=demo; Path=/; Secure; HttpOnly; SameSite=Lax');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end('<!doctype html><html lang="vi"><head><title>Cổng dịch vụ công</title><script src="/app.js"></script></head><body>Cổng dịch vụ công trực tuyến</body></html>');
  });

  const legacyPort = await listen(legacy, opts.host);
  const modernPort = await listen(modern as unknown as http.Server, opts.host);
  return {
    systems: [
      { unit: 'nguoi-co-cong', system: { id: 'cong-ttdt-cu', name: 'Cổng thông tin (cũ)', level: 2, targets: [{ url: `http://${opts.host}:${legacyPort}/` }] } },
      { unit: 'van-phong', system: { id: 'cong-dvc', name: 'Cổng dịch vụ công trực tuyến', level: 3, targets: [{ url: `https://${opts.host}:${modernPort}/` }] } },
    ],
    files: [HTTP_DEMO_CA_FILE],
    caFiles: [path.join(opts.dir, HTTP_DEMO_CA_FILE)],
    stop: async () => {
      await Promise.all([close(legacy), close(modern as unknown as http.Server)]);
    },
  };
};
