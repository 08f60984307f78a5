import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisLike } from '../src/demo/ports.js';
import { runAudit } from '../src/engine/audit.js';
import { parseInventory } from '../src/inventory/load.js';
import { resultsJsonSchema } from '../src/results/json-schema.js';
import { readResults, writeResults } from '../src/results/write.js';
import { ROOT } from './helpers/cli.js';
import { closedPort, listen, type Listener } from './helpers/listeners.js';

/** End to end for the ports family: real listeners → engine → checks → results.json. */
let ssh: Listener;
let redis: Listener;
let outside: Listener;
let closed: number;
let dir: string;

function inventoryText(): string {
  return YAML.stringify({
    organization: { name: 'Sở LĐTBXH thử nghiệm' },
    scope: { allow: ['127.0.0.1/32'] },
    defaults: { timeoutMs: 1500, speed: 'normal' },
    units: [
      {
        id: 'van-phong',
        name: 'Văn phòng',
        systems: [{ id: 'may-chu', name: 'Máy chủ', targets: [{ host: '127.0.0.1', ports: `${ssh.port},${redis.port},${closed}`, expectedOpen: [ssh.port] }] }],
      },
      {
        id: 'ngoai-pham-vi',
        name: 'Ngoài phạm vi',
        systems: [
          { id: 'khac', name: 'Máy khác', targets: [{ host: '127.0.0.2', ports: String(outside.port) }, { host: 'no-such-host.invalid', ports: '80' }] },
        ],
      },
    ],
  });
}

beforeAll(async () => {
  ssh = await listen((s) => s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'));
  redis = await listen((s) => redisLike(s));
  outside = await listen(() => {}, '127.0.0.2');
  closed = await closedPort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-audit-'));
});
afterAll(async () => {
  await Promise.all([ssh.close(), redis.close(), outside.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('audit engine (ports family)', () => {
  it('audits in-scope targets, never touches out-of-scope ones, and isolates failures', async () => {
    const inventory = parseInventory(inventoryText(), path.join(dir, 'inventory.yaml'));
    const results = await runAudit({ inventory, cycle: '2026-Q4' });

    // Scope: the listener on 127.0.0.2 saw no connection at all.
    expect(outside.connections).toBe(0);
    const byTarget = Object.fromEntries(results.targets.map((t) => [t.target, t]));
    expect(byTarget['127.0.0.2'].status).toBe('out-of-scope');
    expect(byTarget['no-such-host.invalid'].status).toBe('error');
    expect(byTarget['no-such-host.invalid'].error?.code).toBe('ATTT_TARGET_UNREACHABLE');
    expect(byTarget['127.0.0.1'].status).toBe('ok');

    const failed = results.results.filter((r) => r.outcome === 'fail' && r.checkId.startsWith('ports.')).map((r) => `${r.checkId}@${r.evidence.port}`).sort();
    expect(failed).toEqual([`ports.risky-service@${redis.port}`, `ports.unauthenticated-service@${redis.port}`, `ports.unexpected-open@${redis.port}`].sort());
    // The unreachable host yields `error` results for every ports check, not a crashed run.
    const errors = results.results.filter((r) => r.outcome === 'error' && r.target === 'no-such-host.invalid' && r.checkId.startsWith('ports.')).map((r) => r.checkId).sort();
    expect(errors).toEqual(['ports.default-credentials', 'ports.risky-service', 'ports.unauthenticated-service', 'ports.unexpected-open']);
    // The port answering as SSH gets its own ssh observation; this listener stops after its banner (a timeout, not a crash).
    expect(results.targets.find((t) => t.family === 'ssh')).toMatchObject({ target: `127.0.0.1:${ssh.port}`, status: 'error' });
    expect(results.summary.targets).toEqual({ total: 4, ok: 1, error: 2, outOfScope: 1 });
    expect(results.summary.findingsBySeverity.critical).toBe(1);
    expect(results.interrupted).toBe(false);
  });

  it('writes results.json that validates against the committed JSON Schema, atomically', async () => {
    const inventory = parseInventory(inventoryText(), path.join(dir, 'inventory.yaml'));
    const results = await runAudit({ inventory, cycle: '2026-Q4' });
    const file = path.join(dir, 'results.json');
    writeResults(file, results);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'results.schema.json'), 'utf8'));
    expect(committed, 'schema/results.schema.json is stale: run npm run build && node scripts/gen-schemas.js').toEqual(resultsJsonSchema());
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(committed);
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(validate(written), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({ ...written, extra: 1 })).toBe(false);
    expect(readResults(file).cycle).toBe('2026-Q4');
  });

  it('gives the same fingerprints for the same problems on every run', async () => {
    const inventory = parseInventory(inventoryText(), path.join(dir, 'inventory.yaml'));
    const a = await runAudit({ inventory });
    const b = await runAudit({ inventory });
    const fps = (r: typeof a) => r.results.map((x) => `${x.checkId}|${x.outcome}|${x.fingerprint}`).sort();
    expect(fps(a)).toEqual(fps(b));
    const risky = a.results.filter((r) => r.checkId === 'ports.risky-service' && r.outcome === 'fail');
    expect(new Set(risky.map((r) => r.fingerprint)).size).toBe(risky.length);
  });

  it('stops on interrupt and reports partial results with interrupted: true', async () => {
    const inventory = parseInventory(inventoryText(), path.join(dir, 'inventory.yaml'));
    const controller = new AbortController();
    controller.abort();
    const results = await runAudit({ inventory, signal: controller.signal });
    expect(results.interrupted).toBe(true);
    expect(results.targets).toHaveLength(3);
    expect(results.targets.every((t) => t.status === 'error' && t.error?.code === 'ATTT_INTERRUPTED')).toBe(true);
  });

  it('refuses to read a results file of another schema version or another kind', () => {
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ schemaVersion: 3 }));
    expect(() => readResults(other)).toThrow(/schemaVersion 3 is newer than this attt reads/);
    fs.writeFileSync(other, JSON.stringify({ schemaVersion: 2 }));
    expect(() => readResults(other)).toThrow(/not an attt results file/);
    fs.writeFileSync(other, JSON.stringify({ hello: 'world' }));
    expect(() => readResults(other)).toThrow(/not an attt results file/);
    fs.writeFileSync(other, '{not json');
    expect(() => readResults(other)).toThrow(/not valid JSON/);
  });
});

describe('ports checks against real listeners: passing and failing', () => {
  it('passes all three ports checks on a host that exposes only what it declares', async () => {
    const inventory = parseInventory(
      YAML.stringify({
        organization: { name: 'Org' },
        scope: { allow: ['127.0.0.1/32'] },
        units: [{ id: 'u', name: 'U', systems: [{ id: 's', name: 'S', targets: [{ host: '127.0.0.1', ports: `${ssh.port},${closed}`, expectedOpen: [ssh.port] }] }] }],
      }),
      path.join(dir, 'clean.yaml'),
    );
    const results = await runAudit({ inventory, speed: 'normal' });
    const ports = results.results.filter((r) => r.checkId.startsWith('ports.'));
    expect(ports.map((r) => `${r.checkId}:${r.outcome}`).sort()).toEqual(['ports.default-credentials:not_applicable', 'ports.risky-service:pass', 'ports.unauthenticated-service:pass', 'ports.unexpected-open:pass']);
    // The SSH banner names product and exact version: disclosed, but not a risky service.
    const disclosure = results.results.filter((r) => r.checkId === 'software.version-disclosure' && r.outcome === 'fail');
    expect(disclosure.map((r) => r.evidence.port)).toEqual([ssh.port]);
  });
});
