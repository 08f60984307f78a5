import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { runAdHoc } from '../../src/engine/adhoc.js';
import { isToolkitError } from '../../src/errors.js';
import { closedPort, listen, type Listener } from '../helpers/listeners.js';
import { dsaBlob, rsaBlob, sha256Fingerprint, startRawSshd, type RawSshd } from './fixtures/raw-sshd.js';
import { scanLocalSsh } from './fixtures/scan.js';

const outcomes = (results: { checkId: string; outcome: string }[]) => Object.fromEntries(results.filter((r) => r.checkId.startsWith('ssh.')).map((r) => [r.checkId, r.outcome]));

describe('raw responders: what OpenSSH no longer serves (the fixture configuration is the truth)', () => {
  let legacy: RawSshd;
  let v1only: RawSshd;
  let chacha: RawSshd;
  let exotic: RawSshd;
  const rsa768 = rsaBlob(768);
  const dsa = dsaBlob(1024);
  const LEGACY = {
    ident: 'SSH-1.99-OpenSSH_3.9p1',
    preamble: ['Authorized use only'],
    kex: ['diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
    hostKey: ['ssh-rsa', 'ssh-dss'],
    ciphers: ['aes128-cbc', '3des-cbc', 'blowfish-cbc', 'cast128-cbc', 'arcfour128', 'arcfour256', 'arcfour', 'aes256-ctr'],
    macs: ['hmac-md5', 'hmac-sha1', 'hmac-sha1-96', 'hmac-md5-96', 'hmac-sha1-etm@openssh.com'],
    compression: ['none', 'zlib'],
    keys: { 'ssh-rsa': rsa768, 'ssh-dss': dsa },
    ssh1: { hostKeyBits: 1024, serverKeyBits: 768, cipherMask: (1 << 3) | (1 << 6) },
  };
  beforeAll(async () => {
    legacy = await startRawSshd(LEGACY);
    v1only = await startRawSshd({ ident: 'SSH-1.5-1.2.27', ssh1: { hostKeyBits: 1024, serverKeyBits: 768, cipherMask: 1 << 3 } });
    chacha = await startRawSshd({ ident: 'SSH-2.0-dropbear_2020.81', kex: ['curve25519-sha256', 'diffie-hellman-group14-sha256'], hostKey: ['ssh-ed25519'], keys: { 'ssh-ed25519': Buffer.concat([Buffer.from('0000000b7373682d65643235353139', 'hex'), Buffer.from('00000020', 'hex'), Buffer.alloc(32, 7)]) }, ciphers: ['chacha20-poly1305@openssh.com', 'aes128-ctr'], macs: ['hmac-sha2-256'] });
    exotic = await startRawSshd({ ident: 'SSH-2.0-Exotic', kex: ['sntrup761x25519-sha512@openssh.com'], hostKey: ['ssh-ed25519'], ciphers: ['aes128-ctr'], macs: ['hmac-sha2-256'] });
  });
  afterAll(async () => {
    for (const s of [legacy, v1only, chacha, exotic]) await s?.close();
  });

  it('legacy 1.99 server: lists, keys via group exchange, protocol 1 confirmed with its key sizes', async () => {
    const obs = await scanLocalSsh('127.0.0.1', legacy.port);
    expect(obs.preamble).toEqual(['Authorized use only']);
    expect(obs.protocolVersion).toBe('1.99');
    expect(obs.kex).toEqual(LEGACY.kex);
    expect(obs.hostKeyAlgorithms).toEqual(LEGACY.hostKey);
    expect(obs.ciphersClientToServer).toEqual(LEGACY.ciphers);
    expect(obs.macsServerToClient).toEqual(LEGACY.macs);
    expect(obs.compressionServerToClient).toEqual(['none', 'zlib']);
    expect(obs.strictKex).toBe(false);
    expect(obs.hostKeys.map((k) => ({ type: k.keyType, bits: k.bits, fp: k.fingerprintSha256, kex: k.obtainedWith }))).toEqual([
      { type: 'ssh-rsa', bits: 768, fp: sha256Fingerprint(rsa768), kex: 'diffie-hellman-group-exchange-sha1' },
      { type: 'ssh-dss', bits: 1024, fp: sha256Fingerprint(dsa), kex: 'diffie-hellman-group-exchange-sha1' },
    ]);
    expect(obs.protocol1).toEqual({ offered: true, confirmed: true, hostKeyBits: 1024, serverKeyBits: 768, ciphers: ['3des', 'blowfish'] });
    expect(obs.connections).toBe(3);
  });

  it('legacy 1.99 server end to end: every ssh.* check fails, with the worst severities', async () => {
    const results = await runAdHoc({ ssh: `127.0.0.1:${legacy.port}` }, '127.0.0.1', { speed: 'polite' });
    expect(outcomes(results.results)).toEqual({ 'ssh.cipher.weak': 'fail', 'ssh.hostkey.weak': 'fail', 'ssh.kex.weak': 'fail', 'ssh.mac.weak': 'fail', 'ssh.protocol1': 'fail', 'ssh.terrapin': 'fail' });
    const sev = (id: string) => results.results.filter((r) => r.checkId === id && r.outcome === 'fail').map((r) => r.severity).sort();
    expect(sev('ssh.cipher.weak')).toEqual(['high']);
    expect(sev('ssh.kex.weak')).toEqual(['high']);
    expect(sev('ssh.hostkey.weak')).toEqual(['critical', 'high', 'medium']);
    expect(results.results.find((r) => r.checkId === 'ssh.terrapin')!.evidence).toEqual({ chacha20: false, cbcWithEtm: true, strictKex: false });
    expect(results.results.find((r) => r.checkId === 'ssh.protocol1')!.confidence).toBe('confirmed');
  });

  it('protocol-1-only server: protocol 1 confirmed, protocol-2 checks not applicable', async () => {
    const obs = await scanLocalSsh('127.0.0.1', v1only.port);
    expect(obs.protocol2).toBe(false);
    expect(obs.kex).toEqual([]);
    expect(obs.protocol1).toMatchObject({ offered: true, confirmed: true, ciphers: ['3des'] });
    const results = await runAdHoc({ ssh: `127.0.0.1:${v1only.port}` }, '127.0.0.1', { speed: 'polite' });
    expect(outcomes(results.results)).toEqual({ 'ssh.cipher.weak': 'not_applicable', 'ssh.hostkey.weak': 'not_applicable', 'ssh.kex.weak': 'not_applicable', 'ssh.mac.weak': 'not_applicable', 'ssh.protocol1': 'fail', 'ssh.terrapin': 'not_applicable' });
  });

  it('chacha20-poly1305 without strict KEX: Terrapin exposed; curve25519 fetches the key', async () => {
    const obs = await scanLocalSsh('127.0.0.1', chacha.port);
    expect(obs.hostKeys).toMatchObject([{ keyType: 'ssh-ed25519', bits: 256, obtainedWith: 'curve25519-sha256' }]);
    const results = await runAdHoc({ ssh: `127.0.0.1:${chacha.port}` }, '127.0.0.1', { speed: 'polite' });
    expect(outcomes(results.results)).toEqual({ 'ssh.cipher.weak': 'pass', 'ssh.hostkey.weak': 'pass', 'ssh.kex.weak': 'pass', 'ssh.mac.weak': 'pass', 'ssh.protocol1': 'pass', 'ssh.terrapin': 'fail' });
  });

  it('a key exchange attt cannot run: lists are still observed, the host key is a recorded probe error', async () => {
    const obs = await scanLocalSsh('127.0.0.1', exotic.port);
    expect(obs.kex).toEqual(['sntrup761x25519-sha512@openssh.com']);
    expect(obs.hostKeys).toEqual([]);
    expect(obs.probeErrors).toMatchObject([{ probe: 'host keys', reason: 'unsupported-kex' }]);
    expect(obs.connections).toBe(1);
  });
});

describe('hostile and broken servers end as coded errors, bounded in time and bytes', () => {
  const servers: Listener[] = [];
  const serve = async (fn: (s: net.Socket) => void) => {
    const l = await listen(fn);
    servers.push(l);
    return l.port;
  };
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const failure = async (port: number, timeoutMs = 800) => {
    try {
      await scanLocalSsh('127.0.0.1', port, timeoutMs);
    } catch (error) {
      return isToolkitError(error) ? error.code : `not a toolkit error: ${String(error)}`;
    }
    return 'no error';
  };

  it('HTTP instead of SSH', async () => {
    expect(await failure(await serve((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')))).toBe('ATTT_SSH_CLOSED');
  });
  it('silence', async () => {
    expect(await failure(await serve(() => undefined), 300)).toBe('ATTT_SCAN_TIMEOUT');
  });
  it('an endless preamble', async () => {
    expect(await failure(await serve((s) => s.write('x\r\n'.repeat(100))))).toBe('ATTT_SSH_NO_IDENTIFICATION');
  });
  it('an identification line over 255 bytes', async () => {
    expect(await failure(await serve((s) => s.write(`SSH-2.0-${'A'.repeat(400)}\r\n`)))).toBe('ATTT_SSH_IDENT_TOO_LONG');
  });
  it('a packet length of 4 GiB', async () => {
    expect(await failure(await serve((s) => s.on('data', () => s.write(Buffer.from('ffffffff0a', 'hex'))).write('SSH-2.0-x\r\n')))).toBe('ATTT_SSH_BAD_PACKET_LENGTH');
  });
  it('a truncated KEXINIT', async () => {
    const body = Buffer.concat([Buffer.from([20]), Buffer.alloc(16), Buffer.from('000000ff', 'hex')]);
    const pkt = Buffer.concat([Buffer.from([0, 0, 0, body.length + 5, 4]), body, Buffer.alloc(4)]);
    expect(await failure(await serve((s) => s.on('data', () => s.write(pkt)).write('SSH-2.0-x\r\n')))).toBe('ATTT_SSH_TRUNCATED');
  });
  it('a refused connection', async () => {
    expect(await failure(await closedPort())).toBe('ATTT_TARGET_UNREACHABLE');
  });
  it('a flood of bytes is cut at the connection budget', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    expect(await failure(await serve((s) => { for (let i = 0; i < 8; i++) s.write(chunk); }), 3000)).toMatch(/^ATTT_SSH_(OVERSIZED|NO_IDENTIFICATION)$/);
  });
});
