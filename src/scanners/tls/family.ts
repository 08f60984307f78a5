import type { FamilyModule, PlannedTarget, ScanContext } from '../../engine/index.js';
import { scanTls } from './observe.js';
import type { TlsObservation } from '../../observations/tls/index.js';

/** The tls family: one observation per endpoint (https:// URL or `tls:` target), judged by checks/tls/*. */
export const tlsFamily: FamilyModule = {
  family: 'tls',
  network: true,
  observe(target: PlannedTarget, ctx: ScanContext): Promise<TlsObservation> {
    const spec = (target.spec ?? {}) as { sni?: string; starttls?: 'smtp' | 'imap' | 'pop3' | 'ftp' };
    return scanTls({
      host: target.host ?? ctx.address,
      ...(spec.sni ? { sni: spec.sni } : {}),
      address: ctx.address,
      port: target.port ?? 443,
      ...(spec.starttls ? { starttls: spec.starttls } : {}),
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      trustedCAs: ctx.trustedCAs,
      runSession: (fn) => ctx.connections.run(ctx.address, 'session', fn),
    });
  },
  grade: (observation) => (observation as TlsObservation).grade,
};
