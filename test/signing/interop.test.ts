import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadP12, signFile, verifyFile } from '../../src/signing/index.js';
import { CA_NAME, openssl, SIGNER_NAME, TestPki, type Issued, type KeyKind } from './pki.js';

/**
 * Interoperability with OpenSSL, both ways, for every signature scheme: what attt signs,
 * `openssl cms -verify` accepts; what `openssl cms -sign` makes, attt verifies. CA and signer
 * names are Vietnamese (UTF8String), the case that once made the issuer name unreadable.
 */
let dir: string;
let pki: TestPki;
let report: string;
const signers: Partial<Record<KeyKind, Issued>> = {};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-interop-'));
  pki = new TestPki(path.join(dir, 'pki'));
  for (const kind of ['rsa', 'ec256', 'ec384'] as const) signers[kind] = pki.issue(kind, { kind });
  report = path.join(dir, 'bao-cao.html');
  fs.writeFileSync(report, '<!DOCTYPE html><p>Báo cáo kết quả kiểm tra, đánh giá an toàn thông tin</p>\n'.repeat(40));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cases: Array<{ label: string; kind: KeyKind; pss: boolean }> = [
  { label: 'RSA PKCS#1 v1.5', kind: 'rsa', pss: false },
  { label: 'RSA-PSS', kind: 'rsa', pss: true },
  { label: 'ECDSA P-256', kind: 'ec256', pss: false },
  { label: 'ECDSA P-384', kind: 'ec384', pss: false },
];

describe.each(cases)('$label', ({ kind, pss, label }) => {
  it('attt signs, openssl cms -verify accepts (issuer and serial found byte for byte)', async () => {
    const key = await loadP12(signers[kind]!.p12, 'demo', { pss });
    const sigPath = path.join(dir, `attt-${label.replace(/\W+/g, '')}.p7s`);
    const r = await signFile(report, { key, sigPath });
    expect(r.signer).toContain(SIGNER_NAME);
    const out = openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigPath, '-content', report, '-CAfile', pki.caCert, '-purpose', 'any', '-out', '/dev/null'], { cwd: dir });
    expect(out.toString()).toBe('');
    const printed = openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', sigPath], { cwd: dir }).toString();
    expect(printed).toContain(pss ? 'rsassaPss' : kind === 'rsa' ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256');
  });

  it('openssl cms -sign signs, attt verifies against the CA', async () => {
    const sigPath = path.join(dir, `openssl-${label.replace(/\W+/g, '')}.p7s`);
    const s = signers[kind]!;
    const keyopt = pss ? ['-keyopt', 'rsa_padding_mode:pss'] : [];
    openssl(['cms', '-sign', '-binary', '-in', report, '-signer', s.cert, '-inkey', s.key, '-certfile', pki.caCert, '-md', 'sha256', '-outform', 'DER', '-out', sigPath, ...keyopt], { cwd: dir });
    const v = await verifyFile(report, { sigPath, caFiles: [pki.caCert] });
    expect(v.problems).toEqual([]);
    expect(v.status).toBe('valid');
    expect(v.signatures[0].signer?.subject).toContain(`CN=${SIGNER_NAME}`);
    expect(v.signatures[0].signer?.issuer).toContain(`CN=${CA_NAME}`);
  });
});

it('a change of one byte in the report is detected for a signature openssl made', async () => {
  const copy = path.join(dir, 'copy.html');
  fs.copyFileSync(report, copy);
  const s = signers.ec256!;
  openssl(['cms', '-sign', '-binary', '-in', copy, '-signer', s.cert, '-inkey', s.key, '-md', 'sha256', '-outform', 'DER', '-out', `${copy}.p7s`], { cwd: dir });
  const bytes = fs.readFileSync(copy);
  bytes[100] ^= 0x01;
  fs.writeFileSync(copy, bytes);
  const v = await verifyFile(copy, { caFiles: [pki.caCert] });
  expect(v.valid).toBe(false);
  expect(v.problems.map((p) => p.code)).toEqual(['ATTT_VERIFY_DIGEST_MISMATCH']);
});
