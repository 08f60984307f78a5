import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdHoc } from '../../src/engine/adhoc.js';
import { createCertificate } from '../../src/pki/certs.js';
import type { TlsObservation } from '../../src/observations/tls/index.js';
import { probeVulnerabilities, type VulnProbeInput } from '../../src/scanners/tls/vulns.js';
import tls from 'node:tls';
import type net from 'node:net';
import type { NodeServer } from './fixtures/servers.js';
import { startTicketbleedProxy, startVulnTlsServer, type Running } from './fixtures/vuln-server.js';

const leaf = createCertificate({ commonName: 'localhost', altNames: ['localhost'] });
const der = Buffer.from(leaf.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const input = (port: number, suites = [0x002f]): VulnProbeInput => ({
  ep: { address: '127.0.0.1', port, timeoutMs: 3000, signal: new AbortController().signal, runSession: (fn) => fn() },
  legacy: { protocol: 'TLSv1.2', suites },
  secureRenegotiation: true,
});
/** A Node (OpenSSL) TLS server that keeps each session open (so a client may renegotiate) until the client leaves. */
async function startOpenTlsServer(options: tls.TlsOptions): Promise<NodeServer> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(options, (s) => s.on('error', () => undefined));
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

const statuses = (p: Awaited<ReturnType<typeof probeVulnerabilities>>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.status]));

describe('TLS vulnerability probes against responders that are and are not vulnerable', () => {
  let vulnerable: Running;
  let patched: Running;
  let nodeDefault: NodeServer;
  let nodeNoReneg: NodeServer;
  let ticketServer: NodeServer;
  let ticketbleed: Running;
  beforeAll(async () => {
    vulnerable = await startVulnTlsServer({ suites: [0x002f, 0xc02f], certificate: der, heartbeat: 'vulnerable', ccs: 'vulnerable', compression: true });
    patched = await startVulnTlsServer({ suites: [0x002f, 0xc02f], certificate: der, heartbeat: 'patched', ccs: 'patched' });
    nodeDefault = await startOpenTlsServer({ key: leaf.keyPem, cert: leaf.certPem, maxVersion: 'TLSv1.2' });
    nodeNoReneg = await startOpenTlsServer({ key: leaf.keyPem, cert: leaf.certPem, maxVersion: 'TLSv1.2', secureOptions: crypto.constants.SSL_OP_NO_RENEGOTIATION });
    ticketServer = await startOpenTlsServer({ key: leaf.keyPem, cert: leaf.certPem, maxVersion: 'TLSv1.2' });
    ticketbleed = await startTicketbleedProxy(ticketServer.port);
  });
  afterAll(async () => {
    for (const s of [vulnerable, patched, nodeDefault, nodeNoReneg, ticketbleed, ticketServer]) await s?.close();
  });

  it('vulnerable responder: Heartbleed proven by a capped over-read, early CCS accepted, DEFLATE chosen', async () => {
    const p = await probeVulnerabilities(input(vulnerable.port));
    expect(p.heartbleed).toMatchObject({ status: 'vulnerable', evidence: { heartbeatExtension: true, sentPayloadBytes: 16, returnedPayloadBytes: 64 } });
    expect(p.ccsInjection).toMatchObject({ status: 'vulnerable', evidence: { alert: 20 } });
    expect(p.compression).toMatchObject({ status: 'vulnerable', evidence: { compression: 'DEFLATE' } });
    // Nothing the server "leaked" is kept: the evidence holds sizes only.
    expect(JSON.stringify(p)).not.toContain('mmmm');
  });

  it('patched responder with the heartbeat extension: nothing vulnerable', async () => {
    const p = await probeVulnerabilities(input(patched.port));
    expect(p.heartbleed).toMatchObject({ status: 'not-vulnerable', evidence: { heartbeatExtension: true, returnedPayloadBytes: 16 } });
    expect(p.ccsInjection).toMatchObject({ status: 'not-vulnerable', evidence: { alert: 10 } });
    expect(p.compression.status).toBe('not-vulnerable');
  });

  it('OpenSSL (Node) servers: client renegotiation accepted by default, refused with SSL_OP_NO_RENEGOTIATION; tickets resumed correctly', async () => {
    const suites = [0xc02f, 0x009c];
    expect(statuses(await probeVulnerabilities(input(nodeDefault.port, suites)))).toEqual({ heartbleed: 'not-vulnerable', ccsInjection: 'not-vulnerable', compression: 'not-vulnerable', clientRenegotiation: 'vulnerable', ticketbleed: 'not-vulnerable' });
    expect((await probeVulnerabilities(input(nodeNoReneg.port, suites))).clientRenegotiation.status).toBe('not-vulnerable');
  });

  it('Ticketbleed: a server echoing a short session id padded to 32 bytes', async () => {
    const p = await probeVulnerabilities(input(ticketbleed.port, [0xc02f]));
    expect(p.ticketbleed).toMatchObject({ status: 'vulnerable', evidence: { sentSessionIdBytes: 16, echoedSessionIdBytes: 32 } });
  });

  it('end to end: checks fail with CVE references and the grade is capped at F', async () => {
    const results = await runAdHoc({ tls: `127.0.0.1:${vulnerable.port}` }, '127.0.0.1', { speed: 'polite' });
    const entry = results.targets.find((t) => t.family === 'tls')!;
    expect(entry.status).toBe('ok');
    const obs = results.observations[entry.key] as TlsObservation;
    const outcome = (id: string) => results.results.filter((r) => r.checkId === id).map((r) => r.outcome);
    expect(outcome('tls.vuln.heartbleed')).toEqual(['fail']);
    expect(outcome('tls.vuln.ccs-injection')).toEqual(['fail']);
    expect(outcome('tls.vuln.compression')).toEqual(['fail']);
    expect(outcome('tls.vuln.drown')).toEqual(['pass']);
    expect(obs.grade).toBe('F');
    expect(obs.gradeCaps.filter((c) => c.binding).map((c) => c.rule).sort()).toEqual(['tls.vuln.ccs-injection', 'tls.vuln.heartbleed']);
    const heartbleed = results.results.find((r) => r.checkId === 'tls.vuln.heartbleed')!;
    expect(heartbleed.severity).toBe('critical');
    expect(heartbleed.confidence).toBe('confirmed');
  });

  it('end to end without the probes: the probe checks are not applicable', async () => {
    const results = await runAdHoc({ tls: `127.0.0.1:${patched.port}` }, '127.0.0.1', { speed: 'polite', options: { tlsVulnProbes: false } });
    expect(results.results.filter((r) => r.checkId === 'tls.vuln.heartbleed').map((r) => r.outcome)).toEqual(['not_applicable']);
  });
});
