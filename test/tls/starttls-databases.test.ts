/**
 * Issue 14, point 9: STARTTLS for PostgreSQL (SSLRequest), MySQL/MariaDB (the SSLRequest packet)
 * and LDAP (RFC 4511 StartTLS), against Debian's PostgreSQL 15 and MariaDB with their own
 * configuration, and an LDAP responder that answers StartTLS as RFC 4511 §4.14 says. A server
 * that does not offer TLS is named as such, not reported as a broken TLS server.
 */
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdHoc } from '../../src/engine/adhoc.js';
import type { Results } from '../../src/results/index.js';
import type { TlsFacts } from '../../src/observations/tls/index.js';
import { loopbackHost, selfSignedCert, startMariadb, startPostgres, stopAll, tempDir, type Daemon } from '../helpers/daemons.js';

const facts = (r: Results) => Object.values(r.observations)[0] as TlsFacts | undefined;

/** LDAP StartTLS responder: reads one LDAPMessage, answers ExtendedResponse success with the OID, then speaks TLS. */
async function startLdap(host: string, context: tls.SecureContext): Promise<{ port: number; starts: number; close(): Promise<void> }> {
  const oid = Buffer.from('1.3.6.1.4.1.1466.20037', 'latin1');
  const sockets = new Set<net.Socket>();
  const state = { starts: 0 };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', (d: Buffer) => {
      // 30 len 02 01 id 77 len 80 len "1.3.6.1.4.1.1466.20037"
      if (d[0] !== 0x30 || d[5] !== 0x77 || !d.subarray(9).equals(oid)) return socket.destroy();
      state.starts++;
      const id = d[4];
      // ExtendedResponse: resultCode success, matchedDN "", diagnosticMessage "", responseName [10] the OID.
      const op = Buffer.concat([Buffer.from([0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00, 0x8a, oid.length]), oid]);
      const body = Buffer.concat([Buffer.from([0x02, 0x01, id, 0x78, op.length]), op]);
      socket.write(Buffer.concat([Buffer.from([0x30, body.length]), body]));
      const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
      secure.on('error', () => {});
    });
  });
  await new Promise<void>((r) => server.listen(0, host, () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    get starts() {
      return state.starts;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('STARTTLS for databases and directories', () => {
  let pg: Daemon;
  let pgPlain: Daemon;
  let maria: Daemon;
  let dir: string;
  let ldap: Awaited<ReturnType<typeof startLdap>>;
  let ldapHost: string;
  const results: Record<string, Results> = {};
  beforeAll(async () => {
    [pg, pgPlain, maria] = await Promise.all([startPostgres({ auth: 'scram', ssl: true }), startPostgres({ auth: 'scram' }), startMariadb({ emptyRootPassword: false, ssl: true })]);
    dir = tempDir('ldap');
    const { cert, key } = selfSignedCert(dir, 'ldap.test');
    ldapHost = loopbackHost();
    ldap = await startLdap(ldapHost, tls.createSecureContext({ cert: fs.readFileSync(cert), key: fs.readFileSync(key), minVersion: 'TLSv1.2' }));
    const scan = (host: string, port: number, starttls: string) => runAdHoc({ tls: `${host}:${port}`, starttls } as never, host, { speed: 'normal', timeoutMs: 3000 });
    results.pg = await scan(pg.host, pg.port, 'postgres');
    results.pgPlain = await scan(pgPlain.host, pgPlain.port, 'postgres');
    results.maria = await scan(maria.host, maria.port, 'mysql');
    results.ldap = await scan(ldapHost, ldap.port, 'ldap');
  }, 300_000);
  afterAll(async () => {
    await stopAll([pg, pgPlain, maria]);
    await ldap?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('PostgreSQL with ssl = on: protocols, suites and the certificate through SSLRequest', () => {
    const o = facts(results.pg)!;
    expect(o.starttls).toBe('postgres');
    expect(o.protocols['TLSv1.3']).toBe(true);
    expect(o.protocols['TLSv1.2']).toBe(true);
    expect(o.certificate.length).toBeGreaterThan(0);
    expect(results.pg.targets[0].status).toBe('ok');
  });

  it('PostgreSQL with ssl = off: said to offer no TLS, not blamed for a broken handshake', () => {
    expect(results.pgPlain.targets[0].status).toBe('error');
    expect(results.pgPlain.targets[0].error?.message.en).toMatch(/answered N .*does not offer TLS/);
  });

  it('MariaDB with --ssl-cert: TLS through the SSLRequest packet', () => {
    const o = facts(results.maria)!;
    expect(results.maria.targets[0].status, JSON.stringify(results.maria.targets[0].error)).toBe('ok');
    expect(o.protocols['TLSv1.2'] || o.protocols['TLSv1.3']).toBe(true);
    expect(o.certificate.length).toBeGreaterThan(0);
  });

  it('LDAP: the StartTLS extended operation, then TLS', () => {
    const o = facts(results.ldap)!;
    expect(ldap.starts).toBeGreaterThan(1);
    expect(o.protocols['TLSv1.3']).toBe(true);
    expect(o.certificate[0]?.subject).toContain('ldap.test');
  });
});
