import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../src/web/server.js';
import { cli, findingId, HOSTILE, launchBrowser, login, makeWorkspace, openPage, PASSWORD, serve, type Workspace } from './workspace.js';

// Real browsers and CLI processes on a shared 2-core machine: generous limits, never asserted times.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

/**
 * attt serve driven by real headless Chromium against a real tracker file: every check here goes
 * through the pages a person would use, and the results are read back with the real CLI.
 */
let ws: Workspace;
let server: RunningServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ws = await makeWorkspace();
  server = await serve(ws);
  base = server.url;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(ws.dir, { recursive: true, force: true });
});

describe('login and sessions', () => {
  it('a page asks for login first; the right password opens the overview; logout ends the session', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${base}findings`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#name', 'officer');
    await page.fill('#password', 'wrong password here');
    await page.click('form[action="/login"] button[type=submit]');
    await expect(page.locator('.problem').textContent()).resolves.toContain('Sai tên tài khoản hoặc mật khẩu');
    await login(page, base, 'officer');
    await page.goto(`${base}`);
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.locator('h1').textContent()).resolves.toBe('Tổng quan');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'attt_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Strict');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
    expect(new URL(page.url()).pathname).toBe('/login');
    // The old session cookie is worth nothing after logout.
    await context.addCookies([session]);
    await page.goto(`${base}findings`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('a session ends after the idle time and after the maximum time since login', async () => {
    let clock = Date.parse('2026-06-20T02:00:00Z');
    const timed = await serve(ws, { now: () => new Date(clock), sessionIdleMinutes: 30, sessionMaxHours: 8 });
    try {
      const { context, page } = await openPage(browser);
      await login(page, timed.url, 'officer');
      clock += 29 * 60_000;
      await page.goto(`${timed.url}findings`);
      expect(new URL(page.url()).pathname).toBe('/findings');
      clock += 31 * 60_000;
      await page.goto(`${timed.url}findings`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await expect(page.locator('.flash').textContent()).resolves.toContain('hết hạn');
      // Used every 20 minutes, it still ends 8 hours after login.
      await login(page, timed.url, 'officer');
      for (let i = 0; i < 23; i++) {
        clock += 20 * 60_000;
        await page.goto(`${timed.url}cycles`);
        expect(new URL(page.url()).pathname).toBe('/cycles');
      }
      clock += 21 * 60_000;
      await page.goto(`${timed.url}cycles`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await context.close();
    } finally {
      await timed.close();
    }
  });

  it('the English switch translates the pages', async () => {
    const { context, page } = await openPage(browser);
    await login(page, base, 'officer');
    await page.click('a[lang="en"]');
    await expect(page.locator('h1').textContent()).resolves.toBe('Overview');
    await context.close();
  });
});

describe('unit scoping', () => {
  it("a head of unit A cannot read unit B's findings by URL or by a form field", async () => {
    const { context, page } = await openPage(browser);
    await login(page, base, 'head-a');
    await page.goto(`${base}findings`);
    const units = await page.locator('table.list tbody tr td:nth-child(5)').allTextContents();
    expect(units.length).toBeGreaterThan(0);
    expect(new Set(units)).toEqual(new Set(['van-phong']));
    expect(await page.locator('#f-unit option').allTextContents()).not.toContain('phong-b');

    const resp = await page.goto(`${base}findings?unit=phong-b`);
    expect(resp!.status()).toBe(403);
    const bId = findingId(ws.db, 'phong-b', 'http.csp.missing');
    const detail = await page.goto(`${base}findings/F-${String(bId).padStart(4, '0')}`);
    expect(detail!.status()).toBe(404);
    expect(await page.content()).not.toContain('he-thong-b');

    // A bulk update whose checkbox value was changed to unit B's finding is refused whole.
    await page.goto(`${base}findings`);
    await page.locator('input[name=ids]').first().evaluate((el, id) => ((el as HTMLInputElement).value = `F-${String(id).padStart(4, '0')}`), bId);
    await page.locator('input[name=ids]').first().check();
    await page.selectOption('#b-status', 'fixed');
    const [bulk] = await Promise.all([page.waitForNavigation(), page.click('form[action="/findings/bulk"] button[type=submit]')]);
    expect(bulk!.status()).toBe(403);
    const list = await cli(['tracker', 'list', '--json', '--db', ws.db, '--unit', 'phong-b']);
    expect(JSON.parse(list.stdout).every((f: { status: string }) => f.status === 'open')).toBe(true);

    // Unit B's questionnaire cannot be opened or answered either.
    expect((await page.goto(`${base}questionnaires/phong-b/password-policy`))!.status()).toBe(404);
    await page.goto(`${base}questionnaires`);
    expect(await page.locator('a[href^="/questionnaires/phong-b"]').count()).toBe(0);

    // The report form with unit B put in its select is refused as well.
    await page.goto(`${base}reports`);
    await page.locator('#r-unit option').first().evaluate((el) => ((el as HTMLOptionElement).value = 'phong-b'));
    const [rep] = await Promise.all([page.waitForNavigation(), page.click('form[action="/reports/build"] button[type=submit]')]);
    expect(rep!.status()).toBe(403);
    await context.close();
  });
});

describe('forms', () => {
  it('a form without its CSRF token is refused and changes nothing', async () => {
    const { context, page } = await openPage(browser);
    await login(page, base, 'officer');
    const id = findingId(ws.db, 'van-phong', 'http.csp.missing');
    await page.goto(`${base}findings/${id}`);
    await page.locator('form[action$="/update"] input[name=_csrf]').evaluate((el) => el.remove());
    await page.fill('#u-owner', 'mallory');
    const [resp] = await Promise.all([page.waitForNavigation(), page.click('form[action$="/update"] button[type=submit]')]);
    expect(resp!.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toContain('CSRF');
    // A forged cross-site post (the session cookie is SameSite=Strict, and there is no token) fails too.
    const cookie = (await context.cookies()).find((c) => c.name === 'attt_session')!;
    const forged = await fetch(`${base}findings/${id}/update`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `attt_session=${cookie.value}` }, body: 'owner=mallory', redirect: 'manual' });
    expect(forged.status).toBe(403);
    const show = await cli(['tracker', 'show', String(id), '--json', '--db', ws.db]);
    expect(JSON.parse(show.stdout).owner).toBeNull();
    await context.close();
  });

  it('hostile finding text is shown as text: no script, no template evaluation, no link, no control characters', async () => {
    const { context, page, dialogs } = await openPage(browser);
    await login(page, base, 'officer');
    const id = findingId(ws.db, 'van-phong', 'ports.telnet');
    for (const url of [`${base}findings/${id}`, `${base}findings?check=ports.telnet`, `${base}`]) {
      await page.goto(url);
      const html = await page.content();
      expect(html).not.toContain('<script>');
      expect(html).not.toMatch(/<img[^>]*onerror/i);
      expect(html).not.toMatch(/[\u001b\u202e]/);
      expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    }
    await page.goto(`${base}findings/${id}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('{{7*7}}');
    expect(text).not.toMatch(/\b49\b/);
    expect(dialogs).toEqual([]);
    expect(HOSTILE).toContain('\u001b');
    await context.close();
  });

  it('a status change in the browser appears in tracker list and in the verified history, with the user name', async () => {
    const { context, page } = await openPage(browser);
    await login(page, base, 'staff-a');
    const id = findingId(ws.db, 'van-phong', 'http.hsts.missing');
    await page.goto(`${base}findings/${id}`);
    await page.selectOption('#u-status', 'in_progress');
    await page.fill('#u-owner', 'Trần Thị B');
    await page.fill('#u-note', 'Đang cấu hình HSTS trên máy chủ');
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/update"] button[type=submit]')]);
    await expect(page.locator('.flash').textContent()).resolves.toContain('Đã lưu');
    // Staff may not accept a risk: the form is not offered, and posting it is refused.
    expect(await page.locator('form[action$="/accept"]').count()).toBe(0);
    const token = await page.locator('input[name=_csrf]').first().inputValue();
    const [refused] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(({ id, token }) => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = `/findings/${id}/accept`;
        for (const [k, v] of Object.entries({ _csrf: token, until: '2026-09-30', reason: 'x' })) {
          const i = document.createElement('input');
          i.name = k;
          i.value = v;
          f.append(i);
        }
        document.body.append(f);
        f.submit();
      }, { id, token }),
    ]);
    expect(refused!.status()).toBe(403);

    const list = await cli(['tracker', 'list', '--json', '--db', ws.db, '--unit', 'van-phong']);
    const f = JSON.parse(list.stdout).find((x: { checkId: string }) => x.checkId === 'http.hsts.missing');
    expect(f.status).toBe('in_progress');
    expect(f.owner).toBe('Trần Thị B');
    const show = JSON.parse((await cli(['tracker', 'show', String(id), '--json', '--db', ws.db])).stdout);
    const event = show.history.find((e: { type: string }) => e.type === 'updated');
    expect(event.actor).toBe('staff-a');
    expect(event.after).toMatchObject({ status: 'in_progress', owner: 'Trần Thị B' });
    const verify = await cli(['tracker', 'verify', '--json', '--db', ws.db]);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).ok).toBe(true);
    await context.close();
  });

  it('a head accepts a risk with an expiry; the approver is the head; bulk update changes every selected finding', async () => {
    const { context, page } = await openPage(browser);
    await login(page, base, 'head-b');
    const id = findingId(ws.db, 'phong-b', 'http.hsts.missing');
    await page.goto(`${base}findings/${id}`);
    await page.fill('#a-until', '2026-09-30');
    await page.fill('#a-reason', 'Chờ thay thiết bị');
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/accept"] button[type=submit]')]);
    const show = JSON.parse((await cli(['tracker', 'show', String(id), '--json', '--db', ws.db])).stdout);
    expect(show).toMatchObject({ status: 'risk_accepted', acceptedUntil: '2026-09-30', acceptApprover: 'head-b' });

    await page.goto(`${base}findings?unit=phong-b&status=open`);
    for (const box of await page.locator('input[name=ids]').all()) await box.check();
    await page.fill('#b-owner', 'Nhóm B');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/findings/bulk"] button[type=submit]')]);
    const list = JSON.parse((await cli(['tracker', 'list', '--json', '--db', ws.db, '--unit', 'phong-b', '--status', 'open'])).stdout);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((f: { owner: string }) => f.owner === 'Nhóm B')).toBe(true);
    await context.close();
  });
});
