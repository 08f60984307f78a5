/** The http demo contribution, audited as `attt demo` would: the legacy site fails, the modern one gets A+. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHttpDemo } from '../../src/demo/http.js';
import { runAudit } from '../../src/engine/audit.js';
import { inventorySchema, type Inventory } from '../../src/inventory/schema.js';

describe('http demo', () => {
  it('serves a legacy and a well-configured site on loopback', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-http-demo-'));
    const demo = await startHttpDemo({ dir, host: '127.0.0.1' });
    try {
      expect(fs.existsSync(path.join(dir, demo.files![0]))).toBe(true);
      const units = ['nguoi-co-cong', 'van-phong'].map((id) => ({ id, name: id, systems: demo.systems.filter((s) => s.unit === id).map((s) => s.system) }));
      const inventory = inventorySchema.parse({ organization: { name: 'Demo' }, scope: { allow: ['127.0.0.0/8'] }, trust: { caFiles: [path.join(dir, demo.files![0])] }, units }) as Inventory;
      inventory.sourceFile = path.join(dir, 'inventory.yaml');
      const results = await runAudit({ inventory, timeoutMs: 2000, options: {} });
      const httpTargets = results.targets.filter((t) => t.family === 'http');
      expect(httpTargets.every((t) => t.status === 'ok')).toBe(true);
      const grade = (system: string) => results.summary.grades[httpTargets.find((t) => t.system === system)!.key];
      expect(grade('cong-ttdt-cu')).toBe('F');
      expect(grade('cong-dvc')).toBe('A+');
      const modernFails = results.results.filter((r) => r.system === 'cong-dvc' && r.checkId.startsWith('http.') && r.outcome === 'fail');
      expect(modernFails.map((r) => r.checkId)).toEqual([]);
    } finally {
      await demo.stop();
    }
  });
});
