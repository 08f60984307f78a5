import type { Reference } from '../../src/checks/index.js';
import type { Localized } from '../../src/i18n.js';
import type { AlgorithmVerdict } from '../../src/observations/ssh/index.js';

/**
 * SSH algorithm verdicts as data: which names the ssh.* checks call weak, how bad, why, and
 * who says so. A name not listed here is not judged (new algorithms are not guessed at).
 * Severities are this toolkit's judgement of the remote risk; the sources are:
 *  - RFC 4253 (transport), RFC 8758 (RC4 deprecated), RFC 8732 (GSS-API SHA-1 methods deprecated),
 *    RFC 9142 §4 (key exchange guidance: group1-sha1 and group-exchange-sha1 SHOULD NOT; group14-sha1 MAY, for transition);
 *  - ssh-audit's algorithm database (jtesta/ssh-audit, src/ssh_audit/ssh2_kexdb.py: "fail" and "warn" notes);
 *  - Mozilla's OpenSSH guidelines (infosec.mozilla.org/guidelines/openssh, "Modern" lists).
 */

export const SSH_REF = {
  rfc4253: { source: 'RFC', id: '4253', title: 'The Secure Shell (SSH) Transport Layer Protocol', url: 'https://www.rfc-editor.org/rfc/rfc4253' },
  rfc8732: { source: 'RFC', id: '8732', title: 'GSS-API Key Exchange with SHA-2 (deprecates the SHA-1 gss-* methods)', url: 'https://www.rfc-editor.org/rfc/rfc8732' },
  rfc9142: { source: 'RFC', id: '9142', title: 'Key Exchange (KEX) Method Updates and Recommendations for SSH', url: 'https://www.rfc-editor.org/rfc/rfc9142' },
  rfc8758: { source: 'RFC', id: '8758', title: 'Deprecating RC4 in Secure Shell (SSH)', url: 'https://www.rfc-editor.org/rfc/rfc8758' },
  rfc8332: { source: 'RFC', id: '8332', title: 'Use of RSA Keys with SHA-256 and SHA-512 in SSH', url: 'https://www.rfc-editor.org/rfc/rfc8332' },
  sshAudit: { source: 'ssh-audit', title: 'Algorithm database (ssh2_kexdb.py) and hardening guides', url: 'https://github.com/jtesta/ssh-audit' },
  mozilla: { source: 'Mozilla', id: 'OpenSSH guidelines (Modern)', url: 'https://infosec.mozilla.org/guidelines/openssh' },
  terrapin: { source: 'CVE', id: 'CVE-2023-48795', title: 'Terrapin: SSH prefix truncation', url: 'https://terrapin-attack.com/' },
  cbcRecovery: { source: 'CVE', id: 'CVE-2008-5161', title: 'Plaintext recovery against SSH in CBC mode' },
  openssh76: { source: 'OpenSSH', id: 'Release notes 7.6', title: 'SSH protocol 1 support removed from the server', url: 'https://www.openssh.com/txt/release-7.6' },
} satisfies Record<string, Reference>;

const SHA1_KEX: Localized = { vi: 'băm SHA-1 (đã bị tấn công va chạm)', en: 'SHA-1 hash (collisions are practical)' };
const SMALL_DH: Localized = { vi: 'nhóm Diffie-Hellman 1024 bit (Logjam) và SHA-1', en: '1024-bit Diffie-Hellman group (Logjam) and SHA-1' };

