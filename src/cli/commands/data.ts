import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { readInputText, writeFileAtomic, type InputKind } from '../../files/index.js';
import { parseAdminInterfaces } from '../../observations/http/index.js';
import { dataFilesChanged, dataOverlayDir, readDataFile } from '../../paths.js';
import { parseEolTable } from '../../software/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

/**
 * `attt data update|list|reset`: replace a bundled data table (checks/data/) with a newer file an
 * operator brings, e.g. on an air-gapped machine. The file is validated with the same schema the
 * checks use, bounded in size, and installed atomically into the data folder (ATTT_DATA_DIR, else
 * the user's data folder); manifest.json records its version and SHA-256, and results cite them.
 */
interface DataKind {
  /** File name, in checks/data/ and in the data folder. */
  file: string;
  limit: InputKind;
  what: { vi: string; en: string };
  /** Validate (throws InputError naming file, place and value); returns the version and source. */
  validate(text: string, file: string): { version: string; source?: string };
}

export const DATA_KINDS: Record<string, DataKind> = {
  eol: {
    file: 'eol.yaml',
    limit: 'eolData',
    what: { vi: 'bảng hết hạn hỗ trợ phần mềm (software.outdated)', en: 'software end-of-life table (software.outdated)' },
    validate: (text, file) => {
      const t = parseEolTable(text, file);
      return { version: t.dataDate, source: t.source };
    },
  },
  'admin-interfaces': {
    file: 'admin-interfaces.yaml',
    limit: 'dataTable',
    what: { vi: 'bảng giao diện quản trị (http.admin-interface.exposed)', en: 'administration-interface table (http.admin-interface.exposed)' },
    validate: (text, file) => ({ version: parseAdminInterfaces(text, file).version }),
  },
};

interface ManifestEntry {
  file: string;
  version: string;
  source?: string;
  sha256: string;
  bytes: number;
  installedAt: string;
  from: string;
  previous?: { version: string; sha256: string } | null;
}
type Manifest = Record<string, ManifestEntry>;

