import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as defaultCredentials from '../../checks/ports/default-credentials.js';
import * as riskyService from '../../checks/ports/risky-service.js';
import * as unauthenticated from '../../checks/ports/unauthenticated-service.js';
import { ConnectionLimiter, speedProfile } from '../../src/engine/limiter.js';
import { scanHostPorts } from '../../src/scanners/ports/scan.js';
import type { OpenPort, PortsObservation } from '../../src/observations/ports/index.js';
import { loopbackHost, startMariadb, startPostgres, startRedis, startStunnel, startDovecot, startVsftpd, stopAll, type Daemon } from '../helpers/daemons.js';
import { listen, type Listener } from '../helpers/listeners.js';

/**
 * The ports scanner against real Debian daemons started by this file (their own configuration
 * in temporary folders, on one 127.0.0.x address each, on random ports): what a unit runs,
 * not imitations. Issue 14, problems 1, 2, 5, 6 and 8.
 */
async function scan(host: string, ports: number[], o: { defaultCredentials?: boolean } = {}): Promise<PortsObservation> {
  return scanHostPorts({
    host,
    address: host,
    ports,
    portSpec: ports.join(','),
    connections: new ConnectionLimiter(speedProfile('polite')),
    connectTimeoutMs: 2000,
    bannerTimeoutMs: 3000,
    waitFirstMs: 800,
    probeRoundMs: 2000,
    defaultCredentials: o.defaultCredentials,
  });
}
const at = (obs: PortsObservation, port: number): OpenPort => obs.open.find((p) => p.port === port)!;

describe('Redis without a password behind stunnel (problem 1)', () => {
  let redis: Daemon;
  let stunnel: Daemon;
  let obs: PortsObservation;
  beforeAll(async () => {
    redis = await startRedis();
    stunnel = await startStunnel({ connect: redis });
    obs = await scan(redis.host, [stunnel.port]);
  });
  afterAll(() => stopAll([stunnel, redis]));

  it('identifies Redis inside the TLS session, with its version', () => {
    const p = at(obs, stunnel.port);
    expect(p).toMatchObject({ service: 'redis', tls: true });
    expect(p.version).toMatch(/^7\./);
  });
  it('fails ports.unauthenticated-service and ports.risky-service for it', () => {
    const open = unauthenticated.run(obs);
    expect(open).toEqual([expect.objectContaining({ outcome: 'fail', discriminator: `port:${stunnel.port}` })]);
    expect(riskyService.run(obs)).toEqual([expect.objectContaining({ outcome: 'fail', data: expect.objectContaining({ service: 'redis' }) })]);
  });
});

describe('databases: default credentials and identification on any port (problems 2 and 5)', () => {
  let trust: Daemon;
  let scram: Daemon;
  let mariaEmpty: Daemon;
  let mariaPassword: Daemon;
  const host = loopbackHost();
  let obs: PortsObservation;
  beforeAll(async () => {
    [trust, scram, mariaEmpty, mariaPassword] = await Promise.all([
      startPostgres({ host, auth: 'trust' }),
      startPostgres({ host, auth: 'scram' }),
      startMariadb({ host, emptyRootPassword: true }),
      startMariadb({ host, emptyRootPassword: false }),
    ]);
    obs = await scan(host, [trust.port, scram.port, mariaEmpty.port, mariaPassword.port]);
  }, 120_000);
  afterAll(() => stopAll([trust, scram, mariaEmpty, mariaPassword]));

  it('names PostgreSQL on a random port by its SSLRequest answer', () => {
    // The ports are random (never 5432): only the protocol probe can name them.
    expect(at(obs, trust.port)).toMatchObject({ service: 'postgresql', identifiedBy: 'probe' });
    expect(at(obs, scram.port)).toMatchObject({ service: 'postgresql', identifiedBy: 'probe' });
  });
  it('PostgreSQL trust admits postgres without a password; SCRAM asks for one and gets none', () => {
    expect(at(obs, trust.port).defaultCredentials).toMatchObject({ accepted: true, evidence: expect.stringContaining('AuthenticationOk') });
    expect(at(obs, scram.port).defaultCredentials).toMatchObject({ accepted: false, evidence: expect.stringContaining('SASL') });
  });
  it('MariaDB root with an empty password is admitted; with a password it is refused', () => {
    expect(at(obs, mariaEmpty.port)).toMatchObject({ service: 'mysql', product: 'mariadb', defaultCredentials: { accepted: true } });
    expect(at(obs, mariaPassword.port).defaultCredentials).toMatchObject({ accepted: false, evidence: expect.stringMatching(/Access denied/) });
  });
  it('ports.default-credentials fails exactly the two open databases, critical', () => {
    const verdicts = defaultCredentials.run(obs);
    expect(verdicts.map((v) => v.outcome === 'fail' && v.discriminator).sort()).toEqual([`port:${mariaEmpty.port}`, `port:${trust.port}`].sort());
    expect(defaultCredentials.meta.severity).toBe('critical');
  });
  it('probeDefaultCredentials: false sends no login at all', async () => {
    const quiet = await scan(host, [trust.port, mariaEmpty.port], { defaultCredentials: false });
    expect(quiet.open.every((p) => p.defaultCredentials === undefined)).toBe(true);
    expect(defaultCredentials.run(quiet)).toEqual([expect.objectContaining({ outcome: 'not_applicable' })]);
  });
});

