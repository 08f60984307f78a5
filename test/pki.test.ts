import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCertificate, createServerChain } from '../src/pki/certs.js';

describe('pki certificates', () => {
  it('issues a verifiable three-level chain with SANs', () => {
    const { root, intermediate, leaf } = createServerChain(['demo.example', '127.0.0.1']);
    const r = new X509Certificate(root.certPem);
    const i = new X509Certificate(intermediate.certPem);
    const l = new X509Certificate(leaf.certPem);
    expect(i.verify(r.publicKey)).toBe(true);
    expect(l.verify(i.publicKey)).toBe(true);
    expect(l.verify(r.publicKey)).toBe(false);
    expect(l.subjectAltName).toContain('DNS:demo.example');
    expect(l.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(r.ca).toBe(true);
    expect(l.ca).toBe(false);
  });

  it('honours validity dates, key size and weak digests for fixtures', () => {
    const expired = createCertificate({ commonName: 'old', notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01'), keyBits: 1024, hash: 'sha1' });
    const x = new X509Certificate(expired.certPem);
    expect(new Date(x.validTo).getUTCFullYear()).toBe(2021);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
    expect(expired.cert.siginfo.algorithmOid).toBe('1.2.840.113549.1.1.5'); // sha1WithRSAEncryption
  });

  it('encodes every serial number as a positive, minimal DER INTEGER that OpenSSL accepts', () => {
    // A serial with a redundant leading zero byte is refused by OpenSSL ("illegal padding"),
    // which once broke the demo's HTTPS server at random; 64 certificates make a regression certain.
    const keyPem = createCertificate({ commonName: 'k', keyBits: 1024 }).keyPem;
    for (let n = 0; n < 64; n++) {
      const x = new X509Certificate(createCertificate({ commonName: `serial-${n}`, keyPem }).certPem);
      expect(x.serialNumber).toMatch(/^01[0-9A-F]{24}$/i);
    }
  });
});
