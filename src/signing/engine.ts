import * as pkijs from 'pkijs';

/** PKI.js runs on Node's own WebCrypto (the global `crypto` since Node 19) (RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256/P-384, PBKDF2, AES). */
let ready = false;
export function pkiEngine(): pkijs.CryptoEngine {
  if (!ready) {
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto }));
    ready = true;
  }
  return pkijs.getCrypto(true) as pkijs.CryptoEngine;
}
