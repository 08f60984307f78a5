import type { FamilyModule, PlannedTarget, ScanContext } from '../../engine/index.js';
import type { SshObservation } from '../../observations/ssh/index.js';
import { scanSsh } from './observe.js';

/** The ssh family: one observation per SSH endpoint (`ssh:` target, `attt scan ssh`, or a port an audit identified as SSH). */
export const sshFamily: FamilyModule = {
  family: 'ssh',
  schema: 'attt.ssh/1',
  network: true,
  observe(target: PlannedTarget, ctx: ScanContext): Promise<SshObservation> {
    return scanSsh({
      host: target.host ?? ctx.address,
      address: ctx.address,
      port: target.port ?? 22,
      discoveredBy: target.derivedFrom ? 'ports' : 'target',
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      runSession: (fn) => ctx.connections.run(ctx.address, 'session', fn),
    });
  },
};
