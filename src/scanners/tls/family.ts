import type { FamilyModule, PlannedTarget, ScanContext } from '../../engine/index.js';
import { gradeTls } from '../../graders/index.js';
import { checkMozillaProfiles, type TlsFacts } from '../../observations/tls/index.js';
import { scanTls } from './observe.js';

/**
 * The tls family: one observation per endpoint (https:// URL or `tls:` target), judged by
 * checks/tls/*, then graded (letter grade; Mozilla profile comparison kept beside it).
 */
export const tlsFamily: FamilyModule = {
  family: 'tls',
  schema: 'attt.tls/1',
  network: true,
  observe(target: PlannedTarget, ctx: ScanContext): Promise<TlsFacts> {
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
  grade(observation, verdicts) {
    const facts = observation as TlsFacts;
    const graded = gradeTls(facts, verdicts);
    return { grade: graded.grade, fields: { ...graded, mozilla: checkMozillaProfiles(facts) } };
  },
};
