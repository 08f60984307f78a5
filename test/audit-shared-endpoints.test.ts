import fs from 'node:fs';
import https from 'node:https';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../src/engine/audit.js';
import { parseInventory } from '../src/inventory/load.js';
import { createServerChain } from '../src/pki/certs.js';
import type { Results } from '../src/results/index.js';
import { listen, type Listener } from './helpers/listeners.js';

/**
 * One endpoint under several systems (a shared reverse proxy, a host listed twice): the audit
 * observes it once and judges it for each system. Counted on real servers: the TLS server's
 * connections and the port listener's.
 */
let dir: string;
let web: https.Server;
let webPort: number;
let webConnections = 0;
let sshLike: Listener;
let caFile: string;

function inventoryFor(systems: number): string {
  return YAML.stringify({
    organization: { name: 'Sở LĐTBXH thử nghiệm' },
    scope: { allow: ['127.0.0.1/32'] },
    trust: { caFiles: [caFile] },
    defaults: { timeoutMs: 2000, speed: 'fast' },
    units: [0, 1].map((u) => ({
      id: `don-vi-${u}`,
      name: `Đơn vị ${u}`,
      systems: Array.from({ length: systems }, (_, i) => i).filter((i) => i % 2 === u).map((i) => ({
        id: `he-thong-${i}`,
        name: `Hệ thống ${i}`,
        targets: [{ url: `https://127.0.0.1:${webPort}/cong-${i}/` }, { host: '127.0.0.1', ports: String(sshLike.port), expectedOpen: [sshLike.port] }],
      })),
    })).filter((u) => u.systems.length),
  });
}

async function audit(systems: number): Promise<{ results: Results; web: number; ports: number }> {
  const before = { web: webConnections, ports: sshLike.connections };
  const results = await runAudit({ inventory: parseInventory(inventoryFor(systems), path.join(dir, 'inventory.yaml')), cycle: '2026-Q4' });
  return { results, web: webConnections - before.web, ports: sshLike.connections - before.ports };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-shared-'));
  const chain = createServerChain(['127.0.0.1']);
  caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, chain.root.certPem);
  web = https.createServer({ key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem }, (_req, res) => {
    res.setHeader('server', 'nginx/1.18.0');
    res.end('<html><head><title>cổng</title></head></html>');
  });
  web.on('connection', () => webConnections++);
  web.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as net.AddressInfo).port;
  sshLike = await listen((s) => s.end('SSH-2.0-OpenSSH_7.4\r\n'));
});
afterAll(async () => {
  web.closeAllConnections();
  await new Promise<void>((resolve) => web.close(() => resolve()));
  await sshLike.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('one endpoint under several systems', () => {
  it('is observed once and judged for each system', async () => {
    const one = await audit(1);
    const four = await audit(4);
    // Observed once: the TLS enumeration (dozens of handshakes) and the port scan are not repeated;
    // only each system's own URL is fetched again.
    expect(one.web).toBeGreaterThan(10);
    expect(four.web).toBeLessThan(one.web * 1.5);
    expect(four.ports).toBe(one.ports);

    for (const family of ['tls', 'ports', 'ssh'] as const) {
      const targets = four.results.targets.filter((t) => t.family === family);
      expect(targets.map((t) => t.system).sort(), family).toEqual(['he-thong-0', 'he-thong-1', 'he-thong-2', 'he-thong-3']);
      // The banner-only responder is no SSH server: the ssh target errs, the same for every system.
      const lone = one.results.targets.find((t) => t.family === family)!;
      expect(lone.status, family).toBe(family === 'ssh' ? 'error' : 'ok');
      for (const t of targets) expect(`${t.status}:${t.error?.code}`, `${family} ${t.system}`).toBe(`${lone.status}:${lone.error?.code}`);
      // Each system has the same verdicts as the lone system had, under its own fingerprints.
      const verdicts = (system: string, r: Results) => r.results.filter((x) => x.system === system && x.targetKey.includes(`/${family}/`)).map((x) => `${x.checkId}:${x.outcome}`).sort();
      const expected = verdicts('he-thong-0', one.results);
      expect(expected.length, family).toBeGreaterThan(0);
      if (family === 'ssh') expect(expected.every((v) => v.endsWith(':error'))).toBe(true);
      for (const s of ['he-thong-0', 'he-thong-1', 'he-thong-2', 'he-thong-3']) expect(verdicts(s, four.results), `${family} ${s}`).toEqual(expected);
    }
    const fingerprints = four.results.results.map((r) => r.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('a failure of the shared endpoint is every sharing target\'s failure, never a pass', async () => {
    const silent = await listen((s) => s.destroy());
    try {
      const text = YAML.stringify({
        organization: { name: 'Sở LĐTBXH thử nghiệm' },
        scope: { allow: ['127.0.0.1/32'] },
        defaults: { timeoutMs: 1000, speed: 'fast' },
        units: [{ id: 'don-vi', name: 'Đơn vị', systems: [0, 1, 2].map((i) => ({ id: `he-thong-${i}`, name: `Hệ thống ${i}`, targets: [{ tls: `127.0.0.1:${silent.port}` }] })) }],
      });
      const results = await runAudit({ inventory: parseInventory(text, path.join(dir, 'inventory.yaml')), cycle: '2026-Q4' });
      const tls = results.targets.filter((t) => t.family === 'tls');
      expect(tls).toHaveLength(3);
      expect(new Set(tls.map((t) => `${t.status}:${t.error?.code}`)).size).toBe(1);
      expect(tls[0].status).toBe('error');
      expect(results.results.filter((r) => r.outcome === 'pass' && r.targetKey.includes('/tls/'))).toEqual([]);
    } finally {
      await silent.close();
    }
  });
});
