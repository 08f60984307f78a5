import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHostKey } from '../../src/observations/ssh/keys.js';
import { parseSsh1PublicKey } from '../../src/observations/ssh/protocol1.js';
import { encodeKexInit, encodePacket, parseKexInit, SshParseError, takeIdentification, takePacket } from '../../src/observations/ssh/wire.js';

/** Hostile bytes must end in a result or an SshParseError, never another exception. */
function onlyParseErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (error instanceof SshParseError) return true;
    throw error;
  }
}

const lists = { kex: ['curve25519-sha256', 'kex-strict-s-v00@openssh.com'], hostKey: ['ssh-ed25519'], ciphersClientToServer: ['aes128-ctr'], ciphersServerToClient: ['aes256-ctr'], macsClientToServer: ['hmac-sha2-256'], macsServerToClient: ['hmac-sha2-512'], compressionClientToServer: ['none'], compressionServerToClient: ['none', 'zlib'], languagesClientToServer: [], languagesServerToClient: [] };

describe('SSH parsers on hostile bytes (fast-check)', () => {
  it('a KEXINIT round-trips through packet framing', () => {
    const packet = encodePacket(encodeKexInit(lists, Buffer.alloc(16, 1)));
    expect(packet.length % 8).toBe(0);
    const got = takePacket(Buffer.concat([packet, Buffer.from('rest')]))!;
    expect(got.rest.toString()).toBe('rest');
    expect(parseKexInit(got.payload)).toMatchObject({ ...lists, cookie: '01'.repeat(16), firstKexPacketFollows: false });
  });

  it('random payloads and mutated KEXINITs only raise SshParseError', () => {
    const valid = encodeKexInit(lists, Buffer.alloc(16));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => onlyParseErrors(() => parseKexInit(Buffer.from([20, ...bytes])))));
    fc.assert(fc.property(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(valid.length), (at, value, cut) => {
      const m = Buffer.from(valid);
      m[at] = value;
      return onlyParseErrors(() => parseKexInit(m.subarray(0, cut)));
    }));
  });

  it('random streams only raise SshParseError in framing, identification, host keys and protocol 1', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      const b = Buffer.from(bytes);
      return onlyParseErrors(() => takePacket(b)) && onlyParseErrors(() => takeIdentification(b, { maxLines: 4, maxBytes: 300 })) && onlyParseErrors(() => parseHostKey(b)) && (b.length < 8 || onlyParseErrors(() => parseSsh1PublicKey(b)));
    }));
  });

  it('identification: preamble lines, CR LF, escaped control bytes', () => {
    const got = takeIdentification(Buffer.from('Welcome\r\nSSH-2.0-Foo_1.0 comment\x07\r\nrest'), { maxLines: 4, maxBytes: 300 })!;
    expect(got).toMatchObject({ preamble: ['Welcome'], ident: 'SSH-2.0-Foo_1.0 comment\\x07' });
    expect(got.rest.toString()).toBe('rest');
    expect(takeIdentification(Buffer.from('SSH-2.0-partial'), { maxLines: 4, maxBytes: 300 })).toBeUndefined();
  });
});
