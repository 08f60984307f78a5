import { checkTester } from '../helpers/check-tester.js';
import type { HostKeyObservation, SshObservation } from '../../src/observations/ssh/types.js';
import * as kexWeak from '../../checks/ssh/kex.weak.js';
import * as cipherWeak from '../../checks/ssh/cipher.weak.js';
import * as macWeak from '../../checks/ssh/mac.weak.js';
import * as hostkeyWeak from '../../checks/ssh/hostkey.weak.js';
import * as terrapin from '../../checks/ssh/terrapin.js';
import * as protocol1 from '../../checks/ssh/protocol1.js';

// Recorded from Debian 12's sshd with the hardened configuration of bench/fixtures/ssh.js.
const ed25519: HostKeyObservation = { keyType: 'ssh-ed25519', family: 'ed25519', bits: 256, certificate: false, fingerprintSha256: 'SHA256:pmINZ/WFOvCEdxvrc7uKS2Tm0z2IF+mndB/aitLLHTo', algorithms: ['ssh-ed25519'], obtainedWith: 'curve25519-sha256' };
const rsa4096: HostKeyObservation = { keyType: 'ssh-rsa', family: 'rsa', bits: 4096, certificate: false, fingerprintSha256: 'SHA256:E/KXM2D5vpVwQfFFh/1zvnMVc+Y0aoHUavXf37ZkPpg', algorithms: ['rsa-sha2-512', 'rsa-sha2-256'], obtainedWith: 'curve25519-sha256' };
const hardened: SshObservation = {
  schema: 'attt.ssh/1', host: '127.0.0.1', address: '127.0.0.1', port: 22, discoveredBy: 'target',
  banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10', preamble: [], protocolVersion: '2.0', softwareVersion: 'OpenSSH_9.2p1', comments: 'Debian-2+deb12u10',
  protocol1: { offered: false, confirmed: false }, protocol2: true,
  kex: ['sntrup761x25519-sha512@openssh.com', 'curve25519-sha256', 'curve25519-sha256@libssh.org', 'diffie-hellman-group16-sha512', 'diffie-hellman-group18-sha512', 'diffie-hellman-group-exchange-sha256', 'kex-strict-s-v00@openssh.com'],
  hostKeyAlgorithms: ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256'],
  ciphersClientToServer: ['aes256-gcm@openssh.com', 'aes128-gcm@openssh.com', 'aes256-ctr', 'aes192-ctr', 'aes128-ctr'],
  ciphersServerToClient: ['aes256-gcm@openssh.com', 'aes128-gcm@openssh.com', 'aes256-ctr', 'aes192-ctr', 'aes128-ctr'],
  macsClientToServer: ['hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256-etm@openssh.com', 'umac-128-etm@openssh.com'],
  macsServerToClient: ['hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256-etm@openssh.com', 'umac-128-etm@openssh.com'],
  compressionClientToServer: ['none', 'zlib@openssh.com'], compressionServerToClient: ['none', 'zlib@openssh.com'],
  strictKex: true, extInfo: false, hostKeys: [ed25519, rsa4096], probeErrors: [], connections: 2, durationMs: 40,
};
const obs = (patch: Partial<SshObservation>): SshObservation => ({ ...hardened, ...patch });
const ciphers = (list: string[]) => obs({ ciphersClientToServer: list, ciphersServerToClient: list });
const macs = (list: string[]) => obs({ macsClientToServer: list, macsServerToClient: list });
const v1only = obs({ banner: 'SSH-1.5-1.2.27', protocolVersion: '1.5', protocol2: false, kex: [], hostKeyAlgorithms: [], ciphersClientToServer: [], ciphersServerToClient: [], macsClientToServer: [], macsServerToClient: [], hostKeys: [], protocol1: { offered: true, confirmed: true, hostKeyBits: 1024, serverKeyBits: 768, ciphers: ['3des'] } });
const ctx = { family: 'ssh' as const };

checkTester(kexWeak, {
  valid: [
    { name: 'hardened kex list', observation: hardened },
    { name: 'NIST curves and group14-sha256 are not judged weak', observation: obs({ kex: ['ecdh-sha2-nistp256', 'diffie-hellman-group14-sha256'] }) },
    { name: 'protocol-1-only server', observation: v1only, outcome: 'not_applicable' },
    { name: 'not an ssh observation', observation: { schema: 'attt.tls/1' } as never, outcome: 'error' },
  ],
  invalid: [
    { name: 'group1-sha1 is high', observation: obs({ kex: ['curve25519-sha256', 'diffie-hellman-group1-sha1'] }), expect: [{ messageId: 'weakKex', severity: 'high', data: { count: 1, names: 'diffie-hellman-group1-sha1' } }] },
    { name: 'group14-sha1 alone is low', observation: obs({ kex: ['curve25519-sha256', 'diffie-hellman-group14-sha1'] }), expect: [{ messageId: 'weakKex', severity: 'low' }] },
    { name: 'GSS-API SHA-1 methods match by prefix', observation: obs({ kex: ['gss-gex-sha1-toWM5Slw5Ew8Mqkay+al2g==', 'curve25519-sha256'] }), expect: [{ messageId: 'weakKex', severity: 'medium', data: { names: 'gss-gex-sha1-toWM5Slw5Ew8Mqkay+al2g==' } }] },
  ],
}, ctx);

