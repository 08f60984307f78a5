import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { InventoryInvalidError } from '../src/errors.js';
import { inventoryJsonSchema } from '../src/inventory/json-schema.js';
import { loadInventory, parseInventory } from '../src/inventory/load.js';
import { parsePortSpec } from '../src/inventory/port-spec.js';
import { ScopeGuard } from '../src/inventory/scope.js';
import { ROOT } from './helpers/cli.js';

const SAMPLE = path.join(ROOT, 'templates', 'init', 'inventory.yaml');

function problems(text: string): string[] {
  try {
    parseInventory(text, 'inv.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InventoryInvalidError);
    return (error as InventoryInvalidError).details ?? [];
  }
  throw new Error('expected the inventory to be rejected');
}

const base = `organization: { name: Org }
scope:
  allow: [127.0.0.1/32]
units:
  - id: a
    name: A
    systems:
      - id: s
        name: S
        targets:
          - host: 127.0.0.1
            ports: "22,80"
`;

describe('inventory loader', () => {
  it('accepts the sample that attt init writes, with six units', () => {
    const inv = loadInventory(SAMPLE);
    expect(inv.units.map((u) => u.id)).toEqual(['van-phong', 'nguoi-co-cong', 'lao-dong-viec-lam', 'trung-tam-dvvl', 'co-so-cai-nghien', 'bao-tro-xa-hoi']);
    expect(inv.sourceFile).toBe(SAMPLE);
  });

  it('names file, line, column and path for an unknown key (a typo must not drop a target)', () => {
    const text = base.replace('ports: "22,80"', 'ports: "22,80"\n            expectedopen: [22]');
    const [p] = problems(text);
    expect(p).toMatch(/^inv\.yaml:13:13 units\[0\]\.systems\[0\]\.targets\[0\]/);
    expect(p).toContain('expectedopen');
  });

  it('reports a port spec out of range at the ports value', () => {
    const [p] = problems(base.replace('"22,80"', '"22,70000"'));
    expect(p).toMatch(/^inv\.yaml:12:\d+ units\[0\]\.systems\[0\]\.targets\[0\]\.ports: .*70000.*outside 1-65535/);
  });

  it('reports an invalid CIDR', () => {
    const [p] = problems(base.replace('127.0.0.1/32', '127.0.0.1/33'));
    expect(p).toMatch(/^inv\.yaml:3:\d+ scope\.allow\[0\]: "127\.0\.0\.1\/33" is not a CIDR/);
  });

  it('reports duplicate unit and system ids with where the first one is', () => {
    const dupUnit = base + `  - id: a\n    name: Again\n`;
    expect(problems(dupUnit)[0]).toMatch(/inv\.yaml:13:\d+ units\[1\]\.id: duplicate unit id "a" \(first used at units\[0\]\)/);
    const dupSystem = base + `      - id: s\n        name: S2\n`;
    expect(problems(dupSystem)[0]).toMatch(/units\[0\]\.systems\[1\]\.id: duplicate system id "s"/);
  });

  it('reports malformed YAML with its position', () => {
    const [p] = problems('organization: { name: Org\nscope: [');
    expect(p).toMatch(/^inv\.yaml:\d+:\d+ \(yaml\): /);
  });

  it('reports a missing required field and a bad id', () => {
    const text = base.replace('  - id: a\n    name: A\n', '  - id: A_1\n');
    const all = problems(text).join('\n');
    expect(all).toMatch(/units\[0\]\.id: "A_1" is not a lowercase id/);
    expect(all).toMatch(/units\[0\]\.name: required/);
  });

  it('rejects a target that matches no target kind, saying which kinds exist', () => {
    const [p] = problems(base.replace('- host: 127.0.0.1\n            ports: "22,80"', '- hots: 127.0.0.1'));
    expect(p).toMatch(/targets\[0\].*(url|host|tls)/);
  });

  it('reports a missing CA file', () => {
    const [p] = problems(base + 'trust: { caFiles: [no-such-ca.pem] }\n');
    expect(p).toMatch(/trust\.caFiles\[0\]: CA file not found/);
  });

  it('gives a clear error for a missing file', () => {
    expect(() => loadInventory(path.join(os.tmpdir(), 'attt-no-such-inventory.yaml'))).toThrow(/ENOENT.*attt init/);
  });

  it('has a JSON Schema that accepts the sample and rejects unknown keys', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(inventoryJsonSchema());
    const sample = YAML.parse(fs.readFileSync(SAMPLE, 'utf8'));
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...sample, scop: {} })).toBe(false);
  });
});

describe('port specifications', () => {
  it('parses lists, ranges, open ranges and top-N', () => {
    expect(parsePortSpec('22,80,8000-8002')).toEqual([22, 80, 8000, 8001, 8002]);
    expect(parsePortSpec('65530-')).toEqual([65530, 65531, 65532, 65533, 65534, 65535]);
    expect(parsePortSpec('1-65535')).toHaveLength(65535);
    expect(parsePortSpec('top-100')).toHaveLength(100);
    expect(parsePortSpec('top-1000')).toHaveLength(1000);
    expect(parsePortSpec('top-10')).toEqual([21, 22, 23, 25, 80, 110, 139, 443, 445, 3389]);
    expect(parsePortSpec([443, 80, 80])).toEqual([80, 443]);
  });
  it('rejects bad specs with a reason', () => {
    expect(() => parsePortSpec('0')).toThrow(/outside 1-65535/);
    expect(() => parsePortSpec('100-10')).toThrow(/backwards/);
    expect(() => parsePortSpec('http')).toThrow(/not a port/);
    expect(() => parsePortSpec('top-5000')).toThrow(/top-1000/);
  });
});

describe('scope guard', () => {
  it('allows exactly the listed ranges, IPv4 and IPv6', () => {
    const scope = new ScopeGuard(['198.51.0.0/16', '203.0.113.10/32', '2001:db8::/32']);
    expect(scope.allows('198.51.255.1')).toBe(true);
    expect(scope.allows('198.52.0.1')).toBe(false);
    expect(scope.allows('203.0.113.10')).toBe(true);
    expect(scope.allows('203.0.113.11')).toBe(false);
    expect(scope.allows('2001:db8::5')).toBe(true);
    expect(scope.allows('2001:db9::5')).toBe(false);
    expect(scope.allows('not-an-ip')).toBe(false);
    expect(() => scope.assert('198.52.0.1')).toThrow(/outside the allowed scope/);
  });
});
