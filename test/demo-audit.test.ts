/**
 * The demo audit against a recorded results.json: the same servers must give the same verdicts
 * and the same fingerprints, whatever is refactored inside. The recording
 * (test/fixtures/demo-audit/results.json) was made before the architecture second pass (the ssh
 * family's target and results, and the tls.vuln.* results, added when they arrived, every other line
 * unchanged), with
 * only run times, durations and the temporary folder's path normalised.
 *
 * The demo services run in a private network namespace (unshare -n, as root: CI runs as root)
 * on fixed ports, so the targets, and with them the fingerprints, do not depend on which ports
 * happened to be free, and no other test's listener can interfere.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResults, type Results } from '../src/results/index.js';
import { ROOT, runCli } from './helpers/cli.js';

const RECORDED = path.join(ROOT, 'test', 'fixtures', 'demo-audit', 'results.json');
const SCRIPT = path.join(ROOT, 'test', 'fixtures', 'demo-audit', 'run-in-netns.mjs');

/** Run the demo audit in its own network namespace; returns the folder holding out/results.json. */
export function runDemoAudit(dir: string): Results {
  const run = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" "${SCRIPT}" "${ROOT}" "${dir}" 2026-Q4`], { encoding: 'utf8', timeout: 180_000 });
  if (run.status !== 0) throw new Error(`demo audit failed (${run.status}): ${run.stderr}`);
  const file = path.join(dir, 'out', 'results.json');
  // Written as schemaVersion 2; read, like every reader does, through the one loader.
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).schemaVersion).toBe(2);
  return readResults(file);
}

/** Checks added after the recording was made: their new results are not part of the comparison. */
const ADDED_AFTER_RECORDING = new Set(['tls.cert.oversized-chain', 'http.admin-interface.exposed']);

/** What must not change: every verdict with its identity, every target's status, the grades. */
function verdicts(results: Results) {
  const compared = results.results.filter((r) => !ADDED_AFTER_RECORDING.has(r.checkId));
  const outcomes = { ...results.summary.outcomes };
  for (const r of results.results) if (ADDED_AFTER_RECORDING.has(r.checkId)) outcomes[r.outcome]--;
  return {
    targets: results.targets.map((t) => `${t.key} ${t.status}`),
    results: compared.map((r) => `${r.fingerprint} ${r.checkId} ${r.unit}/${r.system} ${r.target} ${r.outcome} ${r.severity}`),
    grades: results.summary.grades,
    outcomes,
    findingsBySeverity: results.summary.findingsBySeverity,
  };
}

describe('the demo audit against the recorded results.json', () => {
  let dir: string;
  let fresh: Results;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-demo-audit-'));
    fresh = runDemoAudit(dir);
  }, 200_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the same verdicts and fingerprints for the same servers (the recording is schemaVersion 1, the fresh run 2)', () => {
    expect(JSON.parse(fs.readFileSync(RECORDED, 'utf8')).schemaVersion).toBe(1);
    const recorded = readResults(RECORDED);
    const now = verdicts(fresh);
    const then = verdicts(recorded);
    // Sanity: the recording covers every family and real findings, so the comparison means something.
    expect(new Set(recorded.targets.map((t) => t.family))).toEqual(new Set(['ports', 'tls', 'http', 'questionnaire', 'ssh']));
    expect(then.results.filter((r) => / fail /.test(r)).length).toBeGreaterThan(30);
    expect(now.targets).toEqual(then.targets);
    expect(now.results).toEqual(then.results);
    expect(now.grades).toEqual(then.grades);
    expect(now.outcomes).toEqual(then.outcomes);
    expect(now.findingsBySeverity).toEqual(then.findingsBySeverity);
  });

  it('attt rejudge reproduces the verdicts, fingerprints, grades and observations exactly when nothing changed', async () => {
    const input = path.join(dir, 'out', 'results.json');
    const res = await runCli(['--json', 'rejudge', input, '--out', path.join(dir, 'rejudged')], { timeoutMs: 120_000 });
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as { resultsFile: string; rejudged: number; kept: string[] };
    expect(summary.rejudged).toBe(fresh.targets.filter((t) => t.status === 'ok').length);
    const again = readResults(summary.resultsFile);
    expect(again.results).toEqual(fresh.results);
    expect(again.targets).toEqual(fresh.targets);
    expect(again.observations).toEqual(fresh.observations);
    expect(again.summary).toEqual(fresh.summary);
    expect(again.startedAt).toBe(fresh.startedAt);
  }, 150_000);

  it('attt rejudge judges the stored observation again with today\'s checks, and never overwrites its input', async () => {
    // An observation edited as if the server no longer spoke TLS 1.0: only re-judging can turn that finding into a pass.
    // Written as schemaVersion 1: rejudge reads version 1 files and writes version 2.
    const tampered = { ...structuredClone(fresh), schemaVersion: 1 as const };
    const key = fresh.targets.find((t) => t.family === 'tls' && t.system === 'mail-legacy')!.key;
    const before = fresh.results.find((r) => r.targetKey === key && r.checkId === 'tls.protocol.tls1_0')!;
    expect(before.outcome).toBe('fail');
    const tls = tampered.observations[key] as { protocols: Record<string, boolean>; ciphers: Record<string, string[]> };
    tls.protocols.TLSv1 = false;
    delete tls.ciphers.TLSv1;
    const input = path.join(dir, 'tampered', 'results.json');
    fs.mkdirSync(path.dirname(input), { recursive: true });
    fs.writeFileSync(input, JSON.stringify(tampered));
    const res = await runCli(['--json', 'rejudge', input, '--out', path.join(dir, 'tampered-rejudged')], { timeoutMs: 120_000 });
    expect(res.code, res.stderr).toBe(0);
    const again = readResults(path.join(dir, 'tampered-rejudged', 'results.json'));
    expect(again.schemaVersion).toBe(2);
    const after = again.results.find((r) => r.targetKey === key && r.checkId === 'tls.protocol.tls1_0')!;
    expect(after.outcome).toBe('pass');
    expect(after.fingerprint).toBe(before.fingerprint);

    const overwrite = await runCli(['rejudge', input, '--out', path.dirname(input)]);
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toContain(input);
    expect(JSON.parse(fs.readFileSync(input, 'utf8'))).toEqual(tampered);

    // An earlier re-judged results.json is never silently replaced: exit 2 naming it, --force replaces it.
    const out = path.join(dir, 'tampered-rejudged', 'results.json');
    const earlier = fs.readFileSync(out, 'utf8');
    const refused = await runCli(['rejudge', input, '--out', path.dirname(out)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(out);
    expect(fs.readFileSync(out, 'utf8')).toBe(earlier);
    const forced = await runCli(['rejudge', input, '--out', path.dirname(out), '--force'], { timeoutMs: 120_000 });
    expect(forced.code).toBe(0);
  }, 270_000);
});
