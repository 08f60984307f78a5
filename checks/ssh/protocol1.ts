import { defineCheck, type CheckContext, type CheckResult } from '../../src/checks/index.js';
import { isVerdict, sshObservationOrVerdict } from '../../src/observations/ssh/index.js';
import { SSH_REF } from '../data/ssh-algorithms.js';

export const meta = defineCheck({
  id: 'ssh.protocol1',
  family: 'ssh',
  severity: 'high',
  needs: ['ssh'],
  title: { vi: 'Máy chủ chấp nhận giao thức SSH phiên bản 1', en: 'Server accepts SSH protocol version 1' },
  description: {
    vi: 'SSH-1 có lỗi thiết kế (kiểm tra toàn vẹn CRC-32, khóa phiên RSA) và đã bị OpenSSH loại bỏ từ bản 7.6. Dòng định danh "SSH-1.99" nghĩa là chấp nhận cả phiên bản 1 (RFC 4253 §5.1); "SSH-1.5" là chỉ phiên bản 1.',
    en: 'SSH-1 has design flaws (CRC-32 integrity, RSA session keys) and was removed from OpenSSH in 7.6. An identification of "SSH-1.99" means version 1 is accepted too (RFC 4253 §5.1); "SSH-1.5" means version 1 only.',
  },
  remediation: {
    vi: 'Tắt SSH-1 (OpenSSH cũ: "Protocol 2" trong sshd_config) hoặc thay thiết bị/phần mềm chỉ hỗ trợ SSH-1.',
    en: 'Disable SSH-1 (old OpenSSH: "Protocol 2" in sshd_config) or replace devices/software that support only SSH-1.',
  },
  references: [SSH_REF.rfc4253, SSH_REF.openssh76, SSH_REF.sshAudit],
  messages: {
    confirmed: {
      vi: 'Máy chủ định danh "{{banner}}" và trả lời khách SSH-1 bằng khóa máy chủ {{hostKeyBits}} bit, khóa phiên {{serverKeyBits}} bit (mã: {{ciphers}}).',
      en: 'The server identifies as "{{banner}}" and answered an SSH-1 client with a {{hostKeyBits}}-bit host key and {{serverKeyBits}}-bit server key (ciphers: {{ciphers}}).',
    },
    announced: {
      vi: 'Máy chủ định danh "{{banner}}" (phiên bản giao thức {{version}}), tức là chấp nhận SSH-1.',
      en: 'The server identifies as "{{banner}}" (protocol version {{version}}), i.e. it accepts SSH-1.',
    },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'confirmed' | 'announced'> {
  const o = sshObservationOrVerdict(observation, false);
  if (isVerdict(o)) return o;
  const p1 = o.protocol1;
  if (!p1.offered) return { outcome: 'pass', evidence: { protocolVersion: o.protocolVersion } };
  if (p1.confirmed) {
    return { outcome: 'fail', messageId: 'confirmed', confidence: 'confirmed', data: { banner: o.banner, hostKeyBits: p1.hostKeyBits, serverKeyBits: p1.serverKeyBits, ciphers: (p1.ciphers ?? []).join(', ') }, evidence: { banner: o.banner, protocol1: p1 } };
  }
  return { outcome: 'fail', messageId: 'announced', confidence: 'likely', data: { banner: o.banner, version: o.protocolVersion }, evidence: { banner: o.banner, protocol1: p1 } };
}
