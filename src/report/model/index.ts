import { cleanText } from '../sanitize.js';
import { buildAcceptedRisks } from './accepted.js';
import { buildChanges } from './changes.js';
import { buildClosing, buildConclusion } from './closing.js';
import { buildFrameworks, buildQuestionnaires, questionnaireName } from './compliance.js';
import { createBaseContext, createReportContext, createResultsContext, type ReportModelInput } from './context.js';
import type { TrackerReportView } from '../../tracker/index.js';
import { cycleLabel, roman } from './dates.js';
import { buildExecutive } from './executive.js';
import { buildFindings } from './findings.js';
import { buildGlossary } from './glossary.js';
import { buildHeader } from './header.js';
import { buildPeriodic } from './periodic.js';
import { buildAssessment, buildBasisAndScope } from './scope.js';
import { buildSummary, countOutcomes } from './summary.js';
import { buildUnitTable, countUnits } from './units.js';

export type { ReportModelInput } from './context.js';
export { AUTHORITIES, readReportSettings } from './context.js';
export type { FindingRow } from './findings.js';
export { documentSymbol, numberLine } from './header.js';
export { cycleLabel, formatDate, vietnameseDateLine, englishDateLine } from './dates.js';
export { impactOf, likelihoodOf } from './executive.js';

/**
 * The report model: everything a template shows, already in the chosen language, cleaned of
 * control characters and bounded in length. Templates only lay it out (and escape it). One
 * builder per section of templates/partials/ lives in this folder.
 */
export function buildReportModel(input: ReportModelInput): ReportModel {
  return finishReportModel(digestResults(input), input.tracker);
}

/**
 * The first step (see createResultsContext): everything the report takes from the results'
 * rows. What it returns keeps the failing rows and no other: `attt report build` lets go of
 * the results file once this is done, before it reads the tracker.
 */
export function digestResults(input: Omit<ReportModelInput, 'tracker'>) {
  // What the second step is handed holds nothing of the rows: the base context, built once.
  const base = createBaseContext(input);
  const ctx = createResultsContext(base, input.results);
  const frameworks = buildFrameworks(ctx);
  const { questionnaires, annexAnswers } = buildQuestionnaires(ctx);
  return {
    base,
    fails: ctx.fails,
    outcomes: countOutcomes(ctx),
    units: countUnits(ctx),
    frameworks,
    questionnaires,
    annexAnswers,
    questionnaireNames: [...new Set(ctx.units.flatMap((u) => u.systems.flatMap((s) => s.questionnaires)))].map((q) => questionnaireName(q, ctx.lang)),
    periodic: buildPeriodic(ctx),
  };
}

export type ResultsDigest = ReturnType<typeof digestResults>;

/** The second step: the model from the digest of the results and the tracker's view (if any). */
export function finishReportModel(digest: ResultsDigest, tracker: TrackerReportView | undefined) {
  const ctx = createReportContext(digest.base, digest.fails, tracker);
  const { L, lang } = ctx;
  const { frameworks, questionnaires, annexAnswers, periodic } = digest;
  const top = buildHeader(ctx);
  const acceptedRisks = buildAcceptedRisks(ctx);
  const order = ['executive', 'basis', 'assessment', ...(ctx.tracker ? ['changes'] : []), 'summary', 'findings', ...(acceptedRisks.length ? ['accepted'] : []), 'questionnaires', 'frameworks', 'periodic', 'conclusion', 'recommendations'];
  const sec = Object.fromEntries(order.map((k, i) => [k, roman(i + 1)])) as Record<string, string>;
  const { findings, findingGroups, techGroups, policyQuestions, heads, annex } = buildFindings(ctx);
  const { counts, summary } = buildSummary(ctx, digest.outcomes, findingGroups.length);
  const unanswered = digest.outcomes.outcomes.unanswered;
  const scope = buildBasisAndScope(ctx, frameworks.map((f) => ({ id: f.id, title: f.title, source: f.source })));
  const assessment = buildAssessment(ctx, {
    frameworks: frameworks.map((f) => ({ title: f.title.split(/\s+[—–]\s+/)[0], version: f.version })),
    checks: ctx.catalog.size,
    questionnaires: digest.questionnaireNames,
  });
  const changes = buildChanges(ctx);
  const executive = buildExecutive(ctx, heads, findingGroups, counts, unanswered);
  const overdue = ctx.tracker ? ctx.tracker.changes.overdue.filter((id) => ctx.trackerById.has(id) && ctx.failing.has(ctx.trackerById.get(id)!.fingerprint)).length : 0;
  const conclusion = buildConclusion(ctx, {
    counts,
    problems: findingGroups.length,
    unanswered,
    verifyCount: ctx.fails.filter((r) => r.confidence === 'needs-verification' || r.confidence === 'likely').length,
    overdue,
    unreachable: scope.unreachable.length,
    compliance: summary.compliancePercent,
    periodic,
    fixed: executive.fixedCount,
  });
  const closing = buildClosing(ctx);
  const cycle = cycleLabel(ctx.results.cycle, lang);
  // Annexes are numbered in the order they appear (Decree 30 Phụ lục I, III.1: Roman numerals).
  const annexNames = [annex.length ? 'evidence' : '', annexAnswers.length ? 'answers' : '', frameworks.length ? 'frameworks' : '', 'glossary'].filter(Boolean);
  const annexNo = Object.fromEntries(annexNames.map((k, i) => [k, roman(i + 1)])) as Record<string, string>;
  // Notes that point at an annex name it by its number in this report.
  const labels = Object.fromEntries(Object.entries(L).map(([k, v]) => [k, v.replace(/\{(evidence|answers|frameworks|glossary)\}/g, (_m, n: string) => annexNo[n] ?? '')])) as typeof L;
  return {
    lang,
    L: labels,
    kind: ctx.unit ? 'unit' : 'organization',
    sec,
    annexNo,
    ...top,
    executive,
    scope,
    assessment,
    changes,
    summary,
    unitTable: buildUnitTable(ctx, digest.units),
    unanswered,
    findings,
    acceptedRisks,
    findingGroups,
    techGroups,
    policyQuestions,
    questionnaires,
    annexAnswers,
    frameworks,
    periodic,
    ...conclusion,
    ...closing,
    annex,
    glossary: buildGlossary(lang),
    footer: `${L.generated} ${cleanText(ctx.toolVersion ?? ctx.results.tool.version, { max: 20 })} · ${cycle}`,
    documentTitle: `${L.docType} ${top.title.summary}`,
  };
}

export type ReportModel = ReturnType<typeof finishReportModel>;
