import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdHoc } from '../../src/engine/adhoc.js';
import { scanLocalSsh } from './fixtures/scan.js';
// Shared with bench/ssh.js: the same servers and the same nmap comparison.
import { atttAsNmapTables, keyFingerprints, nmapSsh2EnumAlgos, SSHD_CONFIGS, startSshd } from '../../bench/fixtures/ssh.js';

type Sshd = Awaited<ReturnType<typeof startSshd>>;

const failedIds = (results: { checkId: string; outcome: string }[]) => [...new Set(results.filter((r) => r.outcome === 'fail').map((r) => r.checkId))].sort();

describe("Debian's OpenSSH with a default, a hardened and a weak sshd_config", () => {
  const servers: Record<string, Sshd> = {};
  beforeAll(async () => {
    servers.default = await startSshd({ host: '127.0.0.21', ...SSHD_CONFIGS.default });
    servers.hardened = await startSshd({ host: '127.0.0.22', ...SSHD_CONFIGS.hardened });
    servers.weak = await startSshd({ host: '127.0.0.23', ...SSHD_CONFIGS.weak });
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s.stop();
  });

  for (const name of ['default', 'hardened', 'weak'] as const) {
    it(`${name}: algorithm lists equal nmap ssh2-enum-algos exactly, host keys equal ssh-keygen -l`, async () => {
      const s = servers[name];
      const obs = await scanLocalSsh(s.host, s.port);
      expect(obs.banner).toMatch(/^SSH-2\.0-OpenSSH_9\.2/);
      expect(atttAsNmapTables(obs)).toEqual(await nmapSsh2EnumAlgos(s.host, s.port));
      const truth = await keyFingerprints(Object.values(s.keys));
      const seen = obs.hostKeys.map((k) => ({ bits: k.bits, fingerprint: k.fingerprintSha256 }));
      expect(seen.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))).toEqual(truth.map((t) => ({ bits: t.bits, fingerprint: t.fingerprint })).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)));
      expect(obs.probeErrors).toEqual([]);
      // Debian 12's OpenSSH 9.2p1 carries the strict-KEX backport (deb12u2).
      expect(obs.strictKex).toBe(true);
      expect(obs.protocol1).toEqual({ offered: false, confirmed: false });
    });
  }

  it('default: only the 64-bit and SHA-1 MACs are weak; chacha20 is protected by strict KEX', async () => {
    const results = await runAdHoc({ ssh: `${servers.default.host}:${servers.default.port}` }, servers.default.host, { speed: 'polite' });
    expect(failedIds(results.results)).toEqual(['software.outdated', 'software.version-disclosure', 'ssh.mac.weak']);
    const terrapin = results.results.find((r) => r.checkId === 'ssh.terrapin')!;
    expect(terrapin.outcome).toBe('pass');
    expect(terrapin.message.en).toContain('strict KEX');
    const mac = results.results.find((r) => r.checkId === 'ssh.mac.weak')!;
    expect(mac.evidence.weak).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'umac-64-etm@openssh.com' }), expect.objectContaining({ name: 'hmac-sha1' })]));
  });

  it('hardened: no ssh.* finding', async () => {
    const results = await runAdHoc({ ssh: `${servers.hardened.host}:${servers.hardened.port}` }, servers.hardened.host, { speed: 'polite' });
    expect(failedIds(results.results).filter((id) => id.startsWith('ssh.'))).toEqual([]);
    expect(results.results.filter((r) => r.checkId.startsWith('ssh.')).map((r) => r.outcome)).toEqual(Array(6).fill('pass'));
  });

  it('weak: every weak kex, cipher, MAC and host key configured is reported', async () => {
    const results = await runAdHoc({ ssh: `${servers.weak.host}:${servers.weak.port}` }, servers.weak.host, { speed: 'polite' });
    expect(failedIds(results.results)).toEqual(['software.outdated', 'software.version-disclosure', 'ssh.cipher.weak', 'ssh.hostkey.weak', 'ssh.kex.weak', 'ssh.mac.weak']);
    const names = (id: string) => (results.results.find((r) => r.checkId === id)!.evidence.weak as Array<{ name: string }>).map((w) => w.name);
    expect(names('ssh.kex.weak')).toEqual(['diffie-hellman-group1-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1']);
    expect(names('ssh.cipher.weak')).toEqual(['3des-cbc', 'aes128-cbc', 'aes256-cbc']);
    expect(names('ssh.mac.weak')).toEqual(expect.arrayContaining(['hmac-md5', 'hmac-md5-96', 'hmac-sha1-96', 'umac-64@openssh.com']));
    const hostkey = results.results.filter((r) => r.checkId === 'ssh.hostkey.weak' && r.outcome === 'fail');
    const messages = hostkey.map((r) => r.message.en).sort();
    expect(messages).toHaveLength(3);
    expect(messages[0]).toBe('The server still accepts ssh-rsa (SHA-1) signatures besides rsa-sha2-256/512.');
    expect(messages[1]).toBe('The server uses a DSA key (ssh-dss, 1024 bit).');
    expect(messages[2]).toMatch(/^The server's RSA key has only 1024 bits \(SHA256:/);
    expect(results.results.find((r) => r.checkId === 'ssh.kex.weak')!.severity).toBe('high');
  });
});
