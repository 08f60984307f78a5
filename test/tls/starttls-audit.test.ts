import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { inventorySchema, type Inventory } from '../../src/inventory/schema.js';
import { runAudit } from '../../src/engine/audit.js';
import { createServerChain, createCertificate } from '../../src/pki/certs.js';
import { scanLocal, startNodeTlsServer } from './fixtures/servers.js';

const chain = createServerChain(['mail.so.example']);
const context = tls.createSecureContext({ key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem });

/** A plain-text server that upgrades to TLS after its protocol's STARTTLS command (RFC 3207, 2595, 4217). */
async function startStarttlsServer(proto: 'smtp' | 'imap' | 'pop3' | 'ftp'): Promise<{ port: number; close(): Promise<void> }> {
  const script = {
    smtp: { banner: '220 mail.so.example ESMTP\r\n', replies: [[/^EHLO/i, '250-mail.so.example\r\n250 STARTTLS\r\n'], [/^STARTTLS/i, '220 Ready to start TLS\r\n', true]] },
    imap: { banner: '* OK IMAP4rev1 ready\r\n', replies: [[/^a1 STARTTLS/i, 'a1 OK Begin TLS negotiation now\r\n', true]] },
    pop3: { banner: '+OK POP3 ready\r\n', replies: [[/^STLS/i, '+OK Begin TLS\r\n', true]] },
    ftp: { banner: '220-Welcome\r\n220 FTP ready\r\n', replies: [[/^AUTH TLS/i, '234 AUTH TLS OK\r\n', true]] },
  }[proto] as { banner: string; replies: [RegExp, string, boolean?][] };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write(script.banner);
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      let i: number;
      while ((i = text.indexOf('\r\n')) >= 0) {
        const line = text.slice(0, i);
        text = text.slice(i + 2);
        const reply = script.replies.find(([re]) => re.test(line));
        if (!reply) {
          socket.write('500 unknown\r\n');
          continue;
        }
        socket.write(reply[1]);
        if (reply[2]) {
          socket.off('data', onData);
          const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
          secure.on('error', () => undefined);
          return;
        }
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

describe('STARTTLS', () => {
  for (const proto of ['smtp', 'imap', 'pop3', 'ftp'] as const) {
    it(`${proto}: upgrades and assesses the TLS behind it`, async () => {
      const server = await startStarttlsServer(proto);
      try {
        const obs = await scanLocal(server.port, { host: 'mail.so.example', starttls: proto, trustedCAs: [chain.root.certPem] });
        expect(obs.starttls).toBe(proto);
        expect(obs.protocols['TLSv1.2']).toBe(true);
        expect(obs.protocols['TLSv1.3']).toBe(true);
        expect(obs.certificate[0].subject).toBe('CN=mail.so.example');
        expect(obs.trusted).toBe(true);
      } finally {
        await server.close();
      }
    });
  }

  it('a server that refuses STARTTLS yields a clear error', async () => {
    const server = net.createServer((s) => {
      s.on('error', () => undefined);
      s.end('554 no service\r\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await expect(scanLocal((server.address() as net.AddressInfo).port, { starttls: 'smtp', timeoutMs: 500 })).rejects.toMatchObject({ code: 'ATTT_TLS_STARTTLS_FAILED' });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('audit end to end: real servers → tls scanner → checks → results', () => {
  it('reports the expected tls.* ids for a legacy and an expired endpoint, and none for a good one', async () => {
    // Mozilla intermediate 6.0 TLS 1.2 suites (RSA certificate).
    const good = await startNodeTlsServer({ key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305' });
    const legacy = await startNodeTlsServer({ key: chain.leaf.keyPem, cert: chain.leaf.certPem + chain.intermediate.certPem, minVersion: 'TLSv1', ciphers: 'ECDHE-RSA-AES128-SHA:AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0', maxVersion: 'TLSv1.2' });
    const expiredLeaf = createCertificate({ commonName: 'mail.so.example', altNames: ['mail.so.example'], issuer: chain.intermediate, notBefore: new Date(Date.now() - 200 * 86400000), notAfter: new Date(Date.now() - 86400000) });
    const expired = await startNodeTlsServer({ key: expiredLeaf.keyPem, cert: expiredLeaf.certPem + chain.intermediate.certPem, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384' });
    try {
      const fs = await import('node:fs');
      const os = await import('node:os');
      const path = await import('node:path');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-tls-e2e-'));
      fs.writeFileSync(path.join(dir, 'ca.pem'), chain.root.certPem);
      const inventory = inventorySchema.parse({
        organization: { name: 'Sở thử nghiệm' },
        scope: { allow: ['127.0.0.0/8'] },
        trust: { caFiles: ['ca.pem'] },
        units: [{ id: 'van-phong', name: 'Văn phòng', systems: [
          { id: 'good', name: 'Good', targets: [{ tls: `127.0.0.1:${good.port}`, sni: 'mail.so.example' }] },
          { id: 'legacy', name: 'Legacy', targets: [{ tls: `127.0.0.1:${legacy.port}`, sni: 'mail.so.example' }] },
          { id: 'expired', name: 'Expired', targets: [{ tls: `127.0.0.1:${expired.port}`, sni: 'mail.so.example' }] },
        ] }],
      }) as Inventory;
      inventory.sourceFile = path.join(dir, 'inventory.yaml');
      const results = await runAudit({ inventory, speed: 'fast' });
      const failed = (system: string) => [...new Set(results.results.filter((r) => r.system === system && r.outcome === 'fail').map((r) => r.checkId))].sort();
      const ignore = new Set(['tls.cert.ocsp-stapling-missing', 'tls.mozilla.intermediate']);
      expect(failed('good').filter((id) => !ignore.has(id))).toEqual([]);
      expect(failed('legacy').filter((id) => !ignore.has(id))).toEqual(['tls.cipher.cbc', 'tls.cipher.no-forward-secrecy', 'tls.protocol.no-tls1_3', 'tls.protocol.tls1_0', 'tls.protocol.tls1_1', 'tls.vuln.beast']);
      expect(failed('expired').filter((id) => !ignore.has(id))).toEqual(['tls.cert.expired']);
      expect(results.targets.every((t) => t.status === 'ok')).toBe(true);
      expect(Object.values(results.summary.grades).sort()).toEqual(['A', 'B', 'T']);
      fs.rmSync(dir, { recursive: true, force: true });
    } finally {
      await Promise.all([good.close(), legacy.close(), expired.close()]);
    }
  });
});

describe('demo targets', () => {
  it('serves a legacy-TLS and an expired-certificate target that the audit flags', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { startTlsDemo } = await import('../../src/demo/tls.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-tls-demo-'));
    const demo = await startTlsDemo({ dir, host: '127.0.0.1' });
    try {
      expect(demo.files).toEqual(['tls-demo-ca.pem']);
      const inventory = inventorySchema.parse({
        organization: { name: 'Demo' },
        scope: { allow: ['127.0.0.0/8'] },
        trust: { caFiles: ['tls-demo-ca.pem'] },
        units: [
          { id: 'van-phong', name: 'Văn phòng', systems: demo.systems.filter((s) => s.unit === 'van-phong').map((s) => s.system) },
          { id: 'nguoi-co-cong', name: 'Người có công', systems: demo.systems.filter((s) => s.unit === 'nguoi-co-cong').map((s) => s.system) },
        ],
      }) as Inventory;
      inventory.sourceFile = path.join(dir, 'inventory.yaml');
      const results = await runAudit({ inventory, speed: 'fast' });
      const failed = (system: string) => new Set(results.results.filter((r) => r.system === system && r.outcome === 'fail').map((r) => r.checkId));
      expect([...failed('mail-legacy')]).toEqual(expect.arrayContaining(['tls.protocol.tls1_0', 'tls.protocol.tls1_1', 'tls.dh.weak', 'tls.cipher.no-forward-secrecy', 'tls.protocol.no-tls1_3']));
      expect(failed('mail-legacy').has('tls.cert.untrusted')).toBe(false);
      expect(failed('cong-thong-tin-het-han').has('tls.cert.expired')).toBe(true);
    } finally {
      await demo.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
