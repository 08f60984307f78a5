/** End to end: a real misconfigured legacy site → runAudit (scanner + every check) → the expected findings. */
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/engine/audit.js';
import { resultsSchema } from '../../src/results/schema.js';
import { startHttp, testInventory } from './servers.js';
import { HTTP_CHECKS } from '../../checks/http/index.js';

describe('http family end to end', () => {
  it('a header-less legacy site yields the expected http.* and software.* findings, a grade and valid results', async () => {
    const legacy = await startHttp((_req, res) => {
      res.setHeader('Server', 'Apache/2.2.15 (CentOS)');
      res.setHeader('X-Powered-By', 'PHP/5.4.16');
      res.setHeader('Set-Cookie', 'PHPSESSID=abc123; path=/');
      res.setHeader('Content-Type', 'text/html');
      res.end('<html><body>Cổng thông tin</body></html>');
    });
    try {
      const results = await runAudit({ inventory: testInventory(legacy.url), timeoutMs: 2000, now: () => new Date('2026-11-28T00:00:00Z') });
      expect(() => resultsSchema.parse(results)).not.toThrow();
      const failed = new Set(results.results.filter((r) => r.outcome === 'fail').map((r) => r.checkId));
      expect([...failed].sort()).toEqual(
        [
          'http.clickjacking',
          'http.content-type-options.missing',
          'http.cookie.insecure',
          'http.csp.missing',
          'http.header.info-disclosure',
          'http.permissions-policy.missing',
          'http.redirect.no-https',
          'software.outdated',
          'software.version-disclosure',
        ].sort(),
      );
      const outdated = results.results.filter((r) => r.checkId === 'software.outdated' && r.outcome === 'fail');
      expect(outdated.every((r) => r.confidence === 'needs-verification')).toBe(true);
      const key = results.targets[0].key;
      // CSP −25, cookies (session cookie without Secure) −40, redirection missing −20, HSTS no HTTPS −20, XCTO −5, XFO −20 → floored at 0 → F
      expect(results.summary.grades[key]).toBe('F');
      expect((results.observations[key] as { score: number }).score).toBe(0);
    } finally {
      await legacy.close();
    }
  });

  it('an unreachable URL gives error results for every http check, not a crash', async () => {
    const gone = await startHttp((_req, res) => res.end());
    const url = gone.url;
    await gone.close();
    const results = await runAudit({ inventory: testInventory(url), timeoutMs: 1000 });
    expect(results.targets[0].status).toBe('error');
    expect(results.targets[0].error?.code).toBe('ATTT_TARGET_UNREACHABLE');
    const http = results.results.filter((r) => r.checkId.startsWith('http.'));
    expect(http.length).toBe(Object.keys(HTTP_CHECKS).length);
    expect(http.length).toBeGreaterThanOrEqual(15);
    expect(http.every((r) => r.outcome === 'error')).toBe(true);
  });
});
