import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Localized } from '../../i18n.js';
import { DB_OPTION_HELP, trackerLocation } from '../options.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { invocation } from '../invocation.js';
import { table } from '../terminal.js';

interface Finding {
  id: string;
  what: Localized;
  ok: boolean;
  /** Needed for the core job (audit, tracker, HTML report); the others enable extras. */
  required: boolean;
  detail: string;
  fix?: Localized;
}

const MIN_NODE = [20, 19];

function nodeCheck(): Finding {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    id: 'node', what: { vi: 'Node.js ≥ 20.19', en: 'Node.js ≥ 20.19' }, ok, required: true, detail: process.versions.node,
    fix: { vi: 'Cài Node.js 20 LTS trở lên (Debian: nodejs từ nodesource; Windows: winget install OpenJS.NodeJS.LTS).', en: 'Install Node.js 20 LTS or later (Debian: nodejs from nodesource; Windows: winget install OpenJS.NodeJS.LTS).' },
  };
}

async function chromiumCheck(env: NodeJS.ProcessEnv): Promise<Finding> {
  const { chromiumPath } = await import('../../report/index.js');
  const file = chromiumPath(env);
  const ok = fs.existsSync(file);
  return {
    id: 'chromium', what: { vi: 'Chromium (báo cáo PDF)', en: 'Chromium (PDF reports)' }, ok, required: false, detail: file,
    fix: {
      vi: 'Debian: apt-get install chromium. Windows: dùng Edge hoặc Chrome đã cài, đặt ATTT_CHROMIUM="C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe". Không có Chromium vẫn lập được báo cáo HTML/MD/CSV.',
      en: 'Debian: apt-get install chromium. Windows: use the installed Edge or Chrome, set ATTT_CHROMIUM="C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe". HTML/MD/CSV reports work without it.',
    },
  };
}

function fontsCheck(): Finding {
  const what = { vi: 'Phông chữ tiếng Việt (DejaVu hoặc Liberation) cho PDF', en: 'Vietnamese-capable fonts (DejaVu or Liberation) for PDF' };
  if (process.platform === 'win32') return { id: 'fonts', what, ok: true, required: false, detail: 'Windows: Arial/Times New Roman' };
  let list = '';
  try {
    list = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8', timeout: 5000, maxBuffer: 8 * 1024 * 1024 });
  } catch {
    list = '';
  }
  const found = ['DejaVu Sans', 'DejaVu Serif', 'Liberation Serif', 'Liberation Sans'].filter((f) => list.includes(f));
  return { id: 'fonts', what, ok: found.length > 0, required: false, detail: found.join(', ') || (list ? '—' : 'fc-list ?'), fix: { vi: 'Debian: apt-get install fonts-dejavu-core fonts-liberation', en: 'Debian: apt-get install fonts-dejavu-core fonts-liberation' } };
}

