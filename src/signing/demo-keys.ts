import { randomBytes, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { writeFileAtomic } from '../results/index.js';
import { certificatePem, OID } from './certificates.js';
import { pkiEngine } from './engine.js';

/**
 * `attt keys demo`: a throwaway CA and a signer it issued, for trying sign-off. Certificates are
 * made with PKI.js (names as UTF8String, as Vietnamese CAs write them); the signer's
 * key and chain are saved as PKCS#12 (PBES2 AES-256, HMAC-SHA-256 MAC) made with PKI.js.
 */
export const DEMO_PASSPHRASE = 'demo';

// PKI.js draws a fresh random IV and salt itself; the iv field only satisfies the parameter type.
const AES = { name: 'AES-CBC' as const, length: 256, iv: new Uint8Array(16) };
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

export interface DemoKeys {
  caPath: string;
  p12Path: string;
  passphrase: string;
}

async function makePfx(keyPkcs8: ArrayBuffer, certs: pkijs.Certificate[], passphrase: string): Promise<Buffer> {
  const crypto = pkiEngine();
  const password = new TextEncoder().encode(passphrase).buffer as ArrayBuffer;
  const keyInfo = pkijs.PrivateKeyInfo.fromBER(keyPkcs8);
  const shrouded = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: keyInfo });
  await shrouded.makeInternalValues({ password, contentEncryptionAlgorithm: AES, hmacHashAlgorithm: 'SHA-256', iterationCount: 100_000 }, crypto);
  const certBags = certs.map((c) => new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.3', bagValue: new pkijs.CertBag({ parsedValue: c }) }));
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.2', bagValue: shrouded })] }) },
            { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
          ],
        },
      }),
    },
  });
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues({ safeContents: [{}, { password, contentEncryptionAlgorithm: AES, hmacHashAlgorithm: 'SHA-256', iterationCount: 100_000 }] }, crypto);
  await pfx.makeInternalValues({ password, iterations: 100_000, pbkdf2HashAlgorithm: 'SHA-256', hmacHashAlgorithm: 'SHA-256' }, crypto);
  return Buffer.from(pfx.toSchema().toBER());
}

interface IssueOptions {
  subject: Array<[string, string]>;
  issuer?: { cert: pkijs.Certificate; key: CryptoKey };
  keys: CryptoKeyPair;
  ca: boolean;
  notBefore: Date;
  notAfter: Date;
}

function name(parts: Array<[string, string]>): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({ typesAndValues: parts.map(([type, value]) => new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) })) });
}

/** A certificate made with PKI.js: names as UTF8String, as Vietnamese CAs write them. */
async function issue(o: IssueOptions): Promise<pkijs.Certificate> {
  const crypto = pkiEngine();
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: Buffer.concat([Buffer.from([0x01]), randomBytes(11)]) });
  cert.subject = name(o.subject);
  cert.issuer = o.issuer ? o.issuer.cert.subject : cert.subject;
  cert.notBefore.value = o.notBefore;
  cert.notAfter.value = o.notAfter;
  await cert.subjectPublicKeyInfo.importKey(o.keys.publicKey, crypto);
  // keyUsage bits: digitalSignature 0x80, nonRepudiation 0x40, keyCertSign 0x04, cRLSign 0x02.
  const usage = o.ca ? 0x06 : 0xc0;
  cert.extensions = [
    new pkijs.Extension({ extnID: OID.basicConstraints, critical: true, extnValue: new pkijs.BasicConstraints({ cA: o.ca }).toSchema().toBER() }),
    new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: new asn1js.BitString({ valueHex: new Uint8Array([usage]), unusedBits: 1 }).toBER() }),
  ];
  if (!o.ca) cert.extensions.push(new pkijs.Extension({ extnID: OID.extKeyUsage, extnValue: new pkijs.ExtKeyUsage({ keyPurposes: [OID.emailProtection, OID.documentSigning] }).toSchema().toBER() }));
  await cert.sign(o.issuer ? o.issuer.key : o.keys.privateKey, 'SHA-256', crypto);
  return cert;
}

/** A throwaway CA (`dir/ca.pem`) and a signer it issued (`dir/signer.p12`, passphrase `demo`). */
export async function createDemoKeys(dir: string, opts: { signerName?: string; title?: string; organization?: string } = {}): Promise<DemoKeys> {
  fs.mkdirSync(dir, { recursive: true });
  const now = Date.now();
  const caKeys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = await issue({ subject: [[OID.commonName, 'attt Demo CA - chỉ dùng thử (demo only)'], [OID.organization, 'attt demo']], keys: caKeys, ca: true, notBefore: new Date(now - 3600_000), notAfter: new Date(now + 5 * 365 * 86400_000) });
  const signerKeys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const subject: Array<[string, string]> = [[OID.commonName, opts.signerName ?? 'Nguyễn Văn An (người ký thử)']];
  if (opts.title) subject.push([OID.title, opts.title]);
  subject.push([OID.organization, opts.organization ?? 'attt demo']);
  const signer = await issue({ subject, issuer: { cert: ca, key: caKeys.privateKey }, keys: signerKeys, ca: false, notBefore: new Date(now - 3600_000), notAfter: new Date(now + 365 * 86400_000) });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', signerKeys.privateKey);
  const p12 = await makePfx(pkcs8, [signer, ca], DEMO_PASSPHRASE);
  const caPath = path.join(dir, 'ca.pem');
  const p12Path = path.join(dir, 'signer.p12');
  writeFileAtomic(caPath, certificatePem(ca));
  writeFileAtomic(p12Path, p12);
  return { caPath, p12Path, passphrase: DEMO_PASSPHRASE };
}
