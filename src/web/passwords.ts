import { hash, verify, Algorithm } from '@node-rs/argon2';

/**
 * Argon2id (RFC 9106) through @node-rs/argon2. Parameters: 19 MiB memory, 2 passes, 1 lane —
 * the OWASP Password Storage Cheat Sheet minimum for Argon2id.
 */
const PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

// Verifying against this when the account does not exist costs the same time as a real check,
// so response times do not reveal which account names exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(phc: string | undefined, password: string): Promise<boolean> {
  if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return false;
  if (!phc) {
    dummyHash ??= hashPassword(`attt-no-such-account-${Math.random()}`);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(phc, password).catch(() => false);
}
