import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { isVerdict, sshObservationOrVerdict } from '../../src/observations/ssh/index.js';
import { SSH_REF } from '../data/ssh-algorithms.js';

type M = 'dsa' | 'smallRsa' | 'smallEcdsa' | 'sha1Only' | 'sha1Offered';

export const meta = defineCheck<M>({
  id: 'ssh.hostkey.weak',
  family: 'ssh',
  severity: 'medium',
  needs: ['ssh'],
  title: { vi: 'Khóa máy chủ SSH yếu', en: 'Weak SSH host keys' },
  description: {
    vi: 'Khóa máy chủ chứng minh danh tính máy chủ với người dùng. DSA (ssh-dss) chỉ có 1024 bit và bị OpenSSH tắt từ bản 7.0; RSA dưới 2048 bit quá ngắn; ssh-rsa ký bằng SHA-1 (RFC 8332 thay bằng rsa-sha2-256/512).',
    en: 'The host key proves the server\'s identity to users. DSA (ssh-dss) is 1024-bit only and disabled by OpenSSH since 7.0; RSA below 2048 bits is too short; ssh-rsa signs with SHA-1 (RFC 8332 replaces it with rsa-sha2-256/512).',
  },
  remediation: {
    vi: 'Dùng khóa Ed25519 (ssh-keygen -t ed25519) và RSA ≥ 3072 bit; xóa dòng HostKey trỏ tới khóa DSA hoặc RSA ngắn; đặt HostKeyAlgorithms ssh-ed25519,rsa-sha2-512,rsa-sha2-256 (bỏ ssh-rsa, ssh-dss); thông báo dấu vân tay mới cho người dùng.',
    en: 'Use an Ed25519 key (ssh-keygen -t ed25519) and RSA ≥ 3072 bits; remove HostKey lines for DSA or short RSA keys; set HostKeyAlgorithms ssh-ed25519,rsa-sha2-512,rsa-sha2-256 (no ssh-rsa, ssh-dss); tell users the new fingerprints.',
  },
  references: [SSH_REF.rfc4253, SSH_REF.rfc8332, SSH_REF.sshAudit, SSH_REF.mozilla],
  messages: {
    dsa: { vi: 'Máy chủ dùng khóa DSA (ssh-dss{{bitsText}}).', en: 'The server uses a DSA key (ssh-dss{{bitsText}}).' },
    smallRsa: { vi: 'Khóa RSA của máy chủ chỉ có {{bits}} bit ({{fingerprint}}); cần ít nhất 2048 bit.', en: 'The server\'s RSA key has only {{bits}} bits ({{fingerprint}}); at least 2048 are needed.' },
    smallEcdsa: { vi: 'Khóa ECDSA của máy chủ dùng đường cong {{curve}} quá nhỏ.', en: 'The server\'s ECDSA key uses the too-small curve {{curve}}.' },
    sha1Only: { vi: 'Máy chủ chỉ ký bằng ssh-rsa (SHA-1), không có rsa-sha2-256/512.', en: 'The server signs only with ssh-rsa (SHA-1), without rsa-sha2-256/512.' },
    sha1Offered: { vi: 'Máy chủ vẫn chấp nhận chữ ký ssh-rsa (SHA-1) bên cạnh rsa-sha2-256/512.', en: 'The server still accepts ssh-rsa (SHA-1) signatures besides rsa-sha2-256/512.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<M> | CheckResult<M>[] {
  const o = sshObservationOrVerdict(observation);
  if (isVerdict(o)) return o;
  const out: CheckResult<M>[] = [];
  const algs = o.hostKeyAlgorithms;
  const dsaKey = o.hostKeys.find((k) => k.family === 'dsa');
  if (dsaKey || algs.some((a) => a.startsWith('ssh-dss'))) {
    out.push({ outcome: 'fail', messageId: 'dsa', severity: 'high', discriminator: 'dsa', data: { bitsText: dsaKey ? `, ${dsaKey.bits} bit` : '' }, evidence: { algorithms: algs.filter((a) => a.startsWith('ssh-dss')), ...(dsaKey ? { key: dsaKey } : {}) } });
  }
  for (const k of o.hostKeys.filter((h) => h.family === 'rsa' && h.bits > 0 && h.bits < 2048)) {
    out.push({ outcome: 'fail', messageId: 'smallRsa', severity: k.bits < 1024 ? 'critical' : 'high', discriminator: `rsa-${k.fingerprintSha256}`, data: { bits: k.bits, fingerprint: k.fingerprintSha256 }, evidence: { key: k } });
  }
  for (const k of o.hostKeys.filter((h) => h.family === 'ecdsa' && h.bits > 0 && h.bits < 256)) {
    out.push({ outcome: 'fail', messageId: 'smallEcdsa', severity: 'high', discriminator: `ecdsa-${k.fingerprintSha256}`, data: { curve: k.curve ?? '?' }, evidence: { key: k } });
  }
  const sha1 = algs.filter((a) => a === 'ssh-rsa' || a === 'ssh-rsa-cert-v01@openssh.com');
  const sha2 = algs.filter((a) => a.startsWith('rsa-sha2-'));
  if (sha1.length && !sha2.length) out.push({ outcome: 'fail', messageId: 'sha1Only', severity: 'medium', discriminator: 'ssh-rsa', evidence: { algorithms: algs } });
  else if (sha1.length) out.push({ outcome: 'fail', messageId: 'sha1Offered', severity: 'low', discriminator: 'ssh-rsa', evidence: { algorithms: algs } });
  return out.length ? out : { outcome: 'pass', evidence: { algorithms: algs, keys: o.hostKeys.map((k) => `${k.keyType} ${k.bits}`) } };
}
