import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { allCiphers, isVerdict, judgeOffered, sshObservationOrVerdict } from '../../src/observations/ssh/index.js';
import { SSH_REF, WEAK_CIPHERS } from '../data/ssh-algorithms.js';

export const meta = defineCheck({
  id: 'ssh.cipher.weak',
  family: 'ssh',
  severity: 'medium',
  needs: ['ssh'],
  title: { vi: 'Máy chủ SSH chấp nhận thuật toán mã hóa yếu', en: 'SSH server accepts weak ciphers' },
  description: {
    vi: 'Chế độ CBC cho phép khôi phục một phần bản rõ (CVE-2008-5161); 3DES, Blowfish, CAST128 là mã khối 64 bit; arcfour (RC4) đã bị phá và bị RFC 8758 cấm; "none" là không mã hóa.',
    en: 'CBC mode allows partial plaintext recovery (CVE-2008-5161); 3DES, Blowfish and CAST128 are 64-bit block ciphers; arcfour (RC4) is broken and forbidden by RFC 8758; "none" is no encryption.',
  },
  remediation: {
    vi: 'Trong sshd_config đặt Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr; rồi nạp lại sshd.',
    en: 'In sshd_config set Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr; then reload sshd.',
  },
  references: [SSH_REF.rfc4253, SSH_REF.rfc8758, SSH_REF.cbcRecovery, SSH_REF.sshAudit, SSH_REF.mozilla],
  messages: {
    weakCiphers: {
      vi: 'Máy chủ chấp nhận {{count}} thuật toán mã hóa yếu: {{reasonsVi}}.',
      en: 'The server accepts {{count}} weak cipher(s): {{reasonsEn}}.',
    },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'weakCiphers'> {
  const o = sshObservationOrVerdict(observation);
  if (isVerdict(o)) return o;
  return judgeOffered(allCiphers(o), WEAK_CIPHERS, 'weakCiphers');
}
