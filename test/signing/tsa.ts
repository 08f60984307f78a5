import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestPki } from './pki.js';

/** A real RFC 3161 TSA: `openssl ts -reply` behind a small HTTP responder on 127.0.0.1. */
export async function startTsa(pki: TestPki): Promise<{ url: string; close(): Promise<void> }> {
  const tsa = pki.tsa();
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const query = path.join(pki.dir, `q${++n}.tsq`);
      const reply = path.join(pki.dir, `r${n}.tsr`);
      fs.writeFileSync(query, Buffer.concat(chunks));
      execFile('openssl', ['ts', '-reply', '-config', tsa.config, '-queryfile', query, '-inkey', tsa.key, '-signer', tsa.cert, '-chain', pki.caCert, '-out', reply], (error) => {
        if (error) {
          res.writeHead(500).end(String(error));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(fs.readFileSync(reply));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/tsa`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
