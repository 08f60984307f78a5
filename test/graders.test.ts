/** Graders run after judging: the TLS caps follow the checks' verdicts, as data; broken data fails loudly. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_LOADERS } from '../checks/index.js';
import { loadScoringModel } from '../src/graders/http-score.js';
import { checkIdsOfCaps, loadGradeCaps } from '../src/graders/tls-caps.js';
import { gradeTls } from '../src/graders/tls-grade.js';
import type { Verdict } from '../src/graders/verdict.js';
import type { TlsFacts } from '../src/observations/tls/types.js';

const RSA_GCM = { code: 'c02f', kx: 'ECDHE_RSA', au: 'RSA', enc: 'AESGCM', bits: 128, mac: 'AEAD', aead: true, forwardSecrecy: true, anonymous: false, export: false, strength: 'strong' } as const;
const RC4 = { code: '0005', kx: 'RSA', au: 'RSA', enc: 'RC4', bits: 128, mac: 'SHA1', aead: false, forwardSecrecy: false, anonymous: false, export: false, strength: 'insecure' } as const;

function facts(withRc4: boolean): TlsFacts {
  const suites12 = ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', ...(withRc4 ? ['TLS_RSA_WITH_RC4_128_SHA'] : [])];
  return {
    schema: 'attt.tls/1', host: 'portal.example', address: '127.0.0.1', port: 443,
    protocols: { SSLv2: false, SSLv3: false, TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': false },
    ciphers: { 'TLSv1.2': suites12 }, suites: { TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: RSA_GCM, TLS_RSA_WITH_RC4_128_SHA: RC4 },
    serverCipherOrder: {}, groups: ['x25519'], dhBits: null, dhBitsBySuite: {}, secureRenegotiation: true, fallbackScsv: 'supported', ocspStapled: true,
    certificate: [{
      subject: 'CN=portal.example', issuer: 'CN=CA', serialNumber: '01', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', keyType: 'RSA', keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption', signatureHash: 'sha256', subjectAltNames: ['DNS:portal.example'], selfSigned: false, isCA: false, fingerprintSha256: 'AA',
    }],
    certificateSource: 'handshake', trusted: true, chainComplete: true, hostnameMatches: true, hostnameChecked: 'portal.example', probeErrors: [], handshakes: 3, durationMs: 1,
  };
}

describe('TLS grade caps (checks/data/tls-grade-caps.yaml)', () => {
  it('name only registered checks', () => {
    const ids = checkIdsOfCaps(loadGradeCaps());
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(Object.keys(CHECK_LOADERS), id).toContain(id);
  });

  it('follow the check that decides them: the same facts carry the RC4 cap only when tls.cipher.rc4 failed', () => {
    const rc4Failed: Verdict[] = [{ checkId: 'tls.cipher.rc4', outcome: 'fail', messageId: 'offered' }];
    const judgedOk = gradeTls(facts(true), [{ checkId: 'tls.cipher.rc4', outcome: 'pass' }]);
    expect(judgedOk.gradeCaps.map((c) => c.rule)).not.toContain('rc4');
    const judgedBad = gradeTls(facts(true), rc4Failed);
    expect(judgedBad.gradeCaps.find((c) => c.rule === 'rc4')).toMatchObject({ cap: 'B', text: { en: 'RC4 offered' } });
    expect(judgedBad.score).toEqual(judgedOk.score);
  });

  it('apply a cap only for the named message or evidence when the data says so', () => {
    const sha1: Verdict[] = [{ checkId: 'tls.cert.weak-signature', outcome: 'fail', messageId: 'weak', evidence: { signatureAlgorithm: 'sha1WithRSAEncryption' } }];
    const md5: Verdict[] = [{ checkId: 'tls.cert.weak-signature', outcome: 'fail', messageId: 'weak', evidence: { signatureAlgorithm: 'md5WithRSAEncryption' } }];
    expect(gradeTls(facts(false), sha1).gradeCaps.map((c) => c.rule)).toEqual(['sha1-signature']);
    expect(gradeTls(facts(false), sha1).grade).toBe('T');
    expect(gradeTls(facts(false), md5).gradeCaps.map((c) => c.rule)).toEqual(['md5-signature']);
    expect(gradeTls(facts(false), md5).grade).toBe('F');
    const someFs: Verdict[] = [{ checkId: 'tls.cipher.no-forward-secrecy', outcome: 'fail', messageId: 'some' }];
    expect(gradeTls(facts(false), someFs).gradeCaps).toEqual([]);
  });

  it('reject a caps file with an unknown fact, naming the file and the place', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-caps-'));
    const file = path.join(dir, 'caps.yaml');
    fs.writeFileSync(file, 'caps:\n  - { rule: x, cap: B, when: [{ fact: no-such-fact }], text: { vi: a, en: a }, fix: { vi: b, en: b } }\n');
    expect(() => loadGradeCaps(file)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: caps\\.0\\.when\\.0`));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('HTTP score modifiers (checks/data/http-score-modifiers.yaml)', () => {
  it('hold the Observatory table the score is computed from', () => {
    const model = loadScoringModel();
    expect(model.model).toBe('mdn-http-observatory-1.4.8/algorithm-4');
    expect(model.extraCreditFrom).toBe(90);
    expect(model.modifiers['csp-not-implemented']).toBe(-25);
    expect(model.modifiers['cross-origin-resource-sharing-implemented-with-universal-access']).toBe(-50);
    expect(Object.keys(model.modifiers).length).toBeGreaterThan(60);
  });
});
