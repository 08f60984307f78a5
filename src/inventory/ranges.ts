import fs from 'node:fs';
import net from 'node:net';
import { InputError } from '../errors.js';

/**
 * Address ranges as targets (`hosts: 10.10.1.0/24`, `hostsFile: hosts.txt`): parsing, the
 * scope rule for whole ranges, and enumeration. Pure: nothing here sends a packet.
 */

/** The largest range accepted without `--allow-large`: a /16 (65,536 addresses). */
export const MAX_RANGE_ADDRESSES = 65_536;
/** Absolute bound even with --allow-large: a /8. */
export const HARD_MAX_RANGE_ADDRESSES = 1 << 24;

export interface Ipv4Range {
  /** As written, e.g. `10.10.1.0/24` or `10.10.1.7`. */
  text: string;
  first: number;
  last: number;
}

export function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** `a.b.c.d/nn` or a single IPv4 address → its first and last address; null when not one. */
export function parseIpv4Range(text: string): Ipv4Range | null {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m || net.isIP(m[1]) !== 4) return null;
  const bits = m[2] === undefined ? 32 : Number(m[2]);
  if (bits > 32) return null;
  const size = 2 ** (32 - bits);
  const first = Math.floor(ipv4ToNumber(m[1]) / size) * size;
  return { text: text.trim(), first, last: first + size - 1 };
}

export function rangeSize(r: Pick<Ipv4Range, 'first' | 'last'>): number {
  return r.last - r.first + 1;
}

/** The blocks of `range` not covered by any allowed range, as CIDRs (what to name when refusing). */
export function partsOutside(range: Pick<Ipv4Range, 'first' | 'last'>, allow: readonly string[]): string[] {
  const allowed = allow.map(parseIpv4Range).filter((r): r is Ipv4Range => r !== null);
  const outside: Array<[number, number]> = [];
  // Walk the range as aligned power-of-two blocks: a block is inside one allowed range, or
  // outside all of them, or it is split in half. At most 32 levels.
  const visit = (first: number, last: number) => {
    if (allowed.some((a) => a.first <= first && last <= a.last)) return;
    if (!allowed.some((a) => a.first <= last && first <= a.last) || first === last) {
      const prev = outside[outside.length - 1];
      if (prev && prev[1] + 1 === first) prev[1] = last;
      else outside.push([first, last]);
      return;
    }
    const mid = first + Math.floor((last - first + 1) / 2);
    visit(first, mid - 1);
    visit(mid, last);
  };
  visit(range.first, range.last);
  return outside.flatMap(([a, b]) => toCidrs(a, b));
}

/** The smallest list of CIDR blocks covering first..last exactly. */
export function toCidrs(first: number, last: number): string[] {
  const out: string[] = [];
  let start = first;
  while (start <= last) {
    let size = 1;
    while (start % (size * 2) === 0 && start + size * 2 - 1 <= last && size < 2 ** 32) size *= 2;
    out.push(`${numberToIpv4(start)}/${32 - Math.log2(size)}`);
    start += size;
  }
  return out;
}

/**
 * The usable host addresses of a range: a /31 or /32 is taken whole; a larger block leaves out
 * its network and broadcast addresses, which no host holds.
 */
export function* hostAddresses(range: Pick<Ipv4Range, 'first' | 'last'>): Generator<string> {
  const whole = rangeSize(range) <= 2;
  for (let n = whole ? range.first : range.first + 1; n <= (whole ? range.last : range.last - 1); n++) yield numberToIpv4(n);
}

/**
 * Read a hosts file the way nmap's `-iL` does: one address, range or host name per line or
 * separated by spaces; `#` starts a comment. Bounded: 1 MB, 100,000 entries.
 */
export function readHostsFile(file: string): string[] {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > 1024 * 1024) throw Object.assign(new Error('larger than 1 MB'), { code: 'EFBIG' });
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError('ATTT_HOSTS_FILE', { vi: `Không đọc được tệp danh sách máy ${file} (${code}).`, en: `Cannot read the hosts file ${file} (${code}).` }, { cause: error });
  }
  const entries: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const word of line.replace(/#.*/, '').split(/[\s,]+/).filter(Boolean)) {
      if (!parseIpv4Range(word) && net.isIP(word) === 0 && !/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i.test(word)) {
        throw new InputError('ATTT_HOSTS_FILE', { vi: `${file}:${i + 1}: "${word}" không phải địa chỉ IP, dải CIDR hay tên máy.`, en: `${file}:${i + 1}: "${word}" is not an IP address, a CIDR range or a host name.` });
      }
      entries.push(word);
    }
  });
  if (entries.length > 100_000) throw new InputError('ATTT_HOSTS_FILE', { vi: `${file}: hơn 100.000 mục.`, en: `${file}: more than 100,000 entries.` });
  return entries;
}
