import { checkTester } from '../helpers/check-tester.js';
import type { CertificateFacts, SuiteFacts, TlsObservation } from '../../src/observations/tls/types.js';
import * as sslv2 from '../../checks/tls/protocol.sslv2.js';
import * as sslv3 from '../../checks/tls/protocol.sslv3.js';
import * as tls10 from '../../checks/tls/protocol.tls1_0.js';
import * as tls11 from '../../checks/tls/protocol.tls1_1.js';
import * as noTls13 from '../../checks/tls/protocol.no-tls1_3.js';
import * as cNull from '../../checks/tls/cipher.null.js';
import * as cAnon from '../../checks/tls/cipher.anonymous.js';
import * as cExport from '../../checks/tls/cipher.export.js';
import * as cRc4 from '../../checks/tls/cipher.rc4.js';
import * as c3des from '../../checks/tls/cipher.3des.js';
import * as cFs from '../../checks/tls/cipher.no-forward-secrecy.js';
import * as cCbc from '../../checks/tls/cipher.cbc.js';
import * as dhWeak from '../../checks/tls/dh.weak.js';
import * as expired from '../../checks/tls/cert.expired.js';
import * as notYet from '../../checks/tls/cert.not-yet-valid.js';
import * as expiring from '../../checks/tls/cert.expiring-soon.js';
import * as selfSigned from '../../checks/tls/cert.self-signed.js';
import * as untrusted from '../../checks/tls/cert.untrusted.js';
import * as mismatch from '../../checks/tls/cert.hostname-mismatch.js';
import * as weakKey from '../../checks/tls/cert.weak-key.js';
import * as weakSig from '../../checks/tls/cert.weak-signature.js';
import * as incomplete from '../../checks/tls/cert.chain-incomplete.js';
import * as ocsp from '../../checks/tls/cert.ocsp-stapling-missing.js';
import * as reneg from '../../checks/tls/renegotiation.insecure.js';
import * as scsv from '../../checks/tls/fallback-scsv.missing.js';
import * as mozilla from '../../checks/tls/mozilla.intermediate.js';

import { cert, intermediate, obs, S } from './fixtures/observation.js';

const ctx = { family: 'tls' as const };

checkTester(sslv2, {
  valid: [{ name: 'no SSL 2.0', observation: obs() }],
  invalid: [{ name: 'SSL 2.0 accepted', observation: obs({ protocols: { SSLv2: true } as never, ciphers: { SSLv2: [] } }), expect: [{ messageId: 'accepted' }] }],
}, ctx);
checkTester(sslv3, {
  valid: [{ name: 'no SSL 3.0', observation: obs() }, { name: 'probe failed', observation: obs({ probeErrors: [{ probe: 'SSLv3 suites', reason: 'timeout', detail: 'x' }] }), outcome: 'error' }],
  invalid: [{ name: 'SSL 3.0 accepted', observation: obs({ protocols: { SSLv3: true } as never, ciphers: { SSLv3: ['TLS_RSA_WITH_RC4_128_SHA'] } }), expect: [{ messageId: 'accepted' }] }],
}, ctx);
checkTester(tls10, {
  valid: [{ name: 'TLS 1.2+ only', observation: obs() }],
  invalid: [{ name: 'TLS 1.0 accepted', observation: obs({ protocols: { TLSv1: true } as never }), expect: [{ messageId: 'accepted', data: { version: 'TLS 1.0' } }] }],
}, ctx);
checkTester(tls11, {
  valid: [{ name: 'TLS 1.2+ only', observation: obs() }],
  invalid: [{ name: 'TLS 1.1 accepted', observation: obs({ protocols: { 'TLSv1.1': true } as never }), expect: [{ messageId: 'accepted', data: { version: 'TLS 1.1' } }] }],
}, ctx);
checkTester(noTls13, {
  valid: [{ name: 'TLS 1.3 spoken', observation: obs() }],
  invalid: [{ name: 'best is TLS 1.2', observation: obs({ protocols: { 'TLSv1.3': false } as never }), expect: [{ messageId: 'missing', data: { best: 'TLSv1.2' } }] }],
}, ctx);

