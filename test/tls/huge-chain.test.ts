import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate } from '../../src/pki/certs.js';
import { run as oversizedChain } from '../../checks/tls/cert.oversized-chain.js';
import { startRawTlsServer, type RunningServer } from './fixtures/raw-server.js';
import { scanLocal } from './fixtures/servers.js';

/**
 * Point 11 of the hardening issue: a server sending a huge certificate chain is still reported
 * as offering its protocols, and the chain is its own finding (tls.cert.oversized-chain),
 * read within a bounded budget.
 */
const leaf = createCertificate({ commonName: 'localhost', altNames: ['localhost'] });
const der = Buffer.from(leaf.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const TLS12 = { 0x0303: [0xc02f, 0x009c], 0x0302: [0x002f] };

describe('huge certificate chains', () => {
  const servers: Record<string, RunningServer> = {};
  beforeAll(async () => {
    servers.thousand = await startRawTlsServer({ chain: Array.from({ length: 1000 }, () => der), versions: TLS12 });
    // One certificate of about 436 KB (a DER blob padded into the list: the parser never decodes it).
    servers.oneHuge = await startRawTlsServer({ chain: [Buffer.concat([der, Buffer.alloc(436 * 1024, 0x41)])], versions: TLS12 });
    servers.forty = await startRawTlsServer({ chain: Array.from({ length: 40 }, () => der), versions: TLS12 });
    servers.normal = await startRawTlsServer({ chain: [der], versions: TLS12 });
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s.close();
  });

  it.each([
    ['1,000 certificates', 'thousand'],
    ['one 436 KB certificate', 'oneHuge'],
  ])('%s: TLS 1.2 and 1.1 reported as offered, with their suites; the chain is a finding of its own', async (_name, key) => {
    const obs = await scanLocal(servers[key].port, { timeoutMs: 5000 });
    expect(obs.protocols['TLSv1.2']).toBe(true);
    expect(obs.protocols['TLSv1.1']).toBe(true);
    expect(obs.ciphers['TLSv1.2']).toEqual(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_GCM_SHA256']);
    expect(obs.certificateChainTooLarge?.bytes).toBeGreaterThan(obs.certificateChainTooLarge!.limit!);
    // Bounded: nothing larger than the flight budget was kept.
    expect(JSON.stringify(obs).length).toBeLessThan(256 * 1024);
    const verdict = oversizedChain(obs, {} as never);
    expect(verdict.outcome).toBe('fail');
  });

  it('40 certificates within the byte budget: counted, flagged, and the first ones still analysed', async () => {
    const obs = await scanLocal(servers.forty.port);
    expect(obs.protocols['TLSv1.2']).toBe(true);
    expect(obs.certificateChainTooLarge).toMatchObject({ certificates: 40 });
    expect(obs.certificate.length).toBeGreaterThan(0);
    expect(oversizedChain(obs, {} as never).outcome).toBe('fail');
  });

  it('a one-certificate chain passes', async () => {
    const obs = await scanLocal(servers.normal.port);
    expect(obs.certificateChainTooLarge).toBeUndefined();
    expect(oversizedChain(obs, {} as never).outcome).toBe('pass');
  });
});
