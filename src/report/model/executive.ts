import { SEVERITY_RANK, type Severity } from '../../results/index.js';
import type { Localized } from '../../i18n.js';
import { cleanText } from '../sanitize.js';
import type { ReportContext } from './context.js';
import { cycleLabel } from './dates.js';
import type { FindingGroup, FindingRow } from './findings.js';

/**
 * The executive page: one sentence of verdict, a likelihood × impact matrix, the five worst
 * problems in plain words with what each exposes, and what was fixed since the last cycle.
 *
 * Likelihood comes from the finding's severity (how easily and how surely it can be abused);
 * impact from the system's security level (Decree 85/2016 Art. 7–11: level 2 holds private or
 * personal data or serves citizens, level 3 and above serves many or matters to the state).
 */
export type Band = 'low' | 'medium' | 'high';
const BANDS: Band[] = ['high', 'medium', 'low'];

export function likelihoodOf(severity: Severity): Band {
  return severity === 'critical' || severity === 'high' ? 'high' : severity === 'medium' ? 'medium' : 'low';
}
export function impactOf(level: number | undefined): Band {
  return (level ?? 0) >= 3 ? 'high' : level === 2 ? 'medium' : 'low';
}

/** What a problem exposes, by what the check looks at (plain words for the head of the unit). */
const EXPOSURE: Array<{ match: RegExp; what: Localized; personal?: boolean }> = [
  { match: /^ports\.(unauthenticated-service|default-credentials)/, what: { vi: 'dữ liệu lưu trên hệ thống: bất kỳ ai trong mạng đọc, sửa hoặc xóa được mà không cần mật khẩu', en: 'the data on the system: anyone on the network can read, change or delete it without a password' }, personal: true },
  { match: /^ports\./, what: { vi: 'mạng nội bộ: dịch vụ quản trị hoặc dịch vụ cũ mở ra, là lối vào cho kẻ tấn công', en: 'the internal network: administrative or legacy services are open, an entry point for attackers' } },
  { match: /^software\./, what: { vi: 'máy chủ: phần mềm hết hỗ trợ hoặc lộ phiên bản, có lỗ hổng đã công bố', en: 'the server: unsupported or disclosed software versions with published vulnerabilities' } },
  { match: /^tls\.cert\./, what: { vi: 'dịch vụ công trực tuyến: người dân gặp cảnh báo chứng thư, dễ bị giả mạo trang', en: 'the online public service: users see certificate warnings and can be deceived by a fake site' } },
  { match: /^tls\./, what: { vi: 'dữ liệu truyền qua mạng: mã hóa yếu, có thể bị nghe lén hoặc sửa đổi', en: 'data in transit: weak encryption that can be eavesdropped or altered' } },
  { match: /^http\.(cookie|cors)/, what: { vi: 'tài khoản người dùng: phiên đăng nhập có thể bị chiếm', en: 'user accounts: login sessions can be hijacked' } },
  { match: /^http\./, what: { vi: 'dịch vụ công trực tuyến: trang web thiếu lớp bảo vệ trình duyệt', en: 'the online public service: the website lacks browser-side protections' } },
  { match: /^policy\./, what: { vi: 'toàn bộ hệ thống: biện pháp quản lý chưa đáp ứng yêu cầu', en: 'the whole system: a management measure falls short' } },
];

export function exposureOf(checkId: string, level: number | undefined): { what: Localized; personal: boolean } {
  const e = EXPOSURE.find((x) => x.match.test(checkId));
  // Level 2 and above hold private or personal data (Decree 85/2016 Art. 8).
  return { what: e?.what ?? { vi: 'hệ thống thông tin', en: 'the information system' }, personal: Boolean(e?.personal) && (level ?? 0) >= 2 };
}

/**
 * `heads`: the first row of each problem (its check, system, severity and reference), in the
 * order of `groups`; the matrix and the choice of the five read only these, and only the five
 * problems shown are made whole.
 */
