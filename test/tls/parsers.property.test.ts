import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildClientHello } from '../../src/scanners/tls/client-hello.js';
import { FlightParser, parseCertificateList, parseServerHello, parseServerKeyExchange } from '../../src/scanners/tls/server-flight.js';
import { TlsParseError } from '../../src/scanners/tls/wire.js';

/** Random and mutated bytes must end in a parse result or a TlsParseError: never another exception. */
function onlyParseErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (error instanceof TlsParseError) return true;
    throw error;
  }
}

const validServerHello = Buffer.from(
  '16030300' + '4a' + '02000046' + '0303' + '11'.repeat(32) + '20' + '22'.repeat(32) + 'c02f' + '00' + '0000',
  'hex',
);

describe('record and handshake parsers on hostile bytes (fast-check)', () => {
  it('a valid ServerHello parses', () => {
    const p = new FlightParser();
    p.push(validServerHello.subarray(0, validServerHello.length - 0));
    expect(p.flight.serverHello?.cipherSuite).toBe(0xc02f);
  });

  it('random byte streams, in random chunks, only raise TlsParseError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.boolean(), (chunks, sslv2) => {
        const parser = new FlightParser({ sslv2 });
        return onlyParseErrors(() => {
          for (const c of chunks) parser.push(Buffer.from(c));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated ServerHello records only raise TlsParseError', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(validServerHello.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.nat(validServerHello.length), (mutations, cut) => {
        const bytes = Buffer.from(validServerHello);
        for (const [i, v] of mutations) bytes[i] = v;
        return onlyParseErrors(() => new FlightParser().push(bytes.subarray(0, cut)));
      }),
      { numRuns: 3000 },
    );
  });

  it('message parsers only raise TlsParseError on random bodies', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 0xffff }), (body, suite) => {
        const b = Buffer.from(body);
        return onlyParseErrors(() => parseServerHello(b)) && onlyParseErrors(() => parseCertificateList(b)) && onlyParseErrors(() => parseServerKeyExchange(b, suite));
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects a record longer than the limit before buffering it', () => {
    const p = new FlightParser();
    expect(() => p.push(Buffer.from([22, 3, 3, 0xff, 0xff]))).toThrow(/exceeds/);
  });

  it('builds ClientHellos whose declared lengths are consistent', () => {
    fc.assert(
      fc.property(fc.constantFrom('SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3' as const), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 400 }), (protocol, suites) => {
        const hello = buildClientHello({ protocol, suites, serverName: 'a.example' });
        let p = 0;
        let handshake = Buffer.alloc(0);
        while (p < hello.length) {
          const len = hello.readUInt16BE(p + 3);
          handshake = Buffer.concat([handshake, hello.subarray(p + 5, p + 5 + len)]);
          p += 5 + len;
        }
        return p === hello.length && handshake[0] === 1 && handshake.readUIntBE(1, 3) === handshake.length - 4;
      }),
      { numRuns: 200 },
    );
  });
});
