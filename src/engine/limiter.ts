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
}

export function speedProfile(speed: Speed, globalOverride?: number): SpeedProfile {
  const fdBudget = Math.max(64, Math.floor(fileDescriptorLimit() * 0.6));
  const profiles: Record<Speed, SpeedProfile> = {
    polite: { name: 'polite', targetsAtOnce: 16, probesPerHost: 24, sessionsPerHost: 2, globalConnections: 64, connectTimeoutMs: 2000 },
    normal: { name: 'normal', targetsAtOnce: 32, probesPerHost: 128, sessionsPerHost: 6, globalConnections: 512, connectTimeoutMs: 1500 },
    fast: { name: 'fast', targetsAtOnce: 64, probesPerHost: 2048, sessionsPerHost: 16, globalConnections: 4096, connectTimeoutMs: 1000 },
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

  constructor(readonly profile: SpeedProfile) {
    this.global = pLimit(profile.globalConnections);
  }

  run<T>(address: string, kind: 'probe' | 'session', fn: () => Promise<T>): Promise<T> {
    let host = this.perHost.get(address);
    if (!host) {
      host = { probe: pLimit(this.profile.probesPerHost), session: pLimit(this.profile.sessionsPerHost) };
      this.perHost.set(address, host);
    }
    return host[kind](() => this.global(fn));
  }
}