export const WEAK_KEX: readonly AlgorithmVerdict[] = [
  { name: 'diffie-hellman-group1-sha1', severity: 'high', why: SMALL_DH, sources: ['RFC 9142 §4 (SHOULD NOT)', 'ssh-audit: fail (1024-bit modulus, Logjam, SHA-1)'] },
  { name: 'diffie-hellman-group1-sha256', severity: 'high', why: { vi: 'nhóm Diffie-Hellman 1024 bit', en: '1024-bit Diffie-Hellman group' }, sources: ['ssh-audit: fail (1024-bit modulus)'] },
  { name: 'rsa1024-sha1', severity: 'high', why: { vi: 'khóa RSA 1024 bit và SHA-1', en: '1024-bit RSA and SHA-1' }, sources: ['RFC 9142 §4 (MUST NOT)', 'ssh-audit: fail'] },
  { name: 'diffie-hellman-group-exchange-sha1', severity: 'medium', why: SHA1_KEX, sources: ['RFC 9142 §4 (SHOULD NOT)', 'ssh-audit: fail (SHA-1)'] },
  { name: 'diffie-hellman-group14-sha1', severity: 'low', why: SHA1_KEX, sources: ['RFC 9142 §4 (MAY, transition only)', 'ssh-audit: fail (SHA-1)', 'Mozilla Modern: not listed'] },
  { name: 'gss-group1-sha1-*', severity: 'high', why: SMALL_DH, sources: ['RFC 8732 (deprecated, SHOULD NOT)', 'ssh-audit: fail'] },
  { name: 'gss-gex-sha1-*', severity: 'medium', why: SHA1_KEX, sources: ['RFC 8732 (deprecated, SHOULD NOT)', 'ssh-audit: fail (SHA-1)'] },
  { name: 'gss-group14-sha1-*', severity: 'low', why: SHA1_KEX, sources: ['RFC 8732 (deprecated, SHOULD NOT)', 'ssh-audit: fail (SHA-1)'] },
  { name: 'ecdh-sha2-nistp192', severity: 'medium', why: { vi: 'đường cong elliptic quá nhỏ', en: 'elliptic curve too small' }, sources: ['ssh-audit: fail (small ECC modulus)'] },
  { name: 'ecdh-sha2-nistp224', severity: 'medium', why: { vi: 'đường cong elliptic quá nhỏ', en: 'elliptic curve too small' }, sources: ['ssh-audit: fail'] },
];

const CBC: Localized = { vi: 'chế độ CBC (khôi phục bản rõ, CVE-2008-5161)', en: 'CBC mode (plaintext recovery, CVE-2008-5161)' };
const BLOCK64: Localized = { vi: 'mã khối 64 bit ở chế độ CBC', en: '64-bit block cipher in CBC mode' };
const RC4: Localized = { vi: 'RC4 (arcfour) đã bị phá', en: 'RC4 (arcfour) is broken' };

export const WEAK_CIPHERS: readonly AlgorithmVerdict[] = [
  { name: 'none', severity: 'critical', why: { vi: 'không mã hóa', en: 'no encryption at all' }, sources: ['RFC 4253 §6.3 (NOT RECOMMENDED)', 'ssh-audit: fail'] },
  { name: 'arcfour', severity: 'high', why: RC4, sources: ['RFC 8758 (MUST NOT)', 'ssh-audit: fail'] },
  { name: 'arcfour128', severity: 'high', why: RC4, sources: ['RFC 8758 (MUST NOT)', 'ssh-audit: fail'] },
  { name: 'arcfour256', severity: 'high', why: RC4, sources: ['RFC 8758 (MUST NOT)', 'ssh-audit: fail'] },
  { name: 'des-cbc', severity: 'high', why: { vi: 'DES 56 bit', en: '56-bit DES' }, sources: ['ssh-audit: fail'] },
  { name: 'des-cbc@ssh.com', severity: 'high', why: { vi: 'DES 56 bit', en: '56-bit DES' }, sources: ['ssh-audit: fail'] },
  { name: '3des-cbc', severity: 'medium', why: BLOCK64, sources: ['ssh-audit: fail (3DES)', 'Mozilla Modern: not listed'] },
  { name: '3des-ctr', severity: 'medium', why: { vi: 'mã khối 64 bit (3DES)', en: '64-bit block cipher (3DES)' }, sources: ['ssh-audit: fail (3DES)'] },
  { name: 'blowfish-cbc', severity: 'medium', why: BLOCK64, sources: ['ssh-audit: fail (Blowfish)'] },
  { name: 'cast128-cbc', severity: 'medium', why: BLOCK64, sources: ['ssh-audit: fail (CAST)'] },
  { name: 'idea-cbc', severity: 'medium', why: BLOCK64, sources: ['ssh-audit: fail (IDEA)'] },
  { name: 'aes128-cbc', severity: 'low', why: CBC, sources: ['ssh-audit: warn (cipher mode)', 'Mozilla Modern: not listed'] },
  { name: 'aes192-cbc', severity: 'low', why: CBC, sources: ['ssh-audit: warn (cipher mode)', 'Mozilla Modern: not listed'] },
  { name: 'aes256-cbc', severity: 'low', why: CBC, sources: ['ssh-audit: warn (cipher mode)', 'Mozilla Modern: not listed'] },
  { name: 'rijndael-cbc@lysator.liu.se', severity: 'low', why: CBC, sources: ['ssh-audit: fail (non-standard Rijndael)'] },
  { name: 'twofish-cbc', severity: 'low', why: CBC, sources: ['ssh-audit: warn (cipher mode)'] },
  { name: 'twofish128-cbc', severity: 'low', why: CBC, sources: ['ssh-audit: warn (cipher mode)'] },
  { name: 'twofish256-cbc', severity: 'low', why: CBC, sources: ['ssh-audit: warn (cipher mode)'] },
];

