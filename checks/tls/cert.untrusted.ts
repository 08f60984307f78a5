import type { CheckContext, CheckResult } from '../../src/checks/index.js';
import { defineCheck } from '../../src/checks/index.js';
import { asTlsObservation, certEvidence, OBSERVATION_MISSING } from '../../src/observations/tls/index.js';
import { REF } from '../data/tls-references.js';

export const meta = defineCheck({
  id: 'tls.cert.untrusted',
  family: 'tls',
  severity: 'high',
  needs: ['tls'],
  title: { vi: 'Chuỗi chứng thư không được tin cậy', en: 'Certificate chain not trusted' },
  description: {
    vi: 'Chuỗi chứng thư không dẫn tới CA gốc nào trong kho tin cậy của Node (Mozilla) hay trust.caFiles của inventory; máy khách sẽ báo lỗi.',
    en: 'The chain leads to no root in Node bundled (Mozilla) store or the inventory trust.caFiles; clients will show an error.',
  },
  remediation: { vi: 'Dùng chứng thư từ CA tin cậy và gửi đủ chuỗi trung gian; với CA nội bộ, phân phối CA gốc cho máy khách và thêm vào trust.caFiles.', en: 'Use a certificate from a trusted CA and send the full intermediate chain; for an internal CA, distribute its root to clients and add it to trust.caFiles.' },
  references: [REF.qcvn12, REF.ssllabs],
  messages: {
    untrustedRoot: { vi: 'Chuỗi của {{subject}} kết thúc ở CA gốc không được tin cậy: {{root}}.', en: 'The chain of {{subject}} ends at an untrusted root: {{root}}.' },
    issuerMissing: { vi: 'Không tìm thấy chứng thư của bên cấp {{issuer}} (máy chủ không gửi và kho tin cậy không có), nên không xác minh được {{subject}}.', en: 'The certificate of issuer {{issuer}} was neither sent nor in the trust store, so {{subject}} cannot be verified.' },
    badSignature: { vi: 'Chữ ký trong chuỗi của {{subject}} không hợp lệ.', en: 'A signature in the chain of {{subject}} does not verify.' },
  },
});

export function run(observation: unknown, _context: CheckContext): CheckResult<'untrustedRoot' | 'issuerMissing' | 'badSignature'> {
  const o = asTlsObservation(observation);
  if (!o) return OBSERVATION_MISSING;
  const leaf = o.certificate[0];
  if (!leaf) return { outcome: 'not_applicable', reason: 'no certificate was presented' };
  if (o.trusted) return { outcome: 'pass' };
  // A self-signed leaf is reported by tls.cert.self-signed.
  if (o.trustError === 'self-signed') return { outcome: 'pass', evidence: { note: 'self-signed leaf: see tls.cert.self-signed' } };
  const evidence = { trustError: o.trustError, chain: o.certificate.map((c) => ({ subject: c.subject, issuer: c.issuer })), leaf: certEvidence(leaf) };
  if (o.trustError === 'untrusted-root') {
    const root = o.certificate.find((c, i) => i > 0 && c.selfSigned) ?? o.certificate[o.certificate.length - 1];
    return { outcome: 'fail', messageId: 'untrustedRoot', data: { subject: leaf.subject, root: root.subject }, evidence };
  }
  if (o.trustError === 'bad-signature') return { outcome: 'fail', messageId: 'badSignature', data: { subject: leaf.subject }, evidence };
  const last = o.certificate[o.certificate.length - 1];
  return { outcome: 'fail', messageId: 'issuerMissing', data: { subject: leaf.subject, issuer: last.issuer }, evidence };
}
