/**
 * Issue 14, point 9: TLS enumeration that survives quirky servers. Dovecot without `ssl_dh`
 * aborts the handshake (internal_error) when the client's list leads with a DHE suite it then
 * picks; attt must retry with another order and still find TLS 1.2 and its suites, as testssl.sh
 * does, instead of reporting TLS 1.2 as unsupported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdHoc } from '../../src/engine/adhoc.js';
import type { Results } from '../../src/results/index.js';
import type { TlsFacts } from '../../src/observations/tls/index.js';
import { startDovecot, stopAll, type Daemon } from '../helpers/daemons.js';

describe('Dovecot IMAPS without ssl_dh (DHE suites abort the handshake)', () => {
  let dovecot: Daemon;
  let results: Results;
  beforeAll(async () => {
    dovecot = await startDovecot({ plaintextAuth: false });
    results = await runAdHoc({ tls: `${dovecot.host}:${dovecot.ports!.imaps}` }, dovecot.host, { speed: 'normal', timeoutMs: 3000 });
  }, 180_000);
  afterAll(() => stopAll([dovecot]));

  it('finds TLS 1.2 and its ECDHE suites, and no DHE suite (the server cannot complete one)', () => {
    const obs = Object.values(results.observations)[0] as TlsFacts;
    expect(obs.protocols['TLSv1.2']).toBe(true);
    const tls12 = obs.ciphers['TLSv1.2'] ?? [];
    expect(tls12.some((s) => s.startsWith('TLS_ECDHE_'))).toBe(true);
    expect(tls12.some((s) => s.startsWith('TLS_DHE_'))).toBe(false);
    expect(results.results.find((r) => r.checkId === 'tls.protocol.no-tls1_3')?.outcome).toBe('pass');
  });
});