const MD5: Localized = { vi: 'MD5 đã bị phá', en: 'MD5 is broken' };
const SHA1_MAC: Localized = { vi: 'HMAC-SHA-1 (đang bị loại bỏ)', en: 'HMAC-SHA-1 (being phased out)' };
const TAG64: Localized = { vi: 'thẻ xác thực chỉ 64 bit', en: 'only a 64-bit tag' };

export const WEAK_MACS: readonly AlgorithmVerdict[] = [
  { name: 'none', severity: 'critical', why: { vi: 'không kiểm tra toàn vẹn', en: 'no integrity protection' }, sources: ['RFC 4253 §6.4 (NOT RECOMMENDED)', 'ssh-audit: fail'] },
  { name: 'hmac-md5', severity: 'medium', why: MD5, sources: ['ssh-audit: fail (MD5)'] },
  { name: 'hmac-md5-96', severity: 'medium', why: MD5, sources: ['ssh-audit: fail (MD5)'] },
  { name: 'hmac-md5-etm@openssh.com', severity: 'medium', why: MD5, sources: ['ssh-audit: fail (MD5)'] },
  { name: 'hmac-md5-96-etm@openssh.com', severity: 'medium', why: MD5, sources: ['ssh-audit: fail (MD5)'] },
  { name: 'hmac-sha1-96', severity: 'medium', why: { vi: 'HMAC-SHA-1 cắt còn 96 bit', en: 'HMAC-SHA-1 truncated to 96 bits' }, sources: ['ssh-audit: fail (SHA-1)'] },
  { name: 'hmac-sha1-96-etm@openssh.com', severity: 'medium', why: { vi: 'HMAC-SHA-1 cắt còn 96 bit', en: 'HMAC-SHA-1 truncated to 96 bits' }, sources: ['ssh-audit: fail (SHA-1)'] },
  { name: 'hmac-ripemd160', severity: 'low', why: { vi: 'RIPEMD-160 đã lỗi thời', en: 'RIPEMD-160 is obsolete' }, sources: ['ssh-audit: fail (RIPEMD)'] },
  { name: 'hmac-ripemd160@openssh.com', severity: 'low', why: { vi: 'RIPEMD-160 đã lỗi thời', en: 'RIPEMD-160 is obsolete' }, sources: ['ssh-audit: fail (RIPEMD)'] },
  { name: 'hmac-ripemd160-etm@openssh.com', severity: 'low', why: { vi: 'RIPEMD-160 đã lỗi thời', en: 'RIPEMD-160 is obsolete' }, sources: ['ssh-audit: fail (RIPEMD)'] },
  { name: 'umac-64@openssh.com', severity: 'low', why: TAG64, sources: ['ssh-audit: warn (64-bit tag)', 'Mozilla Modern: not listed'] },
  { name: 'umac-64-etm@openssh.com', severity: 'low', why: TAG64, sources: ['ssh-audit: warn (64-bit tag)', 'Mozilla Modern: not listed'] },
  { name: 'hmac-sha1', severity: 'low', why: SHA1_MAC, sources: ['ssh-audit: fail (SHA-1)', 'Mozilla Modern: not listed'] },
  { name: 'hmac-sha1-etm@openssh.com', severity: 'low', why: SHA1_MAC, sources: ['ssh-audit: fail (SHA-1)', 'Mozilla Modern: not listed'] },
];
