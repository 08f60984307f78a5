import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import forge from 'node-forge';
import { createCertificate, createServerChain } from '../pki/index.js';
import type { StartDemo } from './types.js';

/** PKCS#3 PEM of the 1024-bit MODP group 2 (RFC 2409): a weak DH group for the legacy target, without generating parameters. */
function weakDhParamsPem(): string {
  const dh = crypto.getDiffieHellman('modp2');
  const int = (b: Buffer) => forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, (b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b).toString('binary'));
  const seq = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [int(dh.getPrime()), int(dh.getGenerator())]);
  const der = Buffer.from(forge.asn1.toDer(seq).getBytes(), 'binary');
  return `-----BEGIN DH PARAMETERS-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END DH PARAMETERS-----\n`;
}

/**
 * The legacy demo target uses a 1024-bit DH group on purpose; Node would print a
 * SecurityWarning about it on the user's terminal as if attt itself were misconfigured.
 */
function withoutWeakDhWarning<T>(fn: () => T): T {
  const original = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning instanceof Error ? warning.message : warning).includes('DH parameter')) return;
    return (original as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return fn();
  } finally {
    process.emitWarning = original;
  }
}

async function listen(options: tls.TlsOptions, host: string): Promise<{ server: tls.Server; port: number; sockets: Set<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  const server = withoutWeakDhWarning(() => tls.createServer(options, (s) => s.end()));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as net.AddressInfo).port, sockets };
}

/**
 * Two loopback TLS targets for `attt demo`: a legacy mail server (TLS 1.0/1.1, CBC and
 * static-RSA suites, 1024-bit DHE) and a portal whose certificate expired. Both chain to a
 * throwaway demo CA written to `tls-demo-ca.pem`, which the demo inventory trusts.
 */
export const startTlsDemo: StartDemo = async (opts) => {
  const name = 'mail.sldtbxh.demo';
  const chain = createServerChain([name, 'portal.sldtbxh.demo'], { organization: 'attt demo' });
  const expiredLeaf = createCertificate({
    commonName: 'portal.sldtbxh.demo',
    altNames: ['portal.sldtbxh.demo'],
    issuer: chain.intermediate,
    extKeyUsage: ['serverAuth'],
    notBefore: new Date(Date.now() - 400 * 86_400_000),
    notAfter: new Date(Date.now() - 3 * 86_400_000),
  });
  const caFile = 'tls-demo-ca.pem';
  fs.writeFileSync(path.join(opts.dir, caFile), chain.root.certPem);

  const legacy = await listen(
    {
      key: chain.leaf.keyPem,
      cert: chain.leaf.certPem + chain.intermediate.certPem,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:DHE-RSA-AES128-SHA:AES128-SHA:AES256-SHA:@SECLEVEL=0',
      dhparam: weakDhParamsPem(),
      honorCipherOrder: true,
    },
    opts.host,
  );
  const expired = await listen(
    { key: expiredLeaf.keyPem, cert: expiredLeaf.certPem + chain.intermediate.certPem, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305' },
    opts.host,
  );
  return {
    systems: [
      { unit: 'van-phong', system: { id: 'mail-legacy', name: 'Máy chủ thư (TLS cũ)', level: 2, targets: [{ tls: `${opts.host}:${legacy.port}`, sni: name }] } },
      { unit: 'nguoi-co-cong', system: { id: 'cong-thong-tin-het-han', name: 'Cổng thông tin (chứng thư hết hạn)', level: 2, targets: [{ tls: `${opts.host}:${expired.port}`, sni: 'portal.sldtbxh.demo' }] } },
    ],
    files: [caFile],
    caFiles: [path.resolve(opts.dir, caFile)],
    async stop() {
      for (const s of [legacy, expired]) {
        for (const socket of s.sockets) socket.destroy();
        await new Promise<void>((resolve) => s.server.close(() => resolve()));
      }
    },
  };
};
