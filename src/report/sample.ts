import { createHash } from 'node:crypto';
import type { Result, Results, Severity } from '../results/index.js';

/**
 * A rich, realistic results.json for tests, the benchmark and template work: two units, four
 * systems, TLS/HTTP/ports/software/policy results, per-framework questionnaire verdicts, an
 * unreachable target — and, with `hostile`, finding text as a malicious server would send it.
 */
export interface SampleOptions {
  /** Extra failing findings to add (for the benchmark: 10,000). */
  findings?: number;
  hostile?: boolean;
  cycle?: string;
  finishedAt?: string;
}

export const HOSTILE_STRINGS = [
  '<script>window.__pwned = 1; document.title = "PWNED"</script>',
  '{{7*7}} {{constructor.constructor("return process")()}}',
  '<a href="javascript:window.__pwned=2">bấm vào đây</a>',
  '\u001b[31mĐỎ\u001b[0m \u001b]8;;javascript:alert(1)\u0007link\u001b]8;;\u0007 \u0007\u0008',
  '<img src=x onerror="window.__pwned=3"></style></table><h1>layout broken</h1>',
  `Server: ${'A'.repeat(3000)}`,
  '\u202egnp.exe',
];

export function fingerprintOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

const SEV: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const CHECKS: Array<{ id: string; family: 'tls' | 'http' | 'ports'; severity: Severity; vi: string; en: string }> = [
  { id: 'tls.protocol.tls1_0', family: 'tls', severity: 'medium', vi: 'Máy chủ còn chấp nhận TLS 1.0', en: 'Server still accepts TLS 1.0' },
  { id: 'tls.cert.expired', family: 'tls', severity: 'critical', vi: 'Chứng thư số đã hết hạn ngày 01/03/2026', en: 'Certificate expired on 1 March 2026' },
  { id: 'tls.cipher.3des', family: 'tls', severity: 'medium', vi: 'Máy chủ chấp nhận bộ mã hóa 3DES', en: 'Server accepts 3DES suites' },
  { id: 'http.hsts.missing', family: 'http', severity: 'medium', vi: 'Thiếu tiêu đề Strict-Transport-Security', en: 'Strict-Transport-Security header missing' },
  { id: 'http.csp.missing', family: 'http', severity: 'low', vi: 'Thiếu tiêu đề Content-Security-Policy', en: 'Content-Security-Policy header missing' },
  { id: 'http.cookie.insecure', family: 'http', severity: 'high', vi: 'Cookie phiên JSESSIONID thiếu cờ Secure', en: 'Session cookie JSESSIONID lacks Secure' },
  { id: 'ports.risky-service', family: 'ports', severity: 'high', vi: 'Cổng 3389 (RDP) mở ra ngoài', en: 'Port 3389 (RDP) is open' },
  { id: 'ports.unexpected-open', family: 'ports', severity: 'medium', vi: 'Cổng 8080 mở ngoài danh sách cho phép', en: 'Port 8080 open but not expected' },
];

