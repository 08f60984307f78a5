import crypto from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerChain } from '../../src/pki/certs.js';
import { suiteByCode } from '../../src/observations/tls/suites.js';
import type { TlsObservation } from '../../src/observations/tls/types.js';
import { scanLocal, startNodeTlsServer, type NodeServer } from './fixtures/servers.js';
import { opensslSuites, opensslTls13Suites } from './fixtures/truth.js';

/** PKCS#3 PEM of the 1024-bit MODP group 2 (RFC 2409), so a legacy fixture serves weak DHE without generating parameters. */
function modp2DhParamsPem(): string {
  const dh = crypto.getDiffieHellman('modp2');
  const int = (b: Buffer) => forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, (b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b).toString('binary'));
  const seq = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [int(dh.getPrime()), int(dh.getGenerator())]);
  const der = Buffer.from(forge.asn1.toDer(seq).getBytes(), 'binary');
  return `-----BEGIN DH PARAMETERS-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END DH PARAMETERS-----\n`;
}

const chain = createServerChain(['localhost']);

describe('handshake engine against OpenSSL servers (truth: openssl s_client)', () => {
  let modern: NodeServer;
  let legacy: NodeServer;
  let modernObs: TlsObservation;
  let legacyObs: TlsObservation;

  beforeAll(async () => {
    modern = await startNodeTlsServer({ key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem });
    legacy = await startNodeTlsServer({
      key: chain.leaf.keyPem,
      cert: chain.leaf.certPem + chain.intermediate.certPem,
      minVersion: 'TLSv1',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA:AES128-SHA:AES256-GCM-SHA384:ADH-AES128-SHA:@SECLEVEL=0',
      dhparam: modp2DhParamsPem(),
      honorCipherOrder: true,
    });
    [modernObs, legacyObs] = await Promise.all([scanLocal(modern.port, { trustedCAs: [chain.root.certPem] }), scanLocal(legacy.port, { trustedCAs: [chain.root.certPem] })]);
  });
  afterAll(async () => {
    await modern?.close();
    await legacy?.close();
  });

  it('finds exactly the protocols OpenSSL negotiates on a default Node server', () => {
    expect(modernObs.protocols).toEqual({ SSLv2: false, SSLv3: false, TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
  });

  it('lists the same TLS 1.2 suites, in the same server order, as s_client elimination', async () => {
    const truth = await opensslSuites(modern.port, 'TLSv1.2');
    expect(truth.length).toBeGreaterThan(3);
    expect(modernObs.ciphers['TLSv1.2']).toEqual(truth);
    expect(modernObs.serverCipherOrder['TLSv1.2']).toBe(true);
  });

  it('lists the same TLS 1.3 suites as s_client', async () => {
    const truth = await opensslTls13Suites(modern.port);
    expect([...(modernObs.ciphers['TLSv1.3'] ?? [])].sort()).toEqual([...truth].sort());
  });

  it('finds TLS 1.0/1.1 and the legacy suites exactly as s_client does, per protocol', async () => {
    expect(legacyObs.protocols).toMatchObject({ SSLv3: false, TLSv1: true, 'TLSv1.1': true, 'TLSv1.2': true });
    for (const p of ['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const) {
      const truth = await opensslSuites(legacy.port, p);
      expect(legacyObs.ciphers[p], p).toEqual(truth);
    }
    expect(legacyObs.ciphers['TLSv1']).toContain('TLS_DH_anon_WITH_AES_128_CBC_SHA');
  });

  it('measures the DH group of DHE suites', () => {
    expect(legacyObs.dhBits).toBe(1024);
    expect(legacyObs.dhBitsBySuite['TLS_DHE_RSA_WITH_AES_128_CBC_SHA']).toBe(1024);
    expect(modernObs.dhBits).toBeNull();
  });

  it('detects the groups, secure renegotiation and fallback SCSV of OpenSSL', () => {
    expect(modernObs.groups.slice(0, 2)).toEqual(['x25519', 'secp256r1']);
    expect(modernObs.groups).toContain('secp384r1');
    expect(modernObs.groupsProbedWith).toBe('TLSv1.3');
    expect(modernObs.secureRenegotiation).toBe(true);
    expect(modernObs.fallbackScsv).toBe('supported');
    expect(legacyObs.fallbackScsv).toBe('supported');
  });

  it('reads the chain as sent and trusts it through trust.caFiles', () => {
    expect(modernObs.certificateSource).toBe('handshake');
    expect(modernObs.certificate.map((c) => c.subject)).toEqual(['CN=localhost', 'CN=attt Test Intermediate CA, O=attt']);
    expect(modernObs.trusted).toBe(true);
    expect(modernObs.chainComplete).toBe(true);
    expect(modernObs.hostnameMatches).toBe(true);
    expect(modernObs.certificate[0]).toMatchObject({ keyType: 'RSA', keyBits: 2048, signatureAlgorithm: 'sha256WithRSAEncryption', subjectAltNames: ['DNS:localhost'], selfSigned: false });
  });

  it('grades: default Node server A, legacy server capped by anonymous suites with the fix named', () => {
    expect(modernObs.grade).toBe('A');
    expect(legacyObs.grade).toBe('F');
    const binding = legacyObs.gradeCaps.filter((c) => c.binding).map((c) => c.rule);
    expect(binding).toContain('anonymous');
    expect(legacyObs.gradeCaps.find((c) => c.rule === 'tls1.0-1.1')).toMatchObject({ cap: 'B' });
  });

  it('fetches the chain with node:tls when only TLS 1.3 is spoken', async () => {
    const only13 = await startNodeTlsServer({ key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem, minVersion: 'TLSv1.3' });
    try {
      const obs = await scanLocal(only13.port, { trustedCAs: [chain.root.certPem] });
      expect(obs.protocols).toEqual({ SSLv2: false, SSLv3: false, TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': true });
      expect(obs.certificateSource).toBe('node-tls');
      expect(obs.certificate[0].subject).toBe('CN=localhost');
      expect(obs.trusted).toBe(true);
      expect(obs.secureRenegotiation).toBeNull();
      expect(obs.fallbackScsv).toBe('not-applicable');
    } finally {
      await only13.close();
    }
  });

  it('names every suite it reports from the IANA table', () => {
    for (const names of Object.values(legacyObs.ciphers)) for (const n of names ?? []) expect(legacyObs.suites[n]?.code, n).toBeDefined();
    expect(suiteByCode(0x002f)?.name).toBe('TLS_RSA_WITH_AES_128_CBC_SHA');
  });
});
