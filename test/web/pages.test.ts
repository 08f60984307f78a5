import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadQuestionnaire } from '../../src/questionnaire/definition.js';
import { readResults } from '../../src/results/index.js';
import { createDemoKeys, DEMO_PASSPHRASE, loadP12, signFile } from '../../src/signing/index.js';
import { recordSignOff } from '../../src/tracker/index.js';
import type { RunningServer } from '../../src/web/server.js';
import { cli, findingId, launchBrowser, login, makeWorkspace, openPage, serve, type Workspace } from './workspace.js';

// Real browsers and CLI processes on a shared 2-core machine: generous limits, never asserted times.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let ws: Workspace;
let server: RunningServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ws = await makeWorkspace();
  // Real time here: the sign-off below is made now, by a certificate made now.
  server = await serve(ws, { now: () => new Date() });
  base = server.url;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(ws.dir, { recursive: true, force: true });
});

/** Tab through the page; every link and form control must receive the focus (a radio group counts once). */
async function tabReachesEverything(page: Page): Promise<{ total: number; missed: string[] }> {
  const total = await page.evaluate(() => {
    const els = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')];
    els.forEach((el, i) => el.setAttribute('data-kb', el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : String(i)));
    return els.length;
  });
  const reached = new Set<string>();
  await page.locator('body').focus();
  for (let i = 0; i < total + 10; i++) {
    await page.keyboard.press('Tab');
    const kb = await page.evaluate(() => document.activeElement?.getAttribute('data-kb') ?? null);
    if (kb) reached.add(kb);
  }
  const all = await page.evaluate(() => [...document.querySelectorAll('[data-kb]')].map((el) => `${el.getAttribute('data-kb')}|${el.outerHTML.slice(0, 80)}`));
  const missed = all.filter((s) => !reached.has(s.split('|')[0]));
  return { total, missed };
}

describe('keyboard only', () => {
  it('logs in, opens a finding and changes its status without a mouse', async () => {
    const { context, page } = await openPage(browser);
    await page.goto(`${base}login`);
    await page.locator('#name').focus();
    await page.keyboard.type('officer');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery staple');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/');
    const id = findingId(ws.db, 'van-phong', 'http.csp.missing');
    await page.goto(`${base}findings/${id}`);
    await page.locator('#u-status').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const chosen = await page.locator('#u-status').inputValue();
    expect(chosen).toBe('in_progress');
    // Tab on to the save button of the same form, then Enter.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('action')?.endsWith('/update') && document.activeElement?.tagName === 'BUTTON')) break;
    }
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const show = JSON.parse((await cli(['tracker', 'show', String(id), '--json', '--db', ws.db])).stdout);
    expect(show.status).toBe('in_progress');
    await context.close();
  });

  it('every link, button and field of every page is reachable with Tab', async () => {
    const { context, page } = await openPage(browser);
    await login(page, base, 'head-a');
    const id = findingId(ws.db, 'van-phong', 'http.hsts.missing');
    for (const p of ['', 'findings', `findings/${id}`, 'due', 'cycles', 'reports', 'questionnaires', 'questionnaires/van-phong/password-policy']) {
      await page.goto(`${base}${p}`);
      const { total, missed } = await tabReachesEverything(page);
      expect(total, p).toBeGreaterThan(5);
      expect(missed, p).toEqual([]);
    }
    await context.close();
  });
});

describe('questionnaires in the browser', () => {
  it('saves after each answer, resumes, and gives the same verdicts as the YAML answers file', async () => {
    const { context, page } = await openPage(browser);
    await login(page, base, 'staff-a');
    await page.goto(`${base}questionnaires`);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/questionnaires/van-phong/password-policy"]')]);
    const answerNumber = async (v: string) => {
      await page.fill('#q-value', v);
      await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]:not([name=skip])')]);
    };
    await answerNumber('12');
    const file = path.join(ws.answersDir, 'van-phong', 'password-policy.yaml');
    // Saved after the first answer already.
    const first = YAML.parse(fs.readFileSync(file, 'utf8')).answers['min-length'];
    expect(typeof first === 'object' ? first.value : first).toBe(12);
    await answerNumber('8');
    // Leave and come back: it resumes at the first unanswered question.
    await page.goto(`${base}`);
    await page.goto(`${base}questionnaires/van-phong/password-policy`);
    await expect(page.locator('legend').first().textContent()).resolves.toContain('(max-length)');
    await answerNumber('64');
    await page.check('input[name=value][value=no]');
    await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]:not([name=skip])')]);
    await page.goto(`${base}questionnaires/van-phong/password-policy?q=periodic-change`);
    await page.check('input[name=value][value=quarterly-or-more]');
    await page.fill('#q-evidence', 'Quyết định 12/QĐ-VP');
    await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]:not([name=skip])')]);
    await context.close();

    // The same answers written by hand as YAML, in another answers folder.
    const def = loadQuestionnaire('password-policy');
    const yamlDir = path.join(ws.dir, 'answers-yaml');
    fs.mkdirSync(path.join(yamlDir, 'van-phong'), { recursive: true });
    fs.writeFileSync(path.join(yamlDir, 'van-phong', 'password-policy.yaml'), YAML.stringify({
      questionnaire: 'password-policy', version: def.version, unit: 'van-phong',
      answers: { 'min-length': 12, 'min-length-mfa': 8, 'max-length': 64, 'composition-rules': false, 'periodic-change': { value: 'quarterly-or-more', evidence: 'Quyết định 12/QĐ-VP' } },
    }));
    const verdicts = async (answers: string, out: string) => {
      const run = await cli(['audit', '--inventory', ws.inventory, '--unit', 'van-phong', '--answers', answers, '--out', path.join(ws.dir, out), '--cycle', out]);
      expect(run.code, run.stderr).toBe(0);
      const results = readResults(path.join(ws.dir, out, 'results.json')).results;
      return results.map((r) => `${r.checkId} ${r.framework ?? ''} ${r.outcome}`).sort();
    };
    const fromBrowser = await verdicts(ws.answersDir, 'browser');
    const fromYaml = await verdicts(yamlDir, 'yaml');
    expect(fromBrowser).toEqual(fromYaml);
    expect(fromBrowser.some((v) => v.endsWith(' pass'))).toBe(true);
    expect(fromBrowser.some((v) => v.endsWith(' fail'))).toBe(true);
    expect(fromBrowser.some((v) => v.endsWith(' unanswered'))).toBe(true);
  });
});

