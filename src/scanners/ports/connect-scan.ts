import net from 'node:net';
import type { ConnectionLimiter } from '../../engine/limiter.js';
import { rawTcpProbe } from './raw-tcp.js';

export type PortState = 'open' | 'closed' | 'filtered' | 'error';
export interface PortProbeResult {
  state: PortState;
  reason?: string;
}

export interface ConnectScanOptions {
  connectTimeoutMs: number;
  connections: ConnectionLimiter;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Out of descriptors or ephemeral ports is our limit, not the target's answer: retry those. */
const RETRYABLE = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'EAGAIN', 'ENOBUFS']);
/** Ports a lane probes before giving its slot back, so other hosts get a turn. */
const LANE_BATCH = 64;
/** Lanes a scan starts with before adapting. */
const INITIAL_LANES = 96;

/**
 * TCP connect scan: open (handshake completed), closed (RST → ECONNREFUSED), filtered (no
 * answer before the timeout, or ICMP unreachable). The work runs in "lanes": each lane holds
 * one connection slot of the limiter (per host and global) and probes ports one after
 * another, so concurrency is exactly the profile's and the per-port bookkeeping stays small
 * enough for a full 65,535-port range.
 */
export async function connectScan(address: string, ports: readonly number[], opts: ConnectScanOptions): Promise<Map<number, PortProbeResult>> {
  const states = new Map<number, PortProbeResult>();
  const probe = rawTcpProbe() ?? socketProbe;
  let next = 0;
  let done = 0;
  let lastReport = 0;
  // Adaptive concurrency: start with a few lanes (on a LAN or loopback answers come back in
  // microseconds and more lanes only add overhead) and add lanes whenever probes wait for a
  // timeout (filtered ports, distant hosts), up to the profile's per-host cap, which the
  // limiter already bounds by the file-descriptor budget.
  const maxLanes = Math.max(1, Math.min(opts.connections.profile.probesPerHost, ports.length));
  let lanes = Math.min(maxLanes, INITIAL_LANES);
  const running: Promise<void>[] = [];
  const grow = () => {
    if (lanes >= maxLanes || next >= ports.length) return;
    const add = Math.min(maxLanes - lanes, Math.max(1, lanes >> 2));
    lanes += add;
    for (let i = 0; i < add; i++) running.push(lane());
  };
  const runBatch = async () => {
    for (let n = 0; n < LANE_BATCH && next < ports.length; n++) {
      if (opts.signal?.aborted) return;
      const port = ports[next++];
      let result = await probe(address, port, opts.connectTimeoutMs);
      for (let attempt = 1; result.state === 'error' && RETRYABLE.has(result.reason ?? '') && attempt <= 3; attempt++) {
        await new Promise((r) => setTimeout(r, 50 * attempt));
        result = await probe(address, port, opts.connectTimeoutMs);
      }
      states.set(port, result);
      if (result.state === 'filtered') grow();
      done++;
      if (opts.onProgress && (done === ports.length || done - lastReport >= 512)) {
        lastReport = done;
        opts.onProgress(done, ports.length);
      }
    }
  };
  const lane = async () => {
    while (next < ports.length && !opts.signal?.aborted) await opts.connections.run(address, 'probe', runBatch);
  };
  for (let i = 0; i < lanes; i++) running.push(lane());
  // Lanes added while waiting are pushed onto `running`; wait until no new ones appear.
  let waited = 0;
  while (waited < running.length) {
    const batch = running.slice(waited);
    waited = running.length;
    await Promise.all(batch);
  }
  return states;
}

/**
 * The portable probe on net.Socket. A connect whose local end equals the remote end is a
 * TCP self-connect (the kernel picked the scanned port as our ephemeral port on loopback),
 * not an open port.
 */
export function socketProbe(address: string, port: number, timeoutMs: number): Promise<PortProbeResult> {
  return new Promise((resolve) => {
    const socket = new net.Socket();
    let settled = false;
    const finish = (state: PortState, reason?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      // resetAndDestroy sends RST instead of FIN: no TIME_WAIT pile-up on either side.
      if (state === 'open' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      resolve(reason ? { state, reason } : { state });
    };
    const timer = setTimeout(() => finish('filtered', 'timeout'), timeoutMs);
    socket.once('connect', () => {
      if (socket.localPort === port && socket.localAddress === socket.remoteAddress) finish('closed', 'self-connect');
      else finish('open');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => finish(...classifyError(error.code ?? error.message)));
    socket.connect({ host: address, port });
  });
}

export function classifyError(code: string): [PortState, string?] {
  switch (code) {
    case 'ECONNREFUSED':
      return ['closed'];
    case 'ECONNRESET':
      // The handshake completed and the listener then reset it (accept-and-drop filters,
      // overloaded daemons): something is listening, so the port is open.
      return ['open', 'reset after accept'];
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return ['filtered', code];
    default:
      return ['error', code];
  }
}
