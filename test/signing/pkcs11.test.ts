import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { openssl, TestPki, type Issued, type KeyKind } from './pki.js';

/**
 * Signing with keys on a PKCS#11 token: SoftHSM2 (Debian's softhsm2), initialised in a
 * temporary folder; keys imported with softhsm2-util and certificates written with pkcs11-tool,
 * as a CA's token arrives with both. The key never leaves the token.
 */
const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const PIN = '246810';
let dir: string;
let pki: TestPki;
let env: NodeJS.ProcessEnv;
let report: string;
const onToken: Partial<Record<KeyKind, Issued>> = {};

function toToken(name: string, issued: Issued, id: string): void {
  const pk8 = path.join(dir, `${name}.pk8`);
  openssl(['pkcs8', '-topk8', '-nocrypt', '-in', issued.key, '-out', pk8], { cwd: dir });
  execFileSync('softhsm2-util', ['--import', pk8, '--token', 'attt-test', '--label', name, '--id', id, '--pin', PIN], { env });
  const der = path.join(dir, `${name}.der`);
  openssl(['x509', '-in', issued.cert, '-outform', 'DER', '-out', der], { cwd: dir });
  execFileSync('pkcs11-tool', ['--module', MODULE, '--token-label', 'attt-test', '--login', '--pin', PIN, '--write-object', der, '--type', 'cert', '--id', id, '--label', name], { env, stdio: 'pipe' });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-p11-'));
  fs.mkdirSync(path.join(dir, 'tokens'));
  fs.writeFileSync(path.join(dir, 'softhsm2.conf'), `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  env = { ...process.env, SOFTHSM2_CONF: path.join(dir, 'softhsm2.conf') };
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'attt-test', '--pin', PIN, '--so-pin', '13579111'], { env });
  pki = new TestPki(path.join(dir, 'pki'));
  onToken.rsa = pki.issue('rsa-token');
  onToken.ec256 = pki.issue('ec-token', { kind: 'ec256' });
  toToken('rsa-token', onToken.rsa, '01');
  toToken('ec-token', onToken.ec256, '02');
  report = path.join(dir, 'bao-cao.html');
  fs.writeFileSync(report, '<p>Báo cáo ký bằng thiết bị ký</p>\n'.repeat(10));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('attt sign --pkcs11', () => {
  it.each([
    ['rsa-token', []],
    ['rsa-token', ['--rsa-pss']],
    ['ec-token', []],
  ])('signs with the token key %s %s; openssl cms -verify accepts it', async (label, extra) => {
    const sig = path.join(dir, `${label}${extra.join('')}.p7s`);
    const r = await runCli(['sign', report, '--pkcs11', MODULE, '--key-label', label, '--sig', sig, ...extra], { env: { ...env, ATTT_PKCS11_PIN: PIN } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', report, '-CAfile', pki.caCert, '-purpose', 'any', '-out', '/dev/null'], { cwd: dir });
    const v = await runCli(['--json', 'verify', report, '--sig', sig, '--ca', pki.caCert]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).signatures[0].signer.subject).toContain('Nguyễn Thị Hồng Nhung');
  }, 120_000);

  it('signs a PDF inside the file with the token key', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    doc.addPage();
    const file = path.join(dir, 'token.pdf');
    fs.writeFileSync(file, await doc.save({ useObjectStreams: false }));
    const r = await runCli(['sign', file, '--pkcs11', MODULE, '--slot', '0', '--key-label', 'ec-token'], { env: { ...env, ATTT_PKCS11_PIN: PIN } });
    expect(r.code).toBe(0);
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid.');
  }, 120_000);

  it('a wrong PIN, several keys without --key-label, and no PIN without a terminal are clear errors (exit 2)', async () => {
    const wrong = await runCli(['sign', report, '--pkcs11', MODULE, '--key-label', 'rsa-token'], { env: { ...env, ATTT_PKCS11_PIN: '000000' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('mã PIN không đúng');
    const many = await runCli(['sign', report, '--pkcs11', MODULE], { env: { ...env, ATTT_PKCS11_PIN: PIN } });
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('--key-label');
    const noPin = await runCli(['sign', report, '--pkcs11', MODULE], { env: { ...env, ATTT_PKCS11_PIN: '' } });
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toContain('ATTT_PKCS11_PIN');
  }, 180_000);
});