describe('reports', () => {
  it('builds and downloads a report, shows who signed it, and verifies a signature by upload', async () => {
    const { context, page } = await openPage(browser);
    await login(page, base, 'officer');
    await page.goto(`${base}reports`);
    await page.selectOption('#r-format', 'html');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/reports/build"] button[type=submit]')]);
    const link = page.locator('a[href^="/reports/file/"]').first();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/__all__/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = path.join(ws.dir, 'downloaded.html');
    await download.saveAs(saved);
    expect(fs.readFileSync(saved, 'utf8')).toContain('Sở Lao động - Thương binh và Xã hội tỉnh X');

    const keys = await createDemoKeys(path.join(ws.dir, 'keys'));
    const signed = await signFile(saved, { key: await loadP12(keys.p12Path, DEMO_PASSPHRASE) });
    recordSignOff(ws.db, { file: path.basename(saved), sha256: signed.sha256, signer: signed.signer, signedAt: signed.signedAt });
    await page.goto(`${base}reports`);
    await expect(page.locator('table').last().textContent()).resolves.toContain('downloaded.html');
    await page.setInputFiles('#v-report', saved);
    await page.setInputFiles('#v-sig', `${saved}.p7s`);
    await page.setInputFiles('#v-ca', keys.caPath);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/reports/verify"] button[type=submit]')]);
    await expect(page.locator('#v-h').textContent()).resolves.toBe('Chữ ký hợp lệ');

    const tampered = path.join(ws.dir, 'tampered.html');
    fs.writeFileSync(tampered, fs.readFileSync(saved, 'utf8').replace('Sở Lao động', 'Sở Lao dong'));
    await page.setInputFiles('#v-report', tampered);
    await page.setInputFiles('#v-sig', `${saved}.p7s`);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/reports/verify"] button[type=submit]')]);
    await expect(page.locator('#v-h').textContent()).resolves.toBe('Chữ ký KHÔNG hợp lệ');
    await context.close();

    // A head of unit sees only the reports of their own units.
    const head = await openPage(browser);
    await login(head.page, base, 'head-a');
    await head.page.goto(`${base}reports`);
    expect(await head.page.locator('a[href^="/reports/file/"]').count()).toBe(0);
    const resp = await head.page.goto(`${base}${href.slice(1)}`);
    expect(resp!.status()).toBe(404);
    await head.page.goto(`${base}reports`);
    await Promise.all([head.page.waitForNavigation(), head.page.click('form[action="/reports/build"] button[type=submit]')]);
    const own = await head.page.locator('a[href^="/reports/file/"]').getAttribute('href');
    expect(own).toMatch(/__van-phong__/);
    await head.context.close();
  });
});

describe('overview, due dates and cycles', () => {
  it('shows each unit with charts, due findings and periodic assessments by Decree 85 level', async () => {
    const { context, page } = await openPage(browser);
    await login(page, base, 'officer');
    await page.goto(`${base}`);
    expect(await page.locator('section.unit').count()).toBe(2);
    expect(await page.locator('section.unit svg[role=img]').count()).toBeGreaterThanOrEqual(2);
    await page.goto(`${base}due?within=400`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('cong-ttdt');
    expect(text).toContain('hằng năm');
    await page.goto(`${base}cycles`);
    await expect(page.locator('main').innerText()).resolves.toContain('2026-Q2');
    await context.close();
  });
});
