import { defineFamily, type PlannedTarget, type ScanContext } from '../../engine/index.js';
import { SSH_OBSERVATION, type SshObservation } from '../../observations/ssh/index.js';
import { scanSsh } from './observe.js';

/** The ssh family: one observation per SSH endpoint (`ssh:` target, `attt scan ssh`, or a port an audit identified as SSH). */
export const sshFamily = defineFamily(SSH_OBSERVATION, {
  network: true,
  // What observe reads from the target: one SSH server found under several systems is probed once.
  endpointKey: (target: PlannedTarget, address: string): string => JSON.stringify([address, target.port ?? 22, target.host ?? address, Boolean(target.derivedFrom)]),
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
});
