import fs from 'node:fs';
import { packagePath } from '../../paths.js';

/**
 * The cipher-suite table, kept as data in checks/data/tls-cipher-suites.json (IANA TLS Cipher
 * Suites registry, attributes cross-checked with testssl.sh's mapping). Loaded lazily, once.
 */
export interface CipherSuite {
  /** Code point as hex: 4 digits for SSLv3/TLS, 6 for SSL 2.0 cipher kinds. */
  code: string;
  /** IANA name (SSL_CK_* for SSL 2.0). */
  name: string;
  openssl: string;
  /** Oldest protocol that may negotiate it: SSLv2, SSLv3 (also TLS 1.0/1.1), TLSv1, TLSv1.2 or TLSv1.3. */
  since: string;
  kx: string;
  au: string;
  enc: string;
  bits: number;
  mac: string;
  aead: boolean;
  forwardSecrecy: boolean;
  anonymous: boolean;
  export: boolean;
}

interface SuiteTable {
  tls: CipherSuite[];
  sslv2: CipherSuite[];
  byCode: Map<number, CipherSuite>;
  byName: Map<string, CipherSuite>;
  sslv2ByCode: Map<number, CipherSuite>;
}

let table: SuiteTable | undefined;

export function suiteTable(): SuiteTable {
  if (!table) {
    const data = JSON.parse(fs.readFileSync(packagePath('checks', 'data', 'tls-cipher-suites.json'), 'utf8')) as { tls: CipherSuite[]; sslv2: CipherSuite[] };
    const byCode = new Map(data.tls.map((s) => [parseInt(s.code, 16), s]));
    const byName = new Map([...data.tls, ...data.sslv2].map((s) => [s.name, s]));
    table = { tls: data.tls, sslv2: data.sslv2, byCode, byName, sslv2ByCode: new Map(data.sslv2.map((s) => [parseInt(s.code, 16), s])) };
  }
  return table;
}

export function suiteByCode(code: number): CipherSuite | undefined {
  return suiteTable().byCode.get(code);
}

export function suiteByName(name: string): CipherSuite | undefined {
  return suiteTable().byName.get(name);
}

/** A name for any code point, known or not (`0xXXXX` when the table lacks it). */
export function suiteName(code: number): string {
  return suiteByCode(code)?.name ?? `0x${code.toString(16).padStart(4, '0').toUpperCase()}`;
}

export function isTls13Suite(s: CipherSuite): boolean {
  return s.since === 'TLSv1.3';
}

/** A block cipher in CBC mode (not AEAD, not a stream cipher, not NULL). */
export function isCbc(s: CipherSuite): boolean {
  return !s.aead && !['RC4', 'None', 'ChaCha20'].includes(s.enc) && !s.enc.startsWith('GOST');
}

/** 64-bit block ciphers (SWEET32). */
export function is64BitBlock(s: CipherSuite): boolean {
  return ['3DES', 'DES', 'IDEA', 'RC2'].includes(s.enc);
}

/** Strength class for colouring and grading: insecure < weak < ok < strong. */
export function suiteStrength(s: CipherSuite): 'insecure' | 'weak' | 'ok' | 'strong' {
  if (s.enc === 'None' || s.anonymous || s.export || s.enc === 'RC4' || s.bits < 112 || s.enc === 'DES') return 'insecure';
  if (is64BitBlock(s) || !s.forwardSecrecy) return 'weak';
  if (!s.aead) return 'ok';
  return 'strong';
}
