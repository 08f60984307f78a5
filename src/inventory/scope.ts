import net from 'node:net';
import dns from 'node:dns/promises';
import { OutOfScopeError, TargetUnreachableError } from '../errors.js';

/**
 * Scope guard. "Scope is law": every address is checked against `scope.allow` after name
 * resolution and before any packet is sent. Uses node:net BlockList, which handles IPv4,
 * IPv6 and IPv4-mapped IPv6 consistently.
 */
export function isValidCidr(text: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return false;
  const family = net.isIP(m[1]);
  const bits = Number(m[2]);
  return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
}

export class ScopeGuard {
  private readonly list = new net.BlockList();
  readonly allow: readonly string[];

  constructor(allow: readonly string[]) {
    this.allow = allow;
    for (const cidr of allow) {
      const [addr, bits] = cidr.split('/');
      this.list.addSubnet(addr, Number(bits), net.isIP(addr) === 6 ? 'ipv6' : 'ipv4');
    }
  }

  /** True when the literal IP address lies inside an allowed range. */
  allows(address: string): boolean {
    const family = net.isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
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