function writeCheck(cwd: string): Finding {
  let ok = true;
  let detail = cwd;
  try {
    const probe = path.join(cwd, `.attt-doctor-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    ok = false;
    detail = `${cwd} (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return { id: 'write', what: { vi: 'Quyền ghi vào thư mục hiện tại', en: 'Write access to the current folder' }, ok, required: true, detail, fix: { vi: 'Chạy attt trong một thư mục bạn được ghi, hoặc chỉ --out tới thư mục khác.', en: 'Run attt in a folder you can write to, or point --out elsewhere.' } };
}

async function databaseCheck(cwd: string, dbOption: string): Promise<Finding> {
  const what = { vi: 'Cơ sở dữ liệu theo dõi (SQLite)', en: 'Tracker database (SQLite)' };
  const fix = { vi: 'Cài lại phụ thuộc: npm ci (better-sqlite3 cần bản dựng cho Node đang dùng).', en: 'Reinstall dependencies: npm ci (better-sqlite3 needs a build for the Node in use).' };
  try {
    const { isPostgresLocation, openTracker, redactLocation } = await import('../../tracker/index.js');
    if (isPostgresLocation(dbOption)) {
      const where = redactLocation(dbOption);
      try {
        openTracker(dbOption, { readonly: true }).close();
        return { id: 'database', what: { vi: 'Cơ sở dữ liệu theo dõi (PostgreSQL)', en: 'Tracker database (PostgreSQL)' }, ok: true, required: true, detail: where };
      } catch (error) {
        const text = (error as { text?: { vi: string; en: string } }).text ?? { vi: (error as Error).message, en: (error as Error).message };
        return { id: 'database', what: { vi: 'Cơ sở dữ liệu theo dõi (PostgreSQL)', en: 'Tracker database (PostgreSQL)' }, ok: false, required: true, detail: where, fix: text };
      }
    }
    const file = path.resolve(cwd, dbOption);
    if (fs.existsSync(file)) {
      const db = openTracker(file, { readonly: true });
      db.close();
      return { id: 'database', what, ok: true, required: true, detail: file };
    }
    // No database yet: prove the native module works on a throwaway file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-doctor-'));
    try {
      openTracker(path.join(dir, 'probe.db'), { create: true }).close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return { id: 'database', what, ok: true, required: true, detail: `${file} (not created yet; SQLite works)` };
  } catch (error) {
    return { id: 'database', what, ok: false, required: true, detail: String((error as Error).message).slice(0, 200), fix };
  }
}

function nmapCheck(): Finding {
  let version = '';
  try {
    version = /Nmap version (\S+)/.exec(execFileSync('nmap', ['--version'], { encoding: 'utf8', timeout: 5000 }))?.[1] ?? '';
  } catch {
    version = '';
  }
  return { id: 'nmap', what: { vi: 'nmap (tùy chọn: attt import nmap, so sánh)', en: 'nmap (optional: attt import nmap, comparisons)' }, ok: version !== '', required: false, detail: version || '—', fix: { vi: 'Debian: apt-get install nmap (không bắt buộc).', en: 'Debian: apt-get install nmap (optional).' } };
}

/** `attt doctor`: what this machine has for attt, and what to install. */
export function registerDoctor(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  program
    .command('doctor')
    .description(t({ vi: 'kiểm tra máy có đủ để chạy attt chưa (Node, Chromium, phông chữ, quyền ghi, cơ sở dữ liệu) và cần cài gì', en: 'check this machine has what attt needs (Node, Chromium, fonts, write access, database) and what to install' }))
    .option('--db <file|url>', t(DB_OPTION_HELP))
    .addHelpText('after', t({ vi: '\nVí dụ:\n  attt doctor\n  attt doctor --json\nMã thoát: 0 đủ điều kiện, 1 thiếu thành phần bắt buộc.', en: '\nExamples:\n  attt doctor\n  attt doctor --json\nExit: 0 ready, 1 a required part is missing.' }))
    .action(async (o: { db?: string }) => {
      const findings = [nodeCheck(), writeCheck(ctx.cwd), await databaseCheck(ctx.cwd, trackerLocation(ctx.cwd, ctx.env, o.db, 'attt.db')!), await chromiumCheck(ctx.env), fontsCheck(), nmapCheck()];
      const ready = findings.every((f) => f.ok || !f.required);
      const command = invocation(ctx.env);
      if (ctx.json) {
        ctx.out(JSON.stringify({ ready, command, checks: findings.map((f) => ({ id: f.id, ok: f.ok, required: f.required, detail: f.detail, ...(f.ok ? {} : { fix: f.fix }) })) }, null, 2));
      } else {
        const s = ctx.style;
        ctx.out(table(
          [t({ vi: 'Thành phần', en: 'Part' }), t({ vi: 'Trạng thái', en: 'Status' }), t({ vi: 'Chi tiết', en: 'Detail' })],
          findings.map((f) => [t(f.what), f.ok ? s.green('OK') : f.required ? s.red(t({ vi: 'THIẾU', en: 'MISSING' })) : s.yellow(t({ vi: 'không có', en: 'absent' })), f.detail]),
          { style: s, maxWidths: [50, 12, 60] },
        ));
        for (const f of findings.filter((x) => !x.ok && x.fix)) ctx.out(`- ${t(f.what)}: ${t(f.fix!)}`);
        ctx.out(t({ vi: `\nLệnh chạy attt ở đây: ${command}`, en: `\nCommand to run attt here: ${command}` }));
        if (command !== 'attt') ctx.out(t({ vi: 'Cài thành lệnh "attt" dùng ở mọi thư mục: npm install -g . (trong thư mục mã nguồn). Không dùng "npx attt" ngoài thư mục đó.', en: 'Install as an "attt" command for any folder: npm install -g . (in the source folder). Do not use "npx attt" outside it.' }));
      }
      ctx.exitCode = ready ? EXIT.ok : EXIT.findings;
    });
}
