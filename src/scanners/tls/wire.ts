/**
 * Bounded byte reading and writing for the TLS wire format. Everything read here comes from
 * a scanned server and is hostile: every read is checked against the buffer, and a short or
 * inconsistent message raises TlsParseError (with what and where), never a RangeError.
 */
export class TlsParseError extends Error {
  constructor(
    /** Stable reason code, e.g. `truncated`, `oversized`, `bad-record-type`. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'TlsParseError';
  }
}

export class Reader {
  private pos = 0;
  constructor(
    private readonly buf: Buffer,
    /** What is being read, for error messages (e.g. `ServerHello`). */
    private readonly what: string,
  ) {}

  get offset(): number {
    return this.pos;
  }
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new TlsParseError('truncated', `${this.what}: needs ${n} more byte(s) at offset ${this.pos}, only ${this.remaining} left`);
    }
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u24(): number {
    this.need(3);
    const v = this.buf.readUIntBE(this.pos, 3);
    this.pos += 3;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** A vector with a 1-, 2- or 3-byte length prefix. */
  vector(lengthBytes: 1 | 2 | 3): Buffer {
    const n = lengthBytes === 1 ? this.u8() : lengthBytes === 2 ? this.u16() : this.u24();
    return this.bytes(n);
  }
  rest(): Buffer {
    return this.bytes(this.remaining);
  }
}

export function u8(v: number): Buffer {
  return Buffer.from([v & 0xff]);
}
export function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v & 0xffff);
  return b;
}
export function u24(v: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUIntBE(v & 0xffffff, 0, 3);
  return b;
}
/** Length-prefixed vector. */
export function vec(lengthBytes: 1 | 2 | 3, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const len = lengthBytes === 1 ? u8(body.length) : lengthBytes === 2 ? u16(body.length) : u24(body.length);
  return Buffer.concat([len, body]);
}
