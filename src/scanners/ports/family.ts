import { UsageError } from '../../errors.js';
import { defineFamily, formatHostPort, type PlannedTarget, type ScanContext } from '../../engine/index.js';
import { parsePortSpec } from '../../inventory/index.js';
import type { HostTarget } from '../../inventory/index.js';
import { scanHostPorts } from './scan.js';
import { PORTS_OBSERVATION } from '../../observations/ports/index.js';

/** Ports scanned when neither the target nor the inventory defaults say: nmap's default breadth. */
export const DEFAULT_PORT_SPEC = 'top-1000';

/**
 * Deadline of the probe round on a port that stayed silent through the greeting wait: a
 * service that answers a probe at all answers within milliseconds on a LAN.
 */
const PROBE_ROUND_MS = { polite: 2000, normal: 1500, fast: 400 } as const;

/** The ports family: a TCP connect scan with banners and safe auth probes per `host:` target. */
export const portsFamily = defineFamily(PORTS_OBSERVATION, {
  network: true,
  // What observe reads from the target: the same host with the same ports and probes under two systems is scanned once.
  endpointKey(target: PlannedTarget, address: string): string {
    const spec = target.spec as HostTarget;
    return JSON.stringify([address, spec.host, spec.ports ?? null, spec.expectedOpen ?? null, target.system.probeDefaultCredentials !== false, target.system.probePrinterPorts ?? null]);
  },
  async observe(target: PlannedTarget, ctx: ScanContext) {
    const spec = target.spec as HostTarget;
    const portSpec = spec.ports ?? ctx.inventory.defaults.ports ?? DEFAULT_PORT_SPEC;
    let ports: number[];
    try {
      ports = parsePortSpec(portSpec);
    } catch (error) {
      throw new UsageError({ vi: `Chỉ định cổng không hợp lệ "${String(portSpec)}": ${(error as Error).message}`, en: `Invalid port specification "${String(portSpec)}": ${(error as Error).message}` });
    }
    // Expected ports are always probed, so "expected but closed" and banners are known for them too.
    ports = [...new Set([...ports, ...(spec.expectedOpen ?? [])])].sort((a, b) => a - b);
    const connectTimeoutMs = Math.min(ctx.timeoutMs, ctx.speed.connectTimeoutMs);
    return scanHostPorts({
      host: spec.host,
      address: ctx.address,
      ports,
      portSpec: Array.isArray(portSpec) ? portSpec.join(',') : portSpec,
      connections: ctx.connections,
      connectTimeoutMs,
      bannerTimeoutMs: ctx.timeoutMs,
      waitFirstMs: ctx.speed.name === 'fast' ? 250 : 1000,
      probeRoundMs: Math.min(ctx.timeoutMs, PROBE_ROUND_MS[ctx.speed.name]),
      defaultCredentials: target.system.probeDefaultCredentials !== false,
      signal: ctx.signal,
      probePrinterPorts: target.system.probePrinterPorts,
      onProgress: ctx.progress ?? ctx.options.onPortProgress,
    });
  },
  // Every port that answered as SSH (its banner or a probe said so, not only its number) gets an ssh observation.
  derive(target: PlannedTarget, observation) {
    const obs = observation;
    const host = target.host ?? obs.host;
    return obs.open
      .filter((p) => p.service === 'ssh' && p.identifiedBy !== 'port')
      .map((p) => ({ unit: target.unit, system: target.system, family: 'ssh' as const, label: formatHostPort(host, p.port), spec: target.spec, host, port: p.port, derivedFrom: target.key }));
  },
});
