import { PassThrough, Writable } from 'node:stream';

/**
 * A scripted terminal for @inquirer/prompts (the library reads keys from `input` and draws on
 * `output`, so a test can play the user): wait until the screen shows a text, then type.
 */
export class ScriptedTerminal {
  readonly input = new PassThrough();
  readonly output: Writable;
  private screen = '';
  private waiters: Array<{ pattern: RegExp; from: number; resolve: () => void }> = [];
  /** Screen position after the last matched wait: later waits only look at newer output. */
  private mark = 0;

  constructor() {
    // Prompts treat a TTY-like input; readline wants these to exist on a stream.
    Object.assign(this.input, { isTTY: true, setRawMode: () => this.input });
    this.output = new Writable({
      write: (chunk, _enc, done) => {
        this.screen += stripAnsi(chunk.toString());
        this.check();
        done();
      },
    });
    // Each prompt pipes into `output` and ends the pipe when it closes; like process.stdout,
    // a terminal outlives its prompts, so ending it is ignored.
    this.output.end = (() => this.output) as Writable['end'];
  }

  /** Everything drawn so far, without escape sequences. */
  get text(): string {
    return this.screen;
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      const i = this.screen.slice(w.from).search(w.pattern);
      if (i < 0) return true;
      this.mark = w.from + i + 1;
      w.resolve();
      return false;
    });
  }

  /** Resolve once `pattern` appears in output drawn after the previous match. */
  waitFor(pattern: RegExp | string, timeoutMs = 5000): Promise<void> {
    const re = typeof pattern === 'string' ? new RegExp(escape(pattern)) : pattern;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} — screen tail:\n${this.screen.slice(-800)}`)), timeoutMs);
      this.waiters.push({ pattern: re, from: this.mark, resolve: () => { clearTimeout(timer); resolve(); } });
      this.check();
    });
  }

  /** Type text (use keys.enter etc. for special keys). */
  type(text: string): void {
    this.input.write(text);
  }

  /** Wait for the prompt, then type the answer. */
  async answer(pattern: RegExp | string, keys: string): Promise<void> {
    await this.waitFor(pattern);
    // Let the prompt finish its first render and attach its key handlers.
    await new Promise((r) => setImmediate(r));
    this.type(keys);
  }
}

export const keys = { enter: '\r', down: '\u001b[B', up: '\u001b[A', space: ' ', ctrlC: '\u0003' } as const;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\u001b[()][A-Z0-9]/g, '');
}
