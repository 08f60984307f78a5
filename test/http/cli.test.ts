/** `attt scan headers URL` through the real CLI entry point against real local servers. */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startHttp, startRaw } from './servers.js';

function capture() {
  let text = '';
  const stream = { write: (s: string) => ((text += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(['node', 'attt', ...args], { stdout: out.stream, stderr: err.stream, env: {} });
  return { code, out: out.text(), err: err.text() };
}

describe('attt scan headers', () => {
  it('prints a table with headers, score modifiers, findings and the grade', async () => {
    const s = await startHttp((_req, res) => {
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Server', 'Apache/2.2.15 (CentOS)');
      res.end('<html></html>');
    });
    try {
      const r = await run(['--lang', 'en', 'scan', 'headers', s.url, '--fail-on', 'high']);
      expect(r.out).toContain('x-frame-options');
      expect(r.out).toContain('x-frame-options-sameorigin-or-deny');
      expect(r.out).toContain('http.csp.missing');
      expect(r.out).toMatch(/Grade: [A-F]/);
      expect(r.code).toBe(1); // http.redirect.no-https is high: no HTTPS at all
      const vi = await run(['scan', 'headers', s.url]);
      expect(vi.out).toContain('Xếp hạng');
      expect(vi.code).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('--json prints { observation, results } only', async () => {
    const s = await startHttp((_req, res) => res.end('ok'));
    try {
      const r = await run(['--json', 'scan', 'headers', s.url]);
      const parsed = JSON.parse(r.out) as { observation: { grade: string; score: number }; results: Array<{ checkId: string }> };
      expect(parsed.observation.grade).toBe('F');
      expect(parsed.results.some((x) => x.checkId === 'http.hsts.missing')).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('strips ANSI escapes and control characters from server text on the terminal', async () => {
    const raw = await startRaw((socket) => socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nServer: <script>x</script>{{name}}\u001b]0;pwned\u0007\u001b[31mEvil/1.0\r\nContent-Length: 2\r\n\r\nok')));
    try {
      const r = await run(['--lang', 'en', 'scan', 'headers', raw.url]);
      expect(r.out + r.err).not.toMatch(/\u001b|\u0007/);
      if (r.code === 0) expect(r.out).toContain('<script>x</script>{{name}}');
      else expect(r.code).toBe(3);
    } finally {
      await raw.close();
    }
  });

  it('rejects a non-HTTP URL with a usage error', async () => {
    const r = await run(['--lang', 'en', 'scan', 'headers', 'ftp://127.0.0.1/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Invalid URL');
  });
});
