import net from 'node:net';
import dns from 'node:dns/promises';
import { OutOfScopeError, TargetUnreachableError } from '../errors.js';

/**
 * Scope guard. "Scope is law": every address is checked against `scope.allow` after name
 * resolution and before any packet is sent. IPv4 and IPv6 entries are kept apart: an IPv6
 * entry (even `::/0`) never admits an IPv4 address, and an IPv4-mapped IPv6 address
 * (`::ffff:10.0.0.5`) is judged as the IPv4 address it maps to. (node:net BlockList alone
 * treats IPv4 as IPv4-mapped IPv6, so `::/0` would admit every IPv4 target.)
 */
export function isValidCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** A scope entry as the guard uses it: surrounding spaces ignored, IPv4-mapped IPv6 as IPv4. */
export function parseCidr(text: string): { address: string; bits: number; family: 4 | 6 } | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const family = net.isIP(m[1]);
  const bits = Number(m[2]);
  if (family === 4 && bits <= 32) return { address: m[1], bits, family: 4 };
  if (family !== 6 || bits > 128) return undefined;
  const mapped = mappedIpv4(m[1]);
  if (mapped && bits >= 96) return { address: mapped, bits: bits - 96, family: 4 };
  return { address: m[1], bits, family: 6 };
}

/** The IPv4 address an IPv4-mapped IPv6 address stands for (`::ffff:a.b.c.d`, `::ffff:0a00:0005`), else undefined. */
export function mappedIpv4(address: string): string | undefined {
  if (net.isIP(address) !== 6) return undefined;
  const groups = expandIpv6(address);
  if (!groups || groups.slice(0, 5).some((g) => g !== 0) || groups[5] !== 0xffff) return undefined;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const o = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const a = part(head);
  const b = part(tail);
  if (tail === undefined) return a.length === 8 ? a : undefined;
  return [...a, ...new Array(8 - a.length - b.length).fill(0), ...b];
}

/** The address a connection goes to, in the form scope is judged on (mapped IPv6 → IPv4). */
export function normalizeAddress(address: string): string {
  const bare = address.trim().replace(/^\[|\]$/g, '');
  return mappedIpv4(bare) ?? bare;
}

export class ScopeGuard {
  private readonly v4 = new net.BlockList();
  private readonly v6 = new net.BlockList();
  readonly allow: readonly string[];

  constructor(allow: readonly string[]) {
    this.allow = allow.map((c) => c.trim());
    for (const cidr of this.allow) {
      const entry = parseCidr(cidr);
      if (!entry) continue; // the inventory validator reports it; an invalid entry admits nothing
      if (entry.family === 4) this.v4.addSubnet(entry.address, entry.bits, 'ipv4');
      else this.v6.addSubnet(entry.address, entry.bits, 'ipv6');
    }
  }

  /** True when the literal IP address lies inside an allowed range of its own family. */
  allows(address: string): boolean {
    const a = normalizeAddress(address);
    const family = net.isIP(a);
    if (family === 4) return this.v4.check(a, 'ipv4');
    if (family === 6) return this.v6.check(a, 'ipv6');
    return false;
  }

  /** Throws OutOfScopeError unless the address is allowed. Call right before connecting. */
  assert(address: string, what: string = address): void {
    if (!this.allows(address)) {
      throw new OutOfScopeError({
        vi: `${what} (${address}) nằm ngoài phạm vi được phép (scope.allow: ${this.allow.join(', ') || 'trống'}); không gửi gói tin nào tới địa chỉ này.`,
        en: `${what} (${address}) is outside the allowed scope (scope.allow: ${this.allow.join(', ') || 'empty'}); nothing was sent to it.`,
      });
    }
  }
}

/**
 * Resolve a host name (or pass through an IP literal) to all its addresses. DNS is the only
 * traffic allowed before the scope check, and it goes to the system resolver, not the target.
 */
export async function resolveHost(host: string): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (net.isIP(bare)) return [bare];
  try {
    const records = await dns.lookup(bare, { all: true, verbatim: true });
    return [...new Set(records.map((r) => r.address))];
  } catch (error) {
    throw new TargetUnreachableError(
      {
        vi: `Không phân giải được tên miền "${host}" (${(error as NodeJS.ErrnoException).code ?? 'lỗi DNS'}). Kiểm tra tên hoặc khai báo "address:" trong inventory.`,
        en: `Cannot resolve host name "${host}" (${(error as NodeJS.ErrnoException).code ?? 'DNS error'}). Check the name or set "address:" in the inventory.`,
      },
      { cause: error },
    );
  }
}
