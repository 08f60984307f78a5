import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { InputError, SigningError } from '../errors.js';
import type { Localized } from '../i18n.js';
import { createCertificate } from '../pki/index.js';
import { writeFileAtomic } from '../results/index.js';
import { recordSignOff } from '../tracker/index.js';

/**
 * Sign-off of reports: a detached CMS/PKCS#7 SignedData (RFC 5652) over SHA-256 made with
 * node-forge, with the signingTime, contentType and messageDigest signed attributes, saved as
 * DER in `REPORT.p7s` (openssl cms -verify -binary -inform DER reads it). node-forge can sign
 * PKCS#7 but has no verifier, so verification walks the ASN.1 itself: content digest →
 * signature over the DER SET of signed attributes → signer certificate valid at signing time →
 * chain to the trusted CA given with --ca.
 */

const OID = forge.pki.oids;
const SHA256_OID = OID.sha256;

export interface SignResult {
  sigPath: string;
  sha256: string;
  signer: string;
}

export interface SignerInfoSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
}

export type VerifyProblemCode =
  | 'ATTT_VERIFY_DIGEST_MISMATCH'
  | 'ATTT_VERIFY_BAD_SIGNATURE'
  | 'ATTT_VERIFY_SIGNER_NOT_FOUND'
  | 'ATTT_VERIFY_NOT_SHA256'
  | 'ATTT_VERIFY_NO_SIGNING_TIME'
  | 'ATTT_VERIFY_SIGNER_NOT_VALID_AT_SIGNING'
  | 'ATTT_VERIFY_UNTRUSTED';

export interface VerifyOutcome {
  /** Integrity, signature and signer validity hold, and — when a CA was given — the chain. */
  valid: boolean;
  /** 'valid': all checks incl. the chain to --ca; 'valid-chain-unchecked': valid, but no trusted CA was given. */
  status: 'valid' | 'valid-chain-unchecked' | 'invalid';
  chainChecked: boolean;
  problems: Array<{ code: VerifyProblemCode; text: Localized }>;
  signer: SignerInfoSummary | null;
  signedAt: string | null;
  /** SHA-256 of the file as it is now, hex. */
  sha256: string;
  sigPath: string;
  file: string;
}

// ---------------------------------------------------------------- helpers

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function readFileOrThrow(file: string, what: Localized): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(code === 'ENOENT' ? 'ATTT_FILE_MISSING' : 'ATTT_FILE_UNREADABLE', {
      vi: `Không đọc được ${what.vi} ${file} (${code}).`,
      en: `Cannot read ${what.en} ${file} (${code}).`,
    }, { cause: error });
  }
}

/**
 * The text of a name attribute. forge leaves UTF8String and BMPString values as raw bytes;
 * Vietnamese certificates (VNPT-CA, Viettel-CA, Ban Cơ yếu …) write names as UTF8String.
 */
function attrText(a: forge.pki.CertificateField | null | undefined): string | undefined {
  if (!a || a.value === undefined) return undefined;
  const raw = String(a.value);
  const tag = (a as { valueTagClass?: number }).valueTagClass;
  try {
    if (tag === forge.asn1.Type.UTF8) return forge.util.decodeUtf8(raw);
    if (tag === forge.asn1.Type.BMPSTRING) return Buffer.from(raw, 'binary').swap16().toString('utf16le');
  } catch {
    /* not valid UTF-8: show the bytes as they are */
  }
  return raw;
}

function dn(attrs: forge.pki.CertificateField[]): string {
  const order = ['CN', 'O', 'OU', 'L', 'ST', 'C'];
  return attrs
    .filter((a) => a.shortName && order.includes(a.shortName))
    .sort((a, b) => order.indexOf(a.shortName!) - order.indexOf(b.shortName!))
    .map((a) => `${a.shortName}=${attrText(a)}`)
    .join(', ');
}

function certSummary(cert: forge.pki.Certificate): SignerInfoSummary {
  return {
    subject: dn(cert.subject.attributes),
    issuer: dn(cert.issuer.attributes),
    serial: cert.serialNumber.replace(/^0+/, '') || '0',
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
  };
}

