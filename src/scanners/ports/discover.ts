import net from 'node:net';
import pLimit from 'p-limit';
import type { ScopeGuard } from '../../inventory/index.js';

/**
 * Ports tried to find live hosts in a range: the services a government LAN's machines most
 * often offer (remote access, web, file sharing, mail, databases, printers). A TCP connect
 * only, so no raw sockets and no root are needed.
 */
export const DISCOVERY_PORTS: readonly number[] = [22, 80, 443, 445, 3389, 8080, 8443, 21, 23, 25, 53, 135, 139, 3306, 5432, 1433, 5900, 9100, 161, 110, 143, 993, 995, 6379, 9200, 27017];

export interface DiscoveryOptions {
  ports?: readonly number[];
  scope: ScopeGuard;
  /** Per connection, default 1000 ms. */
  timeoutMs?: number;
  /** Hosts probed at once (default 32); each host gets at most `perHost` connections at once. */
  hostsAtOnce?: number;
  perHost?: number;
  signal?: AbortSignal;
  /** Called once per address when its probing ends. */
  onHost?: (address: string, live: boolean, done: number, total: number) => void;
}

/** Try one port: true when the connection is accepted (the socket is closed right away). */
function accepts(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const socket = net.connect({ host: address, port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Which addresses have a live host: one that accepts a TCP connection on a discovery port.
 * A refusal does not count: on a LAN an address without a machine never refuses, but some
 * firewalls refuse on behalf of every address, which would make a whole range look alive.
 * Each address is checked against the scope right before its first packet.
 */
export async function discoverLiveHosts(addresses: readonly string[], opts: DiscoveryOptions): Promise<string[]> {
  const ports = opts.ports?.length ? opts.ports : DISCOVERY_PORTS;
  const timeoutMs = opts.timeoutMs ?? 1000;
  const perHost = Math.max(1, opts.perHost ?? 4);
  const limit = pLimit(Math.max(1, opts.hostsAtOnce ?? 32));
  const live = new Set<string>();
  let done = 0;
  await Promise.all(
    addresses.map((address) =>
      limit(async () => {
        if (opts.signal?.aborted) return;
        opts.scope.assert(address);
        let found = false;
        for (let i = 0; i < ports.length && !found && !opts.signal?.aborted; i += perHost) {
          const batch = await Promise.all(ports.slice(i, i + perHost).map((p) => accepts(address, p, timeoutMs, opts.signal)));
          found = batch.some(Boolean);
        }
        if (found) live.add(address);
        opts.onHost?.(address, found, ++done, addresses.length);
      }),
    ),
  );
  return addresses.filter((a) => live.has(a));
}
