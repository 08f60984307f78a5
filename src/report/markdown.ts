import type { ReportModel } from './model.js';

/** Escape Markdown (and the HTML a Markdown viewer would render) in untrusted text. */
export function mdEscape(text: string): string {
  return (
    text
      .replace(/[\\`*_{}\[\]()#!|<>~&]/g, (c) => `\\${c}`)
      .replace(/\n/g, ' ')
      // No links from untrusted data: break GFM autolinks (scheme colons, "www.").
      .replace(/:/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
      // Line-start list and heading markers.
      .replace(/^(\s*)([-+=]|\d+\.)/, (_m, sp: string, mk: string) => `${sp}\\${mk}`)
  );
}

function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(mdEscape).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** The report as Markdown: same model and sections as the HTML edition. */
export function renderMarkdown(m: ReportModel): string {
  const L = m.L;
  const out: string[] = [];
  const p = (s: string) => out.push(mdEscape(s), '');
  if (m.header.parentBody) p(m.header.parentBody);
  out.push(`**${mdEscape(m.header.issuingBody)}**`, '');
  p(m.header.numberLine);
  out.push(`**${mdEscape(L.nationalTitle)}**  `, `**${mdEscape(L.motto)}**`, '');
  out.push(`*${mdEscape(m.header.placeDate)}*`, '');
  out.push(`# ${mdEscape(m.title.type)}`, '', `## ${mdEscape(m.title.summary)}`, '');
  if (m.kinhGui.length) p(`${L.kinhGui}: ${m.kinhGui.join('; ')}`);
  p(m.intro);
  out.push(`## ${m.sec.scope}. ${mdEscape(L.s1)}`, '');
  p(`${L.cycle}: ${m.scope.cycle}. ${L.period}: ${m.scope.period}.`);
  if (m.scope.interrupted) p(L.interrupted);
  out.push(table([L.units, L.system, L.level, L.targets], m.scope.units.flatMap((u) => u.systems.map((s) => [u.name, s.name, s.level, String(s.targets)]))), '');
  m.scope.method.forEach((x, i) => out.push(`${i + 1}\\. ${mdEscape(x)}`));
  out.push('');
  if (m.changes) {
    out.push(`## ${m.sec.changes}. ${mdEscape(L.sChanges)}`, '');
    out.push(table(m.changes.counts.map((c) => c.label), [m.changes.counts.map((c) => String(c.count))]), '');
    for (const g of m.changes.groups) {
      out.push(`### ${mdEscape(g.label)}`, '');
      out.push(table(['ID', L.severity, L.finding, L.system, L.target, L.owner, L.due], g.rows.map((r) => [r.id, r.severityLabel, r.title, r.systemName, r.target, r.owner, r.due])), '');
    }
    if (m.changes.gradeTrend.length) out.push(`### ${mdEscape(L.gradeTrend)}`, '', table([L.system, L.target, L.trend], m.changes.gradeTrend.map((g) => [g.systemName, g.target, g.trend])), '');
  }
  out.push(`## ${m.sec.summary}. ${mdEscape(L.s2)}`, '');
  out.push(table([L.severity, L.total], m.summary.severityRows.map((r) => [r.label, String(r.count)])), '');
  p(`${L.compliance}: ${m.summary.compliancePercent === null ? '—' : `${m.summary.compliancePercent}%`} (${L.checksPassed}: ${m.summary.passed}/${m.summary.judged})`);
  if (m.summary.grades.length) out.push(table([L.units, L.system, L.target, '', L.grade, L.trend], m.summary.grades.map((g) => [g.unitName, g.systemName, g.target, g.family, g.grade, g.trend])), '');
  out.push(`## ${m.sec.findings}. ${mdEscape(L.s3)}`, '');
  if (m.findings.length === 0) p(L.noFindings);
  else
    out.push(
      table(
        [L.no, L.severity, L.finding, L.target, L.remediation, L.owner, L.due],
        m.findings.map((f) => [
          String(f.no),
          f.severityLabel,
          `${f.title} — ${f.message}${f.verifyNote ? ` (${f.verifyNote})` : ''}${f.overdue ? ` [${L.overdue}]` : ''}`,
          `${f.systemName} · ${f.target}`,
          f.remediation,
          f.owner,
          f.due,
        ]),
      ),
      '',
    );
  out.push(`## ${m.sec.questionnaires}. ${mdEscape(L.s4)}`, '');
  if (m.questionnaires.length === 0) p(L.noQuestionnaires);
  for (const q of m.questionnaires) {
    out.push(`### ${mdEscape(`${q.systemName} — ${q.questionnaire}`)}`, '');
    out.push(table([L.question, L.answer, L.severity], q.rows.map((r) => [`${r.question}${r.framework ? ` [${r.framework}]` : ''}`, r.outcome, r.severityLabel])), '');
  }
  out.push(`## ${m.sec.frameworks}. ${mdEscape(L.s5)}`, '');
  for (const fw of m.frameworks) {
    out.push(`### ${mdEscape(fw.title)}`, '');
    p(`${L.met}: ${fw.met} · ${L.notMet}: ${fw.notMet} · ${L.notAssessed}: ${fw.notAssessed}${fw.percent === null ? '' : ` · ${L.compliance}: ${fw.percent}%`}`);
    out.push(table([L.requirement, L.status, L.evidence], fw.requirements.map((r) => [`${r.clause ? `${r.clause} ` : ''}${r.text}`, r.status, r.evidence])), '');
  }
  out.push(`## ${m.sec.periodic}. ${mdEscape(L.s6)}`, '');
  p(`${L.source}: ${m.periodic.basis}. ${L.orgWide}: ${m.periodic.orgWideDue}.`);
  out.push(table([L.units, L.system, L.level, L.interval, L.nextDue], m.periodic.rows.map((r) => [r.unitName, r.systemName, r.level, r.interval, r.nextDue])), '');
  if (m.periodic.anySpecialist) p(L.specialist);
  out.push(`## ${m.sec.recommendations}. ${mdEscape(L.s7)}`, '');
  m.recommendations.forEach((r, i) => out.push(`${i + 1}\\. ${mdEscape(r)}`));
  out.push('');
  out.push(table([m.preparer.title, m.signer.titleLines.join(' / ')], [[m.preparer.name, m.signer.name]]), '');
  out.push(`***${mdEscape(L.recipients)}:***`, '', ...m.recipients.map((r) => `\\- ${mdEscape(r)};`), `\\- ${mdEscape(m.archiveLine)}`, '');
  const withEvidence = m.findings.filter((f) => f.evidence.length > 0);
  if (withEvidence.length) {
    out.push(`## ${mdEscape(L.annex)}`, '');
    p(L.annexNote);
    for (const f of withEvidence) {
      out.push(`### ${mdEscape(`${f.no}. ${f.checkId} · ${f.target}`)}`, '');
      out.push(table(['', ''], f.evidence.map((e) => [e.key, e.value])), '');
    }
  }
  return out.join('\n');
}
