import { cleanText } from '../sanitize.js';
import type { BaseContext } from './context.js';
import { formatDate, formatDateTime, longDate } from './dates.js';

/**
 * Section "căn cứ, phạm vi": the legal basis (Decree 30/2020 Phụ lục I, II.6: each basis on its own
 * line, ";" at the end, "." after the last; a first citation gives type, number, date, issuer),
 * the unit's own plan, and every system in scope with its security level and the decision that
 * approved that level.
 */
export function buildBasisAndScope(ctx: BaseContext, frameworksInUse: Array<{ id: string; title: string; source: string }>) {
  const { lang, L, settings, units, targets } = ctx;
  const basis: string[] =
    lang === 'vi'
      ? [
          'Luật An toàn thông tin mạng năm 2015',
          'Nghị định số 85/2016/NĐ-CP ngày 01 tháng 7 năm 2016 của Chính phủ về bảo đảm an toàn hệ thống thông tin theo cấp độ',
          'Thông tư số 12/2022/TT-BTTTT ngày 12 tháng 8 năm 2022 của Bộ Thông tin và Truyền thông hướng dẫn Nghị định số 85/2016/NĐ-CP (thay thế Thông tư số 03/2017/TT-BTTTT)',
        ]
      : [
          'The Law on Network Information Security (2015)',
          'Decree No. 85/2016/ND-CP of 1 July 2016 of the Government on ensuring the security of information systems by security level',
          'Circular No. 12/2022/TT-BTTTT of 12 August 2022 of the Ministry of Information and Communications guiding Decree 85/2016/ND-CP (replacing Circular 03/2017/TT-BTTTT)',
        ];
  // Vietnamese standards and technical regulations the report is judged against (framework data).
  for (const fw of frameworksInUse.filter((f) => /^(tcvn|qcvn)-/.test(f.id))) basis.push(`${fw.title} (${fw.source.replace(/\.$/, '')})`);
  const plan = settings.plan;
  if (plan) {
    const planTitle = plan.title ? cleanText(plan.title, { max: 200 }) : lang === 'vi' ? 'về kiểm tra, đánh giá an toàn thông tin' : 'on information-security checks and assessment';
    const issuer = plan.issuer ? cleanText(plan.issuer, { max: 200 }) : ctx.unit ? cleanText(ctx.org.name, { max: 200 }) : cleanText(ctx.org.name, { max: 200 });
    basis.push(
      lang === 'vi'
        ? `Kế hoạch số ${cleanText(plan.number, { max: 60 })}${plan.date ? ` ${longDate(plan.date, 'vi')}` : ''} của ${issuer} ${planTitle}`
        : `Plan No. ${cleanText(plan.number, { max: 60 })}${plan.date ? ` of ${longDate(plan.date, 'en')}` : ''} of ${issuer} ${planTitle}`,
    );
  } else basis.push(L.planMissing);
  const countTargets = (u: string, s: string) => targets.filter((x) => x.unit === u && x.system === s && x.family !== 'questionnaire').length;
  const rows = units.flatMap((u) =>
    u.systems.map((s) => ({
      unitName: cleanText(u.name, { max: 200 }),
      name: cleanText(s.name, { max: 200 }),
      level: s.level ? String(s.level) : L.levelUnset,
      approval: s.approval?.decision
        ? lang === 'vi'
          ? `Quyết định số ${cleanText(s.approval.decision, { max: 60 })}${s.approval.date ? ` ngày ${formatDate(s.approval.date, 'vi')}` : ''}`
          : `Decision No. ${cleanText(s.approval.decision, { max: 60 })}${s.approval.date ? ` of ${formatDate(s.approval.date, 'en')}` : ''}`
        : L.approvalMissing,
      approved: Boolean(s.approval?.decision),
      targets: countTargets(u.id, s.id),
    })),
  );
  const ok = targets.filter((x) => x.family !== 'questionnaire');
  return {
    basis: basis.map((b, i) => `${b}${i === basis.length - 1 ? '.' : ';'}`),
    cycle: ctx.results.cycle,
    period: `${formatDateTime(ctx.results.startedAt, lang)} – ${formatDateTime(ctx.results.finishedAt, lang)}`,
    interrupted: ctx.results.interrupted,
    rows: rows.map((r, i) => ({ ...r, no: i + 1 })),
    targetTotals: { total: ok.length, ok: ok.filter((x) => x.status === 'ok').length },
    unreachable: targets
      .filter((x) => x.status !== 'ok')
      .slice(0, 200)
      .map((x) => ({
        unitName: ctx.unitName(x.unit),
        systemName: ctx.sysName(x.unit, x.system),
        target: cleanText(x.target, { max: 300 }),
        reason: x.error ? cleanText(ctx.t(x.error.message), { max: 300 }) : x.status === 'out-of-scope' ? L.outOfScope : L.error,
      })),
    levelsApproved: rows.filter((r) => r.approved).length,
    systems: rows.length,
  };
}

/** Section "đơn vị thực hiện, phương pháp, công cụ và giới hạn". */
export function buildAssessment(ctx: BaseContext, opts: { frameworks: Array<{ title: string; version: string }>; checks: number; questionnaires: string[] }) {
  const { lang, L, settings } = ctx;
  const who = settings.assessor;
  const assessor = who
    ? `${cleanText(who.name, { max: 200 })}${who.unit ? ` (${cleanText(who.unit, { max: 200 })})` : ''}`
    : cleanText(ctx.unit ? ctx.unit.name : ctx.org.name, { max: 200 });
  const relation = who?.relation ? cleanText(who.relation, { max: 400 }) : L.relationDefault;
  const version = cleanText(ctx.toolVersion ?? ctx.results.tool.version, { max: 20 });
  const tools =
    lang === 'vi'
      ? [
          `Công cụ attt phiên bản ${version} (${opts.checks} phép kiểm tra kỹ thuật và câu hỏi chính sách), chạy từ mạng nội bộ của đơn vị, chỉ tới các địa chỉ trong phạm vi được phép.`,
          ...(opts.questionnaires.length ? [`Bảng hỏi: ${opts.questionnaires.join('; ')}.`] : []),
          ...(opts.frameworks.length ? [`Khung đối chiếu: ${opts.frameworks.map((f) => `${f.title} (phiên bản ${f.version})`).join('; ')}.`] : []),
        ]
      : [
          `The attt toolkit, version ${version} (${opts.checks} technical checks and policy questions), run from the unit's internal network against permitted addresses only.`,
          ...(opts.questionnaires.length ? [`Questionnaires: ${opts.questionnaires.join('; ')}.`] : []),
          ...(opts.frameworks.length ? [`Frameworks compared against: ${opts.frameworks.map((f) => `${f.title} (version ${f.version})`).join('; ')}.`] : []),
        ];
  return {
    assessor,
    relation,
    selfAssessment: L.selfAssessment,
    method: L.methodLines.split('\n'),
    tools,
    limits: L.limitLines.split('\n'),
  };
}