const suiteCase = (names: string[]) => obs({ suites12: names });
checkTester(cNull, { valid: [{ name: 'AEAD only', observation: suiteCase(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256']) }], invalid: [{ name: 'NULL offered', observation: suiteCase(['TLS_RSA_WITH_NULL_SHA']), expect: [{ messageId: 'offered', data: { count: 1 } }] }] }, ctx);
checkTester(cAnon, { valid: [{ name: 'authenticated only', observation: suiteCase(['TLS_RSA_WITH_AES_128_CBC_SHA']) }], invalid: [{ name: 'ADH offered', observation: suiteCase(['TLS_DH_anon_WITH_AES_128_CBC_SHA']), expect: [{ messageId: 'offered' }] }] }, ctx);
checkTester(cExport, { valid: [{ name: 'no export', observation: suiteCase(['TLS_RSA_WITH_RC4_128_SHA']) }], invalid: [{ name: 'export offered', observation: suiteCase(['TLS_RSA_EXPORT_WITH_RC4_40_MD5']), expect: [{ messageId: 'offered' }] }] }, ctx);
checkTester(cRc4, { valid: [{ name: 'no RC4', observation: suiteCase(['TLS_RSA_WITH_3DES_EDE_CBC_SHA']) }], invalid: [{ name: 'RC4 offered', observation: suiteCase(['TLS_RSA_WITH_RC4_128_SHA', 'TLS_RSA_EXPORT_WITH_RC4_40_MD5']), expect: [{ messageId: 'offered', data: { count: 2 } }] }] }, ctx);
checkTester(c3des, { valid: [{ name: 'no 64-bit block', observation: suiteCase(['TLS_RSA_WITH_AES_128_CBC_SHA']) }], invalid: [{ name: '3DES offered', observation: suiteCase(['TLS_RSA_WITH_3DES_EDE_CBC_SHA']), expect: [{ messageId: 'offered' }] }] }, ctx);
checkTester(cFs, {
  valid: [{ name: 'ECDHE only', observation: suiteCase(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256']) }],
  invalid: [
    { name: 'static RSA beside ECDHE', observation: suiteCase(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA']), expect: [{ messageId: 'some', severity: 'low' }] },
    { name: 'static RSA only', observation: obs({ protocols: { 'TLSv1.3': false } as never, ciphers: { 'TLSv1.2': ['TLS_RSA_WITH_AES_128_CBC_SHA'] } }), expect: [{ messageId: 'none', severity: 'medium' }] },
  ],
}, ctx);
checkTester(cCbc, { valid: [{ name: 'AEAD only', observation: suiteCase(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256']) }], invalid: [{ name: 'CBC offered', observation: suiteCase(['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA']), expect: [{ messageId: 'offered' }] }] }, ctx);
checkTester(dhWeak, {
  valid: [{ name: '2048-bit DH', observation: obs({ dhBits: 2048, dhBitsBySuite: { TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: 2048 } }) }, { name: 'no DHE', observation: obs(), outcome: 'not_applicable' }],
  invalid: [
    { name: '1024-bit DH', observation: obs({ dhBits: 1024, dhBitsBySuite: { TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: 1024 } }), expect: [{ messageId: 'weak', severity: 'medium' }] },
    { name: '512-bit DH', observation: obs({ dhBits: 512, dhBitsBySuite: { TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: 512 } }), expect: [{ messageId: 'weak', severity: 'high' }] },
  ],
}, ctx);

const withLeaf = (o: Partial<CertificateFacts>, extra: Partial<TlsObservation> = {}) => obs({ certificate: [cert(o), intermediate], ...extra });
checkTester(expired, {
  valid: [{ name: 'valid until 2027', observation: obs() }, { name: 'no certificate', observation: obs({ certificate: [] }), outcome: 'not_applicable' }],
  invalid: [{ name: 'expired leaf', observation: withLeaf({ notAfter: '2026-11-01T00:00:00.000Z' }), expect: [{ messageId: 'expired', discriminator: 'leaf' }] }],
}, ctx);
checkTester(notYet, {
  valid: [{ name: 'already valid', observation: obs() }],
  invalid: [{ name: 'starts in December', observation: withLeaf({ notBefore: '2026-12-05T00:00:00.000Z' }), expect: [{ messageId: 'notYetValid', discriminator: 'leaf' }] }],
}, ctx);
checkTester(expiring, {
  valid: [{ name: 'three months left', observation: obs() }, { name: 'outside a 5-day window', observation: withLeaf({ notAfter: '2026-12-10T00:00:00.000Z' }), context: { options: { expiringDays: 5 } } }],
  invalid: [
    { name: '12 days left', observation: withLeaf({ notAfter: '2026-12-10T00:00:00.000Z' }), expect: [{ messageId: 'expiring', discriminator: 'leaf', severity: 'medium' }] },
    { name: '3 days left', observation: withLeaf({ notAfter: '2026-12-01T00:00:00.000Z' }), expect: [{ messageId: 'expiring', discriminator: 'leaf', severity: 'high' }] },
  ],
}, ctx);
checkTester(selfSigned, {
  valid: [{ name: 'CA-issued', observation: obs() }, { name: 'self-signed but trusted by caFiles', observation: obs({ certificate: [cert({ selfSigned: true, issuer: 'CN=portal.example' })], trusted: true }) }],
  invalid: [{ name: 'self-signed', observation: obs({ certificate: [cert({ selfSigned: true, issuer: 'CN=portal.example' })], trusted: false, trustError: 'self-signed' }), expect: [{ messageId: 'selfSigned' }] }],
}, ctx);
checkTester(untrusted, {
  valid: [{ name: 'trusted', observation: obs() }, { name: 'self-signed is left to its own check', observation: obs({ trusted: false, trustError: 'self-signed' }) }],
  invalid: [
    { name: 'unknown root', observation: obs({ trusted: false, trustError: 'untrusted-root', certificate: [cert(), intermediate, cert({ subject: 'CN=Root CA', issuer: 'CN=Root CA', selfSigned: true, isCA: true })] }), expect: [{ messageId: 'untrustedRoot' }] },
    { name: 'issuer missing', observation: obs({ trusted: false, trustError: 'issuer-not-found', chainComplete: false, certificate: [cert()] }), expect: [{ messageId: 'issuerMissing' }] },
    { name: 'bad signature', observation: obs({ trusted: false, trustError: 'bad-signature' }), expect: [{ messageId: 'badSignature' }] },
  ],
}, ctx);
checkTester(mismatch, {
  valid: [{ name: 'name matches', observation: obs() }],
  invalid: [{ name: 'other name', observation: obs({ hostnameMatches: false, hostnameChecked: 'mail.example' }), expect: [{ messageId: 'mismatch', data: { host: 'mail.example' } }] }],
}, ctx);
checkTester(weakKey, {
  valid: [{ name: 'RSA 2048', observation: obs() }, { name: 'EC P-256', observation: withLeaf({ keyType: 'EC', keyBits: 256 }) }],
  invalid: [
    { name: 'RSA 1024', observation: withLeaf({ keyBits: 1024 }), expect: [{ messageId: 'weak', discriminator: 'leaf', severity: 'medium' }] },
    { name: 'RSA 512 intermediate', observation: obs({ certificate: [cert(), { ...intermediate, keyBits: 512 }] }), expect: [{ messageId: 'weak', discriminator: 'chain[1]', severity: 'high' }] },
  ],
}, ctx);
checkTester(weakSig, {
  valid: [{ name: 'SHA-256', observation: obs() }, { name: 'SHA-1 self-signed root is ignored', observation: obs({ certificate: [cert(), intermediate, cert({ selfSigned: true, signatureHash: 'sha1', signatureAlgorithm: 'sha1WithRSAEncryption' })] }) }],
  invalid: [
    { name: 'SHA-1 leaf', observation: withLeaf({ signatureHash: 'sha1', signatureAlgorithm: 'sha1WithRSAEncryption' }), expect: [{ messageId: 'weak', discriminator: 'leaf', severity: 'medium' }] },
    { name: 'MD5 leaf', observation: withLeaf({ signatureHash: 'md5', signatureAlgorithm: 'md5WithRSAEncryption' }), expect: [{ messageId: 'weak', discriminator: 'leaf', severity: 'high' }] },
  ],
}, ctx);
checkTester(incomplete, {
  valid: [{ name: 'complete chain', observation: obs() }],
  invalid: [{ name: 'leaf only', observation: obs({ chainComplete: false, certificate: [cert()] }), expect: [{ messageId: 'missingIntermediate', data: { issuer: 'CN=Issuing CA', sent: 1 } }] }],
}, ctx);
checkTester(ocsp, {
  valid: [{ name: 'stapled', observation: obs() }, { name: 'no certificate', observation: obs({ ocspStapled: null }), outcome: 'not_applicable' }],
  invalid: [{ name: 'not stapled', observation: obs({ ocspStapled: false }), expect: [{ messageId: 'notStapled' }] }],
}, ctx);
checkTester(reneg, {
  valid: [{ name: 'RFC 5746', observation: obs() }, { name: 'TLS 1.3 only', observation: obs({ secureRenegotiation: null }), outcome: 'not_applicable' }],
  invalid: [{ name: 'no renegotiation_info', observation: obs({ secureRenegotiation: false }), expect: [{ messageId: 'unsupported' }] }],
}, ctx);
checkTester(scsv, {
  valid: [{ name: 'inappropriate_fallback', observation: obs() }, { name: 'one version', observation: obs({ fallbackScsv: 'not-applicable' }), outcome: 'not_applicable' }],
  invalid: [{ name: 'downgrade accepted', observation: obs({ fallbackScsv: 'missing' }), expect: [{ messageId: 'accepted' }] }],
}, ctx);
checkTester(mozilla, {
  valid: [
    { name: 'compliant', observation: obs() },
    // OpenSSL's default group list: stronger groups outside the profile's list weaken nothing (issue 14, point 9).
    { name: 'OpenSSL default groups (x448, secp521r1, ffdhe*) only noted', observation: obs({ groups: ['x25519', 'secp256r1', 'x448', 'secp521r1', 'secp384r1', 'ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192'] }) },
  ],
  invalid: [{
    name: 'a curve weaker than the profile',
    observation: obs({ groups: ['x25519', 'secp224r1', 'x448'] }),
    expect: [{ messageId: 'deviation', discriminator: 'groups' }],
  }, {
    name: 'two deviations',
    // Judged from the facts (checks/data/mozilla-server-side-tls.yaml): TLS 1.0 and an export suite are outside the profile.
    observation: obs({ protocols: { ...obs().protocols, TLSv1: true }, ciphers: { TLSv1: ['TLS_RSA_EXPORT_WITH_RC4_40_MD5'], 'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'], 'TLSv1.3': ['TLS_AES_128_GCM_SHA256'] } }),
    expect: [{ messageId: 'deviation', discriminator: 'protocols' }, { messageId: 'deviation', discriminator: 'ciphers' }],
  }],
}, ctx);
