import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { heapFlag, HEAP_GROWING_PERCENT } from '../../src/cli/heap.js';
import { BULK_COMMANDS, commandPath } from '../../src/cli/main.js';

/** The long bulk commands collect garbage sooner; a user's own heap flags always win. */
describe('heap growth of bulk commands', () => {
  it('asks V8 to grow the heap by at most the set percentage', () => {
    expect(heapFlag([], '')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapFlag(['--enable-source-maps'], '--trace-warnings')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it('leaves the heap alone when the user chose its size or growth', () => {
    for (const [argv, options] of [
      [['--max-old-space-size=300'], ''],
      [[], '--max-old-space-size=2048'],
      [[], '--trace-warnings  --heap-growing-percent=20'],
      [['--optimize-for-size'], ''],
    ] as const) {
      expect(heapFlag(argv, options), `${argv} ${options}`).toBeUndefined();
    }
    // A flag that only starts like one of them is not one of them.
    expect(heapFlag(['--max-old-space-size-foo'], '')).toBeDefined();
  });

  it('applies to the commands that read or write whole audits, by their full name', () => {
    const program = new Command('attt');
    const tracker = program.command('tracker');
    const imp = tracker.command('import');
    const list = tracker.command('list');
    const audit = program.command('audit');
    const report = program.command('report');
    const build = report.command('build');
    expect(commandPath(imp)).toBe('tracker import');
    expect(commandPath(build)).toBe('report build');
    expect(BULK_COMMANDS.has(commandPath(imp))).toBe(true);
    expect(BULK_COMMANDS.has(commandPath(audit))).toBe(true);
    expect(BULK_COMMANDS.has(commandPath(build))).toBe(true);
    expect(BULK_COMMANDS.has(commandPath(list))).toBe(false);
  });
});
