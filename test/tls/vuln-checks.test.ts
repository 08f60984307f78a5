import { checkTester } from '../helpers/check-tester.js';
import type { TlsVulnerabilityProbes, VulnProbe } from '../../src/observations/tls/index.js';
import { obs, S } from './fixtures/observation.js';
import * as heartbleed from '../../checks/tls/vuln.heartbleed.js';
import * as ccs from '../../checks/tls/vuln.ccs-injection.js';
import * as compression from '../../checks/tls/vuln.compression.js';
import * as reneg from '../../checks/tls/vuln.client-renegotiation.js';
import * as ticketbleed from '../../checks/tls/vuln.ticketbleed.js';
import * as poodle from '../../checks/tls/vuln.poodle.js';
import * as beast from '../../checks/tls/vuln.beast.js';
import * as sweet32 from '../../checks/tls/vuln.sweet32.js';
import * as freak from '../../checks/tls/vuln.freak.js';
import * as logjam from '../../checks/tls/vuln.logjam.js';
import * as drown from '../../checks/tls/vuln.drown.js';

const ctx = { family: 'tls' as const };
const safe: VulnProbe = { status: 'not-vulnerable', detail: 'ok' };
const probes = (patch: Partial<TlsVulnerabilityProbes>): TlsVulnerabilityProbes => ({ heartbleed: safe, ccsInjection: safe, compression: safe, clientRenegotiation: safe, ticketbleed: safe, ...patch });
const vulnerable: VulnProbe = { status: 'vulnerable', detail: 'shown', evidence: { returnedPayloadBytes: 64 } };

for (const [check, key] of [[heartbleed, 'heartbleed'], [ccs, 'ccsInjection'], [compression, 'compression'], [reneg, 'clientRenegotiation'], [ticketbleed, 'ticketbleed']] as const) {
  checkTester(check, {
    valid: [
      { name: 'not vulnerable', observation: obs({ vulnerabilities: probes({}) }) },
      { name: 'probes not run', observation: obs(), outcome: 'not_applicable' },
      { name: 'not applicable to this server', observation: obs({ vulnerabilities: probes({ [key]: { status: 'not-applicable', detail: 'TLS 1.3 only' } }) }), outcome: 'not_applicable' },
      { name: 'probe failed', observation: obs({ vulnerabilities: probes({ [key]: { status: 'error', detail: 'timeout' } }) }), outcome: 'error' },
      { name: 'probe inconclusive', observation: obs({ vulnerabilities: probes({ [key]: { status: 'inconclusive', detail: 'silence' } }) }), outcome: 'error' },
    ],
    invalid: [{ name: 'vulnerable', observation: obs({ vulnerabilities: probes({ [key]: vulnerable }) }), expect: [{ messageId: 'vulnerable', data: { detail: 'shown' } }] }],
  }, ctx);
}

checkTester(poodle, {
  valid: [{ name: 'no SSL 3.0', observation: obs() }, { name: 'SSL 3.0 with RC4 only', observation: obs({ protocols: { SSLv3: true } as never, ciphers: { SSLv3: ['TLS_RSA_WITH_RC4_128_SHA'] } }) }],
  invalid: [{ name: 'SSL 3.0 with CBC', observation: obs({ protocols: { SSLv3: true } as never, ciphers: { SSLv3: ['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_RC4_128_SHA'] } }), expect: [{ messageId: 'offered', data: { count: 1, protocols: 'SSL 3.0' } }] }],
}, ctx);
checkTester(beast, {
  valid: [{ name: 'CBC with TLS 1.2 only', observation: obs({ suites12: ['TLS_RSA_WITH_AES_128_CBC_SHA'] }) }],
  invalid: [{ name: 'CBC with TLS 1.0', observation: obs({ protocols: { TLSv1: true } as never, ciphers: { TLSv1: ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'], 'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] } }), expect: [{ messageId: 'offered', data: { protocols: 'TLS 1.0' } }] }],
}, ctx);
checkTester(sweet32, {
  valid: [{ name: 'AES only', observation: obs() }],
  invalid: [{ name: '3DES', observation: obs({ suites12: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'] }), expect: [{ messageId: 'offered' }] }],
}, ctx);
checkTester(freak, {
  valid: [{ name: 'no export suites', observation: obs() }],
  invalid: [{ name: 'RSA export', observation: obs({ protocols: { TLSv1: true } as never, ciphers: { TLSv1: ['TLS_RSA_EXPORT_WITH_RC4_40_MD5'] } }), expect: [{ messageId: 'offered' }] }],
}, ctx);
checkTester(logjam, {
  valid: [{ name: 'DHE 2048', observation: obs({ dhBits: 2048 }) }],
  invalid: [
    { name: 'DH 512', observation: obs({ dhBits: 512, dhBitsBySuite: { TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: 512 } }), expect: [{ messageId: 'weakDh', discriminator: 'dh-bits', data: { bits: 512 } }] },
    {
      name: 'DHE export suite',
      observation: obs({
        protocols: { TLSv1: true } as never,
        ciphers: { TLSv1: ['TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA'] },
        suites: { ...S, TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA: { code: '0014', kx: 'DHE_RSA', au: 'RSA', enc: 'DES', bits: 40, mac: 'SHA1', aead: false, forwardSecrecy: true, anonymous: false, export: true, strength: 'insecure' } },
      }),
      expect: [{ messageId: 'exportDhe', discriminator: 'export-dhe' }],
    },
  ],
}, ctx);
checkTester(drown, {
  valid: [{ name: 'no SSL 2.0', observation: obs() }],
  invalid: [{ name: 'SSL 2.0', observation: obs({ protocols: { SSLv2: true } as never, ciphers: { SSLv2: ['SSL_CK_RC4_128_WITH_MD5'] } }), expect: [{ messageId: 'sslv2', data: { count: 1, fingerprint: 'AA' } }] }],
}, ctx);
