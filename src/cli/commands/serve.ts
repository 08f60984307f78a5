import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { InputError } from '../../errors.js';
import { isPostgresLocation, isRole, listUsers, openTracker, redactLocation, ROLES, saveUser, validateUser } from '../../tracker/index.js';
import type { CliContext } from '../context.js';
import { DB_OPTION_HELP, trackerLocation } from '../options.js';
import { sanitizeTerminal, table } from '../terminal.js';

/** --db given, else ATTT_DB, else ./attt.db, else the demo's tracker (./attt-demo/attt.db) when it exists. */
export function defaultDb(ctx: CliContext, given: string | undefined): string {
  const chosen = trackerLocation(ctx.cwd, ctx.env, given);
  if (chosen) return chosen;
  const own = path.resolve(ctx.cwd, 'attt.db');
  const demo = path.resolve(ctx.cwd, 'attt-demo', 'attt.db');
  return !fs.existsSync(own) && fs.existsSync(demo) ? demo : own;
}

async function readPassword(ctx: CliContext, name: string): Promise<string> {
  const fromEnv = ctx.env.ATTT_USER_PASSWORD;
  let pw: string;
  if (fromEnv !== undefined && fromEnv !== '') pw = fromEnv;
  else if (process.stdin.isTTY) {
    const { password } = await import('@inquirer/prompts');
    pw = await password({ message: ctx.t({ vi: `Mật khẩu cho ${name}:`, en: `Password for ${name}:` }), mask: '*' });
    const again = await password({ message: ctx.t({ vi: 'Nhập lại mật khẩu:', en: 'Repeat the password:' }), mask: '*' });
    if (again !== pw) throw new InputError('ATTT_USER_PASSWORD', { vi: 'Hai lần nhập mật khẩu không khớp.', en: 'The two passwords differ.' });
  } else {
    throw new InputError('ATTT_USER_PASSWORD', {
      vi: 'Không có mật khẩu: đặt biến môi trường ATTT_USER_PASSWORD, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập.',
      en: 'No password: set ATTT_USER_PASSWORD, or run the command in a terminal to be prompted.',
    });
  }
  const { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } = await import('../../web/index.js');
  if ([...pw].length < MIN_PASSWORD_LENGTH || pw.length > MAX_PASSWORD_LENGTH) {
    throw new InputError('ATTT_USER_PASSWORD', {
      vi: `Mật khẩu phải dài ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} ký tự.`,
      en: `The password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters long.`,
    });
  }
  return pw;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function registerServe(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  const users = program.command('users').description(t({ vi: 'tài khoản đăng nhập của attt serve', en: 'accounts for attt serve' }));
  users
    .command('add')
    .description(t({ vi: 'tạo hoặc thay đổi tài khoản (mật khẩu từ ATTT_USER_PASSWORD hoặc nhập khi được hỏi)', en: 'create or change an account (password from ATTT_USER_PASSWORD or a prompt)' }))
    .argument('<name>', t({ vi: 'tên tài khoản', en: 'account name' }))
    .addOption(new Option('--role <role>', t({ vi: 'vai trò', en: 'role' })).choices([...ROLES]).makeOptionMandatory())
    .option('--unit <id>', t({ vi: 'đơn vị được xem (lặp lại hoặc phân tách bằng dấu phẩy; bắt buộc với head, staff)', en: 'unit it may see (repeat or comma-separate; required for head, staff)' }), collect, [])
    .option('--db <file|url>', t(DB_OPTION_HELP))
    .addHelpText('after', t({
      vi: '\nVí dụ:\n  attt users add quantri --role admin\n  ATTT_USER_PASSWORD=… attt users add truong-vp --role head --unit van-phong\n  attt users add canbo1 --role staff --unit van-phong --unit phong-ldvl',
      en: '\nExamples:\n  attt users add admin --role admin\n  ATTT_USER_PASSWORD=… attt users add office-head --role head --unit van-phong\n  attt users add clerk1 --role staff --unit van-phong --unit phong-ldvl',
    }))
    .action(async (name: string, o: { role: string; unit: string[]; db?: string }) => {
      if (!isRole(o.role)) throw new InputError('ATTT_USER_INVALID', { vi: `Vai trò không hợp lệ: ${o.role}`, en: `Invalid role: ${o.role}` });
      validateUser(name, o.role, o.unit);
      const password = await readPassword(ctx, name);
      const { hashPassword } = await import('../../web/index.js');
      const passwordHash = await hashPassword(password);
      const file = defaultDb(ctx, o.db);
      const db = openTracker(file, { create: true });
      try {
        const actor = ctx.env.ATTT_ACTOR || ctx.env.USER || ctx.env.USERNAME || 'attt';
        const result = saveUser(db, { name, role: o.role, units: o.unit, passwordHash, actor });
        if (ctx.json) return ctx.out(JSON.stringify({ name, role: o.role, units: o.unit, result, db: redactLocation(file) }));
        ctx.out(result === 'created'
          ? t({ vi: `Đã tạo tài khoản ${name} (${o.role}) trong ${redactLocation(file)}.`, en: `Account ${name} (${o.role}) created in ${redactLocation(file)}.` })
          : t({ vi: `Đã cập nhật tài khoản ${name} (${o.role}) trong ${redactLocation(file)}.`, en: `Account ${name} (${o.role}) updated in ${redactLocation(file)}.` }));
      } finally {
        db.close();
      }
    });
  users
    .command('list')
    .description(t({ vi: 'liệt kê tài khoản (không bao giờ in mật khẩu)', en: 'list accounts (never prints passwords)' }))
    .option('--db <file|url>', t(DB_OPTION_HELP))
    .action((o: { db?: string }) => {
      const db = openTracker(defaultDb(ctx, o.db));
      try {
        const all = listUsers(db).map((u) => ({ name: u.name, role: u.role, units: u.units, createdAt: u.createdAt, updatedAt: u.updatedAt }));
        if (ctx.json) return ctx.out(JSON.stringify(all, null, 2));
        ctx.out(table([t({ vi: 'Tài khoản', en: 'Account' }), t({ vi: 'Vai trò', en: 'Role' }), t({ vi: 'Đơn vị', en: 'Units' }), t({ vi: 'Cập nhật', en: 'Updated' })],
          all.map((u) => [u.name, u.role, u.units.join(', ') || '*', u.updatedAt]), { style: ctx.style }));
      } finally {
        db.close();
      }
    });

  program
    .command('serve')
    .description(t({ vi: 'giao diện web trên cùng cơ sở dữ liệu theo dõi (mặc định chỉ trên 127.0.0.1)', en: 'web workspace over the same tracker (loopback only by default)' }))
    .option('--db <file|url>', t({ vi: 'cơ sở dữ liệu theo dõi: tệp SQLite (mặc định ./attt.db, biến ATTT_DB, hoặc ./attt-demo/attt.db sau "attt demo") hoặc postgres://người-dùng@máy-chủ/csdl', en: 'tracker database: an SQLite file (default ./attt.db, the ATTT_DB variable, or ./attt-demo/attt.db after "attt demo") or postgres://user@host/db' }))
    .option('--listen <host:port>', t({ vi: 'địa chỉ và cổng', en: 'address and port' }), '127.0.0.1:8080')
    .option('--inventory <file>', t({ vi: 'inventory.yaml (mặc định: cạnh tệp cơ sở dữ liệu) — cho bảng hỏi và hạn đánh giá định kỳ', en: 'inventory.yaml (default: beside the database) — for questionnaires and periodic due dates' }))
    .option('--answers <dir>', t({ vi: 'thư mục câu trả lời (mặc định answers/ cạnh inventory)', en: 'answers folder (default answers/ beside the inventory)' }))
    .option('--reports <dir>', t({ vi: 'nơi lưu báo cáo lập từ web (mặc định bao-cao-web/ cạnh cơ sở dữ liệu)', en: 'where reports built on the web go (default bao-cao-web/ beside the database)' }))
    .option('--results <dir>', t({ vi: 'thư mục chứa results.json của các kỳ đã nhập (thêm vào thư mục của cơ sở dữ liệu; lặp lại được)', en: 'folder with the results.json of imported cycles (besides the database folder; repeatable)' }), collect, [])
    .option('--tls-cert <file>', t({ vi: 'chứng thư TLS (PEM) — bắt buộc khi nghe ngoài loopback', en: 'TLS certificate (PEM) — required off loopback' }))
    .option('--tls-key <file>', t({ vi: 'khóa riêng TLS (PEM)', en: 'TLS private key (PEM)' }))
    .option('--session-minutes <n>', t({ vi: 'phiên hết hạn sau N phút không dùng (mặc định 30)', en: 'sessions end after N idle minutes (default 30)' }), '30')
    .addHelpText('after', t({
      vi: '\nVí dụ:\n  attt demo && attt serve                                  mở dữ liệu của bản chạy thử\n  attt users add quantri --role admin && attt serve --db attt.db\n  attt serve --listen 10.10.1.20:8443 --tls-cert web.pem --tls-key web.key',
      en: '\nExamples:\n  attt demo && attt serve                                  open the demo\'s data\n  attt users add admin --role admin && attt serve --db attt.db\n  attt serve --listen 10.10.1.20:8443 --tls-cert web.pem --tls-key web.key',
    }))
    .action(async (o: { db?: string; listen: string; inventory?: string; answers?: string; reports?: string; results: string[]; tlsCert?: string; tlsKey?: string; sessionMinutes: string }) => {
      const file = defaultDb(ctx, o.db);
      const minutes = Number(o.sessionMinutes);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60) {
        throw new InputError('ATTT_SERVE_USAGE', { vi: `--session-minutes không hợp lệ: "${o.sessionMinutes}" (1–1440).`, en: `Invalid --session-minutes: "${o.sessionMinutes}" (1–1440).` });
      }
      // Read-write: an older tracker gets the accounts table (schema 2) here.
      const db = openTracker(file);
      const accounts = listUsers(db).length;
      db.close();
      const { startServer } = await import('../../web/index.js');
      const now = ctx.env.ATTT_NOW ? () => new Date(ctx.env.ATTT_NOW!) : undefined;
      const server = await startServer({
        db: file, listen: o.listen, inventory: o.inventory && path.resolve(ctx.cwd, o.inventory), answersDir: o.answers && path.resolve(ctx.cwd, o.answers),
        reportsDir: o.reports && path.resolve(ctx.cwd, o.reports), resultsDirs: o.results.map((d) => path.resolve(ctx.cwd, d)), tlsCert: o.tlsCert, tlsKey: o.tlsKey, sessionIdleMinutes: minutes, now, env: ctx.env,
      });
      const hintFile = path.join(isPostgresLocation(file) ? ctx.cwd : path.dirname(file), 'dang-nhap-web.txt');
      const hint = accounts === 0
        ? t({ vi: `Chưa có tài khoản nào. Tạo quản trị viên đầu tiên:\n  attt users add quantri --role admin --db ${redactLocation(file)}`, en: `No accounts yet. Create the first administrator:\n  attt users add admin --role admin --db ${redactLocation(file)}` })
        : fs.existsSync(hintFile)
          ? t({ vi: `Đăng nhập lần đầu: xem ${hintFile}`, en: `First login: see ${hintFile}` })
          : t({ vi: `Đăng nhập bằng một tài khoản đã tạo bằng "attt users add" (${accounts} tài khoản).`, en: `Log in with an account made by "attt users add" (${accounts} accounts).` });
      if (ctx.json) ctx.out(JSON.stringify({ url: server.url, db: redactLocation(file), accounts }));
      else ctx.out(`${t({ vi: 'attt serve đang chạy tại', en: 'attt serve is running at' })} ${server.url}\n${t({ vi: 'Cơ sở dữ liệu', en: 'Database' })}: ${sanitizeTerminal(redactLocation(file))}\n${hint}\n${t({ vi: 'Nhấn Ctrl-C để dừng.', en: 'Press Ctrl-C to stop.' })}`);
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve, resolve);
        if (ctx.interrupt.aborted) stop();
        else ctx.interrupt.addEventListener('abort', stop, { once: true });
        process.once('SIGTERM', stop);
      });
    });
}
