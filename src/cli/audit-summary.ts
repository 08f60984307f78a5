import type { Lang, Localized } from '../i18n.js';
import { isFinding } from '../engine/index.js';
import { SEVERITIES, SEVERITY_RANK, type Results } from '../results/index.js';
import { colorSeverity, SEVERITY_LABEL } from './labels.js';
import { sanitizeTerminal, table, truncate, type Style } from './terminal.js';

/**
 * The console summary after an audit: per unit, findings by severity and the worst few,
 * then targets that could not be assessed. Every server-derived text is sanitized.
 */
export function formatAuditSummary(results: Results, lang: Lang, style: Style, worstPerUnit = 5, titles: ReadonlyMap<string, Localized> = new Map()): string {
  const t = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  const lines: string[] = [];
  const unitName = new Map((results.inventory?.units ?? []).map((u) => [u.id, u.name]));
  const s = results.summary;
  lines.push(
    style.bold(t(`Kết quả kiểm tra — ${results.organization.name} — kỳ ${results.cycle}`, `Audit results — ${results.organization.name} — cycle ${results.cycle}`)),
    t(
      `Mục tiêu: ${s.targets.total} (đạt ${s.targets.ok}, lỗi ${s.targets.error}, ngoài phạm vi ${s.targets.outOfScope}) · Kết quả: ${s.outcomes.pass} đạt, ${s.outcomes.fail} không đạt, ${s.outcomes.unanswered} chưa trả lời, ${s.outcomes.error} lỗi`,
      `Targets: ${s.targets.total} (ok ${s.targets.ok}, error ${s.targets.error}, out of scope ${s.targets.outOfScope}) · Results: ${s.outcomes.pass} pass, ${s.outcomes.fail} fail, ${s.outcomes.unanswered} unanswered, ${s.outcomes.error} error`,
    ),
  );
  if (results.interrupted) lines.push(style.yellow(t('⚠ Cuộc kiểm tra bị dừng giữa chừng: kết quả chưa đầy đủ.', '⚠ The audit was interrupted: results are partial.')));
  lines.push('');
  const header = [t('Đơn vị', 'Unit'), ...SEVERITIES.map((sev) => SEVERITY_LABEL[sev][lang])];
  const rows = s.units.map((u) => [unitName.get(u.unit) ?? u.unit, ...SEVERITIES.map((sev) => String(u.findingsBySeverity[sev]))]);
  lines.push(table(header, rows, { style }));

  for (const u of s.units) {
    const worst = results.results
      .filter((r) => r.unit === u.unit && isFinding(r))
      .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])
      .slice(0, worstPerUnit);
    if (!worst.length) continue;
    lines.push('', style.bold(`${unitName.get(u.unit) ?? u.unit}:`));
    for (const r of worst) {
      const sev = colorSeverity(style, r.severity, `[${SEVERITY_LABEL[r.severity][lang]}]`);
      lines.push(`  ${sev} ${truncate(sanitizeTerminal(r.message[lang]), 150)}`);
      const title = titles.get(r.checkId);
      lines.push(style.dim(`      ${title ? `${truncate(title[lang], 90)} · ` : ''}${r.checkId} · ${r.system} · ${truncate(sanitizeTerminal(r.target), 60)}`));
    }
  }

  const failed = results.targets.filter((tg) => tg.status !== 'ok');
  if (failed.length) {
    lines.push('', style.bold(t('Mục tiêu không đánh giá được:', 'Targets not assessed:')));
    for (const tg of failed.slice(0, 20)) {
      const why = tg.error ? sanitizeTerminal(tg.error.message[lang]) : tg.status;
      lines.push(`  ${tg.status === 'out-of-scope' ? style.yellow('⊘') : style.red('✗')} ${sanitizeTerminal(tg.target)} (${tg.family}): ${truncate(why, 140)}`);
    }
    if (failed.length > 20) lines.push(t(`  … và ${failed.length - 20} mục tiêu khác`, `  … and ${failed.length - 20} more`));
  }
  const grades = Object.entries(s.grades);
  if (grades.length) {
    lines.push('', style.bold(t('Xếp hạng:', 'Grades:')));
    const byKey = new Map(results.targets.map((tg) => [tg.key, tg]));
    for (const [key, grade] of grades) {
      const tg = byKey.get(key);
      lines.push(`  ${grade.padEnd(3)} ${tg ? `${tg.family.toUpperCase().padEnd(5)} ${sanitizeTerminal(tg.target)} (${tg.system})` : sanitizeTerminal(key)}`);
    }
  }
  return lines.join('\n');
}

/** Check titles by id (the catalogue, including questionnaire questions), for the summary. */
export async function catalogTitles(): Promise<Map<string, Localized>> {
  const { loadCatalog } = await import('../engine/index.js');
  return new Map((await loadCatalog()).map((m) => [m.id, m.title]));
}