/** The data folder: ATTT_DATA_DIR, else the platform's per-user data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  if (env.ATTT_DATA_DIR?.trim()) return path.resolve(env.ATTT_DATA_DIR.trim());
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local'), 'attt', 'data');
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'attt', 'data');
}

function readManifest(dir: string): Manifest {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return {};
  }
}

function kindFor(file: string, asked: string | undefined): [string, DataKind] {
  const names = Object.keys(DATA_KINDS).join(', ');
  if (asked !== undefined) {
    const kind = DATA_KINDS[asked];
    if (!kind) throw new InputError('ATTT_DATA_UNKNOWN', { vi: `--kind phải là một trong: ${names} (nhận được "${asked}").`, en: `--kind must be one of: ${names} (got "${asked}").` });
    return [asked, kind];
  }
  const base = path.basename(file).toLowerCase();
  // Longest name first: "admin-interfaces-2027.yaml" must not be taken for another kind.
  const found = Object.entries(DATA_KINDS).sort((a, b) => b[0].length - a[0].length).find(([id]) => base.startsWith(id));
  if (!found) {
    throw new InputError('ATTT_DATA_UNKNOWN', {
      vi: `${file}: không biết đây là bảng dữ liệu nào (tên tệp phải bắt đầu bằng một trong: ${names}; hoặc chỉ rõ bằng --kind).`,
      en: `${file}: cannot tell which data table this is (the file name must start with one of: ${names}; or say so with --kind).`,
    });
  }
  return found;
}

export function registerData(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  const data = program.command('data').description(t({ vi: 'dữ liệu đi kèm (bảng EOL, giao diện quản trị): cập nhật từ tệp, xem, trả về bản gốc', en: 'bundled data (EOL table, admin interfaces): update from a file, list, reset' }));
  data.addHelpText('after', t({ vi: '\nVí dụ:\n  attt data update /media/usb/eol-2027-01.yaml\n  attt data list', en: '\nExamples:\n  attt data update /media/usb/eol-2027-01.yaml\n  attt data list' }));
  data
    .command('update')
    .argument('<file>', t({ vi: 'tệp dữ liệu mới (YAML), ví dụ eol-2027-01.yaml', en: 'the new data file (YAML), e.g. eol-2027-01.yaml' }))
    .option('--kind <kind>', t({ vi: `loại bảng: ${Object.keys(DATA_KINDS).join(' | ')} (mặc định: theo tên tệp)`, en: `which table: ${Object.keys(DATA_KINDS).join(' | ')} (default: from the file name)` }))
    .description(t({ vi: 'kiểm tra rồi cài tệp dữ liệu mới thay cho bảng đi kèm (ghi nguyên tử, lưu phiên bản và SHA-256)', en: 'validate, then install a newer data file in place of the bundled table (atomic, version and SHA-256 recorded)' }))
    .addHelpText(
      'after',
      t({
        vi: `
Ví dụ:
  attt data update /media/usb/eol-2027-01.yaml
  attt data update bang-moi.yaml --kind admin-interfaces
  attt data list
Máy không nối mạng: mang tệp vào bằng USB. Tệp được cài vào thư mục dữ liệu (biến ATTT_DATA_DIR, mặc định ~/.local/share/attt/data).
Tệp sai cấu trúc bị từ chối (mã thoát 2, nêu tệp:dòng, vị trí và giá trị); bảng đang dùng giữ nguyên.`,
        en: `
Examples:
  attt data update /media/usb/eol-2027-01.yaml
  attt data update new-table.yaml --kind admin-interfaces
  attt data list
On an air-gapped machine, bring the file on a USB stick. It is installed into the data folder (ATTT_DATA_DIR, default ~/.local/share/attt/data).
A malformed file is refused (exit 2, naming file:line, place and value); the table in use stays.`,
      }),
    )
    .action((file: string, opts: { kind?: string }) => {
      const source = path.resolve(ctx.cwd, file);
      const [id, kind] = kindFor(file, opts.kind);
      const text = readInputText(source, kind.limit);
      const { version, source: origin } = kind.validate(text, file);
      const dir = dataOverlayDir() ?? defaultDataDir(ctx.env);
      fs.mkdirSync(dir, { recursive: true });
      const manifest = readManifest(dir);
      const sha256 = createHash('sha256').update(text).digest('hex');
      const before = manifest[id];
      writeFileAtomic(path.join(dir, kind.file), text);
      manifest[id] = { file: kind.file, version, ...(origin ? { source: origin } : {}), sha256, bytes: Buffer.byteLength(text), installedAt: new Date().toISOString(), from: source, previous: before ? { version: before.version, sha256: before.sha256 } : null };
      writeFileAtomic(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      dataFilesChanged();
      if (ctx.json) ctx.writeOut(`${JSON.stringify({ kind: id, installed: path.join(dir, kind.file), ...manifest[id] }, null, 2)}\n`);
      else ctx.writeOut(t({ vi: `Đã cài ${kind.what.vi}: phiên bản ${version}, SHA-256 ${sha256}\n  → ${path.join(dir, kind.file)}\n`, en: `Installed the ${kind.what.en}: version ${version}, SHA-256 ${sha256}\n  → ${path.join(dir, kind.file)}\n` }));
      ctx.exitCode = EXIT.ok;
    });
  data
    .command('list')
    .description(t({ vi: 'các bảng dữ liệu đang dùng: bản đi kèm hay bản đã cài, phiên bản, SHA-256', en: 'the data tables in use: bundled or installed, version, SHA-256' }))
    .addHelpText('after', t({ vi: '\nVí dụ:\n  attt data list\n  attt --json data list', en: '\nExamples:\n  attt data list\n  attt --json data list' }))
    .action(() => {
      const rows = Object.entries(DATA_KINDS).map(([id, kind]) => {
        const { text, file, origin } = readDataFile(kind.file);
        const { version } = kind.validate(text, file);
        return { kind: id, origin, file, version, sha256: createHash('sha256').update(text).digest('hex') };
      });
      if (ctx.json) ctx.writeOut(`${JSON.stringify(rows, null, 2)}\n`);
      else for (const r of rows) ctx.writeOut(`${r.kind.padEnd(17)} ${r.version}  ${r.origin === 'updated' ? t({ vi: 'đã cài', en: 'installed' }) : t({ vi: 'đi kèm', en: 'bundled' })}  ${r.sha256.slice(0, 16)}…  ${r.file}\n`);
      ctx.exitCode = EXIT.ok;
    });
  data
    .command('reset')
    .argument('<kind>', Object.keys(DATA_KINDS).join(' | '))
    .description(t({ vi: 'gỡ bảng đã cài, dùng lại bản đi kèm', en: 'remove the installed table and use the bundled one again' }))
    .addHelpText('after', t({ vi: '\nVí dụ:\n  attt data reset eol', en: '\nExample:\n  attt data reset eol' }))
    .action((id: string) => {
      const [, kind] = kindFor(id, id);
      const dir = dataOverlayDir() ?? defaultDataDir(ctx.env);
      fs.rmSync(path.join(dir, kind.file), { force: true });
      const manifest = readManifest(dir);
      if (manifest[id]) {
        delete manifest[id];
        writeFileAtomic(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      }
      dataFilesChanged();
      ctx.writeOut(t({ vi: `Đã trả ${id} về bản đi kèm.\n`, en: `${id} is back to the bundled table.\n` }));
      ctx.exitCode = EXIT.ok;
    });
}
