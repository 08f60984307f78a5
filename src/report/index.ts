import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { Lang } from '../i18n.js';
import { toolVersion } from '../paths.js';
import { openAtomicOutput } from '../files/index.js';
import { writeFileAtomic } from '../results/index.js';
import type { Result, Results } from '../results/index.js';
import type { TrackerReportView } from '../tracker/index.js';
import { loadReportCatalog } from './catalog.js';
import { renderCsv, writeCsv } from './csv.js';
import { loadFrameworks, selectFrameworks } from './frameworks.js';
import { renderMarkdown, writeMarkdown } from './markdown.js';
import { digestResults, finishReportModel, type ReportModel } from './model/index.js';
import { compileHtmlTemplates } from './render.js';

export type ReportFormat = 'html' | 'pdf' | 'md' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'md', 'csv'];

export interface BuildReportOptions {
  results: Results;
  /** Remediation tracker database: adds status, owner, due, overdue and "since the last audit". */
  trackerDb?: string;
  /** Report for one unit (its head signs); the consolidated report for the organisation when absent. */
  unit?: string;
  format: ReportFormat;
  lang: Lang;
  out: string;
  /** Folder whose `report.html.hbs` / `partials/<name>.hbs` replace the shipped templates. */
  templateDir?: string;
  /** The report date (place/date line, overdue); default now. */
  now?: Date;
  /** Environment for ATTT_CHROMIUM (PDF). */
  env?: NodeJS.ProcessEnv;
  /** Framework folder (tests); default checks/frameworks. */
  frameworksDir?: string;
}

/**
 * The reader of the tracker's view of a cycle for the report (contract: TrackerReportView),
 * once the database is known to be there: a missing file is refused before the results are read.
 */
async function trackerViewReader(dbPath: string): Promise<(cycle: string, unit: string | undefined, now: Date) => TrackerReportView> {
  // The tracker's public entry, typed; loaded only with --tracker (it opens native SQLite).
  const { isPostgresLocation, readTrackerForReport } = await import('../tracker/index.js');
  // A PostgreSQL URL is checked by connecting (its errors never show the password).
  if (!isPostgresLocation(dbPath) && !fs.existsSync(dbPath)) {
    throw new InputError('ATTT_TRACKER_MISSING', {
      vi: `Không có cơ sở dữ liệu theo dõi ${dbPath}. Hãy chạy "attt tracker import" trước, hoặc bỏ --tracker.`,
      en: `Tracker database ${dbPath} does not exist. Run "attt tracker import" first, or leave out --tracker.`,
    });
  }
  return (cycle, unit, now) => readTrackerForReport(dbPath, { cycle, unit, now });
}

/**
 * The tracker keeps its own copy of each finding's fingerprint and message; where it says what
 * the results file says, the file's one copy stands for both (a province's report holds 100,000s of them).
 */
function shareMessages(view: TrackerReportView, fails: readonly Result[]): TrackerReportView {
  const failing = new Map<string, Result>();
  for (const r of fails) failing.set(r.fingerprint, r);
  for (const f of view.findings) {
    const r = failing.get(f.fingerprint);
    if (!r) continue;
    f.fingerprint = r.fingerprint;
    if (r.message !== f.message && r.message.vi === f.message.vi && r.message.en === f.message.en) f.message = r.message;
  }
  return view;
}

/**
 * Build the report model (no output): for tests and other writers. In two steps (see
 * digestResults): the results' rows, then the tracker. With `handOver`, `opts.results` is
 * cleared between them, so that a caller holding no other reference lets the collector have
 * the passed rows before the tracker is read (`attt report build` of a province).
 */
export async function buildModel(opts: Omit<BuildReportOptions, 'format' | 'out'>, { handOver = false } = {}): Promise<ReportModel> {
  const now = opts.now ?? new Date();
  const frameworks = selectFrameworks(loadFrameworks(opts.frameworksDir), opts.results.inventory.frameworks);
  const catalog = await loadReportCatalog();
  const readView = opts.trackerDb ? await trackerViewReader(opts.trackerDb) : undefined;
  const digest = digestResults({ results: opts.results, unit: opts.unit, lang: opts.lang, now, catalog, frameworks, toolVersion: toolVersion() });
  if (handOver) (opts as { results?: Results }).results = undefined;
  const tracker = readView ? shareMessages(readView(digest.base.results.cycle, opts.unit, now), digest.fails) : undefined;
  return finishReportModel(digest, tracker);
}

/** Render a model to the bytes of one format. */
export async function renderReport(model: ReportModel, format: ReportFormat, opts: { templateDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string | Buffer> {
  switch (format) {
    case 'html':
      return compileHtmlTemplates(opts.templateDir).render(model);
    case 'pdf':
      // pdf-lib (and Chromium) load only for a PDF: every other command starts faster.
      return (await import('./pdf.js')).htmlToPdf(compileHtmlTemplates(opts.templateDir).render(model), opts.env);
    case 'md':
      return renderMarkdown(model);
    case 'csv':
      return renderCsv(model);
  }
}

/**
 * `attt report build`: results.json (+ tracker) → one report file, written atomically (a
 * failure leaves no partial file). Public API used by `attt demo`.
 */
export async function buildReport(opts: {
  results: Results;
  trackerDb?: string;
  unit?: string;
  format: 'html' | 'pdf' | 'md' | 'csv';
  lang: 'vi' | 'en';
  out: string;
  templateDir?: string;
  now?: Date;
  env?: NodeJS.ProcessEnv;
}): Promise<{ out: string }> {
  if (!REPORT_FORMATS.includes(opts.format)) {
    throw new InputError('ATTT_REPORT_FORMAT', { vi: `Định dạng không hỗ trợ: ${String(opts.format)} (html, pdf, md, csv).`, en: `Unsupported format: ${String(opts.format)} (html, pdf, md, csv).` });
  }
  const outDir = path.dirname(path.resolve(opts.out));
  if (!fs.existsSync(outDir)) {
    throw new InputError('ATTT_OUT_DIR', { vi: `Thư mục ${outDir} không tồn tại.`, en: `Folder ${outDir} does not exist.` });
  }
  // The results (the largest thing in memory) go as soon as their rows are read.
  const model = await buildModel(opts, { handOver: true });
  if (opts.format !== 'pdf') {
    // Written as it renders: a province's report is hundreds of MB, never one string here.
    const out = openAtomicOutput(opts.out);
    try {
      if (opts.format === 'html') compileHtmlTemplates(opts.templateDir).renderTo(model, out);
      else if (opts.format === 'md') writeMarkdown(model, (text) => out.write(text));
      else writeCsv(model, (text) => out.write(text));
      out.commit();
    } catch (error) {
      out.discard();
      throw error;
    }
    return { out: opts.out };
  }
  const data = await renderReport(model, opts.format, { templateDir: opts.templateDir, env: opts.env });
  writeFileAtomic(opts.out, data);
  return { out: opts.out };
}

export { buildReportModel } from './model/index.js';
export type { ReportModel } from './model/index.js';
export { loadFrameworks, evaluateFramework, selectFrameworks } from './frameworks.js';
export { periodicDue } from './decree85.js';
export { chromiumPath } from './chromium.js';
export { combineUnitResults, resultsFromTracker } from './combine.js';
