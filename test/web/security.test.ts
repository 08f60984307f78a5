import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServerChain } from '../../src/pki/certs.js';
import { openTracker } from '../../src/tracker/index.js';
import { startServer } from '../../src/web/server.js';
import { cli, makeWorkspace, PASSWORD, serve, type Workspace } from './workspace.js';

// Real browsers and CLI processes on a shared 2-core machine: generous limits, never asserted times.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let ws: Workspace;
beforeAll(async () => {
  ws = await makeWorkspace();
});
afterAll(() => fs.rmSync(ws.dir, { recursive: true, force: true }));

describe('transport and headers', () => {
  it('scores A+ in attt scan headers when served over TLS', async () => {
    const chain = createServerChain(['127.0.0.1']);
    const cert = path.join(ws.dir, 'web.pem');
    const key = path.join(ws.dir, 'web.key');
    const ca = path.join(ws.dir, 'ca.pem');
    fs.writeFileSync(cert, chain.leaf.certPem + chain.intermediate.certPem);
    fs.writeFileSync(key, chain.leaf.keyPem);
    fs.writeFileSync(ca, chain.root.certPem);
    const server = await serve(ws, { tlsCert: cert, tlsKey: key });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      const json = JSON.parse((await cli(['--json', 'scan', 'headers', server.url, '--ca', ca])).stdout);
      expect(json.observation.grade).toBe('A+');
      expect(json.observation.tls.verified).toBe(true);
      // The session cookie of the login page is Secure, HttpOnly and SameSite=Strict.
      const cookie = json.observation.cookies.find((c: { name: string }) => c.name === '__Host-attt_session');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true });
      expect(json.results.filter((r: { outcome: string }) => r.outcome === 'fail').map((r: { checkId: string }) => r.checkId)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 180_000);

  it('refuses plain HTTP off loopback, and an address that is not an IP', async () => {
    await expect(startServer({ db: ws.db, listen: '0.0.0.0:0' })).rejects.toMatchObject({ code: 'ATTT_SERVE_USAGE', exitCode: 2 });
    await expect(startServer({ db: ws.db, listen: 'example.org:8080' })).rejects.toMatchObject({ code: 'ATTT_SERVE_USAGE' });
    const run = await cli(['serve', '--db', ws.db, '--listen', '192.0.2.10:8080']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--tls-cert');
    // Any loopback address is fine without TLS.
    const s = await startServer({ db: ws.db, listen: '127.0.0.2:0' });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.2:/);
    await s.close();
  });
});

describe('login', () => {
  async function loginForm(base: string): Promise<{ cookie: string; token: string }> {
    const res = await fetch(`${base}login`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1];
    return { cookie, token };
  }

  it('is rate-limited per client and account after repeated failures', async () => {
    const server = await serve(ws);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const { cookie, token } = await loginForm(server.url);
        const res = await fetch(`${server.url}login`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, name: 'head-b', password: `wrong-${i}` }) });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
      // Even the right password waits out the window for that account from that client…
      const { cookie, token } = await loginForm(server.url);
      const blocked = await fetch(`${server.url}login`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, name: 'head-b', password: PASSWORD }) });
      expect(blocked.status).toBe(429);
      // …while another account still logs in.
      const other = await loginForm(server.url);
      const ok = await fetch(`${server.url}login`, { method: 'POST', redirect: 'manual', headers: { cookie: other.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: other.token, name: 'head-a', password: PASSWORD }) });
      expect(ok.status).toBe(303);
      // A new session id after login (no fixation).
      expect(ok.headers.get('set-cookie')!.split(';')[0]).not.toBe(other.cookie);
    } finally {
      await server.close();
    }
  });
});

describe('attt users add', () => {
  it('stores an Argon2id hash, never the password; refuses bad input with exit 2', async () => {
    const add = await cli(['users', 'add', 'truong-phong', '--role', 'head', '--unit', 'van-phong', '--db', ws.db], { ATTT_USER_PASSWORD: 'mot-mat-khau-du-dai' });
    expect(add.code, add.stderr).toBe(0);
    const db = openTracker(ws.db, { readonly: true });
    const row = db.prepare('SELECT * FROM users WHERE name = ?').get('truong-phong') as { password_hash: string; units: string; role: string };
    db.close();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(row)).not.toContain('mot-mat-khau-du-dai');
    expect(JSON.parse(row.units)).toEqual(['van-phong']);
    const list = await cli(['users', 'list', '--json', '--db', ws.db]);
    expect(list.stdout).not.toContain('argon2');
    expect(JSON.parse(list.stdout).map((u: { name: string }) => u.name)).toContain('truong-phong');

    const noUnit = await cli(['users', 'add', 'x', '--role', 'head', '--db', ws.db], { ATTT_USER_PASSWORD: 'mot-mat-khau-du-dai' });
    expect(noUnit.code).toBe(2);
    expect(noUnit.stderr).toContain('--unit');
    const short = await cli(['users', 'add', 'y', '--role', 'admin', '--db', ws.db], { ATTT_USER_PASSWORD: 'ngan' });
    expect(short.code).toBe(2);
    const noPassword = await cli(['users', 'add', 'z', '--role', 'admin', '--db', ws.db], { ATTT_USER_PASSWORD: '' });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('ATTT_USER_PASSWORD');
    const badRole = await cli(['users', 'add', 'w', '--role', 'root', '--db', ws.db], { ATTT_USER_PASSWORD: 'mot-mat-khau-du-dai' });
    expect(badRole.code).toBe(2);
  });
});

describe('attt tracker due', () => {
  it('lists findings and acceptances coming due and periodic assessments by level', async () => {
    const run = await cli(['tracker', 'due', '--within', '400d', '--inventory', ws.inventory, '--db', ws.db, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const due = JSON.parse(run.stdout);
    expect(due.withinDays).toBe(400);
    expect(due.findings.length).toBeGreaterThan(0);
    expect(due.findings.every((f: { kind: string }) => f.kind === 'remediation' || f.kind === 'acceptance')).toBe(true);
    // Level 3: yearly from the audit of 2026-06-01; level 1: the organisation-wide 2 years (outside 400 days).
    expect(due.assessments).toEqual([expect.objectContaining({ unit: 'van-phong', system: 'cong-ttdt', level: 3, lastAssessed: '2026-06-01', nextDue: '2027-06-01', overdue: false })]);
    const near = JSON.parse((await cli(['tracker', 'due', '--within', '14d', '--inventory', ws.inventory, '--db', ws.db, '--json'])).stdout);
    expect(near.assessments).toEqual([]);
    // Critical findings are due 7 days after the audit (2026-06-08): overdue on 2026-06-20.
    expect(near.findings.some((f: { severity: string; overdue: boolean }) => f.severity === 'critical' && f.overdue)).toBe(true);
    const text = await cli(['tracker', 'due', '--within', '2w', '--db', ws.db]);
    expect(text.stdout).toContain('Đến hạn trong 14 ngày tới');
    const bad = await cli(['tracker', 'due', '--within', 'soon', '--db', ws.db]);
    expect(bad.code).toBe(2);
  });
});