export function buildExecutive(ctx: ReportContext, heads: readonly FindingRow[], groups: readonly FindingGroup[], counts: Record<Severity, number>, unanswered: number) {
  const { L, t, lang } = ctx;
  const cellOf = new Map<string, number>();
  for (const g of heads) {
    const cell = `${likelihoodOf(g.severity)}|${impactOf(ctx.sysLevel(g.unit, g.system))}`;
    cellOf.set(cell, (cellOf.get(cell) ?? 0) + 1);
  }
  const matrix = BANDS.map((l) => ({
    label: L[`band_${l}`],
    cells: [...BANDS].reverse().map((i) => {
      const n = cellOf.get(`${l}|${i}`) ?? 0;
      const score = BANDS.length - BANDS.indexOf(l) + (BANDS.length - BANDS.indexOf(i));
      return { count: n, cls: `m-${score >= 5 ? 'high' : score >= 4 ? 'medium' : 'low'}` };
    }),
  }));
  // The five worst problems: by severity, an observed exposure before a declared policy gap of
  // the same severity, the higher security level, then the order of the findings section.
  const rank = (i: number) => [SEVERITY_RANK[heads[i].severity], heads[i].policy ? 0 : 1, ctx.sysLevel(heads[i].unit, heads[i].system) ?? 0];
  const before = (a: number[], b: number[]) => a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2];
  const best: Array<{ index: number; key: number[] }> = [];
  heads.forEach((_, index) => {
    const key = rank(index);
    if (best.length === 5 && !before(key, best[4].key)) return;
    let at = best.length;
    while (at > 0 && before(key, best[at - 1].key)) at--;
    best.splice(at, 0, { index, key });
    if (best.length > 5) best.pop();
  });
  const top = best
    .map(({ index }) => groups[index])
    .map((g) => {
      const level = ctx.sysLevel(g.unit, g.system);
      const exp = exposureOf(g.checkId, level);
      return {
        ref: g.ref,
        severity: g.severity,
        severityLabel: g.severityLabel,
        // A policy row's title is the question asked; the risk is what the answer says.
        title: g.policy && g.problems[0] ? `${g.title} — ${g.problems[0]}` : g.title,
        exposes: t(exp.what),
        personal: exp.personal ? L.personalDataDuty : '',
        unitName: g.unitName,
        systemName: g.systemName,
        level: level ? `${L.levelWord} ${level}` : L.levelUnset,
        owner: g.owners || L.notAssigned,
        due: g.due || L.noDue,
        dueDates: g.dueDates,
      };
    });
  const fixed = (ctx.tracker?.changes.fixed ?? [])
    .map((id) => ctx.trackerById.get(id))
    .filter((f) => f !== undefined)
    .map((f) => {
      const entry = ctx.catalog.get(f.checkId);
      return { title: entry ? t(entry.title) : cleanText(t(f.message), { max: 200 }), unitName: ctx.unitName(f.unit), systemName: ctx.sysName(f.unit, f.system), id: cleanText(f.id, { max: 20 }) };
    });
  const total = groups.length;
  const urgent = counts.critical + counts.high;
  const verdict =
    lang === 'vi'
      ? counts.critical > 0
        ? `Các hệ thống thông tin ${ctx.unit ? 'của đơn vị' : 'được kiểm tra'} chưa bảo đảm an toàn thông tin: còn ${counts.critical} phát hiện mức Nghiêm trọng và ${counts.high} phát hiện mức Cao phải khắc phục ngay; tổng cộng ${total} vấn đề (${ctx.fails.length} phát hiện).`
        : urgent > 0
          ? `Các hệ thống thông tin ${ctx.unit ? 'của đơn vị' : 'được kiểm tra'} còn rủi ro cao: ${counts.high} phát hiện mức Cao cần khắc phục trong thời hạn; tổng cộng ${total} vấn đề (${ctx.fails.length} phát hiện).`
          : total > 0
            ? `Các hệ thống thông tin ${ctx.unit ? 'của đơn vị' : 'được kiểm tra'} không có phát hiện mức Cao hoặc Nghiêm trọng; còn ${total} vấn đề mức thấp hơn cần khắc phục theo kế hoạch.`
            : `Không phát hiện vấn đề nào trong phạm vi kiểm tra.`
      : counts.critical > 0
        ? `The information systems ${ctx.unit ? 'of the unit' : 'assessed'} are not adequately secured: ${counts.critical} critical and ${counts.high} high findings need immediate remediation; ${total} problems in all (${ctx.fails.length} findings).`
        : urgent > 0
          ? `The information systems ${ctx.unit ? 'of the unit' : 'assessed'} carry high risk: ${counts.high} high findings to remediate on time; ${total} problems in all (${ctx.fails.length} findings).`
          : total > 0
            ? `No critical or high findings; ${total} lower-severity problems to remediate as planned.`
            : 'No problems were found in the scope assessed.';
  return {
    verdict,
    unansweredNote: unanswered > 0 ? `${L.unansweredNote.replace('{n}', String(unanswered))}` : '',
    matrix,
    impactHeaders: [...BANDS].reverse().map((b) => L[`band_${b}`]),
    top,
    fixed: fixed.slice(0, 10),
    moreFixed: Math.max(0, fixed.length - 10),
    fixedCount: fixed.length,
    hasTracker: Boolean(ctx.tracker),
    previousCycle: ctx.tracker?.previousCycle ? cycleLabel(ctx.tracker.previousCycle, lang) : null,
  };
}
