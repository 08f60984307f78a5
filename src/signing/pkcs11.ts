import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { SigningError, type ErrorCode } from '../errors.js';
import { parseCertificate } from './certificates.js';
import { orderChain, schemeFor, type SignatureScheme, type SigningKey } from './keys.js';

/**
 * Keys on PKCS#11 tokens (the USB tokens Vietnamese CAs issue to officials): the key never
 * leaves the token; the token signs the DER of the CMS signed attributes. The certificate is
 * read from the token (the one sharing the key's CKA_ID), as are the other certificates on it
 * (the issuing chain). pkcs11js is a native addon, loaded only when --pkcs11 is used.
 */
export interface Pkcs11Options {
  module: string;
  /** Slot id, or index in the list of slots with a token (default: the first). */
  slot?: number;
  keyLabel?: string;
  pin: string;
  pss?: boolean;
}

type Pkcs11Module = typeof import('pkcs11js');

function tokenError(code: ErrorCode, vi: string, en: string, cause?: unknown): SigningError {
  return new SigningError(code, { vi: `Thiết bị ký (PKCS#11): ${vi}`, en: `Signing token (PKCS#11): ${en}` }, { cause });
}

/** ECDSA from a token is r‖s; CMS wants a DER SEQUENCE of two INTEGERs. */
function ecdsaDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const int = (b: Buffer) => new asn1js.Integer({ valueHex: new Uint8Array(b[0] & 0x80 ? Buffer.concat([Buffer.alloc(1), b]) : b) });
  const trim = (b: Buffer) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0 && !(b[i + 1] & 0x80)) i++;
    return b.subarray(i);
  };
  return Buffer.from(new asn1js.Sequence({ value: [int(trim(raw.subarray(0, half))), int(trim(raw.subarray(half)))] }).toBER());
}

export async function loadPkcs11Key(opts: Pkcs11Options): Promise<SigningKey> {
  const lib: Pkcs11Module = (await import('pkcs11js')).default;
  const p11 = new lib.PKCS11();
  try {
    p11.load(opts.module);
  } catch (error) {
    throw tokenError('ATTT_PKCS11_MODULE', `không nạp được thư viện ${opts.module} (${(error as Error).message}).`, `cannot load the module ${opts.module} (${(error as Error).message}).`, error);
  }
  p11.C_Initialize();
  let session: Buffer | null = null;
  const close = () => {
    try {
      if (session) {
        p11.C_Logout(session);
        p11.C_CloseSession(session);
      }
    } catch {
      /* the token may already be gone */
    }
    session = null;
    p11.C_Finalize();
  };
  try {
    const slots = p11.C_GetSlotList(true);
    const wanted = opts.slot;
    const slot = wanted === undefined ? slots[0] : (slots.find((s) => s.readUIntLE(0, Math.min(6, s.length)) === wanted) ?? slots[wanted]);
    if (!slot) throw tokenError('ATTT_PKCS11_SLOT', `không có khe ${wanted ?? ''} chứa thiết bị (có ${slots.length} khe).`, `no slot ${wanted ?? ''} with a token (${slots.length} slots found).`);
    session = p11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION);
    try {
      p11.C_Login(session, lib.CKU_USER, opts.pin);
    } catch (error) {
      throw tokenError('ATTT_PKCS11_PIN', 'mã PIN không đúng hoặc thiết bị bị khóa.', 'wrong PIN, or the token is locked.', error);
    }
    const find = (template: Array<{ type: number; value?: number | string | Buffer | boolean }>) => {
      p11.C_FindObjectsInit(session!, template);
      const found = p11.C_FindObjects(session!, 64);
      p11.C_FindObjectsFinal(session!);
      return found;
    };
    const keyTemplate: Array<{ type: number; value: number | string }> = [{ type: lib.CKA_CLASS, value: lib.CKO_PRIVATE_KEY }];
    if (opts.keyLabel) keyTemplate.push({ type: lib.CKA_LABEL, value: opts.keyLabel });
    const keys = find(keyTemplate);
    if (keys.length === 0) throw tokenError('ATTT_PKCS11_NO_KEY', `không có khóa ký${opts.keyLabel ? ` có nhãn "${opts.keyLabel}"` : ''}.`, `no private key${opts.keyLabel ? ` labelled "${opts.keyLabel}"` : ''}.`);
    if (keys.length > 1) throw tokenError('ATTT_PKCS11_MANY_KEYS', 'có nhiều khóa ký: chọn một bằng --key-label.', 'several private keys: choose one with --key-label.');
    const keyHandle = keys[0];
    const [{ value: id }] = p11.C_GetAttributeValue(session, keyHandle, [{ type: lib.CKA_ID }]);
    const certHandles = find([{ type: lib.CKA_CLASS, value: lib.CKO_CERTIFICATE }]);
    const certs = certHandles.map((h) => {
      const [idAttr, valueAttr] = p11.C_GetAttributeValue(session!, h, [{ type: lib.CKA_ID }, { type: lib.CKA_VALUE }]);
      return { id: idAttr.value as Buffer, cert: parseCertificate(valueAttr.value as Buffer) };
    });
    const own = certs.find((c) => Buffer.isBuffer(id) && c.id?.equals(id));
    if (!own) throw tokenError('ATTT_PKCS11_NO_CERT', 'không có chứng thư đi kèm khóa ký (cùng CKA_ID).', 'no certificate for the key (same CKA_ID).');
    const scheme: SignatureScheme = schemeFor(own.cert, opts.pss);
    const sign = async (data: Buffer): Promise<Buffer> => {
      const out = Buffer.alloc(1024);
      if (scheme === 'ecdsa') {
        p11.C_SignInit(session!, { mechanism: lib.CKM_ECDSA }, keyHandle);
        return ecdsaDer(p11.C_Sign(session!, createHash('sha256').update(data).digest(), out));
      }
      if (scheme === 'rsa-pss') {
        const pss: import('pkcs11js').RsaPSS = { hashAlg: lib.CKM_SHA256, mgf: lib.CKG_MGF1_SHA256, saltLen: 32, type: lib.CK_PARAMS_RSA_PSS };
        p11.C_SignInit(session!, { mechanism: lib.CKM_SHA256_RSA_PKCS_PSS, parameter: pss }, keyHandle);
      } else {
        p11.C_SignInit(session!, { mechanism: lib.CKM_SHA256_RSA_PKCS }, keyHandle);
      }
      return Buffer.from(p11.C_Sign(session!, data, out));
    };
    return { certificate: own.cert, chain: orderChain(own.cert, certs.filter((c) => c !== own).map((c) => c.cert)), scheme, sign, close };
  } catch (error) {
    close();
    throw error;
  }
}
