import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlGreeting, redisLike } from '../../src/demo/ports.js';
import { ConnectionLimiter, speedProfile } from '../../src/engine/limiter.js';
import { bson } from '../../src/observations/ports/services.js';
import { scanHostPorts } from '../../src/scanners/ports/scan.js';
import type { OpenPort, PortsObservation } from '../../src/observations/ports/types.js';
import { createCertificate } from '../../src/pki/certs.js';
import { closedPort, listen, type Listener } from '../helpers/listeners.js';

/**
 * The ports scanner against real loopback listeners that speak just enough of each
 * protocol. Every listener is opened by this file and only those ports are scanned.
 */
const listeners: Record<string, Listener> = {};
let tlsServer: tls.Server;
let tlsPort: number;
let closed: number;
let observation: PortsObservation;

function mongoReply(doc: Record<string, number | string | boolean>): Buffer {
  const section = Buffer.concat([Buffer.from([0]), bson(doc)]);
  const header = Buffer.alloc(20);
  header.writeInt32LE(20 + section.length, 0);
  header.writeInt32LE(99, 4);
  header.writeInt32LE(1, 8);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, section]);
}

function httpReply(status: string, headers: string, body: string) {
  return (s: net.Socket) => s.once('data', () => s.end(`HTTP/1.1 ${status}\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`));
}

beforeAll(async () => {
  listeners.ssh = await listen((s) => s.write('SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7\r\n'));
  listeners.ftp = await listen((s) => s.write('220 ProFTPD 1.3.5 Server (Debian)\r\n'));
  listeners.smtp = await listen((s) => s.write('220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n'));
  listeners.pop3 = await listen((s) => s.write('+OK Dovecot ready.\r\n'));
  listeners.imap = await listen((s) => s.write('* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n'));
  listeners.telnet = await listen((s) => s.write(Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20])));
  listeners.vnc = await listen((s) => s.write('RFB 003.008\n'));
  listeners.mysql = await listen((s) => s.write(mysqlGreeting('5.7.44-log')));
  listeners.http = await listen(httpReply('200 OK', 'Server: Apache/2.4.6 (CentOS) PHP/5.4.16\r\n', ''));
  listeners.elastic = await listen(httpReply('200 OK', 'Content-Type: application/json\r\n', '{"name":"n1","cluster_name":"es","version":{"number":"6.8.23"},"tagline":"You Know, for Search"}'));
  listeners.redisOpen = await listen((s) => redisLike(s, { version: '4.0.9' }));
  listeners.redisAuth = await listen((s) => redisLike(s, { password: 's3cret' }));
  listeners.memcached = await listen((s) =>
    s.on('data', (d) => {
      const cmd = d.toString().trim();
      if (cmd === 'version') s.write('VERSION 1.4.25\r\n');
      else if (cmd === 'stats') s.write('STAT pid 1\r\nSTAT version 1.4.25\r\nEND\r\n');
      else s.write('ERROR\r\n');
    }),
  );
  listeners.mongo = await listen((s) =>
    s.on('data', (d) => {
      const text = d.toString('latin1');
      if (text.includes('listDatabases')) s.write(mongoReply({ ok: 0, errmsg: 'command listDatabases requires authentication', code: 13 }));
      else if (text.includes('buildInfo')) s.write(mongoReply({ version: '3.6.8', ok: 1 }));
      else s.write(mongoReply({ isWritablePrimary: true, ok: 1 }));
    }),
  );
  listeners.postgres = await listen((s) => s.once('data', () => s.write('N')));
  listeners.silent = await listen(() => {});
  listeners.flood = await listen((s) => {
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const pump = () => {
      while (s.writable && s.write(chunk));
    };
    s.on('drain', pump);
    pump();
  });
  listeners.control = await listen((s) => s.write('220 \u001b[31mEVIL\u001b[0m FTP\u0007 ready\r\n'));
  listeners.resetter = await listen((s) => s.resetAndDestroy());
  const cert = createCertificate({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
  tlsServer = tls.createServer({ key: cert.keyPem, cert: cert.certPem }, (s) => s.end());
  tlsServer.on('tlsClientError', () => {});
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', () => r()));
  tlsPort = (tlsServer.address() as net.AddressInfo).port;
  closed = await closedPort();

  const ports = [...Object.values(listeners).map((l) => l.port), tlsPort, closed].sort((a, b) => a - b);
  observation = await scanHostPorts({
    host: 'localhost',
    address: '127.0.0.1',
    ports,
    portSpec: ports.join(','),
    connections: new ConnectionLimiter(speedProfile('normal')),
    connectTimeoutMs: 2000,
    bannerTimeoutMs: 2500,
    waitFirstMs: 300,
  });
});