function signerName(cert: forge.pki.Certificate): string {
  const cn = attrText(cert.subject.getField('CN'));
  const o = attrText(cert.subject.getField('O'));
  return [cn, o].filter(Boolean).join(', ') || dn(cert.subject.attributes);
}

function normSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+/, '') || '0';
}

// ---------------------------------------------------------------- PKCS#12

export interface LoadedSigner {
  key: forge.pki.rsa.PrivateKey;
  cert: forge.pki.Certificate;
  chain: forge.pki.Certificate[];
}

/** Read the signer's key and certificate from a PKCS#12 file; clear errors for a wrong passphrase or a non-PKCS#12 file. */
export function loadP12(p12Path: string, passphrase: string): LoadedSigner {
  const bytes = readFileOrThrow(p12Path, { vi: 'tệp PKCS#12', en: 'PKCS#12 file' });
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn = forge.asn1.fromDer(bytes.toString('binary'));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn, false, passphrase);
  } catch (error) {
    const msg = (error as Error).message ?? '';
    if (/MAC could not be verified|Invalid password|PKCS#12 MAC/i.test(msg)) {
      throw new SigningError('ATTT_P12_PASSPHRASE', {
        vi: `Sai mật khẩu của tệp ${p12Path} (không mở được khóa ký). Kiểm tra lại mật khẩu hoặc biến ATTT_P12_PASSPHRASE.`,
        en: `Wrong passphrase for ${p12Path} (the signing key cannot be opened). Check the passphrase or ATTT_P12_PASSPHRASE.`,
      }, { cause: error });
    }
    throw new SigningError('ATTT_P12_INVALID', {
      vi: `${p12Path} không phải tệp PKCS#12 (.p12/.pfx) hợp lệ chứa khóa và chứng thư ký.`,
      en: `${p12Path} is not a valid PKCS#12 (.p12/.pfx) file with a signing key and certificate.`,
    }, { cause: error });
  }
  const keyBags = [
    ...(p12.getBags({ bagType: OID.pkcs8ShroudedKeyBag })[OID.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: OID.keyBag })[OID.keyBag] ?? []),
  ];
  const certs = (p12.getBags({ bagType: OID.certBag })[OID.certBag] ?? []).map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c);
  const key = keyBags.map((b) => b.key).find((k) => !!k) as forge.pki.rsa.PrivateKey | undefined;
  if (!key || !key.n) {
    throw new SigningError('ATTT_P12_NO_KEY', {
      vi: `Tệp ${p12Path} không chứa khóa ký RSA.`,
      en: `${p12Path} holds no RSA signing key.`,
    });
  }
  const cert = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n && pub.n.equals(key.n);
  });
  if (!cert) {
    throw new SigningError('ATTT_P12_NO_CERT', {
      vi: `Tệp ${p12Path} không chứa chứng thư tương ứng với khóa ký.`,
      en: `${p12Path} holds no certificate matching the signing key.`,
    });
  }
  return { key, cert, chain: certs.filter((c) => c !== cert) };
}

// ---------------------------------------------------------------- sign

/**
 * Sign `file` with the key in `p12Path`: writes `file.p7s` (detached PKCS#7, DER) atomically.
 * Refuses a signer certificate that is not valid now. With `trackerDb`, records the sign-off.
 */
