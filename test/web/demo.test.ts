import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { launchBrowser, openPage } from './workspace.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-web-demo-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('npx attt serve after npx attt demo shows the demo tracker at once, with a first-login hint', async () => {
  const demo = await runCli(['demo'], { cwd: dir, timeoutMs: 150_000 });
  expect(demo.code, demo.stderr).toBe(0);
  const loginFile = path.join(dir, 'attt-demo', 'dang-nhap-web.txt');
  expect(demo.stdout).toContain(loginFile);
  expect(fs.statSync(loginFile).mode & 0o077).toBe(0);
  const password = /Mật khẩu \/ password: (\S+)/.exec(fs.readFileSync(loginFile, 'utf8'))![1];

  const child = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const browser = await launchBrowser();
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) (clearTimeout(timer), resolve(m[1]));
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(out).toContain(path.join(dir, 'attt-demo', 'attt.db'));
    expect(out).toContain(loginFile);
    const { page } = await openPage(browser);
    await page.goto(url);
    await page.fill('#name', 'demo');
    await page.fill('#password', password);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('section.unit').count()).toBeGreaterThan(0);
    await page.goto(`${url}findings?status=fixed`);
    const checks = await page.locator('table.list tbody tr td:nth-child(8)').allTextContents();
    expect(checks).toContain('ports.risky-service');
    // The demo's own results files are found again: its two cycles can be reported on.
    await page.goto(`${url}reports`);
    expect(await page.locator('#r-cycle option').count()).toBe(2);
    expect(await page.locator('main').innerText()).toMatch(/bao-cao\.(pdf|html)/);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}, 240_000);