export function makeSampleResults(opts: SampleOptions = {}): Results {
  const cycle = opts.cycle ?? '2026-Q2';
  const finishedAt = opts.finishedAt ?? '2026-06-15T03:30:00.000Z';
  const units: Results['inventory']['units'] = [
    {
      id: 'van-phong',
      name: 'Văn phòng Sở',
      head: { name: 'Nguyễn Văn An', title: 'Chánh Văn phòng' },
      systems: [
        { id: 'cong-ttdt', name: 'Cổng thông tin điện tử', level: 2, questionnaires: ['password-policy'] },
        { id: 'mot-cua', name: 'Hệ thống một cửa điện tử', level: 3, questionnaires: ['password-policy', 'security-management'] },
      ],
    },
    {
      id: 'nguoi-co-cong',
      name: 'Phòng Người có công',
      head: { name: 'Trần Thị Bình', title: 'Trưởng phòng' },
      systems: [
        { id: 'csdl-ncc', name: 'Cơ sở dữ liệu người có công', level: 3, questionnaires: [] },
        { id: 'may-chu-thu', name: 'Máy chủ thư điện tử', level: 5, questionnaires: [] },
      ],
    },
  ];
  const targets: Results['targets'] = [
    { key: 'van-phong/cong-ttdt/https://sldtbxh.example.gov.vn/#http', unit: 'van-phong', system: 'cong-ttdt', family: 'http', target: 'https://sldtbxh.example.gov.vn/', status: 'ok', durationMs: 120 },
    { key: 'van-phong/cong-ttdt/sldtbxh.example.gov.vn:443#tls', unit: 'van-phong', system: 'cong-ttdt', family: 'tls', target: 'sldtbxh.example.gov.vn:443', status: 'ok', durationMs: 800 },
    { key: 'van-phong/mot-cua/10.10.1.7#ports', unit: 'van-phong', system: 'mot-cua', family: 'ports', target: '10.10.1.7', status: 'ok', durationMs: 3000 },
    { key: 'nguoi-co-cong/csdl-ncc/10.10.2.5:443#tls', unit: 'nguoi-co-cong', system: 'csdl-ncc', family: 'tls', target: '10.10.2.5:443', status: 'ok', durationMs: 700 },
    {
      key: 'nguoi-co-cong/may-chu-thu/10.10.2.9:465#tls', unit: 'nguoi-co-cong', system: 'may-chu-thu', family: 'tls', target: '10.10.2.9:465', status: 'error', durationMs: 3000,
      error: { code: 'ATTT_SCAN_TIMEOUT', message: { vi: 'Hết thời gian chờ kết nối (3000 ms)', en: 'Connection timed out (3000 ms)' } },
    },
  ];
  const results: Result[] = [];
  const add = (r: Omit<Result, 'fingerprint'> & { fingerprint?: string }) =>
    results.push({ ...r, fingerprint: r.fingerprint ?? fingerprintOf(r.checkId, r.system, r.target, r.framework ?? '', String(results.length)) });
  const where = [
    { unit: 'van-phong', system: 'cong-ttdt', tls: 'sldtbxh.example.gov.vn:443', http: 'https://sldtbxh.example.gov.vn/', ports: '10.10.1.5' },
    { unit: 'van-phong', system: 'mot-cua', tls: '10.10.1.7:443', http: 'https://motcua.example.gov.vn/', ports: '10.10.1.7' },
    { unit: 'nguoi-co-cong', system: 'csdl-ncc', tls: '10.10.2.5:443', http: 'https://ncc.example.gov.vn/', ports: '10.10.2.5' },
  ];
  CHECKS.forEach((c, i) => {
    const w = where[i % where.length];
    const target = w[c.family];
    add({ checkId: c.id, unit: w.unit, system: w.system, target, outcome: 'fail', severity: c.severity, evidence: { observed: { vi: c.vi, en: c.en }, port: c.family === 'ports' ? 3389 : undefined }, message: { vi: c.vi, en: c.en } });
    add({ checkId: c.id, unit: where[(i + 1) % 3].unit, system: where[(i + 1) % 3].system, target: where[(i + 1) % 3][c.family], outcome: 'pass', severity: c.severity, evidence: {}, message: { vi: 'Đạt', en: 'Pass' } });
  });
  add({
    checkId: 'software.outdated', unit: 'van-phong', system: 'mot-cua', target: '10.10.1.7:80', outcome: 'fail', severity: 'high', confidence: 'needs-verification',
    evidence: { banner: 'Apache/2.2.15 (CentOS)', product: 'Apache httpd', version: '2.2.15' },
    message: { vi: 'Apache httpd 2.2.15 đã hết hỗ trợ (theo banner)', en: 'Apache httpd 2.2.15 is end-of-life (from the banner)' },
  });
  const policy = (q: string, question: string, outcome: Result['outcome'], severity: Severity, vi: string, en: string, framework?: string) =>
    add({ checkId: `policy.${q}.${question}`, unit: 'van-phong', system: 'mot-cua', target: `questionnaire:${q}`, outcome, severity, evidence: { answer: vi }, message: { vi, en }, ...(framework ? { framework } : {}) });
  policy('password-policy', 'min-length', 'pass', 'high', 'Độ dài tối thiểu 12 ký tự: đạt', 'Minimum length 12: meets', 'tcvn-11930-2017');
  policy('password-policy', 'min-length', 'fail', 'medium', 'Độ dài tối thiểu 12 ký tự: dưới 15 ký tự', 'Minimum length 12: below 15', 'nist-800-63b-4');
  policy('password-policy', 'min-length', 'pass', 'high', 'Độ dài tối thiểu 12 ký tự: đạt', 'Minimum length 12: meets', 'qcvn-12-2026-bca');
  policy('password-policy', 'composition-rules', 'pass', 'info', 'Có bắt buộc kết hợp 4 loại ký tự', 'Composition of 4 classes required', 'tcvn-11930-2017');
  policy('password-policy', 'composition-rules', 'pass', 'info', 'Có bắt buộc kết hợp 4 loại ký tự', 'Composition of 4 classes required', 'qcvn-12-2026-bca');
  policy('password-policy', 'composition-rules', 'fail', 'info', 'Bắt buộc kết hợp ký tự — NIST không khuyến nghị', 'Composition rules — NIST says no', 'nist-800-63b-4');
  policy('password-policy', 'mfa-admin-remote', 'fail', 'critical', 'Chưa bật xác thực đa yếu tố cho quản trị từ xa', 'No MFA for remote administration');
  policy('password-policy', 'default-credentials-changed', 'pass', 'critical', 'Đã đổi mật khẩu mặc định', 'Default passwords changed');
  policy('password-policy', 'lockout-threshold', 'unanswered', 'high', 'Chưa trả lời', 'Unanswered');
  policy('security-management', 'training-coverage-percent', 'pass', 'medium', '100% cán bộ đã được tập huấn', '100% of staff trained');
  policy('security-management', 'backup-restore-tested', 'fail', 'high', 'Chưa diễn tập khôi phục dữ liệu từ bản sao lưu', 'Restore from backup never tested');

  if (opts.hostile) {
    HOSTILE_STRINGS.forEach((h, i) => {
      add({
        checkId: i % 2 ? 'http.header.info-disclosure' : 'software.version-disclosure',
        unit: 'nguoi-co-cong', system: 'csdl-ncc', target: i === 2 ? 'javascript:window.__pwned=4' : `https://ncc.example.gov.vn/${h.slice(0, 60)}`,
        outcome: 'fail', severity: 'low',
        evidence: { header: h, banner: h, [h.slice(0, 30)]: 'x' },
        message: { vi: `Máy chủ trả về: ${h}`, en: `Server sent: ${h}` },
      });
    });
  }
  for (let i = 0; i < (opts.findings ?? 0); i++) {
    const c = CHECKS[i % CHECKS.length];
    const w = where[i % where.length];
    add({
      checkId: c.id, unit: w.unit, system: w.system, target: `${w[c.family]}#${i}`, outcome: 'fail', severity: SEV[i % SEV.length],
      evidence: { observed: { vi: `${c.vi} (${i})`, en: `${c.en} (${i})` }, header: `X-Powered-By: PHP/5.${i % 7}` },
      message: { vi: `${c.vi} (mục ${i})`, en: `${c.en} (item ${i})` },
    });
  }

  const zero = () => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
  const zo = () => ({ pass: 0, fail: 0, error: 0, not_applicable: 0, unanswered: 0 });
  const summary: Results['summary'] = { targets: { total: targets.length, ok: 4, error: 1, outOfScope: 0 }, outcomes: zo(), findingsBySeverity: zero(), units: [], grades: {} };
  for (const u of units) {
    const uo = zo();
    const us = zero();
    for (const r of results.filter((x) => x.unit === u.id)) {
      uo[r.outcome]++;
      if (r.outcome === 'fail' || r.outcome === 'unanswered') us[r.severity]++;
    }
    summary.units.push({ unit: u.id, outcomes: uo, findingsBySeverity: us });
  }
  for (const r of results) {
    summary.outcomes[r.outcome]++;
    if (r.outcome === 'fail' || r.outcome === 'unanswered') summary.findingsBySeverity[r.severity]++;
  }
  summary.grades = {
    'van-phong/cong-ttdt/https://sldtbxh.example.gov.vn/#http': 'C',
    'van-phong/cong-ttdt/sldtbxh.example.gov.vn:443#tls': 'B',
    'nguoi-co-cong/csdl-ncc/10.10.2.5:443#tls': 'T',
  };
  return {
    schemaVersion: 1,
    tool: { name: 'attt', version: '0.1.0' },
    organization: { name: 'Sở Lao động - Thương binh và Xã hội tỉnh Ninh Bình', code: 'SLĐTBXH', parent: 'Ủy ban nhân dân tỉnh Ninh Bình' },
    cycle,
    startedAt: '2026-06-15T01:00:00.000Z',
    finishedAt,
    interrupted: false,
    inventory: {
      file: 'inventory.yaml',
      frameworks: [],
      report: {
        number: '5',
        symbol: 'SLĐTBXH',
        place: 'Ninh Bình',
        kinhGui: ['Ủy ban nhân dân tỉnh Ninh Bình'],
        recipients: ['Như trên', 'Giám đốc Sở (để b/c)', 'Các phòng, đơn vị thuộc Sở'],
        preparer: { name: 'Lê Văn Cường', title: 'Chuyên viên' },
        signer: { name: 'Phạm Thị Dung', title: 'KT. Giám đốc\nPhó Giám đốc' },
      },
      units,
    },
    targets,
    observations: {},
    results,
    summary,
  };
}
