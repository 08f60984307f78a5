import type { Severity } from '../../results/index.js';
import { cleanText } from '../sanitize.js';
import { type BaseContext, type ReportContext, upper } from './context.js';
import { documentSymbol } from './header.js';
import type { buildPeriodic } from './periodic.js';

/** Sections "kết luận" and "kiến nghị, đề xuất" (to the units, and to the superior body). */
export function buildConclusion(
  ctx: ReportContext,
  d: { counts: Record<Severity, number>; problems: number; unanswered: number; verifyCount: number; overdue: number; unreachable: number; compliance: number | null; periodic: ReturnType<typeof buildPeriodic>; fixed: number },
) {
  const { lang, settings } = ctx;
  const vi = lang === 'vi';
  const superior = settings.kinhGui[0] ? cleanText(settings.kinhGui[0], { max: 200 }) : vi ? 'cơ quan cấp trên' : 'the superior body';
  const due3 = d.periodic.specialistDue;
  const conclusion: string[] = [];
  const recommendations: string[] = [];
  const toSuperior: string[] = [];
  if (vi) {
    conclusion.push(`Trong phạm vi kiểm tra, có ${ctx.fails.length} phát hiện thuộc ${d.problems} vấn đề, trong đó ${d.counts.critical} mức Nghiêm trọng và ${d.counts.high} mức Cao${d.fixed ? `; ${d.fixed} phát hiện của đợt trước đã được khắc phục và kiểm tra lại` : ''}.`);
    if (d.compliance !== null) conclusion.push(`Tỷ lệ kiểm tra đạt là ${d.compliance}%; ${d.unanswered} câu hỏi chính sách chưa được trả lời nên chưa đánh giá được.`);
    if (due3.length) conclusion.push(`${due3.length} hệ thống từ cấp độ 3 trở lên đến hạn hoặc quá hạn kiểm tra, đánh giá định kỳ do tổ chức chuyên môn đủ điều kiện thực hiện; báo cáo tự kiểm tra này không thay thế việc đó.`);
    conclusion.push('Kết quả phản ánh tình trạng tại thời điểm kiểm tra, trong giới hạn phương pháp nêu tại báo cáo.');
    if (d.counts.critical + d.counts.high) recommendations.push(`Các đơn vị khắc phục ngay ${d.counts.critical} phát hiện mức Nghiêm trọng và ${d.counts.high} phát hiện mức Cao; phân công người phụ trách và hạn xử lý cho từng phát hiện.`);
    if (d.overdue) recommendations.push(`Xử lý dứt điểm ${d.overdue} phát hiện đã quá hạn khắc phục.`);
    if (d.verifyCount) recommendations.push(`Xác minh ${d.verifyCount} phát hiện suy ra từ thông tin phiên bản (banner) trước khi kết luận.`);
    if (d.unanswered) recommendations.push(`Trả lời đầy đủ ${d.unanswered} câu hỏi chính sách còn bỏ trống.`);
    if (d.unreachable) recommendations.push(`Kiểm tra lại ${d.unreachable} đối tượng không kiểm tra được trong đợt này.`);
    if (due3.length) toSuperior.push(`Đề nghị ${superior} bố trí kinh phí để thuê tổ chức chuyên môn được cấp phép kiểm tra, đánh giá an toàn thông tin ${due3.length} hệ thống từ cấp độ 3 trở lên đến hạn trong năm: ${due3.map((r) => r.systemName).join('; ')}.`);
    toSuperior.push(`Đề nghị ${superior} hỗ trợ nhân lực, đào tạo và kinh phí cho việc khắc phục các phát hiện nêu tại báo cáo.`);
  } else {
    conclusion.push(`Within the scope assessed there are ${ctx.fails.length} findings in ${d.problems} problems, ${d.counts.critical} critical and ${d.counts.high} high${d.fixed ? `; ${d.fixed} findings of the previous cycle were fixed and verified` : ''}.`);
    if (d.compliance !== null) conclusion.push(`${d.compliance}% of checks passed; ${d.unanswered} policy questions are unanswered and could not be assessed.`);
    if (due3.length) conclusion.push(`${due3.length} systems of level 3 or above are due or overdue for the periodic assessment by a qualified organisation; this self-assessment does not replace it.`);
    conclusion.push('The results reflect the state at the time of the assessment, within the limits of the method described.');
    if (d.counts.critical + d.counts.high) recommendations.push(`Units remediate the ${d.counts.critical} critical and ${d.counts.high} high findings now, with an owner and a due date for each.`);
    if (d.overdue) recommendations.push(`Close the ${d.overdue} findings past their due date.`);
    if (d.verifyCount) recommendations.push(`Verify the ${d.verifyCount} findings inferred from version banners.`);
    if (d.unanswered) recommendations.push(`Answer the ${d.unanswered} unanswered policy questions.`);
    if (d.unreachable) recommendations.push(`Re-check the ${d.unreachable} targets that could not be checked.`);
    if (due3.length) toSuperior.push(`We ask ${superior} to fund a licensed organisation to assess the ${due3.length} systems of level 3 or above due this year: ${due3.map((r) => r.systemName).join('; ')}.`);
    toSuperior.push(`We ask ${superior} for staff, training and funds to remediate the findings of this report.`);
  }
  return { conclusion, recommendations, toSuperior, superior };
}

