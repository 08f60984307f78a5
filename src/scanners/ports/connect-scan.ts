import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ConnectionLimiter } from '../../engine/index.js';
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
  /** Called as soon as a port is found open, so identification can start while the scan goes on. */
  onOpen?: (port: number) => void;
}

/** Out of descriptors or ephemeral ports is our limit, not the target's answer: retry those. */
const RETRYABLE = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'EAGAIN', 'ENOBUFS']);
/** Ports a lane probes before giving its slot back, so other hosts get a turn. */
const LANE_BATCH = 64;
/** Lanes a scan starts with before adapting. */
const INITIAL_LANES = 96;

/** What a connect scan found: open and filtered ports (sorted), errors, and how many refused. */
export interface PortStates {
  open: number[];
  filtered: number[];
  errors: Array<{ port: number; reason: string }>;
  closed: number;
}

export interface SliceOptions {
  connectTimeoutMs: number;
  /** Upper bound on lanes (concurrent connects) for this slice. */
  maxLanes: number;
  /** Runs one batch of a lane while holding a connection slot. */
  withSlot: (batch: () => Promise<void>) => Promise<void>;
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
  onOpen?: (port: number) => void;
}

/**
 * TCP connect scan: open (handshake completed), closed (RST → ECONNREFUSED), filtered (no
 * answer before the timeout, or ICMP unreachable). A large range on a multi-core machine is
 * split across worker threads (see connect-worker.ts): on a LAN the cost is the connect
 * system calls themselves, and two cores make them twice as fast. Every worker lane holds a
 * slot of the connection limiter, so the profile's per-host and global caps still hold.
 */
export async function connectScan(address: string, ports: readonly number[], opts: ConnectScanOptions): Promise<PortStates> {
  const maxLanes = Math.max(1, Math.min(opts.connections.profile.probesPerHost, ports.length));
  const workers = workerCount(ports.length, maxLanes);
  let lastReport = 0;
  const progress = (done: number) => {
    if (opts.onProgress && (done === ports.length || done - lastReport >= 512)) {
      lastReport = done;
      opts.onProgress(done, ports.length);
    }
  };
  if (workers > 1) {
    // A thread that cannot start is no reason to fail the scan: do it in this thread instead.
    const parallel = await scanInWorkers(address, ports, workers, maxLanes, opts, progress).catch(() => undefined);
    if (parallel) return parallel;
  }
  return scanSlice(address, ports, {
    connectTimeoutMs: opts.connectTimeoutMs,
    maxLanes,
    withSlot: (batch) => opts.connections.run(address, 'probe', batch),
    signal: opts.signal,
    onProgress: progress,
    onOpen: opts.onOpen,
  });
}

/** Ports worth a worker thread each: below this the thread start-up costs more than it saves. */
const PARALLEL_THRESHOLD = 8192;

function workerCount(portCount: number, maxLanes: number): number {
  if (portCount < PARALLEL_THRESHOLD || maxLanes < 64 || !rawTcpProbe()) return 1;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, 4));
}

/**
 * The single-threaded scan of a list of ports in "lanes": each lane holds one connection
 * slot and probes ports one after another. Adaptive concurrency: it starts with a few lanes
 * (on a LAN or loopback answers come back in microseconds and more lanes only add overhead)
 * and adds lanes whenever probes wait for a timeout (filtered ports, distant hosts), up to
 * `maxLanes`, which the limiter bounds by the file-descriptor budget.
 */
