import { createHash } from 'node:crypto';

/**
 * A finding's identity across cycles: the same check on the same system and endpoint, for
 * the same discriminator (port, header, cookie, question), always hashes the same. The unit
 * is part of it because the same system id may exist in two units.
 */
export function fingerprint(parts: { checkId: string; unit: string; system: string; target: string; discriminator?: string }): string {
  return createHash('sha256')
    .update([parts.checkId, parts.unit, parts.system, parts.target, parts.discriminator ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 24);
}
