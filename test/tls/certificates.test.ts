import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate, createServerChain, type CertificateOptions } from '../../src/pki/certs.js';
import type { TlsObservation } from '../../src/observations/tls/types.js';
import { TLS_CHECKS } from '../../checks/tls/index.js';
import type { Check } from '../../src/checks/define.js';
import { makeContext } from '../helpers/check-tester.js';
import { scanLocal, startNodeTlsServer, type NodeServer } from './fixtures/servers.js';

const DAY = 86_400_000;
const root = createServerChain(['localhost']);
const otherRoot = createCertificate({ commonName: 'Unknown Root CA', isCA: true });

/** One certificate problem per server; every server otherwise well configured (TLS 1.2+). */
function leafWith(opts: Partial<CertificateOptions>) {
  return createCertificate({ commonName: 'localhost', altNames: ['localhost'], issuer: root.intermediate, extKeyUsage: ['serverAuth'], ...opts });
}
const now = Date.now();
const CASES: Record<string, { cert: string; key: string; expect: string[]; seclevel0?: boolean }> = {};
function add(name: string, leaf: { certPem: string; keyPem: string }, chain: string[], expectIds: string[], seclevel0 = false) {
  CASES[name] = { cert: leaf.certPem + chain.join(''), key: leaf.keyPem, expect: expectIds, seclevel0 };
}
const good = leafWith({});
add('good', good, [root.intermediate.certPem], []);
add('expired', leafWith({ notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 2 * DAY) }), [root.intermediate.certPem], ['tls.cert.expired']);
add('not-yet-valid', leafWith({ notBefore: new Date(now + 5 * DAY), notAfter: new Date(now + 90 * DAY) }), [root.intermediate.certPem], ['tls.cert.not-yet-valid']);
add('expiring-soon', leafWith({ notAfter: new Date(now + 10 * DAY) }), [root.intermediate.certPem], ['tls.cert.expiring-soon']);
const selfSigned = createCertificate({ commonName: 'localhost', altNames: ['localhost'] });
add('self-signed', selfSigned, [], ['tls.cert.self-signed']);
const foreignLeaf = createCertificate({ commonName: 'localhost', altNames: ['localhost'], issuer: otherRoot });
add('untrusted', foreignLeaf, [otherRoot.certPem], ['tls.cert.untrusted']);
add('hostname-mismatch', leafWith({ commonName: 'other.example', altNames: ['other.example', '*.example.org'] }), [root.intermediate.certPem], ['tls.cert.hostname-mismatch']);
add('weak-key', leafWith({ keyBits: 1024 }), [root.intermediate.certPem], ['tls.cert.weak-key'], true);
add('weak-signature', leafWith({ hash: 'sha1' }), [root.intermediate.certPem], ['tls.cert.weak-signature'], true);
add('chain-incomplete', good, [], ['tls.cert.chain-incomplete', 'tls.cert.untrusted']);

const CERT_IDS = Object.keys(TLS_CHECKS).filter((id) => id.startsWith('tls.cert.') && id !== 'tls.cert.ocsp-stapling-missing');

describe('certificate analysis against real servers (node-forge certificates made at test time)', () => {
  const servers: NodeServer[] = [];
  const observations: Record<string, TlsObservation> = {};
  const checks: Record<string, Check> = {};
  beforeAll(async () => {
    for (const id of CERT_IDS) checks[id] = (await TLS_CHECKS[id]()) as Check;
    await Promise.all(
      Object.entries(CASES).map(async ([name, c]) => {
        const server = await startNodeTlsServer({ key: c.key, cert: c.cert, ...(c.seclevel0 ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}) });
        servers.push(server);
        observations[name] = await scanLocal(server.port, { trustedCAs: [root.root.certPem] });
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: fires ${c.expect.join(', ') || 'no certificate check'} and nothing else`, () => {
      const obs = observations[name];
      const context = makeContext({ now: new Date(), options: { expiringDays: 30 }, family: 'tls' });
      const fired = CERT_IDS.filter((id) => {
        const out = checks[id].run(obs, context);
        return (Array.isArray(out) ? out : [out]).some((r) => r.outcome === 'fail');
      });
      expect(fired.sort()).toEqual([...c.expect].sort());
    });
  }

  it('records the facts behind the verdicts', () => {
    expect(observations.good).toMatchObject({ trusted: true, chainComplete: true, hostnameMatches: true });
    expect(observations['weak-key'].certificate[0]).toMatchObject({ keyType: 'RSA', keyBits: 1024 });
    expect(observations['weak-signature'].certificate[0].signatureAlgorithm).toBe('sha1WithRSAEncryption');
    expect(observations['self-signed']).toMatchObject({ trusted: false, trustError: 'self-signed' });
    expect(observations['self-signed'].certificate[0].selfSigned).toBe(true);
    expect(observations.untrusted).toMatchObject({ trusted: false, trustError: 'untrusted-root', chainComplete: true });
    expect(observations['chain-incomplete']).toMatchObject({ trusted: false, chainComplete: false, trustError: 'issuer-not-found' });
    expect(observations['chain-incomplete'].certificate).toHaveLength(1);
    expect(observations.expired.grade).toBe('T');
    expect(observations['hostname-mismatch'].grade).toBe('M');
    expect(observations.good.grade).toBe('A');
  });

  it('checks an IP address against IP SANs', async () => {
    const ipLeaf = leafWith({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] });
    const server = await startNodeTlsServer({ key: ipLeaf.keyPem, cert: ipLeaf.certPem + root.intermediate.certPem });
    try {
      const obs = await scanLocal(server.port, { host: '127.0.0.1', trustedCAs: [root.root.certPem] });
      expect(obs.sni).toBeUndefined();
      expect(obs.hostnameMatches).toBe(true);
      const wrong = await scanLocal(server.port, { host: '127.0.0.2', trustedCAs: [root.root.certPem] });
      expect(wrong.hostnameMatches).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('matches wildcard names and sends SNI', async () => {
    const wild = leafWith({ commonName: '*.so.example', altNames: ['*.so.example'] });
    const server = await startNodeTlsServer({
      key: good.keyPem,
      cert: good.certPem + root.intermediate.certPem,
      SNICallback: (name, cb) => {
        // Serve the wildcard certificate only to clients that ask for a name under so.example.
        cb(null, name.endsWith('.so.example') ? tls.createSecureContext({ key: wild.keyPem, cert: wild.certPem + root.intermediate.certPem }) : undefined);
      },
    });
    try {
      const obs = await scanLocal(server.port, { host: 'mail.so.example', trustedCAs: [root.root.certPem] });
      expect(obs.sni).toBe('mail.so.example');
      expect(obs.certificate[0].subjectAltNames).toEqual(['DNS:*.so.example']);
      expect(obs.hostnameMatches).toBe(true);
      const deeper = await scanLocal(server.port, { host: 'a.b.so.example', trustedCAs: [root.root.certPem] });
      expect(deeper.hostnameMatches).toBe(false);
    } finally {
      await server.close();
    }
  });
});
