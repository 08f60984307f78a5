import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_LOADERS } from '../checks/index.js';
import type { CheckMeta } from '../src/checks/define.js';
import { SEVERITIES } from '../src/results/schema.js';
import { ROOT } from './helpers/cli.js';

/**
 * The catalogue rules of docs/architecture.md: the file name is the id, every id is registered,
 * every text exists in both languages, references are given, and a test exercises it.
 */
const ids = Object.keys(CHECK_LOADERS);
const MINIMUM = [
  'ports.unexpected-open', 'ports.risky-service', 'ports.unauthenticated-service', 'software.outdated', 'software.version-disclosure',
  'tls.protocol.sslv2', 'tls.protocol.sslv3', 'tls.protocol.tls1_0', 'tls.protocol.tls1_1', 'tls.protocol.no-tls1_3', 'tls.cipher.null',
  'tls.cipher.anonymous', 'tls.cipher.export', 'tls.cipher.rc4', 'tls.cipher.3des', 'tls.cipher.no-forward-secrecy', 'tls.cipher.cbc',
  'tls.dh.weak', 'tls.cert.expired', 'tls.cert.not-yet-valid', 'tls.cert.expiring-soon', 'tls.cert.self-signed', 'tls.cert.untrusted',
  'tls.cert.hostname-mismatch', 'tls.cert.weak-key', 'tls.cert.weak-signature', 'tls.cert.chain-incomplete', 'tls.renegotiation.insecure',
  'tls.fallback-scsv.missing', 'http.hsts.missing', 'http.hsts.weak', 'http.csp.missing', 'http.csp.unsafe', 'http.content-type-options.missing',
  'http.clickjacking', 'http.referrer-policy.unsafe', 'http.permissions-policy.missing', 'http.cookie.insecure', 'http.cors.wildcard-credentials',
  'http.cors.origin-reflection', 'http.redirect.no-https', 'http.header.deprecated', 'http.header.info-disclosure',
];

function testSources(): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(ROOT, 'test'));
  return out.join('\n');
}

describe('check catalogue', () => {
  it('registers every id of the minimum catalogue', () => {
    expect(MINIMUM.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('is registered in sorted order', () => {
    expect(ids).toEqual([...ids].sort());
  });

  it('has no check file that is not registered', () => {
    for (const family of ['ports', 'software', 'tls', 'http']) {
      const dir = path.join(ROOT, 'checks', family);
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
      for (const f of files) expect(ids, `checks/${family}/${f} is not registered`).toContain(`${family}.${f.replace(/\.ts$/, '')}`);
    }
  });

  const sources = testSources();
  for (const id of ids) {
    it(`${id}: file, metadata, both languages, references and a test`, async () => {
      const [family, ...rest] = id.split('.');
      expect(fs.existsSync(path.join(ROOT, 'checks', family, `${rest.join('.')}.ts`)), 'file named after the id').toBe(true);
      const mod = (await CHECK_LOADERS[id]()) as { meta: CheckMeta; run: unknown };
      const m = mod.meta;
      expect(m.id).toBe(id);
      expect(m.family).toBe(family);
      expect(SEVERITIES).toContain(m.severity);
      expect(typeof mod.run).toBe('function');
      expect(m.needs.length).toBeGreaterThan(0);
      for (const text of [m.title, m.description, m.remediation, ...Object.values(m.messages)]) {
        expect(text.vi.trim().length).toBeGreaterThan(0);
        expect(text.en.trim().length).toBeGreaterThan(0);
        // Vietnamese with full diacritics: a sentence of any length carries at least one.
        if (text.vi.replace(/\{\{[^}]*\}\}/g, '').length > 30) expect(text.vi, `vi text without diacritics: ${text.vi}`).toMatch(/[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i);
      }
      expect(Object.keys(m.messages).length).toBeGreaterThan(0);
      expect(m.references.length).toBeGreaterThan(0);
      expect(sources.includes(`${family}/${rest.join('.')}.js`) || sources.includes(`'${id}'`), `no test mentions ${id}`).toBe(true);
    });
  }
});