export function signFile(file: string, p12Path: string, passphrase: string, opts: { trackerDb?: string; now?: Date; sigPath?: string } = {}): SignResult {
  const content = readFileOrThrow(file, { vi: 'tệp cần ký', en: 'file to sign' });
  const signer = loadP12(p12Path, passphrase);
  const now = opts.now ?? new Date();
  const { notBefore, notAfter } = signer.cert.validity;
  if (now < notBefore || now > notAfter) {
    throw new SigningError('ATTT_SIGNER_EXPIRED', {
      vi: `Chứng thư ký (${signerName(signer.cert)}) không còn hiệu lực tại thời điểm ký: hiệu lực từ ${notBefore.toISOString()} đến ${notAfter.toISOString()}. Hãy dùng chứng thư còn hạn.`,
      en: `The signing certificate (${signerName(signer.cert)}) is not valid at signing time: valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}. Use a current certificate.`,
    });
  }
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  p7.addCertificate(signer.cert);
  for (const c of signer.chain) p7.addCertificate(c);
  p7.addSigner({
    key: signer.key,
    certificate: signer.cert,
    digestAlgorithm: SHA256_OID,
    authenticatedAttributes: [
      { type: OID.contentType, value: OID.data },
      { type: OID.messageDigest },
      { type: OID.signingTime, value: now as unknown as string },
    ],
  });
  p7.sign({ detached: true });
  const der = Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  const sigPath = opts.sigPath ?? `${file}.p7s`;
  writeFileAtomic(sigPath, der);
  const sha256 = sha256Hex(content);
  const name = signerName(signer.cert);
  if (opts.trackerDb) {
    recordSignOff(opts.trackerDb, { file: path.basename(file), sha256, signer: name, signedAt: now.toISOString() });
  }
  return { sigPath, sha256, signer: name };
}

// ---------------------------------------------------------------- verify

interface ParsedSignature {
  certs: forge.pki.Certificate[];
  issuerDer: string;
  serialHex: string;
  digestOid: string;
  signedAttrsDer: string | null;
  messageDigest: string | null;
  signingTime: Date | null;
  signature: string;
}

function badFormat(sigPath: string, cause?: unknown): SigningError {
  return new SigningError('ATTT_SIGNATURE_FORMAT', {
    vi: `${sigPath} không phải chữ ký PKCS#7/CMS (SignedData) đọc được.`,
    en: `${sigPath} is not a readable PKCS#7/CMS (SignedData) signature.`,
  }, { cause });
}

function parseSignature(bytes: Buffer, sigPath: string): ParsedSignature {
  const asn1 = forge.asn1;
  try {
    let der = bytes.toString('binary');
    const text = bytes.toString('latin1');
    if (text.startsWith('-----BEGIN')) der = forge.pem.decode(text)[0].body;
    const ci = asn1.fromDer(der);
    const civ = ci.value as forge.asn1.Asn1[];
    if (asn1.derToOid(civ[0].value as string) !== OID.signedData) throw new Error('not SignedData');
    const sdv = ((civ[1].value as forge.asn1.Asn1[])[0]).value as forge.asn1.Asn1[];
    const certs: forge.pki.Certificate[] = [];
    for (const node of sdv.slice(3, sdv.length - 1)) {
      if (node.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === 0) {
        for (const c of node.value as forge.asn1.Asn1[]) certs.push(forge.pki.certificateFromAsn1(c));
      }
    }
    const signerInfos = sdv[sdv.length - 1];
    if (signerInfos.type !== asn1.Type.SET || (signerInfos.value as forge.asn1.Asn1[]).length === 0) throw new Error('no SignerInfo');
    const si = ((signerInfos.value as forge.asn1.Asn1[])[0]).value as forge.asn1.Asn1[];
    const ias = si[1].value as forge.asn1.Asn1[];
    const digestOid = asn1.derToOid((si[2].value as forge.asn1.Asn1[])[0].value as string);
    let i = 3;
    let signedAttrsDer: string | null = null;
    let messageDigest: string | null = null;
    let signingTime: Date | null = null;
    if (si[i].tagClass === asn1.Class.CONTEXT_SPECIFIC && si[i].type === 0) {
      // Signed over the DER of the attributes as a SET (RFC 5652 §5.4), not the [0] IMPLICIT tag.
      const raw = asn1.toDer(si[i]).getBytes();
      signedAttrsDer = String.fromCharCode(0x31) + raw.slice(1);
      for (const attr of si[i].value as forge.asn1.Asn1[]) {
        const [oidNode, setNode] = attr.value as forge.asn1.Asn1[];
        const oid = asn1.derToOid(oidNode.value as string);
        const v = (setNode.value as forge.asn1.Asn1[])[0];
        if (oid === OID.messageDigest) messageDigest = v.value as string;
        else if (oid === OID.signingTime) {
          signingTime = v.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(v.value as string) : asn1.generalizedTimeToDate(v.value as string);
        }
      }
      i++;
    }
    i++; // signatureAlgorithm
    const signature = si[i].value as string;
    return {
      certs,
      issuerDer: asn1.toDer(ias[0]).getBytes(),
      serialHex: forge.util.bytesToHex(ias[1].value as string),
      digestOid,
      signedAttrsDer,
      messageDigest,
      signingTime,
      signature,
    };
  } catch (error) {
    throw badFormat(sigPath, error);
  }
}

