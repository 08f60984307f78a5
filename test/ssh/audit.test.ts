import path from 'node:path';
import os from 'node:os';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/engine/audit.js';
import { parseInventory } from '../../src/inventory/load.js';
import type { SshObservation } from '../../src/observations/ssh/types.js';
import { runCli } from '../helpers/cli.js';
import { ed25519Blob, startRawSshd, type RawSshd } from './fixtures/raw-sshd.js';

/** End to end: a port scan finds SSH → the ssh family observes it → ssh.* checks; `ssh:` targets; `attt scan ssh`. */
let server: RawSshd;
beforeAll(async () => {
  server = await startRawSshd({
    ident: 'SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7',
    kex: ['curve25519-sha256', 'diffie-hellman-group14-sha1'],
    hostKey: ['ssh-ed25519'],
    keys: { 'ssh-ed25519': ed25519Blob() },
    ciphers: ['chacha20-poly1305@openssh.com', 'aes128-ctr'],
    macs: ['hmac-sha2-256'],
  });
});
afterAll(async () => server?.close());

const inventory = (targets: unknown[]) =>
  parseInventory(
    YAML.stringify({ organization: { name: 'Sở thử nghiệm' }, scope: { allow: ['127.0.0.1/32'] }, defaults: { timeoutMs: 2000 }, units: [{ id: 'u', name: 'Đơn vị', systems: [{ id: 's', name: 'Máy chủ', targets }] }] }),
    path.join(os.tmpdir(), 'attt-ssh-inventory.yaml'),
  );

describe('ssh family in the audit', () => {
  it('a port the scan identifies as SSH is observed by the ssh family; its banner is judged once (by the ports family)', async () => {
    const results = await runAudit({ inventory: inventory([{ host: '127.0.0.1', ports: String(server.port), expectedOpen: [server.port] }]) });
    const entry = results.targets.find((t) => t.family === 'ssh')!;
    expect(entry).toMatchObject({ target: `127.0.0.1:${server.port}`, status: 'ok', key: `u/s/ssh/127.0.0.1:${server.port}` });
    const obs = results.observations[entry.key] as SshObservation;
    expect(obs).toMatchObject({ schema: 'attt.ssh/1', discoveredBy: 'ports', strictKex: false });
    const failed = results.results.filter((r) => r.outcome === 'fail').map((r) => `${r.checkId}@${r.target}`).sort();
    expect(failed).toEqual([
      `software.outdated@127.0.0.1`,
      `software.version-disclosure@127.0.0.1`,
      `ssh.kex.weak@127.0.0.1:${server.port}`,
      `ssh.terrapin@127.0.0.1:${server.port}`,
    ]);
  });

  it('an ssh: inventory target is observed once even when the port scan also finds it', async () => {
    const results = await runAudit({ inventory: inventory([{ ssh: `127.0.0.1:${server.port}` }, { host: '127.0.0.1', ports: String(server.port), expectedOpen: [server.port] }]) });
    const ssh = results.targets.filter((t) => t.family === 'ssh');
    expect(ssh).toHaveLength(1);
    expect((results.observations[ssh[0].key] as SshObservation).discoveredBy).toBe('target');
    // Discovered by its own target, the ssh observation carries the software claim too (a different endpoint label).
    expect(results.results.filter((r) => r.checkId === 'software.version-disclosure' && r.outcome === 'fail').map((r) => r.target).sort()).toEqual(['127.0.0.1', `127.0.0.1:${server.port}`]);
  });
});

describe('attt scan ssh', () => {
  it('prints the lists, keys and findings; --json gives observation and results; --fail-on sets exit 1', async () => {
    const text = await runCli(['scan', 'ssh', `127.0.0.1:${server.port}`, '--lang', 'en', '--fail-on', 'medium']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7');
    expect(text.stdout).toContain('chacha20-poly1305@openssh.com');
    expect(text.stdout).toMatch(/ssh-ed25519 256 bit {2}SHA256:/);
    expect(text.stdout).toContain('ssh.terrapin');
    const json = await runCli(['scan', 'ssh', `127.0.0.1:${server.port}`, '--json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { observation: SshObservation; results: Array<{ checkId: string }> };
    expect(parsed.observation.kex).toEqual(['curve25519-sha256', 'diffie-hellman-group14-sha1']);
    expect(parsed.results.map((r) => r.checkId)).toContain('ssh.protocol1');
  });

  it('rejects a bad target with exit 2, in Vietnamese by default', async () => {
    const bad = await runCli(['scan', 'ssh', '127.0.0.1:99999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('không hợp lệ');
  });
});
