import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlGreeting, redisLike } from '../../src/demo/ports.js';
import { runAudit } from '../../src/engine/audit.js';
import { inventorySchema, type Inventory } from '../../src/inventory/schema.js';
import type { Result } from '../../src/results/index.js';
import { SSHD_CONFIGS, startSshd } from '../../bench/fixtures/ssh.js';
import { loopbackHost, startNginx, type Daemon } from '../helpers/daemons.js';
import { listen, type Listener } from '../helpers/listeners.js';

/**
 * software.outdated on real servers: distribution builds (issue 14, problem 4) and the
 * software government LANs run (problem 7). Each host is a 127.0.0.x address of its own.
 */
function inventoryFor(host: string, targets: unknown[]): Inventory {
  return inventorySchema.parse({
    organization: { name: 'test' },
    scope: { allow: [`${host}/32`] },
    defaults: { timeoutMs: 3000 },
    units: [{ id: 'u', name: 'u', systems: [{ id: 's', name: 's', targets }] }],
  }) as Inventory;
}
const outdated = (results: Result[]) => results.filter((r) => r.checkId === 'software.outdated' && r.outcome === 'fail');

describe('distribution builds: Debian 12 OpenSSH and nginx on one host (problem 4)', () => {
  const host = loopbackHost();
  let sshd: Awaited<ReturnType<typeof startSshd>>;
  let nginx: Daemon;
  let results: Result[];
  beforeAll(async () => {
    sshd = await startSshd({ host, ...SSHD_CONFIGS.default });
    nginx = await startNginx({ host });
    const audit = await runAudit({
      inventory: inventoryFor(host, [{ host, ports: [sshd.port, nginx.port] }, { url: `http://${host}:${nginx.port}/` }]),
      speed: 'polite',
      now: () => new Date('2026-12-01T00:00:00Z'),
    });
    results = audit.results;
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
    await nginx?.stop();
  });

  it('no regreSSHion or Terrapin finding for OpenSSH 9.2p1 Debian-2+deb12u10: Debian fixed both', () => {
    const ssh = outdated(results).filter((r) => String(r.evidence.product) === 'openssh');
    expect(ssh).toEqual([]);
    const text = JSON.stringify(results.filter((r) => r.outcome === 'fail'));
    expect(text).not.toContain('CVE-2024-6387');
    expect(text).not.toContain('CVE-2023-48795');
  });
  it('nginx 1.22.1 (no marker of its own) is judged a Debian 12 build from the SSH banner: low, with the reason', () => {
    const nginxFindings = outdated(results).filter((r) => r.evidence.product === 'nginx');
    // Once from the port scan's banner, once from the HTTP Server header: never high.
    expect(nginxFindings.length).toBeGreaterThan(0);
    for (const f of nginxFindings) {
      expect(f.severity).toBe('low');
      expect(f.confidence).toBe('needs-verification');
      expect(f.evidence.distroInferred).toMatchObject({ name: 'debian', release: '12', from: expect.stringContaining(`port ${sshd.port}`) });
      expect(f.evidence.distroSupport).toMatchObject({ release: 'debian 12', ltsEnd: '2028-06-30' });
      expect(f.message.en).toContain('Debian 12 build');
    }
  });
});

describe('EOL data for what government LANs run (problem 7)', () => {
  const host = loopbackHost();
  const listeners: Listener[] = [];
  let tomcat: http.Server;
  let tomcatPort: number;
  let results: Result[];
  beforeAll(async () => {
    listeners.push(await listen((s) => s.write('220 (vsFTPd 2.3.4)\r\n'), host));
    listeners.push(await listen((s) => s.write(mysqlGreeting('5.5.62')), host));
    listeners.push(await listen((s) => redisLike(s, { version: '4.0.14' }), host));
    listeners.push(
      await listen((s) => s.once('data', () => s.end('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"name":"n","cluster_name":"es","version":{"number":"6.8.23"},"tagline":"You Know, for Search"}')), host),
    );
    tomcat = http.createServer((_req, res) => {
      res.writeHead(200, { Server: 'Apache-Coyote/1.1', 'Content-Type': 'text/html;charset=UTF-8' });
      res.end('<!DOCTYPE html><html><head><title>Apache Tomcat/7.0.76</title></head><body><a href="/manager/html">Manager App</a></body></html>');
    });
    await new Promise<void>((r) => tomcat.listen(0, host, () => r()));
    tomcatPort = (tomcat.address() as { port: number }).port;
    const audit = await runAudit({
      inventory: inventoryFor(host, [{ host, ports: listeners.map((l) => l.port) }, { url: `http://${host}:${tomcatPort}/` }]),
      speed: 'polite',
      now: () => new Date('2026-12-01T00:00:00Z'),
    });
    results = audit.results;
  }, 60_000);
  afterAll(async () => {
    await Promise.all(listeners.map((l) => l.close()));
    await new Promise((r) => tomcat.close(r));
  });

  it('vsftpd 2.3.4, MySQL 5.5.62, Redis 4.0.14, Elasticsearch 6.8.23 and Tomcat 7.0.76 each get software.outdated', () => {
    const found = outdated(results).map((r) => `${String(r.evidence.product)} ${String(r.evidence.version)}`).sort();
    expect(found).toEqual(['elasticsearch 6.8.23', 'mysql 5.5.62', 'redis 4.0.14', 'tomcat 7.0.76', 'vsftpd 2.3.4']);
    const vsftpd = outdated(results).find((r) => r.evidence.product === 'vsftpd')!;
    expect(vsftpd).toMatchObject({ severity: 'critical' });
    expect(vsftpd.message.en).toContain('CVE-2011-2523');
    for (const r of outdated(results).filter((x) => x.evidence.product !== 'vsftpd')) {
      expect(r.evidence.source).toMatch(/^endoflife-date\/endoflife\.date@a70eca337 products\//);
    }
  });
});
