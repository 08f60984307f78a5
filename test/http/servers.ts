import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createCertificate, createServerChain } from '../../src/pki/certs.js';
import { ScopeGuard } from '../../src/inventory/scope.js';
import { ConnectionLimiter, speedProfile } from '../../src/engine/limiter.js';
import { inventorySchema, type Inventory } from '../../src/inventory/schema.js';
import type { PlannedTarget, ScanContext } from '../../src/engine/types.js';

/**
 * Real local servers for the HTTP scanner tests: every test starts what it needs on
 * 127.0.0.1 port 0 and closes it in `finally`. Nothing here mocks the network.
 */
export interface Running {
  port: number;
  url: string;
  close(): Promise<void>;
}

function closer(server: net.Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      (server as http.Server).closeAllConnections?.();
      server.close(() => resolve());
    });
}

export async function startHttp(handler: http.RequestListener, opts: { host?: string; port?: number } = {}): Promise<Running> {
  const host = opts.host ?? '127.0.0.1';
  const server = http.createServer(handler);
  await listen(server, opts.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  return { port, url: port === 80 ? `http://${host}/` : `http://${host}:${port}/`, close: closer(server) };
}

function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/** A random loopback address, so a test can own ports 80 and 443 there without colliding with anyone. */
export function randomLoopback(): string {
  const b = () => 1 + Math.floor(Math.random() * 250);
  return `127.${b()}.${b()}.${b()}`;
}

let chain: ReturnType<typeof createServerChain> | undefined;
/** One CA chain for all https tests (RSA key generation is the slow part). */
export function testChain() {
  chain ??= createServerChain(['127.0.0.1', 'localhost']);
  return chain;
}

/** An https server; on another host than 127.0.0.1 a leaf for that address is issued by the test CA. */
export async function startHttps(handler: http.RequestListener, opts: { host?: string; port?: number } = {}): Promise<Running & { caPem: string }> {
  const c = testChain();
  const host = opts.host ?? '127.0.0.1';
  const leaf = host === '127.0.0.1' ? c.leaf : createCertificate({ commonName: host, altNames: [host], issuer: c.intermediate, extKeyUsage: ['serverAuth'] });
  const server = https.createServer({ key: leaf.keyPem, cert: leaf.certPem + c.intermediate.certPem }, handler);
  await listen(server, opts.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  return { port, url: port === 443 ? `https://${host}/` : `https://${host}:${port}/`, caPem: c.root.certPem, close: closer(server) };
}

/** A raw TCP responder for hostile cases (non-HTTP, slow drip, oversized or invalid headers). */
export async function startRaw(onSocket: (socket: net.Socket) => void): Promise<Running> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function testInventory(url: string, caPems: string[] = []): Inventory {
  const inv = inventorySchema.parse({
    organization: { name: 'Test' },
    scope: { allow: ['127.0.0.0/8'] },
    units: [{ id: 'u', name: 'Unit', systems: [{ id: 's', name: 'System', targets: [{ url }] }] }],
  }) as Inventory;
  (inv as unknown as { _caPems: string[] })._caPems = caPems;
  return inv;
}

export function plannedTarget(url: string, address?: string): PlannedTarget {
  const inv = testInventory(url);
  const u = new URL(url);
  return {
    key: `u/s/http/${url}`,
    unit: inv.units[0],
    system: inv.units[0].systems[0],
    family: 'http',
    label: url,
    spec: address ? { url, address } : { url },
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80),
  };
}

export function scanContext(opts: { trustedCAs?: string[]; timeoutMs?: number; allow?: string[]; address?: string } = {}): ScanContext {
  const profile = speedProfile('normal');
  return {
    address: opts.address ?? '127.0.0.1',
    scope: new ScopeGuard(opts.allow ?? ['127.0.0.0/8']),
    timeoutMs: opts.timeoutMs ?? 2000,
    signal: new AbortController().signal,
    speed: profile,
    connections: new ConnectionLimiter(profile),
    trustedCAs: opts.trustedCAs ?? [],
    inventory: testInventory('http://127.0.0.1/'),
    options: {},
  };
}
