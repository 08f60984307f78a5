import fs from 'node:fs';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdHoc } from '../../src/engine/adhoc.js';
import type { Results } from '../../src/results/index.js';
import { loopbackHost, selfSignedCert, tempDir } from '../helpers/daemons.js';
import { startThrottledSmtp } from '../../bench/fixtures/throttled-smtp.js';

/**
 * Issue 14, problem 3: a mail server that refuses connections beyond a limit per second
 * ("421 Too many concurrent SMTP connections", as Exim does at smtp_accept_max) must still get
 * its complete suite list, equal to the list of the same server without a limit.
 */
describe('STARTTLS server that refuses connections beyond 8 per second', () => {
  let dir: string;
  let limited: Awaited<ReturnType<typeof startThrottledSmtp>>;
  let unlimited: Awaited<ReturnType<typeof startThrottledSmtp>>;
  let onLimited: Results;
  let onUnlimited: Results;
  beforeAll(async () => {
    dir = tempDir('smtp');
    const { cert, key } = selfSignedCert(dir, 'mx.test');
    const context = tls.createSecureContext({ cert: fs.readFileSync(cert), key: fs.readFileSync(key), minVersion: 'TLSv1.2' });
    limited = await startThrottledSmtp(loopbackHost(), 8, context);
    unlimited = await startThrottledSmtp(loopbackHost(), Infinity, context);
    onLimited = await runAdHoc({ tls: `${limited.host}:${limited.port}`, starttls: 'smtp' }, limited.host, { speed: 'polite' });
    onUnlimited = await runAdHoc({ tls: `${unlimited.host}:${unlimited.port}`, starttls: 'smtp' }, unlimited.host, { speed: 'polite' });
  }, 180_000);
  afterAll(async () => {
    await limited?.close();
    await unlimited?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('was throttled, backed off, and still found every suite the server accepts', () => {
    const obs = (r: Results) => Object.values(r.observations)[0] as { ciphers: Record<string, string[]>; probeErrors: unknown[] };
    expect(limited.refused).toBeGreaterThan(0);
    expect(obs(onLimited).probeErrors).toEqual([]);
    expect(obs(onUnlimited).ciphers['TLSv1.2']?.length).toBeGreaterThan(5);
    expect(obs(onLimited).ciphers).toEqual(obs(onUnlimited).ciphers);
    // The vulnerability probes (tls.vuln.*) back off through the same path as the enumeration.
    expect(onLimited.results.filter((r) => r.outcome === 'error')).toEqual([]);
    expect(onLimited.results.filter((r) => r.checkId.startsWith('tls.vuln.')).length).toBeGreaterThan(5);
  });
});
