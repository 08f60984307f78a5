import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { runCli } from '../tracker/helpers.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-setup-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('attt init: next steps with the command that works here', () => {
  it('without attt on PATH: node + the absolute path, never npx', async () => {
    const run = await runCli(['--json', 'init', 'kiem-tra'], { cwd: dir, env: { PATH: '/usr/bin:/bin' } });
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as { created: string[]; command: string; nextSteps: string[] };
    expect(body.created).toContain(path.join(dir, 'kiem-tra', 'inventory.yaml'));
    expect(fs.existsSync(path.join(dir, 'kiem-tra', 'answers'))).toBe(true);
    expect(body.command).toBe(`node ${BIN}`);
    expect(body.nextSteps[0]).toBe('cd kiem-tra');
    expect(body.nextSteps).toContain(`${body.command} inventory validate inventory.yaml`);
    expect(body.nextSteps.join('\n')).not.toMatch(/npx/);
  });

  it('with attt installed on PATH (npm link / npm install -g make such a link): plain "attt"', async () => {
    const binDir = path.join(dir, 'global-bin');
    fs.mkdirSync(binDir);
    fs.symlinkSync(BIN, path.join(binDir, 'attt'));
    const run = await runCli(['init', 'k2'], { cwd: dir, env: { PATH: `${binDir}:/usr/bin:/bin`, ATTT_LANG: 'vi' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Bước tiếp theo');
    expect(run.stdout).toMatch(/^ {2}attt inventory validate inventory\.yaml$/m);
    expect(run.stderr).not.toContain('npm install -g');
  });

  it('a foreign "attt" on PATH is not taken for this one', async () => {
    const binDir = path.join(dir, 'other-bin');
    fs.mkdirSync(binDir);
    fs.writeFileSync(path.join(binDir, 'attt'), '#!/bin/sh\necho not ours\n', { mode: 0o755 });
    const run = await runCli(['--json', 'init', 'k3'], { cwd: dir, env: { PATH: `${binDir}:/usr/bin:/bin` } });
    expect(JSON.parse(run.stdout).command).toMatch(/^node /);
  });
});

describe('attt doctor', () => {
  it('reports what the machine has, what is missing and how to install it', async () => {
    const run = await runCli(['--json', 'doctor'], { cwd: dir, env: { ATTT_CHROMIUM: path.join(dir, 'no-chromium'), PATH: '/usr/bin:/bin' } });
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as { ready: boolean; checks: Array<{ id: string; ok: boolean; required: boolean; detail: string; fix?: { vi: string; en: string } }> };
    expect(body.ready).toBe(true);
    const byId = Object.fromEntries(body.checks.map((c) => [c.id, c]));
    expect(byId.node).toMatchObject({ ok: true, detail: process.versions.node });
    expect(byId.write.ok).toBe(true);
    expect(byId.database.ok).toBe(true);
    expect(byId.chromium).toMatchObject({ ok: false, required: false });
    expect(byId.chromium.fix!.en).toMatch(/apt-get install chromium/);
    expect(byId.chromium.fix!.vi).toMatch(/Edge/);
  });

  it('a broken tracker database: exit 1 with what to do', async () => {
    const cwd = path.join(dir, 'broken');
    fs.mkdirSync(cwd);
    fs.writeFileSync(path.join(cwd, 'attt.db'), 'this is not a database at all, just text');
    const run = await runCli(['doctor'], { cwd, env: { ATTT_LANG: 'en' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Tracker database \(SQLite\)\s+MISSING/);
  });
});

describe('--json on commands that write files', () => {
  it('questionnaire template: the path written, or the content when printing', async () => {
    const file = path.join(dir, 'answers', 'van-phong', 'password-policy.yaml');
    const run = await runCli(['--json', 'questionnaire', 'template', 'password-policy', '--unit', 'van-phong', '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ file, questionnaire: 'password-policy', unit: 'van-phong' });
    expect(fs.existsSync(file)).toBe(true);
    const printed = await runCli(['--json', 'questionnaire', 'template', 'password-policy']);
    const body = JSON.parse(printed.stdout) as { file: null; content: string };
    expect(body.file).toBeNull();
    expect(body.content).toContain('password-policy');
  });

  it('an input error with --json: the error object on stdout with its exit code', async () => {
    const run = await runCli(['--json', 'questionnaire', 'template', 'no-such-questionnaire']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ exitCode: 2 });
  });
});
