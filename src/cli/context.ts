import type { Command } from 'commander';
import { isLang, type Lang, type Localized } from '../i18n.js';
import { makeStyle, sanitizeTerminal, type Style } from './terminal.js';

/**
 * What every command gets: the chosen language, output switches and streams. Built once in
 * main.ts; the global options are read lazily because commander parses them after the
 * commands are registered.
 */
export interface CliContext {
  /** Language chosen from argv before parsing (so --help is localized too). */
  readonly lang: Lang;
  /** Pick the text in the chosen language. */
  t(text: Localized): string;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly color: boolean;
  readonly style: Style;
  /** stdout: results (machine output only, with --json). */
  out(text: string): void;
  /** stderr: progress, warnings, human notes. Suppressed by --quiet. */
  note(text: string): void;
  /** stderr even with --quiet: errors. */
  error(text: string): void;
  /** Raw stream writes for commander's help (stdout) and usage errors (stderr). */
  writeOut(text: string): void;
  writeErr(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Fires on the first Ctrl-C, so long commands can stop and save what they have. */
  readonly interrupt: AbortSignal;
  /** Set by a command's action; main.ts returns it as the process exit code. */
  exitCode: number;
}

export function detectLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lang' && isLang(argv[i + 1])) return argv[i + 1] as Lang;
    const m = /^--lang=(.+)$/.exec(a);
    if (m && isLang(m[1])) return m[1] as Lang;
  }
  return isLang(env.ATTT_LANG) ? (env.ATTT_LANG as Lang) : 'vi';
}

export function createContext(program: Command, argv: readonly string[], io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; env: NodeJS.ProcessEnv; cwd: string; interrupt: AbortSignal }): CliContext {
  const lang = detectLang(argv, io.env);
  const opts = () => program.opts<{ json?: boolean; quiet?: boolean; color?: boolean }>();
  const colorWanted = () => opts().color !== false && !io.env.NO_COLOR && io.stdout.isTTY === true;
  const ctx: CliContext = {
    lang,
    t: (text) => text[lang],
    get json() {
      return opts().json === true;
    },
    get quiet() {
      return opts().quiet === true;
    },
    get color() {
      return colorWanted();
    },
    get style() {
      return makeStyle(colorWanted());
    },
    out: (text) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    note: (text) => {
      if (opts().quiet !== true) io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    error: (text) => io.stderr.write(`${sanitizeTerminal(text, true)}\n`),
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    stdoutIsTTY: io.stdout.isTTY === true,
    stderrIsTTY: io.stderr.isTTY === true,
    env: io.env,
    cwd: io.cwd,
    interrupt: io.interrupt,
    exitCode: 0,
  };
  return ctx;
}
