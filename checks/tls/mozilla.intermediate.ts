import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, checkMozillaProfiles, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.mozilla.intermediate',
  family: 'tls',
  severity: 'low',
  needs: ['tls'],
  title: { vi: 'Chưa đạt hồ sơ Mozilla "intermediate"', en: 'Not compliant with the Mozilla "intermediate" profile' },
  description: {
    vi: 'So sánh cấu hình với hồ sơ intermediate của Mozilla Server Side TLS (phiên bản dữ liệu trong checks/data/mozilla-server-side-tls.yaml); mỗi sai lệch là một phát hiện.',
    en: 'Compares the configuration with the Mozilla Server Side TLS intermediate profile (data version in checks/data/mozilla-server-side-tls.yaml); each deviation is a finding.',
  },
  remediation: { vi: 'Dùng cấu hình sinh bởi Mozilla SSL Configuration Generator (hồ sơ intermediate).', en: 'Use the configuration from the Mozilla SSL Configuration Generator (intermediate profile).' },
  references: [REF.mozilla],
  messages: {
    deviation: { vi: 'Mozilla {{version}} intermediate: {{textVi}}', en: 'Mozilla {{version}} intermediate: {{text}}' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'deviation'> | CheckResult<'deviation'>[] {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  const mozilla = checkMozillaProfiles(o);
  const profile = mozilla.profiles.intermediate;
  if (!profile) return { outcome: 'error', reason: 'profile-missing', detail: 'the Mozilla data has no intermediate profile' };
  if (profile.compliant) return { outcome: 'pass' };
  return profile.deviations.map((d) => ({
    outcome: 'fail' as const,
    messageId: 'deviation' as const,
    discriminator: d.rule,
    data: { version: mozilla.guidelinesVersion, text: d.text.en, textVi: d.text.vi },
    evidence: { rule: d.rule, text: d.text },
  }));
}
