import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { isVerdict, judgeOffered, sshObservationOrVerdict } from '../../src/observations/ssh/index.js';
import { SSH_REF, WEAK_KEX } from '../data/ssh-algorithms.js';

export const meta = defineCheck({
  id: 'ssh.kex.weak',
  family: 'ssh',
  severity: 'medium',
  needs: ['ssh'],
  title: { vi: 'Máy chủ SSH chấp nhận phương thức trao đổi khóa yếu', en: 'SSH server accepts weak key exchange methods' },
  description: {
    vi: 'Trao đổi khóa Diffie-Hellman 1024 bit (diffie-hellman-group1-sha1) hoặc dùng SHA-1 (group-exchange-sha1, group14-sha1, gss-*-sha1-*) không còn đủ an toàn: RFC 9142 và RFC 8732 khuyến nghị không dùng.',
    en: 'Key exchange over a 1024-bit Diffie-Hellman group (diffie-hellman-group1-sha1) or with SHA-1 (group-exchange-sha1, group14-sha1, gss-*-sha1-*) is no longer strong enough: RFC 9142 and RFC 8732 advise against them.',
  },
  remediation: {
    vi: 'Trong sshd_config đặt KexAlgorithms chỉ gồm các phương thức mạnh, ví dụ: sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256; rồi nạp lại sshd.',
    en: 'In sshd_config set KexAlgorithms to strong methods only, e.g. sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256; then reload sshd.',
  },
  references: [SSH_REF.rfc9142, SSH_REF.rfc8732, SSH_REF.rfc4253, SSH_REF.sshAudit, SSH_REF.mozilla],
  messages: {
    weakKex: {
      vi: 'Máy chủ chấp nhận {{count}} phương thức trao đổi khóa yếu: {{reasonsVi}}.',
      en: 'The server accepts {{count}} weak key exchange method(s): {{reasonsEn}}.',
    },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'weakKex'> {
  const o = sshObservationOrVerdict(observation);
  if (isVerdict(o)) return o;
  return judgeOffered(o.kex, WEAK_KEX, 'weakKex');
}
