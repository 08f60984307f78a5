import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/cli/context.js';
import { buildProgram, main } from '../../src/cli/main.js';

/** A stream that keeps what is written (main() takes its streams as parameters). */
function capture(): NodeJS.WriteStream & { text: string } {
  const sink = { text: '', isTTY: false, write(chunk: string | Uint8Array) { sink.text += String(chunk); return true; } };
  return sink as unknown as NodeJS.WriteStream & { text: string };
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(['node', 'attt', ...args], { stdout, stderr, env: { NO_COLOR: '1' } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Every command path of the real program (`['scan', 'ports']` …), groups included. */
function commandPaths(): string[][] {
  const out = capture();
  const program = buildProgram(new Command('attt'), createContext(new Command('attt'), [], { stdout: out, stderr: out, env: {}, cwd: process.cwd(), interrupt: new AbortController().signal }));
  const paths: string[][] = [[]];
  const walk = (cmd: Command, prefix: string[]) => {
    for (const sub of cmd.commands) {
      if (sub.name() === 'help') continue;
      paths.push([...prefix, sub.name()]);
      walk(sub, [...prefix, sub.name()]);
    }
  };
  walk(program, []);
  return paths;
}

/** Words commander prints on its own, in English; none may remain on a Vietnamese page. */
const COMMANDER_ENGLISH = [/\bUsage:/, /\bOptions:/, /\bCommands:/, /\bArguments:/, /display help/, /output the version/, /\[options\]/, /\[command\]/, /\bdefault:/, /\bchoices:/, /\bpreset:/];

describe('help in Vietnamese and English', () => {
  const paths = commandPaths();

  it('walks a real command tree', () => {
    expect(paths.length).toBeGreaterThan(25);
    expect(paths).toContainEqual(['scan', 'ports']);
    expect(paths).toContainEqual(['tracker', 'update']);
  });

  it('every command: Vietnamese help without commander English, ending with an example', async () => {
    const withoutExample: string[] = [];
    for (const path of paths) {
      const { code, stdout } = await run([...path, '--help']);
      expect(code, path.join(' ')).toBe(0);
      for (const word of COMMANDER_ENGLISH) expect(stdout, `attt ${path.join(' ')} --help shows ${word}`).not.toMatch(word);
      expect(stdout, `attt ${path.join(' ')} --help`).toMatch(/Cách dùng: attt/);
      // The example comes last and runs this very command.
      const heading = path.length ? 'Ví dụ' : 'Bắt đầu nhanh';
      const tail = stdout.slice(stdout.lastIndexOf(heading));
      if (!stdout.includes(heading) || !tail.includes(`attt ${path.join(' ')}`.trim())) withoutExample.push(path.join(' ') || '(attt)');
    }
    expect(withoutExample).toEqual([]);
  });

  it('every command: English help with --lang en, ending with an example', async () => {
    const withoutExample: string[] = [];
    for (const path of paths) {
      const { stdout } = await run(['--lang', 'en', ...path, '--help']);
      expect(stdout).toMatch(/Usage: attt/);
      expect(stdout).not.toMatch(/Cách dùng|Tùy chọn:/);
      if (!(path.length ? /Examples?:/ : /Quick start:/).test(stdout)) withoutExample.push(path.join(' ') || '(attt)');
    }
    expect(withoutExample).toEqual([]);
  });

  it('usage errors in Vietnamese by default, English with --lang en, naming the value received', async () => {
    const unknown = await run(['audit', '-i', 'x.yaml', '-o', 'out', '--fial-on', 'high']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("lỗi: không có tùy chọn '--fial-on'");
    expect(unknown.stderr).toContain('Có phải ý bạn là --fail-on?');
    expect(unknown.stderr).not.toMatch(/error:|Did you mean/);
    const missing = await run(['scan', 'ports']);
    expect(missing.stderr).toContain("lỗi: thiếu tham số bắt buộc 'host'");
    const extra = await run(['checks', 'show', 'a', 'b']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/lỗi: thừa tham số cho lệnh 'show': cần 1 tham số, nhận được 2/);
    const choice = await run(['--lang', 'fr', 'checks', 'list']);
    expect(choice.stderr).toContain("lỗi: giá trị 'fr' của tùy chọn '--lang <lang>' không hợp lệ. Các giá trị được phép: vi, en.");
    const en = await run(['--lang', 'en', 'scan', 'ports']);
    expect(en.stderr).toContain("error: missing required argument 'host'");
    const optionValue = await run(['scan', 'ports', '127.0.0.1', '--speed', 'turbo']);
    expect(optionValue.code).toBe(2);
    expect(optionValue.stderr).toContain('"turbo"');
  });

  it('usage errors with --json: a JSON error object on stdout with the exit code', async () => {
    const res = await run(['--json', 'scan', 'ports', '127.0.0.1', '--bogus']);
    expect(res.code).toBe(2);
    const body = JSON.parse(res.stdout);
    expect(body.error.code).toBe('commander.unknownOption');
    expect(body.error.exitCode).toBe(2);
    expect(body.error.message.vi).toContain("không có tùy chọn '--bogus'");
    expect(body.error.message.en).toContain("unknown option '--bogus'");
    const after = await run(['scan', 'ports', '--json']);
    expect(JSON.parse(after.stdout).error.code).toBe('commander.missingArgument');
    const input = await run(['--json', 'inventory', 'validate', '/nonexistent/inventory.yaml']);
    expect(input.code).toBe(2);
    expect(JSON.parse(input.stdout).error).toMatchObject({ code: expect.any(String), exitCode: 2 });
  });
});
