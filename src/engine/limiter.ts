import fs from 'node:fs';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Speed } from '../inventory/index.js';

/**
 * Speed profiles. The default is polite: a government LAN often has fragile appliances
 * (old switches' web UIs, printers, embedded devices) that fall over under parallel load,
 * so per-host parallelism is low unless the operator opts in.
 */
export interface SpeedProfile {
  name: Speed;
  /** Targets (target × family) worked on at once. */
  targetsAtOnce: number;
  /** TCP connect probes at once to one host (port scan). */
  probesPerHost: number;
  /** Full sessions (TLS handshakes, HTTP requests) at once to one host. */
  sessionsPerHost: number;
  /** Connections at once across all hosts. */
  globalConnections: number;
  /** How long an unanswered TCP connect waits before the port counts as filtered. */
  connectTimeoutMs: number;
  /**
   * Least time between two new sessions to one endpoint (a rate, not only a concurrency): a mail
   * server keeps a child alive for each aborted handshake, so bursts exhaust its connection
   * limit even two at a time. Doubled each time the host signals throttling (see throttled()).
   */
  sessionIntervalMs: number;
}

export function speedProfile(speed: Speed, globalOverride?: number): SpeedProfile {
  const fdBudget = Math.max(64, Math.floor(fileDescriptorLimit() * 0.6));
  const profiles: Record<Speed, SpeedProfile> = {
    polite: { name: 'polite', targetsAtOnce: 16, probesPerHost: 24, sessionsPerHost: 2, globalConnections: 64, connectTimeoutMs: 2000, sessionIntervalMs: 50 },
    normal: { name: 'normal', targetsAtOnce: 32, probesPerHost: 128, sessionsPerHost: 6, globalConnections: 512, connectTimeoutMs: 1500, sessionIntervalMs: 10 },
    fast: { name: 'fast', targetsAtOnce: 64, probesPerHost: 2048, sessionsPerHost: 16, globalConnections: 4096, connectTimeoutMs: 1000, sessionIntervalMs: 0 },
  };
  const p = { ...profiles[speed] };
  if (globalOverride) p.globalConnections = globalOverride;
  // Never more sockets than the process may open: running out of descriptors turns open ports into errors.
  p.globalConnections = Math.min(p.globalConnections, fdBudget);
  p.probesPerHost = Math.min(p.probesPerHost, p.globalConnections);
  return p;
}

/** The soft RLIMIT_NOFILE, read from /proc on Linux; a conservative 1024 elsewhere. */
export function fileDescriptorLimit(): number {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const m = /Max open files\s+(\d+|unlimited)/.exec(limits);
    if (m) return m[1] === 'unlimited' ? 65536 : Number(m[1]);
  } catch {
    /* not Linux */
  }
  return 1024;
}

/**
 * Caps connections globally and per host. Every scanner opens sockets only inside `run`,
 * so the profile holds whatever mix of scanners works on one host at the same time.
 */
export class ConnectionLimiter {
  private readonly global: LimitFunction;
  private readonly perHost = new Map<string, { probe: LimitFunction; session: LimitFunction }>();
  /** Per host: when the next session may start, and the current spacing (grows on throttling). */
  private readonly pace = new Map<string, { next: number; interval: number; lastThrottle?: number }>();

  constructor(readonly profile: SpeedProfile) {
    this.global = pLimit(profile.globalConnections);
  }

  /** `endpoint` (e.g. `address:port`) is what session pacing applies to; the host by default. */
  run<T>(address: string, kind: 'probe' | 'session', fn: () => Promise<T>, endpoint = address): Promise<T> {
    let host = this.perHost.get(address);
    if (!host) {
      host = { probe: pLimit(this.profile.probesPerHost), session: pLimit(this.profile.sessionsPerHost) };
      this.perHost.set(address, host);
    }
    if (kind === 'probe') return host.probe(() => this.global(fn));
    return host.session(() => this.global(async () => {
      await this.paced(endpoint);
      return fn();
    }));
  }

  /** Wait for this endpoint's next session slot in time. */
  private async paced(endpoint: string): Promise<void> {
    const p = this.pace.get(endpoint) ?? { next: 0, interval: this.profile.sessionIntervalMs };
    this.pace.set(endpoint, p);
    const now = Date.now();
    // Quiet for a while since the last throttling: come back towards the profile's rate.
    if (p.lastThrottle !== undefined && now - p.lastThrottle > 2 * p.interval) p.interval = Math.max(this.profile.sessionIntervalMs, Math.round(p.interval * 0.8));
    const start = Math.max(now, p.next);
    p.next = start + p.interval;
    if (start > now) await new Promise((r) => setTimeout(r, start - now));
  }

  /**
   * The host signalled throttling (SMTP/FTP 421, a busy IMAP/POP3 reply, resets after a burst):
   * space its sessions twice as far apart (at least 250 ms, at most 4 s) and pause it before the
   * next one. Returns how long the caller should wait before retrying.
   */
  throttled(endpoint: string): number {
    const p = this.pace.get(endpoint) ?? { next: 0, interval: this.profile.sessionIntervalMs };
    p.interval = Math.min(4000, Math.max(250, p.interval * 2));
    p.lastThrottle = Date.now();
    p.next = Math.max(p.next, p.lastThrottle + p.interval);
    this.pace.set(endpoint, p);
    return p.interval;
  }
}
