import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/report/chromium.js';
import { importResultsFile, openTracker, saveUser } from '../../src/tracker/index.js';
import { hashPassword } from '../../src/web/passwords.js';
import { startServer, type RunningServer, type ServeOptions } from '../../src/web/server.js';
import { runCli } from '../helpers/cli.js';
import { makeResults, type ResultSpec, type TargetSpec } from '../tracker/helpers.js';

/** Text from a scanned server that must stay inert in every page. */
export const HOSTILE = '<script>alert(1)</script> {{7*7}} <img src=x onerror=alert(2)> javascript:alert(3) \u001b[31mRED\u001b[0m \u202eevil';
export const PASSWORD = 'correct horse battery staple';

export const INVENTORY = `
organization: { name: "Sở Lao động - Thương binh và Xã hội tỉnh X" }
scope: { allow: ["127.0.0.0/8"] }
units:
  - id: van-phong
    name: "Văn phòng Sở"
    systems:
      - id: cong-ttdt
        name: "Cổng thông tin điện tử"
        level: 3
        questionnaires: [password-policy]
  - id: phong-b
    name: "Phòng B"
    systems:
      - id: he-thong-b
        name: "Hệ thống B"
        level: 1
        questionnaires: [password-policy]
`;

export interface Workspace {
  dir: string;
  db: string;
  inventory: string;
  answersDir: string;
  resultsFile: string;
}

/**
 * A real workspace: inventory, a results.json imported into a real tracker file (findings in two
 * units, one with hostile text), and accounts of every role.
 */
export async function makeWorkspace(): Promise<Workspace> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-web-'));
  const inventory = path.join(dir, 'inventory.yaml');
  fs.writeFileSync(inventory, INVENTORY);
  const targets: TargetSpec[] = [
    { key: 'a1', unit: 'van-phong', system: 'cong-ttdt', family: 'http', target: 'https://a.example/' },
    { key: 'b1', unit: 'phong-b', system: 'he-thong-b', family: 'http', target: 'https://b.example/' },
    { key: 'h1', unit: 'van-phong', system: 'cong-ttdt', family: 'ports', target: HOSTILE },
  ];
  const results: ResultSpec[] = [
    { checkId: 'http.hsts.missing', targetKey: 'a1', outcome: 'fail', severity: 'high' },
    { checkId: 'http.csp.missing', targetKey: 'a1', outcome: 'fail', severity: 'medium' },
    { checkId: 'http.hsts.missing', targetKey: 'b1', outcome: 'fail', severity: 'high' },
    { checkId: 'http.csp.missing', targetKey: 'b1', outcome: 'fail', severity: 'critical' },
    { checkId: 'ports.telnet', targetKey: 'h1', outcome: 'fail', severity: 'critical', discriminator: HOSTILE },
  ];
  const r = makeResults({ cycle: '2026-Q2', startedAt: '2026-06-01T02:00:00Z', targets, results, grades: { a1: 'B', b1: 'F' } });
  for (const res of r.results) if (res.targetKey === 'h1') res.message = { vi: HOSTILE, en: HOSTILE };
  const resultsFile = path.join(dir, 'results.json');
  fs.writeFileSync(resultsFile, JSON.stringify(r));
  const db = path.join(dir, 'attt.db');
  importResultsFile(db, resultsFile, { actor: 'test', now: new Date('2026-06-01T03:00:00Z') });
  const hash = await hashPassword(PASSWORD);
  const t = openTracker(db);
  try {
    saveUser(t, { name: 'admin', role: 'admin', units: [], passwordHash: hash, actor: 'test' });
    saveUser(t, { name: 'officer', role: 'officer', units: [], passwordHash: hash, actor: 'test' });
    saveUser(t, { name: 'head-a', role: 'head', units: ['van-phong'], passwordHash: hash, actor: 'test' });
    saveUser(t, { name: 'staff-a', role: 'staff', units: ['van-phong'], passwordHash: hash, actor: 'test' });
    saveUser(t, { name: 'head-b', role: 'head', units: ['phong-b'], passwordHash: hash, actor: 'test' });
  } finally {
    t.close();
  }
  return { dir, db, inventory, answersDir: path.join(dir, 'answers'), resultsFile };
}

export function serve(ws: Workspace, extra: Partial<ServeOptions> = {}): Promise<RunningServer> {
  return startServer({ db: ws.db, listen: '127.0.0.1:0', inventory: ws.inventory, now: () => new Date(NOW), ...extra });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/** A fresh browser context (own cookies) that records every dialog (an alert would mean script ran). */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }> {
  const context = await browser.newContext();
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { context, page, dialogs };
}

export async function login(page: Page, base: string, name: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}login`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
}

/** The numeric id of a finding by unit and check (from the tracker file). */
export function findingId(db: string, unit: string, checkId: string): number {
  const t = openTracker(db, { readonly: true });
  try {
    return (t.prepare('SELECT id FROM findings WHERE unit = ? AND check_id = ?').pluck().get(unit, checkId) as number);
  } finally {
    t.close();
  }
}

export const NOW = '2026-06-20T02:00:00Z';

/** The real CLI on the same clock as the test server. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(args, { env: { ATTT_NOW: NOW, ...env } });
}
