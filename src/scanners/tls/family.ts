import { defineFamily, type PlannedTarget, type ScanContext } from '../../engine/index.js';
import { gradeTls } from '../../graders/index.js';
import { checkMozillaProfiles, TLS_OBSERVATION, type TlsFacts } from '../../observations/tls/index.js';
import { scanTls } from './observe.js';

function tlsSpec(target: PlannedTarget): { sni?: string; starttls?: 'smtp' | 'imap' | 'pop3' | 'ftp' | 'postgres' | 'mysql' | 'ldap' } {
  return (target.spec ?? {}) as { sni?: string; starttls?: 'smtp' | 'imap' | 'pop3' | 'ftp' | 'postgres' | 'mysql' | 'ldap' };
}

/**
 * The tls family: one observation per endpoint (https:// URL or `tls:` target), judged by
 * checks/tls/*, then graded (letter grade; Mozilla profile comparison kept beside it).
 */
export const tlsFamily = defineFamily(TLS_OBSERVATION, {
  network: true,
  // What observe reads from the target; the rest of its context is the same for the whole audit.
  endpointKey(target: PlannedTarget, address: string): string {
    const spec = tlsSpec(target);
    return JSON.stringify([address, target.port ?? 443, target.host ?? address, spec.sni ?? null, spec.starttls ?? null]);
  },
  observe(target: PlannedTarget, ctx: ScanContext): Promise<TlsFacts> {
    const spec = tlsSpec(target);
    const port = target.port ?? 443;
    return scanTls({
      host: target.host ?? ctx.address,
      ...(spec.sni ? { sni: spec.sni } : {}),
      address: ctx.address,
      port,
      ...(spec.starttls ? { starttls: spec.starttls } : {}),
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      trustedCAs: ctx.trustedCAs,
      runSession: (fn) => ctx.connections.run(ctx.address, 'session', fn, `${ctx.address}:${port}`),
      throttled: () => ctx.connections.throttled(`${ctx.address}:${port}`),
      vulnProbes: ctx.options.tlsVulnProbes !== false,
    });
  },
  grade(observation, verdicts) {
    const graded = gradeTls(observation, verdicts);
    return { grade: graded.grade, fields: { ...graded, mozilla: checkMozillaProfiles(observation) } };
  },
});
