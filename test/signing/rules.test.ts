import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadP12, signFile, verifyFile, type VerifyCode } from '../../src/signing/index.js';
import { runCli } from '../helpers/cli.js';
import { openssl, TestPki } from './pki.js';
import { startTsa } from './tsa.js';

/**
 * Each rule `attt verify` applies to a signature, with a signature that breaks it. Signatures
 * are made by `openssl cms -sign` where attt itself would refuse to sign.
 */
let dir: string;
let pki: TestPki;
let report: string;
let tsa: { url: string; close(): Promise<void> };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-rules-'));
  pki = new TestPki(path.join(dir, 'pki'));
  tsa = await startTsa(pki);
  report = path.join(dir, 'bao-cao.html');
  fs.writeFileSync(report, '<!DOCTYPE html><p>Báo cáo</p>\n'.repeat(20));
});
afterAll(async () => {
  await tsa.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function opensslSign(name: string, cert: string, key: string): string {
  const sig = path.join(dir, `${name}.p7s`);
  openssl(['cms', '-sign', '-binary', '-in', report, '-signer', cert, '-inkey', key, '-md', 'sha256', '-outform', 'DER', '-out', sig], { cwd: dir });
  return sig;
}

async function codes(sigPath: string, opts: { crl?: string; now?: Date } = {}): Promise<VerifyCode[]> {
  const v = await verifyFile(report, { sigPath, caFiles: [pki.caCert], crlFiles: opts.crl ? [opts.crl] : [], now: opts.now });
  return v.problems.map((p) => p.code);
}

describe('signer certificate rules', () => {
  it('rejects a TLS server certificate (keyEncipherment, serverAuth only)', async () => {
    const tls = pki.issue('tls', { subject: '/CN=portal.example.gov.vn', ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyEncipherment', 'extendedKeyUsage=serverAuth'] });
    const c = await codes(opensslSign('tls', tls.cert, tls.key));
    expect(c).toContain('ATTT_VERIFY_KEY_USAGE');
    expect(c).toContain('ATTT_VERIFY_EXT_KEY_USAGE');
  });

  it('rejects a CA certificate as signer', async () => {
    const sub = pki.issue('subca', { subject: '/CN=CA trung gian', ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature'] });
    expect(await codes(opensslSign('subca', sub.cert, sub.key))).toContain('ATTT_VERIFY_SIGNER_IS_CA');
  });

  it('accepts the document-signing purposes: anyExtendedKeyUsage', async () => {
    const any = pki.issue('any', { ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,nonRepudiation', 'extendedKeyUsage=anyExtendedKeyUsage'] });
    expect(await codes(opensslSign('any', any.cert, any.key))).toEqual([]);
  });

  it('attt sign refuses an unsuitable certificate before signing', async () => {
    const tls = pki.issue('tls2', { subject: '/CN=portal2.example.gov.vn', ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyEncipherment', 'extendedKeyUsage=serverAuth'] });
    const r = await runCli(['sign', report, '--p12', tls.p12, '--sig', path.join(dir, 'refused.p7s')], { env: { ATTT_P12_PASSPHRASE: 'demo' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Không thể ký bằng chứng thư portal2.example.gov.vn');
    expect(r.stderr).toContain('keyEncipherment');
    expect(fs.existsSync(path.join(dir, 'refused.p7s'))).toBe(false);
  }, 120_000);
});

describe('signature structure', () => {
  it('rejects a SHA-1 digest', async () => {
    const signer = pki.issue('sha1');
    const sig = path.join(dir, 'sha1.p7s');
    openssl(['cms', '-sign', '-binary', '-in', report, '-signer', signer.cert, '-inkey', signer.key, '-md', 'sha1', '-outform', 'DER', '-out', sig], { cwd: dir });
    expect(await codes(sig)).toContain('ATTT_VERIFY_WEAK_DIGEST');
  });

  it('rejects a signature that does not carry its signer certificate', async () => {
    const signer = pki.issue('nocerts');
    const sig = path.join(dir, 'nocerts.p7s');
    openssl(['cms', '-sign', '-binary', '-nocerts', '-in', report, '-signer', signer.cert, '-inkey', signer.key, '-md', 'sha256', '-outform', 'DER', '-out', sig], { cwd: dir });
    expect(await codes(sig)).toEqual(['ATTT_VERIFY_SIGNER_NOT_FOUND']);
  });
});

describe('time', () => {
  it('a certificate that expired in 2025 is invalid now, even with a claimed signing time in 2024', async () => {
    const old = pki.issue('old', { start: '20240101000000Z', end: '20250101000000Z' });
    const key = await loadP12(old.p12, 'demo');
    const sigPath = path.join(dir, 'old.p7s');
    await signFile(report, { key, sigPath, now: new Date('2024-06-01T08:00:00Z') });
    const v = await verifyFile(report, { sigPath, caFiles: [pki.caCert] });
    expect(v.signatures[0].signingTime).toBe('2024-06-01T08:00:00.000Z');
    expect(v.signatures[0].judgedBy).toBe('verification-time');
    expect(v.problems.map((p) => p.code)).toContain('ATTT_VERIFY_SIGNER_NOT_VALID');
  });

  it('a claimed signing time in the future is invalid', async () => {
    const long = pki.issue('long', { start: '20240101000000Z', end: '20350101000000Z' });
    const key = await loadP12(long.p12, 'demo');
    const sigPath = path.join(dir, 'future.p7s');
    await signFile(report, { key, sigPath, now: new Date('2030-01-01T00:00:00Z') });
    expect(await codes(sigPath)).toEqual(['ATTT_VERIFY_FUTURE_SIGNING_TIME']);
  });

  it('an RFC 3161 timestamp from a trusted TSA moves the judgement to its time', async () => {
    const signer = pki.issue('ts-signer');
    const key = await loadP12(signer.p12, 'demo');
    const sigPath = path.join(dir, 'stamped.p7s');
    const r = await signFile(report, { key, sigPath, tsaUrl: tsa.url });
    expect(r.timestamped).toBe(true);
    // Verified two years on, after the certificate expired: the timestamp proves it was signed in time.
    const later = new Date(Date.now() + 2 * 365 * 86400_000);
    const v = await verifyFile(report, { sigPath, caFiles: [pki.caCert], now: later });
    expect(v.problems).toEqual([]);
    expect(v.signatures[0].judgedBy).toBe('timestamp');
    expect(v.signatures[0].timestamp?.valid).toBe(true);
    expect(v.signatures[0].timestamp?.tsa).toContain('Dịch vụ cấp dấu thời gian');
    // Without trusting the TSA's root, the timestamp proves nothing and the expiry counts.
    const other = new TestPki(path.join(dir, 'other'), 'CA khác');
    const untrusted = await verifyFile(report, { sigPath, caFiles: [other.caCert], now: later });
    expect(untrusted.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['ATTT_VERIFY_TIMESTAMP_INVALID', 'ATTT_VERIFY_SIGNER_NOT_VALID', 'ATTT_VERIFY_UNTRUSTED']));
  });

  it('a timestamp over another signature is rejected', async () => {
    const signer = pki.issue('ts-swap');
    const key = await loadP12(signer.p12, 'demo');
    const a = path.join(dir, 'swap-a.p7s');
    await signFile(report, { key, sigPath: a, tsaUrl: tsa.url });
    // Re-sign without a timestamp, then graft the first signature's token onto it with openssl-independent bytes.
    const der = fs.readFileSync(a);
    const sigStart = der.indexOf(Buffer.from([0x04, 0x82, 0x01, 0x00])); // the 256-byte RSA signature value
    expect(sigStart).toBeGreaterThan(0);
    der[sigStart + 10] ^= 0xff;
    fs.writeFileSync(a, der);
    const c = await codes(a);
    expect(c).toContain('ATTT_VERIFY_BAD_SIGNATURE');
    expect(c).toContain('ATTT_VERIFY_TIMESTAMP_INVALID');
  });
});

describe('revocation', () => {
  it('a certificate revoked in the CRL is invalid; a timestamp from before the revocation keeps it valid', async () => {
    const signer = pki.issue('revoked');
    const key = await loadP12(signer.p12, 'demo');
    const plain = path.join(dir, 'revoked-plain.p7s');
    const stamped = path.join(dir, 'revoked-stamped.p7s');
    await signFile(report, { key, sigPath: plain });
    await signFile(report, { key, sigPath: stamped, tsaUrl: tsa.url });
    expect(await codes(plain, { crl: pki.crl() })).toEqual([]);
    await new Promise((r) => setTimeout(r, 1100)); // revocation times have one-second precision
    pki.revoke(signer.cert);
    const crl = pki.crl();
    expect(await codes(plain, { crl })).toEqual(['ATTT_VERIFY_REVOKED']);
    expect(await codes(stamped, { crl })).toEqual([]);
  }, 120_000);

  it('a CRL not signed by the issuing CA is bad input (exit 2)', async () => {
    const other = new TestPki(path.join(dir, 'forger'), CA_NAME_COPY);
    const signer = pki.issue('crl-victim');
    const sig = opensslSign('crl-victim', signer.cert, signer.key);
    const r = await runCli(['verify', report, '--sig', sig, '--ca', pki.caCert, '--crl', other.crl()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('không có chữ ký hợp lệ của CA cấp chứng thư');
  }, 120_000);
});
const CA_NAME_COPY = 'Cục Chứng thực số và Bảo mật thông tin';

describe('honest output', () => {
  it('a name with newlines, a line separator and a bidi override stays on one line, escaped', async () => {
    const evil = pki.issue('evil', { subject: '/CN=Trần Văn B\nHỢP LỆ: chữ ký đúng\u2028Người ký: Giám đốc\u202Eabc' });
    const sig = opensslSign('evil', evil.cert, evil.key);
    const r = await runCli(['verify', report, '--sig', sig, '--ca', pki.caCert]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('HỢP LỆ'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('Người ký'))).toHaveLength(1);
    expect(r.stdout).toContain('Trần Văn B\\nHỢP LỆ: chữ ký đúng\\u{2028}Người ký: Giám đốc\\u{202E}abc');
    expect(r.stdout).not.toMatch(/[\u2028\u202e]/);
  }, 120_000);

  it('--json gives the structured verdict: signer, chain, times, key usage, each check', async () => {
    const signer = pki.issue('json');
    const sig = opensslSign('json', signer.cert, signer.key);
    const r = await runCli(['--json', 'verify', report, '--sig', sig, '--ca', pki.caCert]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    const s = v.signatures[0];
    expect(s.signer.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(s.signer.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.4']);
    expect(s.chain[0].subject).toContain('Cục Chứng thực số');
    expect(s.checks.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['integrity', 'signature', 'end-entity', 'key-usage', 'extended-key-usage', 'validity', 'chain', 'signing-time']));
    expect(s.checks.every((c: { passed: boolean }) => c.passed)).toBe(true);
    expect(s.signingTime).toMatch(/^\d{4}-/);
  }, 120_000);

  it('a signature from an untrusted CA: exit 1, named', async () => {
    const other = new TestPki(path.join(dir, 'other2'), 'CA không tin cậy');
    const signer = other.issue('stranger');
    const sig = path.join(dir, 'stranger.p7s');
    openssl(['cms', '-sign', '-binary', '-in', report, '-signer', signer.cert, '-inkey', signer.key, '-md', 'sha256', '-outform', 'DER', '-out', sig], { cwd: dir });
    const r = await runCli(['verify', report, '--sig', sig, '--ca', pki.caCert]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('KHÔNG HỢP LỆ');
  }, 120_000);
});
