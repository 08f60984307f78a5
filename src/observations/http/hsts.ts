/** Strict-Transport-Security parsing (RFC 6797 §6.1). */
export interface ParsedHsts {
  valid: boolean;
  reason?: string;
  maxAge?: number;
  includeSubDomains: boolean;
  preload: boolean;
}

/** Six months as the Observatory counts it (180 days). */
export const HSTS_SIX_MONTHS = 15_552_000;
/** What the preload list (hstspreload.org) requires: one year, includeSubDomains, preload. */
export const HSTS_PRELOAD_MIN = 31_536_000;

/** Parse the header values received. Several header lines (or a comma) make it invalid, as a browser ignores all but the first and auditors cannot tell which. */
export function parseHsts(values: readonly string[]): ParsedHsts {
  const out: ParsedHsts = { valid: false, includeSubDomains: false, preload: false };
  if (values.length === 0) return { ...out, reason: 'missing' };
  const text = values[0].slice(0, 1024);
  if (values.length > 1 || text.includes(',')) return { ...out, reason: 'set multiple times' };
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const [rawName, ...rest] = part.trim().split('=');
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    if (seen.has(name)) return { ...out, reason: `duplicate directive ${name}` };
    seen.add(name);
    const value = rest.join('=').trim().replace(/^"(.*)"$/, '$1');
    if (name === 'max-age') {
      if (!/^\d{1,12}$/.test(value)) return { ...out, reason: 'max-age is not a number' };
      out.maxAge = Number(value);
    } else if (name === 'includesubdomains') out.includeSubDomains = true;
    else if (name === 'preload') out.preload = true;
  }
  if (out.maxAge === undefined) return { ...out, reason: 'max-age missing' };
  return { ...out, valid: true };
}
