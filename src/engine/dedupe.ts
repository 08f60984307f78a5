import type { Result, TargetEntry } from '../results/index.js';

/**
 * The endpoint a target really observed, independent of how the inventory named it: the
 * address instead of the host name, and for a web page the page finally reached (so
 * `http://x/` redirected to `https://x/` is the same page as `https://x/`).
 */
export function endpointOf(entry: TargetEntry, observation: unknown): string | undefined {
  if (!entry.address || entry.status !== 'ok') return undefined;
  if (entry.family === 'ports') return `ports|${entry.address}`;
  if (entry.family === 'ssh') return `ssh|${entry.address}|${entry.target.slice(entry.target.lastIndexOf(':') + 1)}`;
  if (entry.family === 'tls') return `tls|${entry.address}|${entry.target.slice(entry.target.lastIndexOf(':') + 1)}`;
  if (entry.family === 'http') {
    const obs = observation as { finalUrl?: string } | undefined;
    try {
      const url = new URL(obs?.finalUrl || entry.target);
      return `http|${entry.address}|${url.port || (url.protocol === 'https:' ? 443 : 80)}|${url.pathname}${url.search}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * One verdict per check, system and real endpoint: a host listed both by name and by address,
 * or a site listed both as http:// and https://, must not count the same finding twice. The
 * verdict kept is the first in inventory order, except that an https:// target wins over an
 * http:// one for the same page, in the place of the first. `endpoints` maps a target key to
 * its endpoint (endpointOf). Returns the verdicts kept, each with the position it takes.
 */
export function distinctVerdicts(results: readonly Result[], endpoints: ReadonlyMap<string, string>): Array<{ result: Result; at: number }> {
  const kept = new Map<string, number>();
  const out: Array<{ result: Result; at: number } | undefined> = [];
  results.forEach((r, i) => {
    const e = r.targetKey ? endpoints.get(r.targetKey) : undefined;
    if (!e) {
      out.push({ result: r, at: i });
      return;
    }
    const discriminator = (r.evidence as { discriminator?: unknown } | undefined)?.discriminator ?? '';
    const key = `${r.checkId}\u0000${r.unit}\u0000${r.system}\u0000${e}\u0000${String(discriminator)}`;
    const at = kept.get(key);
    if (at === undefined) {
      kept.set(key, out.length);
      out.push({ result: r, at: i });
    } else if (/^https:/i.test(r.target) && /^http:/i.test(out[at]!.result.target)) {
      out[at] = { result: r, at: out[at]!.at };
    }
  });
  return out.filter((r): r is { result: Result; at: number } => r !== undefined);
}
