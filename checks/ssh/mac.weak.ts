import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { allMacs, isVerdict, judgeOffered, sshObservationOrVerdict } from '../../src/observations/ssh/index.js';
import { SSH_REF, WEAK_MACS } from '../data/ssh-algorithms.js';

export const meta = defineCheck({
  id: 'ssh.mac.weak',
  family: 'ssh',
  severity: 'medium',
  needs: ['ssh'],
  title: { vi: 'Máy chủ SSH chấp nhận thuật toán MAC yếu', en: 'SSH server accepts weak MAC algorithms' },
  description: {
    vi: 'MAC dùng MD5, SHA-1 cắt 96 bit, thẻ 64 bit (umac-64) hoặc "none" làm yếu bảo vệ toàn vẹn của phiên SSH; HMAC-SHA-1 đang bị loại bỏ.',
    en: 'MACs using MD5, 96-bit truncated SHA-1, 64-bit tags (umac-64) or "none" weaken the integrity protection of the SSH session; HMAC-SHA-1 is being phased out.',
  },
  remediation: {
    vi: 'Trong sshd_config đặt MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com (thêm hmac-sha2-512,hmac-sha2-256 nếu cần tương thích); rồi nạp lại sshd.',
    en: 'In sshd_config set MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com (add hmac-sha2-512,hmac-sha2-256 if compatibility needs them); then reload sshd.',
  },
  references: [SSH_REF.rfc4253, SSH_REF.sshAudit, SSH_REF.mozilla],
  messages: {
    weakMacs: {
      vi: 'Máy chủ chấp nhận {{count}} thuật toán MAC yếu: {{reasonsVi}}.',
      en: 'The server accepts {{count}} weak MAC algorithm(s): {{reasonsEn}}.',
    },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'weakMacs'> {
  const o = sshObservationOrVerdict(observation);
  if (isVerdict(o)) return o;
  return judgeOffered(allMacs(o), WEAK_MACS, 'weakMacs');
}
