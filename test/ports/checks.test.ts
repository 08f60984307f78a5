import * as riskyService from '../../checks/ports/risky-service.js';
import * as unauthenticated from '../../checks/ports/unauthenticated-service.js';
import * as unexpectedOpen from '../../checks/ports/unexpected-open.js';
import type { OpenPort, PortsObservation } from '../../src/observations/ports/types.js';
import { checkTester, makeContext } from '../helpers/check-tester.js';

const obs = (open: OpenPort[]): PortsObservation => ({
  host: '127.0.0.1', address: '127.0.0.1', portsScanned: 100, portSpec: 'top-100', open, closed: 100 - open.length, filtered: 0, errors: [], durationMs: 5,
});
const web = (port: number): OpenPort => ({ port, service: 'http', identifiedBy: 'probe', banner: 'HTTP/1.1 200 OK' });

checkTester(
  unexpectedOpen,
  {
    valid: [
      { name: 'only expected ports open', observation: obs([web(80), web(443)]) },
      { name: 'nothing open at all', observation: obs([]) },
      // Without an expectedOpen list the check cannot judge: not_applicable, never a pass.
      { name: 'no expectedOpen declared', observation: obs([web(8080)]), context: makeContext({ target: { host: '127.0.0.1' } }), outcome: 'not_applicable' },
    ],
    invalid: [
      {
        name: 'ssh and redis open beside the web server',
        observation: obs([{ port: 22, service: 'ssh', identifiedBy: 'banner' }, web(80), { port: 6379, service: 'redis', identifiedBy: 'probe' }]),
        expect: [
          { messageId: 'unexpected', discriminator: 'port:22' },
          { messageId: 'unexpected', discriminator: 'port:6379' },
        ],
      },
      { name: 'declared empty list, one port open', observation: obs([web(8080)]), context: makeContext({ target: { host: '127.0.0.1', expectedOpen: [] } }), expect: [{ messageId: 'unexpected' }] },
    ],
  },
  { target: { host: '127.0.0.1', expectedOpen: [80, 443] } },
);

checkTester(riskyService, {
  valid: [
    { name: 'web and ssh only', observation: obs([web(443), { port: 22, service: 'ssh', identifiedBy: 'banner' }]) },
    { name: 'unknown service', observation: obs([{ port: 9999, service: 'unknown', identifiedBy: 'port' }]) },
  ],
  invalid: [
    {
      name: 'telnet, docker API and redis exposed, each with its own severity',
      observation: obs([
        { port: 23, service: 'telnet', identifiedBy: 'banner' },
        { port: 2375, service: 'docker', identifiedBy: 'port' },
        { port: 6379, service: 'redis', identifiedBy: 'probe' },
        { port: 110, service: 'pop3', identifiedBy: 'banner' },
      ]),
      expect: [
        { messageId: 'risky', discriminator: 'port:23', severity: 'high' },
        { messageId: 'risky', discriminator: 'port:2375', severity: 'critical' },
        { messageId: 'risky', discriminator: 'port:6379', severity: 'high' },
        { messageId: 'risky', discriminator: 'port:110', severity: 'low' },
      ],
    },
  ],
});

checkTester(unauthenticated, {
  valid: [
    { name: 'redis demands a password', observation: obs([{ port: 6379, service: 'redis', identifiedBy: 'probe', auth: { probe: 'redis PING / INFO server', required: true, evidence: '-NOAUTH Authentication required.' } }]) },
    { name: 'no data services', observation: obs([web(80)]) },
  ],
  invalid: [
    {
      name: 'open redis and memcached',
      observation: obs([
        { port: 6379, service: 'redis', identifiedBy: 'probe', auth: { probe: 'redis PING / INFO server', required: false, evidence: '+PONG' } },
        { port: 11211, service: 'memcached', identifiedBy: 'probe', auth: { probe: 'memcached stats', required: false, evidence: 'STAT pid 1' } },
        { port: 27017, service: 'mongodb', identifiedBy: 'probe', auth: { probe: 'mongodb listDatabases', required: true, evidence: 'ok: 0' } },
      ]),
      expect: [
        { messageId: 'open', discriminator: 'port:6379' },
        { messageId: 'open', discriminator: 'port:11211' },
      ],
    },
  ],
});