function readCaFile(caPath: string): forge.pki.Certificate[] {
  const text = readFileOrThrow(caPath, { vi: 'tệp CA', en: 'CA file' }).toString('latin1');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length === 0) throw new Error('no PEM certificate');
    return blocks.map((b) => forge.pki.certificateFromPem(b));
  } catch (error) {
    throw new InputError('ATTT_CA_INVALID', {
      vi: `${caPath} không chứa chứng thư CA dạng PEM đọc được.`,
      en: `${caPath} holds no readable PEM CA certificate.`,
    }, { cause: error });
  }
}

/** Order the signer's chain leaf → up using the certificates embedded in the signature. */
function buildChain(leaf: forge.pki.Certificate, pool: forge.pki.Certificate[]): forge.pki.Certificate[] {
  const chain = [leaf];
  let current = leaf;
  for (let n = 0; n < 8; n++) {
    if (current.isIssuer(current)) break; // self-signed
    const parent = pool.find((c) => c !== current && !chain.includes(c) && c.issued(current));
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  // A self-signed root at the end is taken from the trust store instead.
  if (chain.length > 1 && chain[chain.length - 1].isIssuer(chain[chain.length - 1])) chain.pop();
  return chain;
}

/**
 * Verify the detached signature of `file`. Throws (exit 2) when the inputs are missing or
 * unreadable; returns `valid: false` with the reasons when the signature does not hold.
 */
export function verifyFile(file: string, opts: { sigPath?: string; caPath?: string; now?: Date } = {}): VerifyOutcome {
  const sigPath = opts.sigPath ?? `${file}.p7s`;
  const content = readFileOrThrow(file, { vi: 'tệp báo cáo', en: 'report file' });
  if (!fs.existsSync(sigPath)) {
    throw new SigningError('ATTT_SIGNATURE_MISSING', {
      vi: `Không có tệp chữ ký ${sigPath}. Chỉ định bằng --sig, hoặc ký trước bằng "attt sign".`,
      en: `Signature file ${sigPath} does not exist. Name it with --sig, or sign first with "attt sign".`,
    });
  }
  const sig = parseSignature(readFileOrThrow(sigPath, { vi: 'tệp chữ ký', en: 'signature file' }), sigPath);
  const trusted = opts.caPath ? readCaFile(opts.caPath) : null;
  const sha256 = sha256Hex(content);
  const problems: VerifyOutcome['problems'] = [];
  const problem = (code: VerifyProblemCode, vi: string, en: string) => problems.push({ code, text: { vi, en } });

  const signerCert = sig.certs.find(
    (c) => normSerial(c.serialNumber) === normSerial(sig.serialHex) && forge.asn1.toDer(forge.pki.distinguishedNameToAsn1(c.issuer)).getBytes() === sig.issuerDer,
  );
  if (sig.digestOid !== SHA256_OID) problem('ATTT_VERIFY_NOT_SHA256', 'Chữ ký không dùng SHA-256.', 'The signature does not use SHA-256.');
  const actualDigest = createHash('sha256').update(content).digest('binary');
  if (!sig.signedAttrsDer || sig.messageDigest === null) {
    problem('ATTT_VERIFY_DIGEST_MISMATCH', 'Chữ ký không có thuộc tính messageDigest.', 'The signature has no messageDigest attribute.');
  } else if (sig.messageDigest !== actualDigest) {
    problem('ATTT_VERIFY_DIGEST_MISMATCH', 'Nội dung tệp đã bị thay đổi sau khi ký (mã băm SHA-256 không khớp).', 'The file was changed after signing (SHA-256 digest mismatch).');
  }
  if (!signerCert) {
    problem('ATTT_VERIFY_SIGNER_NOT_FOUND', 'Chữ ký không kèm chứng thư của người ký.', 'The signature does not carry the signer certificate.');
  } else if (sig.signedAttrsDer) {
    let ok = false;
    try {
      const md = forge.md.sha256.create();
      md.update(sig.signedAttrsDer);
      ok = (signerCert.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().getBytes(), sig.signature);
    } catch {
      ok = false;
    }
    if (!ok) problem('ATTT_VERIFY_BAD_SIGNATURE', 'Chữ ký số không hợp lệ với khóa công khai của người ký.', 'The signature does not verify with the signer public key.');
  }
  if (!sig.signingTime) problem('ATTT_VERIFY_NO_SIGNING_TIME', 'Chữ ký không có thời điểm ký (signingTime).', 'The signature has no signingTime.');
  if (signerCert && sig.signingTime) {
    const { notBefore, notAfter } = signerCert.validity;
    if (sig.signingTime < notBefore || sig.signingTime > notAfter) {
      problem(
        'ATTT_VERIFY_SIGNER_NOT_VALID_AT_SIGNING',
        `Chứng thư người ký không có hiệu lực tại thời điểm ký ${sig.signingTime.toISOString()} (hiệu lực ${notBefore.toISOString()} – ${notAfter.toISOString()}).`,
        `The signer certificate was not valid at signing time ${sig.signingTime.toISOString()} (valid ${notBefore.toISOString()} – ${notAfter.toISOString()}).`,
      );
    }
  }
  if (trusted && signerCert) {
    const store = forge.pki.createCaStore(trusted);
    const chain = buildChain(signerCert, sig.certs);
    try {
      forge.pki.verifyCertificateChain(store, chain, { validityCheckDate: sig.signingTime ?? opts.now ?? new Date() });
    } catch (error) {
      const why = (error as { message?: string }).message ?? String(error);
      problem(
        'ATTT_VERIFY_UNTRUSTED',
        `Chứng thư người ký không được CA tin cậy (${opts.caPath}) chứng nhận: ${why}`,
        `The signer certificate does not chain to the trusted CA (${opts.caPath}): ${why}`,
      );
    }
  }
  const valid = problems.length === 0;
  return {
    valid,
    status: !valid ? 'invalid' : trusted ? 'valid' : 'valid-chain-unchecked',
    chainChecked: trusted !== null,
    problems,
    signer: signerCert ? certSummary(signerCert) : null,
    signedAt: sig.signingTime ? sig.signingTime.toISOString() : null,
    sha256,
    sigPath,
    file,
  };
}

// ---------------------------------------------------------------- demo keys

export const DEMO_PASSPHRASE = 'demo';

/** A throwaway CA (`dir/ca.pem`) and a signer it issued (`dir/signer.p12`, passphrase `demo`). */
export function createDemoKeys(dir: string): { caPath: string; p12Path: string; passphrase: string } {
  fs.mkdirSync(dir, { recursive: true });
  const now = Date.now();
  const ca = createCertificate({ commonName: 'attt Demo CA - chỉ dùng thử (demo only)', organization: 'attt demo', isCA: true, notBefore: new Date(now - 3600_000), notAfter: new Date(now + 5 * 365 * 86400_000) });
  const signer = createCertificate({ commonName: 'Nguyễn Văn An (người ký thử)', organization: 'attt demo', issuer: ca, notBefore: new Date(now - 3600_000), notAfter: new Date(now + 365 * 86400_000) });
  const p12 = forge.pkcs12.toPkcs12Asn1(signer.key, [signer.cert, ca.cert], DEMO_PASSPHRASE, { algorithm: '3des', friendlyName: 'attt demo signer' });
  const caPath = path.join(dir, 'ca.pem');
  const p12Path = path.join(dir, 'signer.p12');
  writeFileAtomic(caPath, ca.certPem);
  writeFileAtomic(p12Path, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  return { caPath, p12Path, passphrase: DEMO_PASSPHRASE };
}