checkTester(cipherWeak, {
  valid: [
    { name: 'hardened ciphers', observation: hardened },
    { name: 'chacha20 and GCM', observation: ciphers(['chacha20-poly1305@openssh.com', 'aes128-gcm@openssh.com']) },
    { name: 'protocol-1-only server', observation: v1only, outcome: 'not_applicable' },
  ],
  invalid: [
    { name: 'AES-CBC is low', observation: ciphers(['aes128-ctr', 'aes256-cbc']), expect: [{ messageId: 'weakCiphers', severity: 'low' }] },
    { name: 'arcfour is high', observation: ciphers(['aes128-ctr', 'aes128-cbc', 'arcfour']), expect: [{ messageId: 'weakCiphers', severity: 'high', data: { count: 2 } }] },
    { name: 'none is critical', observation: ciphers(['none']), expect: [{ messageId: 'weakCiphers', severity: 'critical' }] },
    { name: 'directions differ: the weak one counts', observation: obs({ ciphersClientToServer: ['aes128-ctr'], ciphersServerToClient: ['aes128-ctr', 'blowfish-cbc'] }), expect: [{ messageId: 'weakCiphers', severity: 'medium', data: { names: 'blowfish-cbc' } }] },
  ],
}, ctx);

checkTester(macWeak, {
  valid: [
    { name: 'hardened MACs', observation: hardened },
    { name: 'protocol-1-only server', observation: v1only, outcome: 'not_applicable' },
  ],
  invalid: [
    { name: 'MD5 is medium', observation: macs(['hmac-sha2-256', 'hmac-md5']), expect: [{ messageId: 'weakMacs', severity: 'medium' }] },
    { name: 'umac-64 and hmac-sha1 are low', observation: macs(['umac-64-etm@openssh.com', 'hmac-sha1', 'hmac-sha2-256']), expect: [{ messageId: 'weakMacs', severity: 'low', data: { count: 2 } }] },
  ],
}, ctx);

checkTester(hostkeyWeak, {
  valid: [
    { name: 'Ed25519 and RSA 4096 with SHA-2 signatures', observation: hardened },
    { name: 'protocol-1-only server', observation: v1only, outcome: 'not_applicable' },
  ],
  invalid: [
    { name: 'DSA key', observation: obs({ hostKeyAlgorithms: ['ssh-ed25519', 'ssh-dss'], hostKeys: [ed25519, { ...ed25519, keyType: 'ssh-dss', family: 'dsa', bits: 1024, algorithms: ['ssh-dss'] }] }), expect: [{ messageId: 'dsa', discriminator: 'dsa', severity: 'high', data: { bitsText: ', 1024 bit' } }] },
    { name: 'RSA 1024 is high, RSA 768 critical', observation: obs({ hostKeys: [{ ...rsa4096, bits: 1024 }, { ...rsa4096, bits: 768, fingerprintSha256: 'SHA256:x' }] }), expect: [{ messageId: 'smallRsa', discriminator: `rsa-${rsa4096.fingerprintSha256}`, severity: 'high' }, { messageId: 'smallRsa', discriminator: 'rsa-SHA256:x', severity: 'critical' }] },
    { name: 'ssh-rsa only (SHA-1 signatures)', observation: obs({ hostKeyAlgorithms: ['ssh-rsa'] }), expect: [{ messageId: 'sha1Only', discriminator: 'ssh-rsa', severity: 'medium' }] },
    { name: 'ssh-rsa beside rsa-sha2', observation: obs({ hostKeyAlgorithms: ['rsa-sha2-512', 'ssh-rsa'] }), expect: [{ messageId: 'sha1Offered', discriminator: 'ssh-rsa', severity: 'low' }] },
    { name: 'ECDSA on a small curve', observation: obs({ hostKeys: [{ ...ed25519, keyType: 'ecdsa-sha2-nistp192', family: 'ecdsa', bits: 192, curve: 'nistp192' }] }), expect: [{ messageId: 'smallEcdsa', discriminator: `ecdsa-${ed25519.fingerprintSha256}`, severity: 'high' }] },
  ],
}, ctx);

checkTester(terrapin, {
  valid: [
    { name: 'no chacha20, no CBC+EtM', observation: hardened },
    { name: 'chacha20 with strict KEX', observation: ciphers(['chacha20-poly1305@openssh.com']) },
    { name: 'CBC without EtM MACs', observation: obs({ strictKex: false, ciphersClientToServer: ['aes128-cbc'], ciphersServerToClient: ['aes128-cbc'], macsClientToServer: ['hmac-sha2-256'], macsServerToClient: ['hmac-sha2-256'] }) },
    { name: 'protocol-1-only server', observation: v1only, outcome: 'not_applicable' },
  ],
  invalid: [
    { name: 'chacha20 without strict KEX', observation: obs({ strictKex: false, ciphersClientToServer: ['chacha20-poly1305@openssh.com'], ciphersServerToClient: ['chacha20-poly1305@openssh.com'] }), expect: [{ messageId: 'exposed', data: { modes: 'chacha20-poly1305@openssh.com' } }] },
    { name: 'CBC with EtM without strict KEX', observation: obs({ strictKex: false, ciphersClientToServer: ['aes128-cbc', 'aes128-ctr'], ciphersServerToClient: ['aes128-cbc', 'aes128-ctr'] }), expect: [{ messageId: 'exposed' }] },
  ],
}, ctx);

checkTester(protocol1, {
  valid: [{ name: 'SSH-2.0 only', observation: hardened }],
  invalid: [
    { name: 'protocol 1 confirmed', observation: v1only, expect: [{ messageId: 'confirmed', data: { hostKeyBits: 1024, serverKeyBits: 768, ciphers: '3des' } }] },
    { name: '1.99 announced, confirmation failed', observation: obs({ protocolVersion: '1.99', banner: 'SSH-1.99-OpenSSH_3.9p1', protocol1: { offered: true, confirmed: false } }), expect: [{ messageId: 'announced', data: { version: '1.99' } }] },
  ],
}, ctx);
