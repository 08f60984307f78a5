import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoKeys, loadP12, signFile, verifyFile, type DemoKeys } from '../../src/signing/index.js';
import { openTracker } from '../../src/tracker/db/index.js';
import { readSignOffs } from '../../src/tracker/signoff.js';
import { runCli } from '../helpers/cli.js';
import { openssl } from './pki.js';

let dir: string;
let keys: DemoKeys;
let report: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-sign-'));
  keys = await createDemoKeys(path.join(dir, 'keys'));
  report = path.join(dir, 'bao-cao.html');
  fs.writeFileSync(report, '<!DOCTYPE html><p>Báo cáo kết quả kiểm tra, đánh giá an toàn thông tin — bản thử</p>\n'.repeat(50));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('attt keys demo', () => {
  it('makes a CA and a signer whose PKCS#12 (AES, SHA-256 MAC) opens with passphrase "demo" in OpenSSL too', async () => {
    expect(keys.passphrase).toBe('demo');
    const certs = openssl(['pkcs12', '-in', keys.p12Path, '-passin', 'pass:demo', '-nokeys'], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'leaf.pem'), openssl(['x509'], { cwd: dir, input: certs }));
    expect(openssl(['verify', '-CAfile', keys.caPath, '-purpose', 'smimesign', 'leaf.pem'], { cwd: dir }).toString()).toContain('OK');
    const key = await loadP12(keys.p12Path, 'demo');
    expect(key.chain).toHaveLength(1);
  });
});

describe('sign and verify', () => {
  it('round trip: a signed report verifies against the CA, with signer and signing time', async () => {
    const now = new Date();
    const key = await loadP12(keys.p12Path, 'demo');
    const r = await signFile(report, { key, now });
    expect(r.output).toBe(`${report}.p7s`);
    expect(r.format).toBe('p7s');
    expect(r.signer).toContain('Nguyễn Văn An');
    const v = await verifyFile(report, { caFiles: [keys.caPath] });
    expect(v.problems).toEqual([]);
    expect(v.status).toBe('valid');
    expect(v.sha256).toBe(r.sha256);
    expect(v.signatures[0].signer?.subject).toContain('CN=Nguyễn Văn An');
    expect(v.signatures[0].signingTime).toBe(new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString());
  });

  it('without --ca the signature is checked but the result says the chain was not', async () => {
    const v = await verifyFile(report);
    expect(v.valid).toBe(true);
    expect(v.chainChecked).toBe(false);
    expect(v.status).toBe('valid-chain-unchecked');
  });

  it('detects a tampered signature value', async () => {
    const copy = path.join(dir, 'sigtamper.html');
    fs.copyFileSync(report, copy);
    await signFile(copy, { key: await loadP12(keys.p12Path, 'demo') });
    const sig = fs.readFileSync(`${copy}.p7s`);
    sig[sig.length - 10] ^= 0xff; // inside the RSA signature value (the last field)
    fs.writeFileSync(`${copy}.p7s`, sig);
    const v = await verifyFile(copy, { caFiles: [keys.caPath] });
    expect(v.problems.map((p) => p.code)).toEqual(['ATTT_VERIFY_BAD_SIGNATURE']);
  });

  it('rejects a signer that does not chain to the given CA (wrong CA)', async () => {
    const other = await createDemoKeys(path.join(dir, 'other-keys'));
    const v = await verifyFile(report, { caFiles: [other.caPath] });
    expect(v.status).toBe('invalid');
    expect(v.problems.map((p) => p.code)).toEqual(['ATTT_VERIFY_UNTRUSTED']);
  });
});

describe('bad input', () => {
  it('wrong passphrase: a clear error with its own code, exit 2', async () => {
    await expect(loadP12(keys.p12Path, 'sai-mat-khau')).rejects.toMatchObject({ code: 'ATTT_P12_PASSPHRASE', exitCode: 2 });
  });
  it('a file that is not a PKCS#12', async () => {
    await expect(loadP12(report, 'demo')).rejects.toMatchObject({ code: 'ATTT_P12_INVALID', exitCode: 2 });
  });
  it('a missing signature file', async () => {
    const file = path.join(dir, 'unsigned.html');
    fs.writeFileSync(file, 'x');
    await expect(verifyFile(file)).rejects.toMatchObject({ code: 'ATTT_SIGNATURE_MISSING', exitCode: 2 });
  });
  it('a signature file that is not CMS', async () => {
    const file = path.join(dir, 'garbage.html');
    fs.writeFileSync(file, 'x');
    fs.writeFileSync(`${file}.p7s`, 'not a signature');
    await expect(verifyFile(file)).rejects.toMatchObject({ code: 'ATTT_SIGNATURE_FORMAT', exitCode: 2 });
  });
  it('a missing report file', async () => {
    await expect(verifyFile(path.join(dir, 'nope.pdf'))).rejects.toMatchObject({ code: 'ATTT_FILE_MISSING', exitCode: 2 });
  });
});

describe('CLI (real process)', () => {
  it('sign with ATTT_P12_PASSPHRASE and record it in the tracker; verify 0; tampered → 1; missing signature → 2; no passphrase → 2', async () => {
    const file = path.join(dir, 'cli.html');
    fs.writeFileSync(file, '<p>Kết quả</p>');
    const secret = 'Zq9-bi-mat-PW';
    const p12 = path.join(dir, 'cli-signer.p12');
    const pem = openssl(['pkcs12', '-in', keys.p12Path, '-passin', 'pass:demo', '-nodes'], { cwd: dir });
    openssl(['pkcs12', '-export', '-out', p12, '-passout', `pass:${secret}`], { cwd: dir, input: pem });
    const db = path.join(dir, 'attt.db');
    const signed = await runCli(['sign', file, '--p12', p12, '--tracker', db], { env: { ATTT_P12_PASSPHRASE: secret } });
    expect(signed.code).toBe(0);
    expect(signed.stdout + signed.stderr).not.toContain(secret); // the passphrase is never printed
    const handle = openTracker(db, { readonly: true });
    try {
      expect(readSignOffs(handle)).toMatchObject([{ file: 'cli.html', signer: 'Nguyễn Văn An (người ký thử), attt demo' }]);
    } finally {
      handle.close();
    }
    const wrong = await runCli(['sign', file, '--p12', p12], { env: { ATTT_P12_PASSPHRASE: 'wrong' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('sai mật khẩu');
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
  }, 300_000);
});
