import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdHoc } from '../../src/engine/adhoc.js';
import type { Results } from '../../src/results/index.js';
import { loopbackHost, selfSignedCert, tempDir } from '../helpers/daemons.js';

/**
 * Issue 14, problem 3: a mail server that refuses connections beyond a limit per second
 * ("421 Too many concurrent SMTP connections", as Exim does at smtp_accept_max) must still get
 * its complete suite list, equal to the list of the same server without a limit.
 */
interface Smtp {
  host: string;
  port: number;
  refused: number;
  close(): Promise<void>;
}

async function startSmtp(host: string, perSecond: number, context: tls.SecureContext): Promise<Smtp> {
  const arrivals: number[] = [];
  const sockets = new Set<net.Socket>();
  const state = { refused: 0 };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const now = Date.now();
    while (arrivals.length && arrivals[0] < now - 1000) arrivals.shift();
    if (arrivals.length >= perSecond) {
      state.refused++;
      socket.end('421 mx.test Too many concurrent SMTP connections; please try again later.\r\n');
      return;
    }
    arrivals.push(now);
    socket.write('220 mx.test ESMTP\r\n');
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (/^EHLO/im.test(text) && text.endsWith('\n') && !/STARTTLS/i.test(text)) {
        socket.write('250-mx.test\r\n250 STARTTLS\r\n');
        text = '';
      } else if (/^STARTTLS\r?\n/im.test(text)) {
        socket.off('data', onData);
        socket.write('220 2.0.0 Ready to start TLS\r\n');
        const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
        secure.on('error', () => {});
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  return {
    host,
    port: (server.address() as net.AddressInfo).port,
    get refused() {
      return state.refused;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('STARTTLS server that refuses connections beyond 8 per second', () => {
  let dir: string;
  let limited: Smtp;
  let unlimited: Smtp;
  let onLimited: Results;
  let onUnlimited: Results;
  beforeAll(async () => {
    dir = tempDir('smtp');
    const { cert, key } = selfSignedCert(dir, 'mx.test');
    const context = tls.createSecureContext({ cert: fs.readFileSync(cert), key: fs.readFileSync(key), minVersion: 'TLSv1.2' });
    limited = await startSmtp(loopbackHost(), 8, context);
    unlimited = await startSmtp(loopbackHost(), Infinity, context);
    onLimited = await runAdHoc({ tls: `${limited.host}:${limited.port}`, starttls: 'smtp' }, limited.host, { speed: 'polite' });
    onUnlimited = await runAdHoc({ tls: `${unlimited.host}:${unlimited.port}`, starttls: 'smtp' }, unlimited.host, { speed: 'polite' });
  }, 180_000);
  afterAll(async () => {
    await limited?.close();
    await unlimited?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('was throttled, backed off, and still found every suite the server accepts', () => {
    const obs = (r: Results) => Object.values(r.observations)[0] as { ciphers: Record<string, string[]>; probeErrors: unknown[] };
    expect(limited.refused).toBeGreaterThan(0);
    expect(obs(onLimited).probeErrors).toEqual([]);
    expect(obs(onUnlimited).ciphers['TLSv1.2']?.length).toBeGreaterThan(5);
    expect(obs(onLimited).ciphers).toEqual(obs(onUnlimited).ciphers);
    // The vulnerability probes (tls.vuln.*) back off through the same path as the enumeration.
    expect(onLimited.results.filter((r) => r.outcome === 'error')).toEqual([]);
    expect(onLimited.results.filter((r) => r.checkId.startsWith('tls.vuln.')).length).toBeGreaterThan(5);
  });
});
