import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { heapFlag, HEAP_GROWING_PERCENT } from '../../src/cli/heap.js';
import { commandPath } from '../../src/cli/main.js';

/** The long bulk commands collect garbage sooner; other commands and a user's own heap flags are left alone. */
describe('heap growth of bulk commands', () => {
  it('asks V8 to grow the heap by at most the command\'s percentage', () => {
    expect(heapFlag('audit', [], '')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT.audit}`);
    expect(heapFlag('tracker import', ['--enable-source-maps'], '--trace-warnings')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT['tracker import']}`);
    for (const command of ['report build', 'bundle merge', 'rejudge']) expect(heapFlag(command, [])).toMatch(/^--heap-growing-percent=\d+$/);
  });

  it('leaves short commands alone', () => {
    for (const command of ['tracker list', 'tracker stats', 'doctor', 'report', 'tracker', '', 'constructor', 'toString']) expect(heapFlag(command, []), command).toBeUndefined();
  });

  it('leaves the heap alone when the user chose its size or growth', () => {
    for (const [argv, options] of [
      [['--max-old-space-size=300'], ''],
      [[], '--max-old-space-size=2048'],
      [['--heap-growing-percent=20'], '--trace-warnings'],
      [['--optimize-for-size'], ''],
    ] as const) {
      expect(heapFlag('audit', argv, options), `${argv} ${options}`).toBeUndefined();
    }
    // A flag that only starts like one of them is not one of them.
    expect(heapFlag('audit', ['--max-old-space-size-foo'], '')).toBeDefined();
  });

  it('names a command by its full path, as the table does', () => {
    const program = new Command('attt');
    const tracker = program.command('tracker');
    const report = program.command('report');
    expect(commandPath(tracker.command('import'))).toBe('tracker import');
    expect(commandPath(report.command('build'))).toBe('report build');
    expect(commandPath(program.command('audit'))).toBe('audit');
    for (const name of Object.keys(HEAP_GROWING_PERCENT)) {
      const [first, second] = name.split(' ');
      const cmd = second ? new Command('attt').command(first).command(second) : new Command('attt').command(first);
      expect(commandPath(cmd)).toBe(name);
    }
  });
});
