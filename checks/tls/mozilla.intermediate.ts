import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { checkMozillaProfiles, TLS_OBSERVATION, type TlsFacts } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const { meta, run } = defineCheck(TLS_OBSERVATION, {
  id: 'tls.mozilla.intermediate',
  family: 'tls',
  severity: 'low',
  title: { vi: 'Chưa đạt hồ sơ Mozilla "intermediate"', en: 'Not compliant with the Mozilla "intermediate" profile' },
  description: {
    vi: 'So sánh cấu hình với hồ sơ intermediate của Mozilla Server Side TLS (phiên bản dữ liệu trong checks/data/mozilla-server-side-tls.yaml); mỗi sai lệch là một phát hiện. Nhóm trao đổi khóa ngoài danh sách của hồ sơ nhưng không yếu hơn (x448, secp521r1, ffdhe3072…) chỉ được ghi chú, không tính là sai lệch.',
    en: 'Compares the configuration with the Mozilla Server Side TLS intermediate profile (data version in checks/data/mozilla-server-side-tls.yaml); each deviation is a finding. Key-exchange groups outside the profile\'s list but no weaker (x448, secp521r1, ffdhe3072…) are noted, not counted as deviations.',
  },
  remediation: { vi: 'Dùng cấu hình sinh bởi Mozilla SSL Configuration Generator (hồ sơ intermediate).', en: 'Use the configuration from the Mozilla SSL Configuration Generator (intermediate profile).' },
  references: [REF.mozilla],
  messages: {
    deviation: { vi: 'Mozilla {{version}} intermediate: {{textVi}}', en: 'Mozilla {{version}} intermediate: {{text}}' },
    informational: { vi: 'Đạt hồ sơ Mozilla {{version}} intermediate; ghi chú: {{textVi}}', en: 'Compliant with Mozilla {{version}} intermediate; note: {{text}}' },
  },
  run: judge,
});

type M = 'deviation' | 'informational';

function judge(o: TlsFacts, _context: CheckContext): CheckResult<M> | CheckResult<M>[] {
  const mozilla = checkMozillaProfiles(o);
  const profile = mozilla.profiles.intermediate;
  if (!profile) return { outcome: 'error', reason: 'profile-missing', detail: 'the Mozilla data has no intermediate profile' };
  const notes = profile.deviations.filter((d) => d.informational);
  if (profile.compliant) {
    if (!notes.length) return { outcome: 'pass' };
    return { outcome: 'pass', messageId: 'informational', data: { version: mozilla.guidelinesVersion, text: notes.map((d) => d.text.en).join('; '), textVi: notes.map((d) => d.text.vi).join('; ') }, evidence: { informational: notes.map((d) => ({ rule: d.rule, text: d.text })) } };
  }
  return profile.deviations.filter((d) => !d.informational).map((d) => ({
    outcome: 'fail' as const,
    messageId: 'deviation' as const,
    discriminator: d.rule,
    data: { version: mozilla.guidelinesVersion, text: d.text.en, textVi: d.text.vi },
    evidence: { rule: d.rule, text: d.text },
  }));
}