/** "Nguyễn Văn An" → "NVA": the drafter's initials for the "Lưu:" line. */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toLocaleUpperCase('vi'))
    .join('');
}

/**
 * The signer's block and "Nơi nhận" (Decree 30/2020 Phụ lục I, II.7 and II.9). The authority
 * prefix stands before the head's position (KT., Q., TL., TUQ.) or before the body (TM.); the
 * signer's own position follows on the next line (none for Q.: the acting head signs as head).
 * No preparer signs; the drafting office, the drafter's initials and the copies kept close the
 * "Lưu:" line.
 */
export function buildClosing(ctx: BaseContext) {
  const { L, lang, settings, unit, org } = ctx;
  const head = unit?.head;
  const signer = settings.signer ?? (head ? { name: head.name, title: head.title } : undefined);
  let lines: string[];
  if (signer?.authority) {
    const forWhat = signer.authorityFor ?? (signer.authority === 'TM.' ? (unit ? unit.name : org.name) : signer.title);
    lines = [`${signer.authority} ${forWhat}`, ...(signer.authority === 'Q.' || forWhat === signer.title ? [] : [signer.title])];
  } else lines = (signer?.title ?? (lang === 'vi' ? 'Thủ trưởng đơn vị' : 'Head of unit')).split(/\n|\|/);
  const office = settings.draftingOffice ?? (unit ? undefined : settings.symbol ? documentSymbol(settings.symbol).replace(/^BC-/, '') : org.code);
  const initials = settings.preparer ? (settings.preparer.initials ?? initialsOf(settings.preparer.name)) : '';
  const tail = [office, initials].filter((x): x is string => Boolean(x)).map((x) => cleanText(x, { max: 40 }));
  const copies = settings.copies ? ` (${String(settings.copies).padStart(2, '0')}b)` : '';
  // Phụ lục I, II.9b: a report sent upward lists "Như trên" first (the "Kính gửi" addressees).
  const recipients = settings.recipients.map((r) => cleanText(r, { max: 200 }));
  if (settings.kinhGui.length && !recipients.some((r) => /^như trên$/i.test(r))) recipients.unshift(lang === 'vi' ? 'Như trên' : 'As above');
  return {
    signer: { titleLines: lines.map((l) => upper(cleanText(l, { max: 120 }))).filter((l) => l.trim() !== ''), name: cleanText(signer?.name ?? '', { max: 120 }) },
    recipients,
    archiveLine: `${L.archive}${tail.length ? `, ${tail.join(', ')}` : ''}${copies}.`,
  };
}
