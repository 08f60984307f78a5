import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createServerChain } from '../../src/pki/certs.js';
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

export async function startHttp(handler: http.RequestListener, opts: http.ServerOptions = {}): Promise<Running> {
  const server = http.createServer(opts, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { port, url: `http://127.0.0.1:${port}/`, close: closer(server) };
}

let chain: ReturnType<typeof createServerChain> | undefined;
/** One CA chain for all https tests (RSA key generation is the slow part). */
export function testChain() {
  chain ??= createServerChain(['127.0.0.1', 'localhost']);
  return chain;
}

export async function startHttps(handler: http.RequestListener): Promise<Running & { caPem: string }> {
  const c = testChain();
  const server = https.createServer({ key: c.leaf.keyPem, cert: c.leaf.certPem + c.intermediate.certPem }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { port, url: `https://127.0.0.1:${port}/`, caPem: c.root.certPem, close: closer(server) };
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
