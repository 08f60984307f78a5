import { generateKeyPairSync, randomBytes } from 'node:crypto';
import net from 'node:net';
import forge from 'node-forge';

/**
 * X.509 certificates made on the fly (node-forge): test fixtures, demo targets and the
 * throwaway sign-off CA. Keys come from node:crypto (fast, native) and are converted for
 * forge, whose pure-JS RSA key generation is too slow for tests.
 */
export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

export interface CertificateOptions {
  commonName: string;
  /** DNS names and IP addresses for subjectAltName (IPs detected automatically). */
  altNames?: string[];
  organization?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** RSA modulus size; default 2048. */
  keyBits?: number;
  /** Signed by this CA; self-signed when absent. */
  issuer?: IssuedCertificate;
  isCA?: boolean;
  /** Signature digest; sha1/md5 only for weak-signature fixtures. */
  hash?: 'sha256' | 'sha384' | 'sha512' | 'sha1' | 'md5';
  extKeyUsage?: Array<'serverAuth' | 'clientAuth' | 'codeSigning' | 'emailProtection'>;
  /** Reuse an existing key (e.g. the same key for a renewed certificate). */
  keyPem?: string;
}

/**
 * A subject attribute. Vietnamese names need UTF8String (forge defaults to PrintableString,
 * which cannot hold "Nguyễn"); forge encodes the text as UTF-8 itself.
 */
function nameField(name: string, value: string): forge.pki.CertificateField {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(value)) return { name, value };
  // @types/node-forge declares valueTagClass as an asn1.Class, but forge reads it as the string's tag (asn1.Type).
  return { name, value, valueTagClass: forge.asn1.Type.UTF8 as number } as forge.pki.CertificateField;
}

export function generateRsaKeyPem(bits = 2048): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

export function createCertificate(opts: CertificateOptions): IssuedCertificate {
  const keyPem = opts.keyPem ?? generateRsaKeyPem(opts.keyBits ?? 2048);
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // DER wants a positive, minimally encoded INTEGER: a first byte of 0x01 keeps it both
  // (a '00' prefix before a byte below 0x80 is "illegal padding" that OpenSSL refuses).
  cert.serialNumber = '01' + randomBytes(12).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = opts.notBefore ?? new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = opts.notAfter ?? new Date(now + 90 * 24 * 60 * 60 * 1000);
  const subject: forge.pki.CertificateField[] = [nameField('commonName', opts.commonName)];
  if (opts.organization) subject.push(nameField('organizationName', opts.organization));
  cert.setSubject(subject);
  cert.setIssuer(opts.issuer ? opts.issuer.cert.subject.attributes : subject);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: opts.isCA === true, critical: opts.isCA === true },
    opts.isCA
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (opts.issuer) extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: opts.issuer.cert.generateSubjectKeyIdentifier().getBytes() });
  if (opts.extKeyUsage?.length) extensions.push({ name: 'extKeyUsage', ...Object.fromEntries(opts.extKeyUsage.map((u) => [u, true])) });
  if (opts.altNames?.length) {
    extensions.push({
      name: 'subjectAltName',
      altNames: opts.altNames.map((n) => (net.isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    });
  }
  cert.setExtensions(extensions);
  const signer = opts.issuer ? opts.issuer.key : key;
  const digests: Record<NonNullable<typeof opts.hash>, () => forge.md.MessageDigest> = {
    sha256: () => forge.md.sha256.create(), sha384: () => forge.md.sha384.create(), sha512: () => forge.md.sha512.create(), sha1: () => forge.md.sha1.create(), md5: () => forge.md.md5.create(),
  };
  const md = digests[opts.hash ?? 'sha256']();
  cert.sign(signer, md);
  return { certPem: forge.pki.certificateToPem(cert), keyPem, cert, key };
}

/** A root CA, an intermediate and a server leaf for `names`: the usual three-level chain. */
export function createServerChain(names: string[], opts: { leaf?: Partial<CertificateOptions>; organization?: string } = {}) {
  const root = createCertificate({ commonName: 'attt Test Root CA', organization: opts.organization ?? 'attt', isCA: true, notAfter: new Date(Date.now() + 3650 * 86400000) });
  const intermediate = createCertificate({ commonName: 'attt Test Intermediate CA', organization: opts.organization ?? 'attt', isCA: true, issuer: root, notAfter: new Date(Date.now() + 1825 * 86400000) });
  const leaf = createCertificate({ commonName: names[0], altNames: names, issuer: intermediate, extKeyUsage: ['serverAuth'], ...opts.leaf });
  return { root, intermediate, leaf };
}
