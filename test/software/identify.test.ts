import { describe, expect, it } from 'vitest';
import { identifySoftware } from '../../src/software/identify.js';
import { compareVersions, inBranch } from '../../src/software/version.js';

describe('identifySoftware', () => {
  const cases: Array<[string, Parameters<typeof identifySoftware>[1], Array<{ product: string; version?: string; distro?: RegExp }>]> = [
    ['SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7', 'ssh', [{ product: 'openssh', version: '7.4p1', distro: /deb9u7/ }]],
    ['SSH-2.0-OpenSSH_9.8p1', 'ssh', [{ product: 'openssh', version: '9.8p1' }]],
    ['SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6', 'ssh', [{ product: 'openssh', version: '8.9p1', distro: /Ubuntu/ }]],
    ['SSH-2.0-dropbear_2019.78', 'ssh', [{ product: 'dropbear', version: '2019.78' }]],
    ['Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips PHP/5.4.16', 'http-server', [
      { product: 'apache-http-server', version: '2.4.6', distro: /CentOS/ },
      { product: 'openssl', version: '1.0.2k', distro: /fips/ },
      { product: 'php', version: '5.4.16', distro: /CentOS/ },
    ]],
    ['nginx/1.18.0 (Ubuntu)', 'http-server', [{ product: 'nginx', version: '1.18.0', distro: /Ubuntu/ }]],
    ['Microsoft-IIS/8.5', 'http-server', [{ product: 'iis', version: '8.5' }]],
    ['Apache/2.4.58 (Win64) PHP/8.2.12', 'http-server', [{ product: 'apache-http-server', version: '2.4.58' }, { product: 'php', version: '8.2.12' }]],
    ['nginx', 'http-server', [{ product: 'nginx' }]],
    ['PHP/7.4.3', 'x-powered-by', [{ product: 'php', version: '7.4.3' }]],
    ['220 (vsFTPd 3.0.3)', 'ftp', [{ product: 'vsftpd', version: '3.0.3' }]],
    ['220 ProFTPD 1.3.5e Server (Debian) [::ffff:192.0.2.5]', 'ftp', [{ product: 'proftpd', version: '1.3.5e', distro: /Debian/ }]],
    ['220 mail.example.gov.vn ESMTP Postfix (Ubuntu)', 'smtp', [{ product: 'postfix', distro: /Ubuntu/ }]],
    ['220 mx.example ESMTP Exim 4.92 Mon, 01 Jan 2024', 'smtp', [{ product: 'exim', version: '4.92' }]],
    ['+OK Dovecot (Ubuntu) ready.', 'pop3', [{ product: 'dovecot', distro: /Ubuntu/ }]],
    ['J\\x00\\x00\\x00\\x0a5.7.33-0ubuntu0.16.04.1\\x00', 'mysql', [{ product: 'mysql', version: '5.7.33', distro: /ubuntu/ }]],
    ['\\x0a5.5.5-10.3.27-MariaDB-0+deb10u1\\x00', 'mysql', [{ product: 'mariadb', version: '10.3.27', distro: /deb10u1/ }]],
    ['8.0.36\\x00', 'mysql', [{ product: 'mysql', version: '8.0.36' }]],
  ];
  for (const [text, source, expected] of cases) {
    it(`${source}: ${text}`, () => {
      const got = identifySoftware(text, source);
      expect(got.map((g) => ({ product: g.product, version: g.version }))).toEqual(expected.map((e) => ({ product: e.product, version: e.version })));
      expected.forEach((e, i) => (e.distro ? expect(got[i].distro).toMatch(e.distro) : expect(got[i].distro).toBeUndefined()));
    });
  }

  it('returns nothing for unrecognisable or hostile text, in bounded time', () => {
    expect(identifySoftware('hello', 'ssh')).toEqual([]);
    expect(identifySoftware('', 'http-server')).toEqual([]);
    const long = 'A/'.repeat(100_000) + '1';
    expect(Array.isArray(identifySoftware(long, 'http-server'))).toBe(true);
    expect(identifySoftware('(((((((((((('.repeat(1000), 'other')).toEqual([]);
  });
});

describe('version arithmetic', () => {
  it('compares banner versions', () => {
    expect(compareVersions('7.4p1', '9.8p1')).toBe(-1);
    expect(compareVersions('9.8p1', '9.8p1')).toBe(0);
    expect(compareVersions('1.0.2k', '1.0.2')).toBe(1);
    expect(compareVersions('2.4.6', '2.4.68')).toBe(-1);
    expect(compareVersions('10.0', '9.0')).toBe(1);
  });
  it('places a version in its branch', () => {
    expect(inBranch('2.4.6', '2.4')).toBe(true);
    expect(inBranch('2.2.15', '2.4')).toBe(false);
    expect(inBranch('1.1.1w', '1.1.1')).toBe(true);
    expect(inBranch('7.0.109', '7')).toBe(true);
  });
});
