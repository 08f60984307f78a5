import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadInventory, mappedIpv4, ScopeGuard } from '../../src/inventory/index.js';
import { runCli } from '../tracker/helpers.js';

/** Point 2 of the hardening issue: scope entries mean what they say, in validate and audit alike. */
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const ipv6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((g) => g.map((x) => x.toString(16)).join(':'));
const mappedForms = (v4: string) => {
  const o = v4.split('.').map(Number);
  const hex = `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  return [`::ffff:${v4}`, `::FFFF:${v4}`, `0:0:0:0:0:ffff:${v4}`, `::ffff:${hex}`, `[::ffff:${v4}]`];
};

describe('IPv4 and IPv6 scope entries are kept apart', () => {
  it('property: an IPv6 entry, however wide, never admits an IPv4 address or its mapped form', () => {
    fc.assert(
      fc.property(ipv6, fc.integer({ min: 0, max: 95 }), ipv4, (net6, bits, v4) => {
        const guard = new ScopeGuard([`${net6}/${bits}`, '::/0']);
        expect(guard.allows(v4)).toBe(false);
        for (const m of mappedForms(v4)) expect(guard.allows(m)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a mapped IPv6 address is judged exactly as the IPv4 address it maps to', () => {
    fc.assert(
      fc.property(ipv4, fc.integer({ min: 0, max: 32 }), ipv4, (net4, bits, v4) => {
        const guard = new ScopeGuard([`${net4}/${bits}`]);
        for (const m of mappedForms(v4)) expect(guard.allows(m)).toBe(guard.allows(v4));
        expect(mappedIpv4(mappedForms(v4)[0])).toBe(v4);
      }),
      { numRuns: 200 },
    );
  });

  it('property: IPv6 entries still admit the IPv6 addresses inside them', () => {
    fc.assert(
      fc.property(ipv6, (a) => {
        expect(new ScopeGuard(['::/0']).allows(a)).toBe(!mappedIpv4(a));
        expect(new ScopeGuard([`${a}/128`]).allows(a)).toBe(!mappedIpv4(a));
      }),
    );
  });

  it.each([
    ['::/0', '127.0.0.5', false],
    ['2001:db8::/32', '192.0.2.1', false],
    ['::/0', '::ffff:192.0.2.1', false],
    ['192.0.2.0/24', '::ffff:192.0.2.77', true],
    ['192.0.2.0/24', '::ffff:c000:24d', true],
    ['::ffff:192.0.2.0/120', '192.0.2.9', true],
    ['2001:db8::/32', '2001:db8::1', true],
  ])('%s vs %s → %s', (entry, address, allowed) => {
    expect(new ScopeGuard([entry]).allows(address)).toBe(allowed);
  });
});

describe('what validate accepts, audit uses the same way', () => {
  const write = (allow: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-scope-'));
    const file = path.join(dir, 'inventory.yaml');
    fs.writeFileSync(
      file,
      `organization: {name: Org}\nscope: {allow: [${JSON.stringify(allow)}]}\nunits: [{id: u, name: U, systems: [{id: s, name: S, targets: [{host: 127.0.0.1, ports: "1"}]}]}]\n`,
    );
    return { dir, file };
  };

  it.each([' 127.0.0.0/8', '127.0.0.0/8 ', '\t127.0.0.1/32 ', ' ::ffff:127.0.0.0/104'])('scope entry %j: validate passes, audit runs (exit 0) with the entry trimmed', async (entry) => {
    const { dir, file } = write(entry);
    expect(loadInventory(file).scope.allow).toEqual([entry.trim()]);
    const validate = await runCli(['inventory', 'validate', file]);
    expect(validate.code).toBe(0);
    const audit = await runCli(['--lang', 'en', 'audit', '-i', file, '-o', path.join(dir, 'out'), '--speed', 'fast']);
    expect(audit.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(audit.code, audit.stderr).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'results.json'), 'utf8'));
    expect(results.targets[0].status).toBe('ok');
  });

  it('an IPv6-only scope refuses an IPv4 target in the audit pre-flight, nothing sent', async () => {
    const { dir, file } = write('::/0');
    const audit = await runCli(['--lang', 'en', 'audit', '-i', file, '-o', path.join(dir, 'out')]);
    expect(audit.code).toBe(2);
    expect(audit.stderr).toContain('127.0.0.1 is outside scope.allow');
  });
});
