import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate } from '../../src/pki/certs.js';
import { isToolkitError } from '../../src/errors.js';
import { suiteByCode, suiteTable } from '../../src/observations/tls/suites.js';
import { startRawTlsServer, type RawServerConfig, type RunningServer } from './fixtures/raw-server.js';
import { gnutlsPrioritySuites } from './fixtures/truth.js';
import { freePort, scanLocal, startProcess, waitForPort } from './fixtures/servers.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const leaf = createCertificate({ commonName: 'localhost', altNames: ['localhost'] });
const der = Buffer.from(leaf.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const names = (codes: number[]) => codes.map((c) => suiteByCode(c)!.name);
const sslv2Names = (kinds: number[]) => kinds.map((k) => suiteTable().sslv2.find((s) => parseInt(s.code, 16) === k)!.name);

// What nothing maintained serves: the fixture configuration is the truth.
const LEGACY: RawServerConfig = {
  chain: [der],
  sslv2: [0x010080, 0x020080, 0x0700c0],
  versions: {
    0x0300: [0x0005, 0x0004, 0x0003, 0x000a, 0x0002],
    0x0301: [0x0005, 0x0014, 0x0018, 0x0034, 0x0001, 0xc011, 0x0008],
  },
  secureRenegotiation: false,
  fallbackScsv: false,
  dhBits: 512,
};

describe('handshake engine against raw responders (SSL 2.0/3.0, RC4, EXPORT, NULL, anonymous)', () => {
  let legacy: RunningServer;
  let clientOrder: RunningServer;
  beforeAll(async () => {
    legacy = await startRawTlsServer(LEGACY);
    clientOrder = await startRawTlsServer({ chain: [der], serverOrder: false, versions: { 0x0303: [0x009c, 0x002f, 0xc02f], 0x0302: [0x002f] } });
  });
  afterAll(async () => {
    await legacy?.close();
    await clientOrder?.close();
  });

  it('finds SSL 2.0 and SSL 3.0 and every configured suite, in the server order', async () => {
    const obs = await scanLocal(legacy.port);
    expect(obs.protocols).toEqual({ SSLv2: true, SSLv3: true, TLSv1: true, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false });
    expect(obs.ciphers.SSLv2).toEqual(sslv2Names(LEGACY.sslv2!));
    expect(obs.ciphers.SSLv3).toEqual(names(LEGACY.versions![0x0300]!));
    expect(obs.ciphers.TLSv1).toEqual(names(LEGACY.versions![0x0301]!));
    expect(obs.serverCipherOrder.SSLv3).toBe(true);
    expect(obs.dhBits).toBe(512);
    expect(obs.secureRenegotiation).toBe(false);
    expect(obs.fallbackScsv).toBe('missing');
    expect(obs.suites['TLS_RSA_EXPORT_WITH_RC4_40_MD5']).toMatchObject({ export: true, enc: 'RC4' });
    expect(obs.suites['TLS_DH_anon_WITH_RC4_128_MD5']).toMatchObject({ anonymous: true });
    expect(obs.suites['TLS_RSA_WITH_NULL_MD5']).toMatchObject({ enc: 'None' });
    expect(obs.grade).toBe('F');
    expect(obs.gradeCaps.filter((c) => c.binding).map((c) => c.rule)).toEqual(expect.arrayContaining(['sslv2', 'export', 'anonymous']));
  });

  it('records client order when the server follows the client', async () => {
    const obs = await scanLocal(clientOrder.port);
    expect(obs.ciphers['TLSv1.2']).toEqual(names([0x002f, 0x009c, 0xc02f]));
    expect(obs.serverCipherOrder['TLSv1.2']).toBe(false);
    expect(obs.protocols['TLSv1.1']).toBe(true);
    expect(obs.fallbackScsv).toBe('supported');
    expect(obs.secureRenegotiation).toBe(true);
  });
});

describe('handshake engine against gnutls-serv (3DES, static RSA; truth: gnutls-cli -l)', () => {
  const priority = 'NONE:+VERS-TLS1.2:+VERS-TLS1.0:+RSA:+3DES-CBC:+AES-128-CBC:+SHA1:+COMP-NULL:+SIGN-ALL:+CTYPE-X509';
  let stop: (() => Promise<void>) | undefined;
  let port = 0;
  let dir = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-gnutls-'));
    fs.writeFileSync(path.join(dir, 'cert.pem'), leaf.certPem);
    fs.writeFileSync(path.join(dir, 'key.pem'), leaf.keyPem);
    port = await freePort();
    // gnutls-serv binds every address; only 127.0.0.1 is ever contacted.
    stop = startProcess('gnutls-serv', ['--port', String(port), '--x509certfile', path.join(dir, 'cert.pem'), '--x509keyfile', path.join(dir, 'key.pem'), '--priority', priority, '--echo']).stop;
    await waitForPort(port);
  });
  afterAll(async () => {
    await stop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds exactly the suites GnuTLS lists for its priority string, on TLS 1.0 and 1.2 only', async () => {
    const truth = await gnutlsPrioritySuites(priority);
    expect(truth).toEqual([0x000a, 0x002f]);
    const obs = await scanLocal(port);
    expect(obs.protocols).toEqual({ SSLv2: false, SSLv3: false, TLSv1: true, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': false });
    expect([...obs.ciphers['TLSv1.2']!].sort()).toEqual(names(truth).sort());
    expect([...obs.ciphers.TLSv1!].sort()).toEqual(names(truth).sort());
    expect(obs.gradeCaps.map((c) => c.rule)).toEqual(expect.arrayContaining(['no-forward-secrecy', 'sweet32', 'tls1.0-1.1']));
    expect(obs.gradeIgnoringTrust).toBe('C');
    expect(obs.grade).toBe('T');
  });
});

describe('hostile servers give a clear error, never a crash or hang', () => {
  const modes = ['garbage', 'silent', 'truncated', 'oversized', 'reset', 'reset-mid', 'http', 'huge-handshake'] as const;
  const expected: Record<(typeof modes)[number], RegExp> = {
    garbage: /NOT_TLS|BAD|UNEXPECTED/,
    silent: /ATTT_SCAN_TIMEOUT/,
    truncated: /TRUNCATED/,
    oversized: /OVERSIZED/,
    reset: /ATTT_TLS_NO_PROTOCOL/,
    'reset-mid': /TRUNCATED/,
    http: /NOT_TLS/,
    'huge-handshake': /OVERSIZED/,
  };
  for (const mode of modes) {
    it(`${mode}: error with a reason`, async () => {
      const server = await startRawTlsServer({ chain: [der], versions: { 0x0303: [0xc02f] }, mode });
      try {
        const error = await scanLocal(server.port, { timeoutMs: 400 }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isToolkitError(error), String(error)).toBe(true);
        if (isToolkitError(error)) {
          expect(error.code).toMatch(expected[mode]);
          expect(error.text.en).toContain(`127.0.0.1:${server.port}`);
          expect(error.text.vi.length).toBeGreaterThan(10);
        }
      } finally {
        await server.close();
      }
    });
  }

  it('a closed port is unreachable', async () => {
    const port = await freePort();
    await expect(scanLocal(port, { timeoutMs: 400 })).rejects.toMatchObject({ code: 'ATTT_TARGET_UNREACHABLE' });
  });

  it('stops when the scan is aborted', async () => {
    const server = await startRawTlsServer({ versions: { 0x0303: [0xc02f] }, mode: 'silent' });
    try {
      const controller = new AbortController();
      const pending = scanLocal(server.port, { timeoutMs: 60_000, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toBeDefined();
    } finally {
      await server.close();
    }
  });
});
