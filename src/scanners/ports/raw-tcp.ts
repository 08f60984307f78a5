import net from 'node:net';
import os from 'node:os';
import { classifyError, type PortProbeResult } from './connect-scan.js';

type Probe = (address: string, port: number, timeoutMs: number) => Promise<PortProbeResult>;

interface TcpHandle {
  connect(req: unknown, address: string, port: number): number;
  connect6(req: unknown, address: string, port: number): number;
  getsockname(out: Record<string, unknown>): number;
  close(cb?: () => void): void;
}

let cached: Probe | null | undefined;

/**
 * Connect timeouts for many thousands of probes: one sweeping interval instead of a timer per
 * probe (creating and clearing 65,535 timers costs more than the connects on loopback).
 * Resolution is SWEEP_MS; the interval stops when nothing is pending and never holds the
 * process open.
 */
const SWEEP_MS = 25;
const pending = new Set<{ deadline: number; expire(): void }>();
let sweeper: NodeJS.Timeout | undefined;

function watchDeadline(entry: { deadline: number; expire(): void }): void {
  pending.add(entry);
  if (!sweeper) {
    sweeper = setInterval(sweep, SWEEP_MS);
    sweeper.unref();
  }
}

function sweep(): void {
  const now = performance.now();
  for (const entry of pending) {
    if (entry.deadline <= now) {
      pending.delete(entry);
      entry.expire();
    }
  }
  if (pending.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/**
 * A connect probe on Node's own TCP handle (the libuv socket under net.Socket), without the
 * stream machinery: about three times faster per port, which is what lets a full-range scan
 * of one host finish faster than nmap -T4. Node marks this binding internal, so it is used
 * only when it behaves exactly as expected, and the scanner falls back to net.Socket
 * otherwise (returns null).
 */
export function rawTcpProbe(): Probe | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    // process.binding is undocumented (absent from @types/node): read it without claiming a type it lacks.
    const bindingOf: unknown = Reflect.get(process, 'binding');
    if (typeof bindingOf !== 'function') return null;
    const binding = bindingOf.call(process, 'tcp_wrap') as {
      TCP: new (type: number) => TcpHandle;
      TCPConnectWrap: new () => { oncomplete?: (status: number) => void; address?: string; port?: number };
      constants: { SOCKET: number };
    };
    if (typeof binding?.TCP !== 'function' || typeof binding.TCPConnectWrap !== 'function' || typeof binding.constants?.SOCKET !== 'number') return null;
    // libuv reports negative errno values; name them once, not per probe.
    const names = new Map(Object.entries(os.constants.errno).map(([name, n]) => [-n, name]));
    const errname = (status: number) => names.get(status) ?? `UV_${status}`;
    const ipv6 = new Map<string, boolean>();
    cached = (address, port, timeoutMs) =>
      new Promise((resolve) => {
        const handle = new binding.TCP(binding.constants.SOCKET);
        const req = new binding.TCPConnectWrap();
        let settled = false;
        const deadline = { deadline: performance.now() + timeoutMs, expire: () => finish({ state: 'filtered', reason: 'timeout' }) };
        const finish = (result: PortProbeResult) => {
          if (settled) return;
          settled = true;
          pending.delete(deadline);
          handle.close();
          resolve(result);
        };
        watchDeadline(deadline);
        req.oncomplete = (status: number) => {
          if (status === 0) {
            const local: Record<string, unknown> = {};
            handle.getsockname(local);
            // A TCP self-connect on loopback looks open but is our own socket.
            if (local.port === port && local.address === address) finish({ state: 'closed', reason: 'self-connect' });
            else finish({ state: 'open' });
          } else {
            const [state, reason] = classifyError(errname(status));
            finish(reason ? { state, reason } : { state });
          }
        };
        req.address = address;
        req.port = port;
        let isV6 = ipv6.get(address);
        if (isV6 === undefined) ipv6.set(address, (isV6 = net.isIPv6(address)));
        const err = isV6 ? handle.connect6(req, address, port) : handle.connect(req, address, port);
        if (err) {
          const [state, reason] = classifyError(errname(err));
          finish(reason ? { state, reason } : { state });
        }
      });
  } catch {
    cached = null;
  }
  return cached;
}
