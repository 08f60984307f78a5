import type { ReportModel } from './model/index.js';
import { inPieces } from './pieces.js';

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

const tableLine = (cells: string[]) => `| ${cells.map(mdEscape).join(' | ')} |`;
const tableRule = (headers: string[]) => `|${headers.map(() => ' --- ').join('|')}|`;

function table(headers: string[], rows: string[][]): string {
  return [tableLine(headers), tableRule(headers), ...rows.map(tableLine)].join('\n');
}

/** The report as Markdown: same model and sections as the HTML edition; every finding listed. */
export function renderMarkdown(m: ReportModel): string {
  const lines: string[] = [];
  markdownLines(m, lines);
  return lines.join('\n');
}

/** The same text written to `write` as it is made, in pieces of about 1 MiB (a province lists 100,000s of findings). */
export function writeMarkdown(m: ReportModel, write: (text: string) => void): void {
  const out = inPieces(write);
  let count = 0;
  markdownLines(m, {
    push(...lines: string[]) {
      for (const line of lines) out.add(count++ ? `\n${line}` : line);
    },
  });
  out.end();
}

/** Where the lines go: an array (joined with newlines) or a writer. */
interface Lines {
  push(...lines: string[]): unknown;
}

function markdownLines(m: ReportModel, out: Lines): void {
  const L = m.L;
  const p = (s: string) => out.push(mdEscape(s), '');
  const h2 = (no: string, title: string) => out.push(`## ${no}. ${mdEscape(title)}`, '');
  const list = (items: string[]) => out.push(...items.map((x) => `\\- ${mdEscape(x)}`), '');
  if (m.header.parentBody) p(m.header.parentBody);
  out.push(`**${mdEscape(m.header.issuingBody)}**`, '');
  p(m.header.numberLine);
  out.push(`**${mdEscape(L.nationalTitle)}**  `, `**${mdEscape(L.motto)}**`, '');
  out.push(`*${mdEscape(m.header.placeDate)}*`, '');
  out.push(`# ${mdEscape(m.title.type)}`, '', `**${mdEscape(m.title.summary)}**`, '');
  if (m.kinhGui.length) p(`${L.kinhGui}: ${m.kinhGui.join('; ')}`);
  p(m.intro);
  const e = m.executive;
  h2(m.sec.executive, L.sExecutive);
  p(e.verdict);
  if (e.unansweredNote) p(e.unansweredNote);
  out.push(`### ${mdEscape(L.matrixTitle)}`, '', table([`${L.likelihood} \\ ${L.impact}`, ...e.impactHeaders], e.matrix.map((r) => [r.label, ...r.cells.map((c) => String(c.count))])), '');
  p(L.matrixNote);
  out.push(`### ${mdEscape(L.topRisks)}`, '', table([L.ref, L.severity, L.risk, L.exposes, L.whereWho], e.top.map((r) => [r.ref, r.severityLabel, r.title, `${r.exposes}${r.personal ? ` ${r.personal}` : ''}`, `${r.systemName} (${r.unitName}); ${r.owner}; ${r.due}`])), '');
  out.push(`### ${mdEscape(L.fixedSince)}`, '');
  if (!e.hasTracker) p(L.noTracker);
  else if (e.fixed.length === 0) p(L.noneFixed);
  else list(e.fixed.map((f) => `${f.title}: ${f.systemName} (${f.unitName}), ${f.id}`));
  h2(m.sec.basis, L.sBasis);
  out.push(`### 1. ${mdEscape(L.basisTitle)}`, '');
  out.push(...m.scope.basis.map((b) => `*${mdEscape(b)}*  `), '');
  out.push(`### 2. ${mdEscape(L.scopeTitle)}`, '');
  p(`${L.cycle}: ${m.cycleText}. ${L.period}: ${m.scope.period}.`);
  if (m.scope.interrupted) p(L.interrupted);
  out.push(table([L.no, L.units, L.system, L.level, L.approval, L.targets], m.scope.rows.map((r) => [String(r.no), r.unitName, r.name, r.level, r.approval, String(r.targets)])), '');
  h2(m.sec.assessment, L.sAssessment);
  p(`${L.assessor}: ${m.assessment.assessor}. ${L.relation}: ${m.assessment.relation}`);
  p(m.assessment.selfAssessment);
  out.push(`### ${mdEscape(L.method)}`, '');
  list(m.assessment.method);
  out.push(`### ${mdEscape(L.tools)}`, '');
  list(m.assessment.tools);
  out.push(`### ${mdEscape(L.limits)}`, '');
  list(m.assessment.limits);
  if (m.changes) {
    h2(m.sec.changes, L.sChanges);
    out.push(table(m.changes.counts.map((c) => c.label), [m.changes.counts.map((c) => String(c.count))]), '');
    for (const g of m.changes.groups) {
      out.push(`### ${mdEscape(g.label)}`, '');
      out.push(table(['ID', L.severity, L.finding, L.system, L.target, L.owner, L.due], g.rows.map((r) => [r.ids, r.severityLabel, r.title, r.systemName, r.target, r.owner, r.due])), '');
    }
  }
  h2(m.sec.summary, L.s2);
  p(L.findingDef);
  out.push(table([L.severity, L.total], [...m.summary.severityRows.map((r) => [r.label, String(r.count)]), [L.total, String(m.summary.totalFindings)], [L.problems, String(m.summary.problems)], [L.unansweredQuestions, String(m.unanswered)]]), '');
  p(`${L.compliance}: ${m.summary.compliancePercent === null ? '—' : `${m.summary.compliancePercent}%`} (${L.checksPassed}: ${m.summary.passed}/${m.summary.judged})`);
  if (m.unitTable.rows.length) {
    const sev = m.summary.severityRows.filter((r) => r.key !== 'info').map((r) => r.label);
    const head = [L.units, L.systemsCount, L.targetsObserved, ...sev, L.compliance, ...(m.unitTable.withTracker ? [L.stillOpen] : [])];
    const rows = m.unitTable.rows.map((u) => [u.unitName, String(u.systems), `${u.targetsOk} / ${u.targets}`, String(u.critical), String(u.high), String(u.medium), String(u.low), u.compliancePercent === null ? '—' : `${u.compliancePercent}%`, ...(m.unitTable.withTracker ? [String(u.open)] : [])]);
    out.push(`**${mdEscape(L.byUnit)}**`, '', table(head, rows), '');
  }
  if (m.summary.grades.length) out.push(table([L.units, L.system, L.target, '', L.grade, L.trend], m.summary.grades.map((g) => [g.unitName, g.systemName, g.target, g.family, g.grade, g.trend])), '');
  h2(m.sec.findings, L.s3);
  if (m.findings.length === 0) p(L.noFindings);
  else {
    // Every finding is a line: pushed one by one, never one table string.
    const headers = [L.ref, L.severity, L.finding, L.target, L.remediation, L.owner, L.due];
    out.push(tableLine(headers), tableRule(headers));
    for (const f of m.findings) {
      out.push(tableLine([f.ref, f.severityLabel, `${f.title}${f.message ? ` — ${f.message}` : ''}${f.verifyNote ? ` (${f.verifyNote})` : ''}${f.overdue ? ` [${L.overdue}]` : ''}`, `${f.systemName} · ${f.target}`, f.remediation, f.owner, f.due]));
    }
    out.push('');
  }
  if (m.acceptedRisks.length) {
    h2(m.sec.accepted, L.sAccepted);
    p(L.acceptedNote);
    out.push(table(['ID', L.severity, L.finding, L.system, L.acceptReason, L.acceptApprover, L.acceptedUntil], m.acceptedRisks.map((r) => [r.id, r.severityLabel, r.title, `${r.systemName} · ${r.target}`, r.reason, r.approver, r.until])), '');
  }
  h2(m.sec.questionnaires, L.s4);
  if (m.questionnaires.length === 0) p(L.noQuestionnaires);
  else out.push(table([L.system, L.questionnaire, L.respondent, L.pass, L.fail, L.unanswered, L.naShort], m.questionnaires.map((q) => [`${q.systemName} (${q.unitName})`, q.questionnaire, q.respondent, String(q.pass), String(q.fail), String(q.unanswered), String(q.notApplicable)])), '');
  h2(m.sec.frameworks, L.s5);
  out.push(table([L.framework, L.met, L.notMet, L.notAssessed, L.compliance], m.frameworks.map((f) => [f.title, String(f.met), String(f.notMet), String(f.notAssessed), f.percent === null ? '—' : `${f.percent}%`])), '');
  h2(m.sec.periodic, L.s6);
  p(`${L.source}: ${m.periodic.basis}. ${L.orgWide}: ${m.periodic.orgWideDue}. ${L.periodicNote}`);
  out.push(table([L.units, L.system, L.level, L.interval, L.lastAssessment, L.nextDue], m.periodic.rows.map((r) => [r.unitName, r.systemName, r.level, r.interval, r.last, r.nextDue])), '');
  if (m.periodic.anySpecialist) p(L.specialist);
  h2(m.sec.conclusion, L.sConclusion);
  m.conclusion.forEach((c) => p(c));
  h2(m.sec.recommendations, L.s7);
  out.push(`### 1. ${mdEscape(L.toUnits)}`, '');
  m.recommendations.forEach((r, i) => out.push(`${i + 1}\\. ${mdEscape(r)}`));
  out.push('', `### 2. ${mdEscape(L.toSuperior)}`, '');
  m.toSuperior.forEach((r, i) => out.push(`${i + 1}\\. ${mdEscape(r)}`));
  out.push('');
  out.push(`**${m.signer.titleLines.map(mdEscape).join('  \n')}**`, '', `**${mdEscape(m.signer.name)}**`, '');
  out.push(`***${mdEscape(L.recipients)}:***`, '', ...m.recipients.map((r) => `\\- ${mdEscape(r)};`), `\\- ${mdEscape(m.archiveLine)}`, '');
  if (m.annex.length) {
    out.push(`## ${mdEscape(`${L.annexWord} ${m.annexNo.evidence}. ${L.annex}`)}`, '');
    p(L.annexNote);
    for (const a of m.annex) {
      out.push(`### ${mdEscape(`${a.ref}. ${a.title} · ${a.systemName}`)}`, '');
      out.push(table([L.ref, L.target, L.evidence], a.items.map((i) => [i.ref, i.target, i.text])), '');
    }
  }
  out.push(`## ${mdEscape(`${L.annexWord} ${m.annexNo.glossary}. ${L.glossaryTitle}`)}`, '');
  out.push(table([L.severity, L.meaning], m.glossary.severities.map((s) => [s.label, s.meaning])), '');
  out.push(table([L.grade, L.meaning], m.glossary.grades.map((g) => [g.grade, g.meaning])), '');
  out.push(table([L.term, L.meaning], m.glossary.terms.map((g) => [g.term, g.meaning])), '');
}
