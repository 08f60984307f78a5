import { Command, CommanderError, Option } from 'commander';
import { isToolkitError, UsageError } from '../errors.js';
import { cannotWrite } from '../files/index.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../i18n.js';
import { dataOverlayDir, setDataOverlay, toolVersion } from '../paths.js';
import { defaultDataDir } from './commands/data.js';
import { createContext, detectLang, type CliContext } from './context.js';
import { COMMANDS } from './commands/index.js';
import { localizeCommander, localizeCommanderError } from './commander-i18n.js';
import { addHelpExamples } from './help-examples.js';
import { keepHeapNearLive } from './heap.js';

import { EXIT } from './exit-codes.js';

export { EXIT };

export interface MainIo {
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** `tracker import` for the import subcommand: the names below the program's own. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * The only place that turns errors into exit codes and messages (docs/architecture.md, "Errors"). Returns the
 * exit code instead of calling process.exit so pending writes (results files) finish.
 */
export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const lang = detectLang(argv.slice(2), env);
  const interrupt = new AbortController();
  let interrupts = 0;
  // SIGTERM (a CI timeout, systemd, kill) stops like Ctrl-C: what is done is saved as interrupted.
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts === 1) {
      stderr.write(
        lang === 'vi'
          ? `\nĐang dừng (${signal})… kết quả đã có sẽ được lưu (nhấn Ctrl-C lần nữa để thoát ngay).\n`
          : `\nStopping (${signal})… results so far will be saved (press Ctrl-C again to quit now).\n`,
      );
      interrupt.abort();
    } else {
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // One time zone in every output (dates in the tracker, the report, the terminal): --tz, else
  // ATTT_TZ, else Vietnam time; set for this run only and restored after (tests run main in-process).
  const previousTz = process.env.TZ;
  const tz = detectTimeZone(argv.slice(2), env);

  // Data tables installed by `attt data update` replace the bundled ones; restored after (tests run main in-process).
  const previousDataDir = dataOverlayDir();
  setDataOverlay(defaultDataDir(env));

  const program = new Command('attt');
  const ctx = createContext(program, argv.slice(2), { stdout, stderr, env, cwd: io.cwd ?? process.cwd(), interrupt: interrupt.signal });
  buildProgram(program, ctx);
  // Commands that read or write whole audits collect garbage sooner (./heap.ts).
  program.hook('preAction', (_root, action) => keepHeapNearLive(commandPath(action)));

  try {
    if (!isTimeZone(tz)) {
      throw new UsageError({ vi: `--tz phải là tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh hoặc UTC (nhận được "${tz}").`, en: `--tz must be an IANA time zone name, e.g. Asia/Ho_Chi_Minh or UTC (got "${tz}").` });
    }
    process.env.TZ = tz;
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (error) {
    return handleError(error, ctx, wantsJson(argv.slice(2)));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (previousTz === undefined) delete process.env.TZ;
    else process.env.TZ = previousTz;
    setDataOverlay(previousDataDir);

  }
}

function detectTimeZone(args: readonly string[], env: NodeJS.ProcessEnv): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (args[i] === '--tz' && args[i + 1] !== undefined) return args[i + 1];
    const m = /^--tz=(.*)$/.exec(args[i]);
    if (m) return m[1];
  }
  return env.ATTT_TZ?.trim() || DEFAULT_TIME_ZONE;
}


/**
 * The whole command tree with its texts in the context's language. Exported so tests can walk
 * every command (e.g. to check each help page).
 */
