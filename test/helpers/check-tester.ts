import { describe, expect, it } from 'vitest';
import type { Check, CheckContext, CheckMeta, CheckResult } from '../../src/checks/define.js';
import { inventorySchema, type Inventory, type InventoryTarget } from '../../src/inventory/schema.js';
import type { Family } from '../../src/results/schema.js';

/**
 * RuleTester-style harness for checks (docs/architecture.md, "Adding a check"): checks are judged on recorded
 * observations, offline. Invalid cases must list every failure they expect; valid cases
 * must produce none; duplicate case names, unknown message ids and messages no case uses
 * all fail the suite.
 */
export interface ValidCase<O> {
  name: string;
  observation: O;
  context?: Partial<CheckContext>;
  /** Expect this outcome for every result instead of `pass` (e.g. not_applicable). */
  outcome?: 'pass' | 'not_applicable' | 'error';
}
export interface ExpectedFailure {
  messageId: string;
  discriminator?: string;
  severity?: string;
  data?: Record<string, unknown>;
}
export interface InvalidCase<O> {
  name: string;
  observation: O;
  context?: Partial<CheckContext>;
  expect: ExpectedFailure[];
}

export function makeContext(overrides: Partial<CheckContext> = {}, target: InventoryTarget = { host: '127.0.0.1' }): CheckContext {
  const inventory = inventorySchema.parse({
    organization: { name: 'Test org' },
    scope: { allow: ['127.0.0.0/8'] },
    units: [{ id: 'u', name: 'Unit', systems: [{ id: 's', name: 'System', targets: [target] }] }],
  }) as Inventory;
  const unit = inventory.units[0];
  const system = unit.systems[0];
  return {
    inventory,
    unit,
    system,
    target: system.targets[0],
    targetLabel: '127.0.0.1',
    family: 'ports' as Family,
    now: new Date('2026-11-28T00:00:00Z'),
    options: { expiringDays: 30 },
    ...overrides,
  };
}

export function checkTester<O>(
  check: { meta: CheckMeta; run: Check<O>['run'] },
  cases: { valid: ValidCase<O>[]; invalid: InvalidCase<O>[] },
  baseContext: Partial<CheckContext> = {},
): void {
  describe(`check ${check.meta.id}`, () => {
    const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
    const used = new Set<string>();
    const runCase = (observation: O, context?: Partial<CheckContext>): CheckResult[] => {
      const out = check.run(observation, makeContext({ ...baseContext, ...context }));
      return Array.isArray(out) ? out : [out];
    };

    it('has unique case names and at least one valid and one invalid case', () => {
      expect(new Set(names).size).toBe(names.length);
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
    });

    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const results = runCase(c.observation, c.context);
        expect(results.length).toBeGreaterThan(0);
        for (const r of results) {
          expect(r.outcome, JSON.stringify(r)).toBe(c.outcome ?? 'pass');
          if (r.outcome === 'pass' && r.messageId) used.add(r.messageId);
        }
      });
    }

    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const results = runCase(c.observation, c.context);
        const failures = results.filter((r): r is Extract<CheckResult, { outcome: 'fail' }> => r.outcome === 'fail');
        for (const f of failures) {
          expect(Object.keys(check.meta.messages), `unknown messageId ${f.messageId}`).toContain(f.messageId);
          used.add(f.messageId);
        }
        const actual = failures.map((f) => ({
          messageId: f.messageId,
          ...(c.expect.some((e) => e.discriminator !== undefined) ? { discriminator: f.discriminator } : {}),
          ...(c.expect.some((e) => e.severity !== undefined) ? { severity: f.severity ?? check.meta.severity } : {}),
        }));
        const wanted = c.expect.map((e) => ({
          messageId: e.messageId,
          ...(c.expect.some((x) => x.discriminator !== undefined) ? { discriminator: e.discriminator } : {}),
          ...(c.expect.some((x) => x.severity !== undefined) ? { severity: e.severity } : {}),
        }));
        const key = (x: object) => JSON.stringify(x);
        expect(actual.map(key).sort()).toEqual(wanted.map(key).sort());
        c.expect.forEach((e) => {
          if (!e.data) return;
          const match = failures.find((f) => f.messageId === e.messageId && (e.discriminator === undefined || f.discriminator === e.discriminator));
          expect(match?.data).toMatchObject(e.data);
        });
      });
    }

    it('uses every message it declares', () => {
      const declared = Object.keys(check.meta.messages);
      // Pass messages count as used too; run the valid cases again to collect them.
      for (const c of cases.valid) for (const r of runCase(c.observation, c.context)) if (r.outcome === 'pass' && r.messageId) used.add(r.messageId);
      for (const c of cases.invalid) for (const r of runCase(c.observation, c.context)) if ((r.outcome === 'fail' || r.outcome === 'pass') && r.messageId) used.add(r.messageId);
      expect(declared.filter((m) => !used.has(m))).toEqual([]);
    });
  });
}
