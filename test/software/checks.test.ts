/** software.* checks on ports observations (recorded banners) and on http observations of real local servers. */
import { checkTester } from '../helpers/check-tester.js';
import { observeSites } from '../http/site.js';
import * as outdated from '../../checks/software/outdated.js';
import * as disclosure from '../../checks/software/version-disclosure.js';
import { parseEolTable } from '../../src/software/eol.js';

const ports = (open: Array<{ port: number; service: string; banner: string; product?: string; version?: string; distro?: string }>) => ({ host: '127.0.0.1', address: '127.0.0.1', open });
const asPorts = { family: 'ports' as const };
const asHttp = { family: 'http' as const };

const h = await observeSites({
  legacy: { headers: { server: 'Apache/2.2.15 (CentOS)', 'x-powered-by': 'PHP/5.4.16' } },
  upstreamPhp: { headers: { server: 'nginx', 'x-powered-by': 'PHP/7.4.33' } },
  iis: { headers: { server: 'Microsoft-IIS/8.5', 'x-aspnet-version': '4.0.30319' } },
  current: { headers: { server: 'Apache/2.4.68' } },
  bare: { headers: { server: 'nginx' } },
});

checkTester(disclosure, {
  valid: [
    { name: 'ssh banner without version', observation: ports([{ port: 22, service: 'ssh', banner: 'SSH-2.0-Server' }]), context: asPorts },
    { name: 'bare Server header', observation: h.bare, context: asHttp },
  ],
  invalid: [
    {
      name: 'banners with versions: one per port',
      observation: ports([
        { port: 22, service: 'ssh', banner: 'SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7' },
        { port: 21, service: 'ftp', banner: '220 (vsFTPd 3.0.3)' },
        { port: 25, service: 'smtp', banner: '220 mail ESMTP Postfix' },
        { port: 3306, service: 'mysql', banner: '5.7.33-0ubuntu0.16.04.1', product: 'mysql', version: '5.7.33' },
      ]),
      context: asPorts,
      expect: [
        { messageId: 'portDisclosure', discriminator: '22' },
        { messageId: 'portDisclosure', discriminator: '21' },
        { messageId: 'portDisclosure', discriminator: '3306' },
      ],
    },
    {
      name: 'headers with versions: one per header',
      observation: h.legacy,
      context: asHttp,
      expect: [
        { messageId: 'headerDisclosure', discriminator: 'server' },
        { messageId: 'headerDisclosure', discriminator: 'x-powered-by' },
      ],
    },
  ],
});

const override = parseEolTable('dataDate: 2030-01-01\nsource: test\nrows:\n  - { product: apache-http-server, branch: "2.4", eol: 2029-06-30, latest: 2.4.99, source: test }\n', 'override.yaml');

checkTester(outdated, {
  valid: [
    { name: 'latest Apache 2.4', observation: h.current, context: asHttp },
    { name: 'OpenSSH past every known advisory', observation: ports([{ port: 22, service: 'ssh', banner: 'SSH-2.0-OpenSSH_9.9p1' }]), context: asPorts },
    { name: 'no versions at all', observation: h.bare, context: asHttp, outcome: 'not_applicable' },
    {
      name: 'Debian 12 OpenSSH 9.2p1 deb12u10: Debian fixed regreSSHion (deb12u3) and Terrapin (deb12u2)',
      observation: ports([{ port: 22, service: 'ssh', banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10' }]),
      context: asPorts,
    },
  ],
  invalid: [
    {
      name: 'nginx 1.22 without a marker on a host whose SSH banner says Debian 12: supported by Debian, low',
      observation: ports([
        { port: 22, service: 'ssh', banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10' },
        { port: 80, service: 'http', banner: 'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n' },
      ]),
      context: { ...asPorts, now: new Date('2026-12-01T00:00:00Z') },
      expect: [{ messageId: 'distroSupported', discriminator: '80/nginx', severity: 'low' }],
    },
    {
      name: 'Debian 12 OpenSSH before deb12u2: both advisories still open',
      observation: ports([{ port: 22, service: 'ssh', banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1' }]),
      context: asPorts,
      expect: [{ messageId: 'knownVulnerable', discriminator: '22/openssh', severity: 'high' }],
    },
    {
      name: 'CentOS Apache 2.2 and PHP 5.4: EOL, but distribution builds need verification',
      observation: h.legacy,
      context: asHttp,
      expect: [
        { messageId: 'eolBranch', discriminator: 'server/apache-http-server', severity: 'medium' },
        { messageId: 'eolBranch', discriminator: 'x-powered-by/php', severity: 'medium' },
      ],
    },
    { name: 'upstream PHP 7.4: EOL, likely', observation: h.upstreamPhp, context: asHttp, expect: [{ messageId: 'eolBranch', discriminator: 'x-powered-by/php', severity: 'high' }] },
    { name: 'IIS 8.5: Windows Server 2012 R2 out of support', observation: h.iis, context: asHttp, expect: [{ messageId: 'eolBranch', discriminator: 'server/iis', severity: 'high' }] },
    {
      name: 'OpenSSH in the regreSSHion range, upstream build',
      observation: ports([{ port: 22, service: 'ssh', banner: 'SSH-2.0-OpenSSH_9.3p1' }]),
      context: asPorts,
      expect: [{ messageId: 'knownVulnerable', discriminator: '22/openssh', severity: 'critical' }],
    },
    {
      name: 'Debian 9 OpenSSH 7.4p1: Terrapin range; Debian 9 itself is out of support (LTS ended 2022-07-01), so not lowered',
      observation: ports([{ port: 2222, service: 'ssh', banner: 'SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7' }]),
      context: asPorts,
      expect: [{ messageId: 'knownVulnerable', discriminator: '2222/openssh', severity: 'medium' }],
    },
    { name: 'Apache 2.4.6 behind the latest 2.4 release', observation: ports([{ port: 80, service: 'http', banner: 'HTTP/1.1 200 OK\r\nServer: Apache/2.4.6\r\n' }]), context: asPorts, expect: [{ messageId: 'behindLatest', discriminator: '80/apache-http-server', severity: 'low' }] },
    {
      name: '--eol-data override replaces the bundled table',
      observation: h.current,
      context: { ...asHttp, now: new Date('2029-07-01T00:00:00Z'), options: { eolTable: override } },
      expect: [{ messageId: 'eolBranch', discriminator: 'server/apache-http-server', severity: 'high' }],
    },
  ],
});
