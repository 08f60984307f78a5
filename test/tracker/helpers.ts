import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { openTracker } from '../../src/tracker/db/index.js';
import { fingerprint } from '../../src/results/fingerprint.js';
import type { Family, Outcome, Result, Results, Severity } from '../../src/results/schema.js';

export interface TargetSpec {
  key: string;
  unit: string;
  system: string;
  family: Family;
  target: string;
  status?: 'ok' | 'error' | 'out-of-scope';
}

export interface ResultSpec {
  checkId: string;
  targetKey: string;
  outcome: Outcome;
  severity: Severity;
  discriminator?: string;
}

/** A results.json (schemaVersion 1) built like the engine builds it: fingerprints from the same function. */
export function makeResults(opts: { cycle: string; startedAt: string; targets: TargetSpec[]; results: ResultSpec[]; grades?: Record<string, string> }): Results {
  const byKey = new Map(opts.targets.map((t) => [t.key, t]));
  const results: Result[] = opts.results.map((r) => {
    const t = byKey.get(r.targetKey);
    if (!t) throw new Error(`unknown target ${r.targetKey}`);
    return {
      checkId: r.checkId,
      unit: t.unit,
      system: t.system,
      target: t.target,
      targetKey: t.key,
      outcome: r.outcome,
      severity: r.severity,
      fingerprint: fingerprint({ checkId: r.checkId, unit: t.unit, system: t.system, target: t.target, discriminator: r.discriminator }),
      evidence: r.discriminator ? { discriminator: r.discriminator } : {},
      message: { vi: `Kiểm tra ${r.checkId}: ${r.outcome}${r.discriminator ? ` (${r.discriminator})` : ''}`, en: `Check ${r.checkId}: ${r.outcome}${r.discriminator ? ` (${r.discriminator})` : ''}` },
    };
  });
  const outcomes = { pass: 0, fail: 0, error: 0, not_applicable: 0, unanswered: 0 };
  const sev = () => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  const findingsBySeverity = sev();
  const units = new Map<string, { unit: string; outcomes: typeof outcomes; findingsBySeverity: ReturnType<typeof sev> }>();
  for (const r of results) {
    outcomes[r.outcome]++;
    let u = units.get(r.unit);
    if (!u) units.set(r.unit, (u = { unit: r.unit, outcomes: { pass: 0, fail: 0, error: 0, not_applicable: 0, unanswered: 0 }, findingsBySeverity: sev() }));
    u.outcomes[r.outcome]++;
    if (r.outcome === 'fail' || r.outcome === 'unanswered') {
      findingsBySeverity[r.severity]++;
      u.findingsBySeverity[r.severity]++;
    }
  }
  const targets = opts.targets.map((t) => ({ key: t.key, unit: t.unit, system: t.system, family: t.family, target: t.target, status: t.status ?? 'ok', durationMs: 5 }));
  const started = new Date(opts.startedAt);
  return {
    schemaVersion: 1,
    tool: { name: 'attt', version: '0.1.0' },
    organization: { name: 'Sở Lao động - Thương binh và Xã hội tỉnh X' },
    cycle: opts.cycle,
    startedAt: started.toISOString(),
    finishedAt: new Date(started.getTime() + 60_000).toISOString(),
    interrupted: false,
    inventory: { file: 'inventory.yaml', frameworks: [], units: [...new Set(opts.targets.map((t) => t.unit))].map((id) => ({ id, name: id, systems: [] })) },
    targets,
    observations: {},
    results,
    summary: {
      targets: { total: targets.length, ok: targets.filter((t) => t.status === 'ok').length, error: targets.filter((t) => t.status === 'error').length, outOfScope: targets.filter((t) => t.status === 'out-of-scope').length },
      outcomes,
      findingsBySeverity,
      units: [...units.values()],
      grades: opts.grades ?? {},
    },
  };
}

export function tmpDir(prefix = 'attt-tracker-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

/** The database content: the main file, plus the write-ahead log when it holds anything (an empty -wal left by a read-only open changes nothing). */
export function fileHash(file: string): string {
  const parts = [file, `${file}-wal`].filter((f) => fs.existsSync(f) && (f === file || fs.statSync(f).size > 0)).map((f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex'));
  return parts.join('+');
}

/** Every table's key order, so both engines list rows alike. */
const DUMP_ORDER: Record<string, string> = {
  attt_meta: 'key', cycles: 'ord', imports: 'id', findings: 'id', events: 'seq', grades: 'cycle, target_key', cycle_stats: 'cycle, unit', signoffs: 'id',
};

/** Everything the tracker keeps, as plain data (to compare states); an SQLite file or a PostgreSQL URL. */
export function dumpDb(location: string): Record<string, unknown[]> {
  const db = openTracker(location, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(DUMP_ORDER)) {
      // schema_version and application are PostgreSQL's bookkeeping (SQLite keeps them in its header).
      out[table] = db.prepare(`SELECT * FROM ${table} ${table === 'attt_meta' ? "WHERE key NOT IN ('schema_version', 'application')" : ''} ORDER BY ${order}`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process (main() returns the exit code; nothing calls process.exit). */
export async function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  err.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const code = await main(['node', 'attt', ...args], {
    stdout: out as unknown as NodeJS.WriteStream,
    stderr: err as unknown as NodeJS.WriteStream,
    env: { ...(opts.env ?? {}), ATTT_LANG: opts.env?.ATTT_LANG ?? 'en' },
    cwd: opts.cwd,
  });
  await new Promise((r) => setImmediate(r));
  return { code, stdout, stderr };
}
