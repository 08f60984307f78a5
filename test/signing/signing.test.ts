import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificate } from '../../src/pki/certs.js';
import { createDemoKeys, loadP12, signFile, verifyFile } from '../../src/signing/index.js';
import { openTracker } from '../../src/tracker/db.js';
import { readSignOffs } from '../../src/tracker/signoff.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
let keys: { caPath: string; p12Path: string; passphrase: string };
let report: string;

function writeP12(file: string, cert: ReturnType<typeof createCertificate>, chain: forge.pki.Certificate[], pass: string): string {
  const asn = forge.pkcs12.toPkcs12Asn1(cert.key, [cert.cert, ...chain], pass, { algorithm: '3des' });
  fs.writeFileSync(file, Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary'));
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-sign-'));
  keys = createDemoKeys(path.join(dir, 'keys'));
  report = path.join(dir, 'bao-cao.html');
  fs.writeFileSync(report, '<!DOCTYPE html><p>Báo cáo kết quả kiểm tra, đánh giá an toàn thông tin — bản thử</p>\n'.repeat(50));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('attt keys demo', () => {
  it('makes a CA and a signer whose PKCS#12 opens with passphrase "demo"', () => {
    expect(keys.passphrase).toBe('demo');
    expect(fs.readFileSync(keys.caPath, 'utf8')).toContain('BEGIN CERTIFICATE');
    const signer = loadP12(keys.p12Path, 'demo');
    const ca = forge.pki.certificateFromPem(fs.readFileSync(keys.caPath, 'utf8'));
    expect(ca.verify(signer.cert)).toBe(true);
  });
});

describe('sign and verify', () => {
  it('round trip: a signed report verifies against the CA, with signer and signing time', () => {
    const now = new Date();
    const r = signFile(report, keys.p12Path, 'demo', { now });
    expect(r.sigPath).toBe(`${report}.p7s`);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Vietnamese names travel as UTF8String in the certificate and come back intact.
    expect(r.signer).toContain('Nguyễn Văn An');
    const o = verifyFile(report, { caPath: keys.caPath });
    expect(o.problems).toEqual([]);
    expect(o.status).toBe('valid');
    expect(o.valid).toBe(true);
    expect(o.sha256).toBe(r.sha256);
    expect(o.signer?.subject).toContain('CN=Nguyễn Văn An');
    expect(Math.abs(new Date(o.signedAt!).getTime() - now.getTime())).toBeLessThan(2000);
  });

  it('without --ca the signature is checked but the result says the chain was not', () => {
    signFile(report, keys.p12Path, 'demo');
    const o = verifyFile(report);
    expect(o.valid).toBe(true);
    expect(o.chainChecked).toBe(false);
    expect(o.status).toBe('valid-chain-unchecked');
  });

  it('detects a change of one byte anywhere in the report', () => {
    const copy = path.join(dir, 'tampered.html');
    fs.copyFileSync(report, copy);
    signFile(copy, keys.p12Path, 'demo');
    const bytes = fs.readFileSync(copy);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    fs.writeFileSync(copy, bytes);
    const o = verifyFile(copy, { caPath: keys.caPath });
    expect(o.valid).toBe(false);
    expect(o.problems.map((p) => p.code)).toContain('ATTT_VERIFY_DIGEST_MISMATCH');
  });

  it('detects a tampered signature value', () => {
    const copy = path.join(dir, 'sigtamper.html');
    fs.copyFileSync(report, copy);
    signFile(copy, keys.p12Path, 'demo');
    const sig = fs.readFileSync(`${copy}.p7s`);
    sig[sig.length - 10] ^= 0xff; // inside the RSA signature value (the last field)
    fs.writeFileSync(`${copy}.p7s`, sig);
    const o = verifyFile(copy, { caPath: keys.caPath });
    expect(o.valid).toBe(false);
    expect(o.problems.map((p) => p.code)).toContain('ATTT_VERIFY_BAD_SIGNATURE');
  });

  it('rejects a signer that does not chain to the given CA (wrong CA)', () => {
    signFile(report, keys.p12Path, 'demo');
    const other = createDemoKeys(path.join(dir, 'other-keys'));
    const o = verifyFile(report, { caPath: other.caPath });
    expect(o.valid).toBe(false);
    expect(o.status).toBe('invalid');
    expect(o.problems.map((p) => p.code)).toEqual(['ATTT_VERIFY_UNTRUSTED']);
  });

  it('refuses to sign with an expired signer certificate (exit 2), writing no .p7s', () => {
    const ca = createCertificate({ commonName: 'Expired test CA', isCA: true, notBefore: new Date('2019-01-01'), notAfter: new Date('2040-01-01') });
    const leaf = createCertificate({ commonName: 'Expired signer', issuer: ca, notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    const p12 = writeP12(path.join(dir, 'expired.p12'), leaf, [ca.cert], 'pw');
    const file = path.join(dir, 'expired-target.html');
    fs.writeFileSync(file, 'x');
    expect(() => signFile(file, p12, 'pw')).toThrow(expect.objectContaining({ code: 'ATTT_SIGNER_EXPIRED', exitCode: 2 }));
    expect(fs.existsSync(`${file}.p7s`)).toBe(false);
  });

  it('flags a signature whose signing time lies outside the signer certificate validity', () => {
    const ca = createCertificate({ commonName: 'Validity test CA', isCA: true, notBefore: new Date('2019-01-01'), notAfter: new Date('2040-01-01') });
    const leaf = createCertificate({ commonName: 'Short-lived signer', issuer: ca, notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    const file = path.join(dir, 'late.html');
    fs.writeFileSync(file, 'Báo cáo ký muộn');
    // Built with forge directly: signFile itself refuses an expired certificate.
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(fs.readFileSync(file).toString('binary'));
    p7.addCertificate(leaf.cert);
    p7.addSigner({
      key: leaf.key, certificate: leaf.cert, digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.messageDigest },
        { type: forge.pki.oids.signingTime, value: new Date('2022-06-01T00:00:00Z') as unknown as string },
      ],
    });
    p7.sign({ detached: true });
    fs.writeFileSync(`${file}.p7s`, Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary'));
    const caPath = path.join(dir, 'validity-ca.pem');
    fs.writeFileSync(caPath, ca.certPem);
    const o = verifyFile(file, { caPath });
    expect(o.valid).toBe(false);
    expect(o.problems.map((p) => p.code)).toContain('ATTT_VERIFY_SIGNER_NOT_VALID_AT_SIGNING');
  });

  it('a signature made while the certificate was valid still verifies after it expired (validity at signing time)', () => {
    const ca = createCertificate({ commonName: 'Historic CA', isCA: true, notBefore: new Date('2019-01-01'), notAfter: new Date('2040-01-01') });
    const leaf = createCertificate({ commonName: 'Historic signer', issuer: ca, notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    const p12 = writeP12(path.join(dir, 'historic.p12'), leaf, [ca.cert], 'pw');
    const file = path.join(dir, 'historic.html');
    fs.writeFileSync(file, 'Báo cáo năm 2020');
    signFile(file, p12, 'pw', { now: new Date('2020-06-01T00:00:00Z') });
    const caPath = path.join(dir, 'historic-ca.pem');
    fs.writeFileSync(caPath, ca.certPem);
    const o = verifyFile(file, { caPath });
    expect(o.problems).toEqual([]);
    expect(o.signedAt).toBe('2020-06-01T00:00:00.000Z');
  });
});

describe('bad input', () => {
  it('wrong passphrase: a clear error with its own code, exit 2', () => {
    expect(() => signFile(report, keys.p12Path, 'sai-mat-khau')).toThrow(expect.objectContaining({ code: 'ATTT_P12_PASSPHRASE', exitCode: 2 }));
  });
  it('a file that is not a PKCS#12', () => {
    expect(() => signFile(report, report, 'demo')).toThrow(expect.objectContaining({ code: 'ATTT_P12_INVALID', exitCode: 2 }));
  });
  it('a missing signature file', () => {
    const file = path.join(dir, 'unsigned.html');
    fs.writeFileSync(file, 'x');
    expect(() => verifyFile(file)).toThrow(expect.objectContaining({ code: 'ATTT_SIGNATURE_MISSING', exitCode: 2 }));
  });
  it('a signature file that is not PKCS#7', () => {
    const file = path.join(dir, 'garbage.html');
    fs.writeFileSync(file, 'x');
    fs.writeFileSync(`${file}.p7s`, 'not a signature');
    expect(() => verifyFile(file)).toThrow(expect.objectContaining({ code: 'ATTT_SIGNATURE_FORMAT', exitCode: 2 }));
  });
  it('a missing report file', () => {
    expect(() => verifyFile(path.join(dir, 'nope.pdf'))).toThrow(expect.objectContaining({ code: 'ATTT_FILE_MISSING', exitCode: 2 }));
  });
});

describe('sign-off recorded in the tracker', () => {
  it('records who signed, when, and the report hash', () => {
    const db = path.join(dir, 'attt.db');
    const r = signFile(report, keys.p12Path, 'demo', { trackerDb: db });
    const handle = openTracker(db, { readonly: true });
    try {
      const rows = readSignOffs(handle);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ file: 'bao-cao.html', sha256: r.sha256, signer: r.signer });
    } finally {
      handle.close();
    }
  });
});

describe('CLI (real process)', () => {
  it('sign with ATTT_P12_PASSPHRASE, verify 0; tampered → 1; missing signature → 2; no passphrase without a terminal → 2', async () => {
    const file = path.join(dir, 'cli.html');
    fs.writeFileSync(file, '<p>Kết quả</p>');
    const secret = 'Zq9-bi-mat-PW';
    const signer = loadP12(keys.p12Path, 'demo');
    const ca = forge.pki.certificateFromPem(fs.readFileSync(keys.caPath, 'utf8'));
    const p12 = path.join(dir, 'cli-signer.p12');
    fs.writeFileSync(p12, Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(signer.key, [signer.cert, ca], secret, { algorithm: '3des' })).getBytes(), 'binary'));
    const signed = await runCli(['sign', file, '--p12', p12], { env: { ATTT_P12_PASSPHRASE: secret } });
    expect(signed.code).toBe(0);
    expect(signed.stdout + signed.stderr).not.toContain(secret); // the passphrase is never printed
    const wrong = await runCli(['sign', file, '--p12', p12], { env: { ATTT_P12_PASSPHRASE: 'wrong' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Sai mật khẩu');
    const ok = await runCli(['verify', file, '--ca', keys.caPath]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('HỢP LỆ');
    const unchecked = await runCli(['--lang', 'en', 'verify', file]);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toContain('not checked against a trusted CA');
    fs.appendFileSync(file, ' ');
    const bad = await runCli(['--json', 'verify', file, '--ca', keys.caPath]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).status).toBe('invalid');
    const missing = await runCli(['verify', file, '--sig', path.join(dir, 'none.p7s')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Không có tệp chữ ký');
    const noPass = await runCli(['sign', file, '--p12', keys.p12Path], { env: { ATTT_P12_PASSPHRASE: '' } });
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toContain('ATTT_P12_PASSPHRASE');
  });
});