export function buildProgram(program: Command, ctx: CliContext): Command {
  const t = ctx.t;
  const output = { writeOut: (s: string) => ctx.writeOut(s), writeErr: (s: string) => ctx.writeErr(s) };
  program
    .description(
      t({
        vi: 'attt (an toàn thông tin): bộ công cụ tự kiểm tra, đánh giá an toàn thông tin — quét cổng, TLS, tiêu đề HTTP, bảng hỏi chính sách, theo dõi khắc phục và báo cáo có ký số.',
        en: 'attt (an toàn thông tin): information-security self-audit toolkit — ports, TLS, HTTP headers, policy questionnaires, remediation tracking and signed reports.',
      }),
    )
    .version(toolVersion(), '-V, --version', t({ vi: 'in số phiên bản', en: 'output the version number' }))
    .addOption(new Option('--lang <lang>', t({ vi: 'ngôn ngữ hiển thị và báo cáo', en: 'language of output and reports' })).choices(['vi', 'en']).default('vi'))
    .option('--json', t({ vi: 'chỉ in JSON (cho máy đọc) ra stdout', en: 'machine output only (JSON) on stdout' }))
    .option('--quiet', t({ vi: 'không in tiến độ và ghi chú ra stderr', en: 'no progress or notes on stderr' }))
    .option('--tz <zone>', t({ vi: 'múi giờ cho mọi ngày giờ in ra (mặc định Asia/Ho_Chi_Minh, hoặc biến ATTT_TZ)', en: 'time zone of every date shown (default Asia/Ho_Chi_Minh, or ATTT_TZ)' }))
    .option('--no-color', t({ vi: 'không dùng màu', en: 'no colours' }))
    .showHelpAfterError(t({ vi: '(xem thêm: attt --help)', en: '(add --help for usage)' }))
    .configureOutput(output)
    .addHelpText(
      'after',
      t({
        vi: `
Bắt đầu nhanh:
  attt demo                                   chạy thử trên các dịch vụ mẫu (loopback)
  attt init ./kiem-tra && cd kiem-tra         tạo inventory.yaml mẫu
  attt audit --inventory inventory.yaml --out ket-qua
Mã thoát: 0 ổn · 1 có phát hiện từ mức --fail-on · 2 lỗi cú pháp/đầu vào · 3 lỗi khi chạy`,
        en: `
Quick start:
  attt demo                                   try it on bundled loopback services
  attt init ./audit && cd audit               scaffold a sample inventory.yaml
  attt audit --inventory inventory.yaml --out results
Exit codes: 0 ok · 1 findings at or above --fail-on · 2 usage/input error · 3 runtime failure`,
      }),
    )
    .exitOverride();

  for (const register of COMMANDS) register(program, ctx);
  program.commands.forEach((c) => applyExitOverride(c, output));
  addHelpExamples(program, ctx.lang);
  localizeCommander(program, ctx.lang, (message) => ctx.writeErr(`${message}\n`));
  return program;
}

/** --json as written on the command line: known even when parsing fails before commander sets it. */
function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}

/** Subcommands added with addCommand() do not inherit settings; make every level behave alike. */
function applyExitOverride(cmd: Command, output: { writeOut(s: string): void; writeErr(s: string): void }): void {
  cmd.exitOverride();
  cmd.configureOutput(output);
  cmd.commands.forEach((c) => applyExitOverride(c, output));
}

function handleError(error: unknown, ctx: CliContext, json: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    // commander printed the (translated) message on stderr; --json also gets it on stdout.
    if (json) {
      const message = { vi: localizeCommanderError(error.message, 'vi'), en: localizeCommanderError(error.message, 'en') };
      ctx.out(JSON.stringify({ error: { code: error.code, message, details: [], exitCode: EXIT.usage } }, null, 2));
    }
    return EXIT.usage;
  }
  if (isToolkitError(error)) {
    const lines = [`attt: ${ctx.t(error.text)}`, ...(error.details ?? []).map((d) => `  ${d}`)];
    if (ctx.json || json) ctx.out(JSON.stringify({ error: { code: error.code, message: error.text, details: error.details ?? [], exitCode: error.exitCode } }, null, 2));
    ctx.error(lines.join('\n'));
    return error.exitCode;
  }
  const e = error as NodeJS.ErrnoException;
  // A file-system error that escaped a command (a path the user gave that cannot be read or
  // written) is the user's input, not a bug: name the path and the reason, no stack.
  if (e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.path === 'string') {
    const fault = cannotWrite(e.path, e);
    ctx.error(`attt: ${ctx.t(e.syscall === 'open' && e.code === 'ENOENT' ? { vi: `Không tìm thấy ${e.path} (${e.code}).`, en: `${e.path} not found (${e.code}).` } : fault.text)}`);
    return fault.exitCode;
  }
  if (ctx.json || json) ctx.out(JSON.stringify({ error: { code: 'ATTT_INTERNAL', message: { vi: 'lỗi nội bộ', en: 'internal error' }, details: [String(e?.message ?? error)], exitCode: EXIT.runtime } }, null, 2));
  ctx.error(
    ctx.t({
      vi: `attt: lỗi nội bộ (xin báo lại cho nhóm phát triển, kèm lệnh đã chạy):\n${e?.stack ?? String(error)}`,
      en: `attt: internal error (please report it with the command you ran):\n${e?.stack ?? String(error)}`,
    }),
  );
  return EXIT.runtime;
}
