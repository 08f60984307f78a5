import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { openTracker, saveUser } from '../tracker/index.js';
import { hashPassword } from './passwords.js';

export const DEMO_ACCOUNT = 'demo';

/**
 * The demo's web account: a security officer named "demo" with a random password, written to
 * a file only the current user can read (never a fixed, guessable default password).
 */
export async function createDemoAccount(trackerDb: string, loginFile: string): Promise<{ name: string; file: string }> {
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  const db = openTracker(trackerDb, { create: true });
  try {
    saveUser(db, { name: DEMO_ACCOUNT, role: 'officer', units: [], passwordHash, actor: 'attt demo' });
  } finally {
    db.close();
  }
  fs.rmSync(loginFile, { force: true });
  fs.writeFileSync(
    loginFile,
    [
      'attt serve — đăng nhập lần đầu / first login',
      `Tài khoản / account: ${DEMO_ACCOUNT} (cán bộ chuyên trách ATTT / security officer)`,
      `Mật khẩu / password: ${password}`,
      'Chạy / run: npx attt serve   →   http://127.0.0.1:8080/',
      'Tạo tài khoản khác / more accounts: attt users add TEN --role admin|officer|head|staff [--unit DON-VI] --db attt-demo/attt.db',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return { name: DEMO_ACCOUNT, file: loginFile };
}
