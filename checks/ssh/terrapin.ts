import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { allCiphers, allMacs, isCbcCipher, isEtmMac, isVerdict, sshObservationOrVerdict } from '../../src/observations/ssh/index.js';
import { SSH_REF } from '../data/ssh-algorithms.js';

export const meta = defineCheck({
  id: 'ssh.terrapin',
  family: 'ssh',
  severity: 'medium',
  needs: ['ssh'],
  title: { vi: 'Máy chủ SSH bị ảnh hưởng bởi Terrapin (CVE-2023-48795)', en: 'SSH server exposed to Terrapin (CVE-2023-48795)' },
  description: {
    vi: 'Kẻ tấn công đứng giữa có thể xóa thông điệp đầu phiên (ví dụ thông điệp mở rộng RFC 8308) khi máy chủ cho dùng chacha20-poly1305@openssh.com, hoặc mã CBC cùng MAC kiểu -etm, mà không hỗ trợ "strict KEX" (kex-strict-s-v00@openssh.com). Đánh giá theo danh sách thuật toán máy chủ công bố, như Terrapin-Scanner của nhóm tác giả.',
    en: 'A man in the middle can delete messages at the start of the session (e.g. the RFC 8308 extension message) when the server allows chacha20-poly1305@openssh.com, or a CBC cipher with an -etm MAC, without "strict KEX" (kex-strict-s-v00@openssh.com). Judged from the algorithms the server announces, as the authors\' Terrapin-Scanner does.',
  },
  remediation: {
    vi: 'Cập nhật OpenSSH lên 9.6 trở lên (hoặc bản vá của bản phân phối có strict KEX); nếu chưa thể, tạm bỏ chacha20-poly1305@openssh.com khỏi Ciphers và các MAC -etm khi còn dùng CBC.',
    en: 'Update OpenSSH to 9.6 or later (or the distribution update that adds strict KEX); until then, remove chacha20-poly1305@openssh.com from Ciphers and the -etm MACs while CBC ciphers remain.',
  },
  references: [SSH_REF.terrapin, SSH_REF.rfc4253, SSH_REF.sshAudit],
  messages: {
    exposed: {
      vi: 'Máy chủ cho dùng {{modes}} nhưng không công bố kex-strict-s-v00@openssh.com.',
      en: 'The server allows {{modes}} but does not announce kex-strict-s-v00@openssh.com.',
    },
    mitigated: {
      vi: 'Máy chủ cho dùng {{modes}} nhưng có strict KEX (kex-strict-s-v00@openssh.com): đã được bảo vệ.',
      en: 'The server allows {{modes}} but has strict KEX (kex-strict-s-v00@openssh.com): protected.',
    },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'exposed' | 'mitigated'> {
  const o = sshObservationOrVerdict(observation);
  if (isVerdict(o)) return o;
  const ciphers = allCiphers(o);
  const chacha = ciphers.filter((c) => c === 'chacha20-poly1305@openssh.com');
  const cbc = ciphers.filter(isCbcCipher);
  const etm = allMacs(o).filter(isEtmMac);
  const modes = [...chacha, ...(cbc.length && etm.length ? [`CBC (${cbc.join(', ')}) + EtM (${etm.join(', ')})`] : [])];
  const evidence = { chacha20: chacha.length > 0, cbcWithEtm: cbc.length > 0 && etm.length > 0, strictKex: o.strictKex };
  if (!modes.length) return { outcome: 'pass', evidence };
  if (o.strictKex) return { outcome: 'pass', messageId: 'mitigated', data: { modes: modes.join('; ') }, evidence };
  return { outcome: 'fail', messageId: 'exposed', data: { modes: modes.join('; ') }, evidence };
}