describe('cleartext logins judged by behaviour (problem 6)', () => {
  let ftpTls: Daemon;
  let ftpPlain: Daemon;
  let dovecotStrict: Daemon;
  let dovecotLax: Daemon;
  let obsStrict: PortsObservation;
  let obsLax: PortsObservation;
  beforeAll(async () => {
    const strictHost = loopbackHost();
    const laxHost = loopbackHost();
    [ftpTls, dovecotStrict, ftpPlain, dovecotLax] = await Promise.all([
      startVsftpd({ host: strictHost, requireTls: true }),
      startDovecot({ host: strictHost, plaintextAuth: false }),
      startVsftpd({ host: laxHost, requireTls: false }),
      startDovecot({ host: laxHost, plaintextAuth: true }),
    ]);
    obsStrict = await scan(strictHost, [ftpTls.port, dovecotStrict.ports.imap, dovecotStrict.ports.pop3, dovecotStrict.ports.imaps]);
    obsLax = await scan(laxHost, [ftpPlain.port, dovecotLax.ports.imap, dovecotLax.ports.pop3]);
  }, 60_000);
  afterAll(() => stopAll([ftpTls, ftpPlain, dovecotStrict, dovecotLax]));

  it('reads the refusal from vsftpd (530 … encryption), IMAP LOGINDISABLED and POP3', () => {
    expect(at(obsStrict, ftpTls.port)).toMatchObject({ service: 'ftp', cleartextLogin: { accepted: false, evidence: expect.stringMatching(/530/) } });
    expect(at(obsStrict, dovecotStrict.ports.imap)).toMatchObject({ service: 'imap', cleartextLogin: { accepted: false } });
    expect(at(obsStrict, dovecotStrict.ports.pop3)).toMatchObject({ service: 'pop3', cleartextLogin: { accepted: false, evidence: expect.stringMatching(/[Pp]laintext/) } });
    expect(at(obsStrict, dovecotStrict.ports.imaps)).toMatchObject({ service: 'imap', tls: true });
  });
  it('no cleartext finding where the server refuses a plaintext login', () => {
    expect(riskyService.run(obsStrict)).toEqual([expect.objectContaining({ outcome: 'pass' })]);
  });
  it('servers that accept a plaintext login still fail', () => {
    expect(at(obsLax, ftpPlain.port).cleartextLogin).toMatchObject({ accepted: true });
    const failed = riskyService.run(obsLax).filter((v) => v.outcome === 'fail').map((v) => (v as { data: { service: string } }).data.service);
    expect(failed.sort()).toEqual(['ftp', 'imap', 'pop3']);
  });
});

describe('silent ports (problem 8)', () => {
  let silent: Listener[] = [];
  let seen: Array<{ port: number; open: number; max: number }> = [];
  beforeAll(async () => {
    // Two ports that accept and never answer (a MongoDB-like and an RDP-like service behind a filter).
    for (let i = 0; i < 2; i++) {
      const track = { port: 0, open: 0, max: 0 };
      const l = await listen((s: net.Socket) => {
        track.open++;
        track.max = Math.max(track.max, track.open);
        s.on('close', () => track.open--);
      });
      track.port = l.port;
      silent.push(l);
      seen.push(track);
    }
  });
  afterAll(async () => Promise.all(silent.map((l) => l.close())));

  it("runs one silent port's protocol probes at the same time, and records them", async () => {
    const obs = await scan('127.0.0.1', silent.map((l) => l.port));
    for (const l of silent) {
      const p = at(obs, l.port);
      expect(p.service).toBe('unknown');
      expect(p.probes).toEqual(expect.arrayContaining(['GET /', 'tls ClientHello', 'redis PING', 'postgresql SSLRequest', 'mongodb hello', 'rdp X.224 connection request']));
    }
    // Every probe had its own connection open at once: the greeting connection plus the seven others.
    for (const t of seen) expect(t.max).toBeGreaterThanOrEqual(8);
  });
});