afterAll(async () => {
  await Promise.all(Object.values(listeners).map((l) => l.close()));
  await new Promise<void>((r) => tlsServer.close(() => r()));
});

const port = (name: string): OpenPort => {
  const p = listeners[name]?.port ?? (name === 'tls' ? tlsPort : -1);
  const found = observation.open.find((o) => o.port === p);
  if (!found) throw new Error(`${name} (${p}) not reported open`);
  return found;
};

describe('ports scanner against real listeners', () => {
  it('reports exactly the listening ports open and the released port closed', () => {
    const expected = [...Object.values(listeners).map((l) => l.port), tlsPort].sort((a, b) => a - b);
    expect(observation.open.map((o) => o.port)).toEqual(expected);
    expect(observation.closed).toBe(1);
    expect(observation.filtered).toBe(0);
    expect(observation.portsScanned).toBe(expected.length + 1);
  });

  it('identifies server-first services from their greeting', () => {
    expect(port('ssh')).toMatchObject({ service: 'ssh', identifiedBy: 'banner', product: 'openssh', version: '7.4p1', distro: 'Debian-10+deb9u7' });
    expect(port('ftp')).toMatchObject({ service: 'ftp', product: 'proftpd', version: '1.3.5' });
    expect(port('smtp')).toMatchObject({ service: 'smtp', product: 'postfix' });
    expect(port('pop3').service).toBe('pop3');
    expect(port('imap').service).toBe('imap');
    expect(port('telnet').service).toBe('telnet');
    expect(port('vnc').service).toBe('vnc');
    expect(port('mysql')).toMatchObject({ service: 'mysql', product: 'mysql', version: '5.7.44' });
    expect(port('mysql').banner).toContain('5.7.44-log');
  });

  it('identifies client-first services by a safe nudge', () => {
    expect(port('http')).toMatchObject({ service: 'http', identifiedBy: 'probe', product: 'apache-http-server', version: '2.4.6' });
    expect(port('http').banner).toContain('Server: Apache/2.4.6 (CentOS)');
    expect(port('tls').service).toBe('tls');
    expect(port('elastic').service).toBe('elasticsearch');
    expect(port('redisOpen').service).toBe('redis');
    expect(port('memcached').service).toBe('memcached');
    expect(port('mongo').service).toBe('mongodb');
  });

  it('tells unauthenticated data services from protected ones, read-only', () => {
    expect(port('redisOpen').auth).toMatchObject({ required: false, probe: 'redis PING / INFO server' });
    expect(port('redisOpen').version).toBe('4.0.9');
    expect(port('redisAuth').auth).toMatchObject({ required: true });
    expect(port('memcached').auth).toMatchObject({ required: false });
    expect(port('elastic').auth).toMatchObject({ required: false });
    expect(port('elastic').version).toBe('6.8.23');
    expect(port('mongo').auth).toMatchObject({ required: true });
    expect(port('mongo').version).toBe('3.6.8');
  });

  it('survives hostile listeners: silence, floods, control characters, resets', () => {
    expect(port('silent')).toMatchObject({ service: 'unknown', identifiedBy: 'port' });
    expect(port('silent').banner).toBeUndefined();
    // A flood is cut at the banner bound; the printable form stays small.
    expect(port('flood').banner!.length).toBeLessThanOrEqual(400);
    const evil = port('control').banner!;
    expect(evil).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(evil).toContain('\\x1b[31mEVIL');
    expect(port('resetter').banner).toBeUndefined();
  });
});
