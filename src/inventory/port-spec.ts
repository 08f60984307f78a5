import { TOP_PORTS } from '../observations/ports/index.js';

/**
 * Parse an nmap-style port specification: `22,80,8000-8100`, `1-65535`, `-` (all),
 * `top-100`, `top-1000` (nmap's frequency ranking, see top-ports.ts), or a list of numbers.
 * Returns sorted unique ports. Throws an Error whose message says what is wrong.
 */
export function parsePortSpec(spec: string | number[]): number[] {
  if (Array.isArray(spec)) return normalise(spec.map((p) => checkPort(p, String(p))));
  const text = spec.trim();
  if (text === '') throw new Error('empty port specification');
  const top = /^top-(\d+)$/i.exec(text);
  if (top) {
    const n = Number(top[1]);
    if (n < 1 || n > TOP_PORTS.length) throw new Error(`top-N must be between top-1 and top-${TOP_PORTS.length}`);
    return normalise(TOP_PORTS.slice(0, n));
  }
  if (text === '-') return range(1, 65535);
  const ports: number[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    const m = /^(\d+)?-(\d+)?$/.exec(item);
    if (m) {
      const lo = checkPort(m[1] === undefined ? 1 : Number(m[1]), item);
      const hi = checkPort(m[2] === undefined ? 65535 : Number(m[2]), item);
      if (lo > hi) throw new Error(`port range "${item}" runs backwards`);
      for (let p = lo; p <= hi; p++) ports.push(p);
    } else if (/^\d+$/.test(item)) {
      ports.push(checkPort(Number(item), item));
    } else {
      throw new Error(`"${item}" is not a port, a range (8000-8100) or top-N`);
    }
  }
  return normalise(ports);
}

function checkPort(port: number, text: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`port "${text}" is outside 1-65535`);
  return port;
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

function normalise(ports: number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b);
}