export async function scanSlice(address: string, ports: readonly number[], opts: SliceOptions): Promise<PortStates> {
  const probe = rawTcpProbe() ?? socketProbe;
  const found: PortStates = { open: [], filtered: [], errors: [], closed: 0 };
  let next = 0;
  let done = 0;
  let lanes = Math.min(opts.maxLanes, INITIAL_LANES);
  const running: Promise<void>[] = [];
  const grow = () => {
    if (lanes >= opts.maxLanes || next >= ports.length) return;
    const add = Math.min(opts.maxLanes - lanes, Math.max(1, lanes >> 2));
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
      if (result.state === 'closed') found.closed++;
      else if (result.state === 'open') {
        found.open.push(port);
        opts.onOpen?.(port);
      }
      else if (result.state === 'filtered') {
        found.filtered.push(port);
        grow();
      } else found.errors.push({ port, reason: result.reason ?? 'error' });
      done++;
      opts.onProgress?.(done);
    }
  };
  const lane = async () => {
    while (next < ports.length && !opts.signal?.aborted) await opts.withSlot(runBatch);
  };
  for (let i = 0; i < lanes; i++) running.push(lane());
  // Lanes added while waiting are pushed onto `running`; wait until no new ones appear.
  let waited = 0;
  while (waited < running.length) {
    const batch = running.slice(waited);
    waited = running.length;
    await Promise.all(batch);
  }
  found.open.sort((a, b) => a - b);
  found.filtered.sort((a, b) => a - b);
  return found;
}

/**
 * Split the ports over worker threads (interleaved, so each sees a similar mix) and merge
 * their findings. Returns undefined when workers cannot run here (e.g. from TypeScript
 * sources under a test runner), and the caller scans in this thread instead.
 */
async function scanInWorkers(
  address: string,
  ports: readonly number[],
  workers: number,
  maxLanes: number,
  opts: ConnectScanOptions,
  progress: (done: number) => void,
): Promise<PortStates | undefined> {
  const script = new URL('./connect-worker.js', import.meta.url);
  if (!fs.existsSync(script)) return undefined;
  const lanesEach = Math.max(1, Math.floor(maxLanes / workers));
  const doneBy = new Array<number>(workers).fill(0);
  const slices = Array.from({ length: workers }, (_, w) => ports.filter((_, i) => i % workers === w));
  const results = await Promise.all(
    slices.map(async (slice, w) => {
      // Hold this worker's lanes in the limiter for as long as it runs.
      const slots = holdSlots(opts.connections, address, Math.min(lanesEach, slice.length));
      await slots.ready;
      try {
        return await runWorker(script, { address, ports: slice, connectTimeoutMs: opts.connectTimeoutMs, maxLanes: lanesEach }, opts.signal, (d) => {
          doneBy[w] = d;
          progress(doneBy.reduce((a, b) => a + b, 0));
        }, opts.onOpen);
      } finally {
        slots.release();
      }
    }),
  );
  return {
    open: results.flatMap((r) => r.open).sort((a, b) => a - b),
    filtered: results.flatMap((r) => r.filtered).sort((a, b) => a - b),
    errors: results.flatMap((r) => r.errors),
    closed: results.reduce((n, r) => n + r.closed, 0),
  };
}

export interface WorkerJob {
  address: string;
  ports: number[];
  connectTimeoutMs: number;
  maxLanes: number;
}

function runWorker(script: URL, job: WorkerJob, signal: AbortSignal | undefined, onProgress: (done: number) => void, onOpen?: (port: number) => void): Promise<PortStates> {
  return new Promise((resolve, reject) => {
    // --input-type (node -e) is not allowed for a worker's file entry; other flags carry over.
    const worker = new Worker(script, { workerData: job, execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) });
    const onAbort = () => void worker.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    let result: PortStates | undefined;
    worker.on('message', (m: { progress?: number; open?: number; result?: PortStates }) => {
      if (m.progress !== undefined) onProgress(m.progress);
      if (m.open !== undefined) onOpen?.(m.open);
      if (m.result) result = m.result;
    });
    worker.once('error', reject);
    worker.once('exit', () => {
      signal?.removeEventListener('abort', onAbort);
      // Aborted: report what was not scanned as nothing found, like the in-thread scan does.
      resolve(result ?? { open: [], filtered: [], errors: [], closed: 0 });
    });
  });
}

/** Take `n` probe slots of the limiter and keep them until released. */
function holdSlots(connections: ConnectionLimiter, address: string, n: number): { ready: Promise<void>; release: () => void } {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const granted = Array.from({ length: n }, () => new Promise<void>((ok) => void connections.run(address, 'probe', () => (ok(), released))));
  return { ready: Promise.all(granted).then(() => undefined), release };
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
