/**
 * The check catalogue: a sorted map from check id to a lazy loader, merged from one map per
 * family (checks/<family>/index.ts) so that families are registered in their own folder.
 * Registration is explicit, never a directory scan (STYLE.md, as ESLint's lib/rules/index.js).
 */
import { HTTP_CHECKS } from './http/index.js';
import { PORTS_CHECKS } from './ports/index.js';
import { SOFTWARE_CHECKS } from './software/index.js';
import { SSH_CHECKS } from './ssh/index.js';
import { TLS_CHECKS } from './tls/index.js';

export type CheckLoader = () => Promise<unknown>;

const merged: Record<string, CheckLoader> = { ...HTTP_CHECKS, ...PORTS_CHECKS, ...SOFTWARE_CHECKS, ...SSH_CHECKS, ...TLS_CHECKS };

export const CHECK_LOADERS: Readonly<Record<string, CheckLoader>> = Object.freeze(
  Object.fromEntries(Object.keys(merged).sort().map((id) => [id, merged[id]])),
);
