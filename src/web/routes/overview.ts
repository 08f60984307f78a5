import fs from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { SEVERITY_LABEL } from '../../labels.js';
import { complianceFromResults } from '../../questionnaire/index.js';
import { readResults } from '../../results/index.js';
import type { Severity } from '../../results/index.js';
import { localDate } from '../../tracker/index.js';
import type { AppParts, PageContext } from '../app.js';
import { gradeLine, meanGrade, severityBar } from '../charts.js';
import { periodicAssessmentsDue } from '../periodic.js';
import { text } from '../texts.js';
import { inertOnce } from '../views.js';

const DUE_WINDOW_DAYS = 14;

/** Inventory systems (with levels) in the user's scope; else the systems the tracker knows. */
export function systemsInScope(parts: AppParts, ctx: PageContext): Array<{ unit: string; system: string; level?: number; name?: string }> {
  const inv = parts.config.inventory;
  if (inv) {
    return inv.units
      .filter((u) => parts.canSee(ctx, u.id))
      .flatMap((u) => u.systems.map((s) => ({ unit: u.id, system: s.id, level: s.level, name: s.name })));
  }
  return parts.config.store.facets(ctx.scope).systems;
}

/** Compliance per unit from the latest imported results file (re-read only when it changes). */
function complianceReader(): (file: string | null) => Map<string, number | null> {
  let cached: { key: string; value: Map<string, number | null> } | undefined;
  return (file) => {
    if (!file) return new Map();
    let key: string;
    try {
      const st = fs.statSync(file);
      if (st.size > 512 * 1024 * 1024) return new Map();
      key = `${file}:${st.size}:${st.mtimeMs}`;
    } catch {
      return new Map();
    }
    if (cached?.key === key) return cached.value;
    const tallies = new Map<string, { pass: number; all: number }>();
    try {
      for (const c of complianceFromResults(readResults(file).results)) {
        const t = tallies.get(c.unit) ?? { pass: 0, all: 0 };
        t.pass += c.overall.pass;
        t.all += c.overall.pass + c.overall.fail + c.overall.unanswered;
        tallies.set(c.unit, t);
      }
    } catch {
      // A results file that no longer reads is shown as "no data", never as an error page.
    }
    const value = new Map([...tallies].map(([u, t]) => [u, t.all ? Math.round((t.pass / t.all) * 1000) / 10 : null]));
    cached = { key, value };
    return value;
  };
}

export function registerOverviewRoutes(parts: AppParts): void {
  const { app, config } = parts;
  const store = config.store;
  const compliance = complianceReader();
  // The overview is recomputed only when the tracker changed (or the day changed): statistics
  // once, then the page data per scope and language (a few distinct unit sets, bounded below).
  let cache: { key: string; stats: ReturnType<typeof store.stats>; grades: ReturnType<typeof store.gradeHistory>; pages: Map<string, Record<string, unknown>> } | undefined;
  let lastExpiry = 0;

  const sevLabels = (req: FastifyRequest) => Object.fromEntries(Object.entries(SEVERITY_LABEL).map(([k, v]) => [k, v[req.lang]])) as Record<Severity, string>;

  function overviewData(req: FastifyRequest, ctx: PageContext, now: Date): Record<string, unknown> {
    if (Date.now() - lastExpiry > 60_000) {
      lastExpiry = Date.now();
      store.expireAcceptances(now);
    }
    const key = `${store.version()}|${localDate(now)}`;
    if (cache?.key !== key) cache = { key, stats: store.stats(now), grades: store.gradeHistory(), pages: new Map() };
    const pageKey = `${req.lang}|${JSON.stringify(ctx.scope ?? null)}`;
    const known = cache.pages.get(pageKey);
    if (known) return known;
    const { stats, grades } = cache;
    const latest = store.latestImport();
    const comp = compliance(latest ? config.resultsFiles.find(latest.file, latest.sha256) : null);
    const labels = sevLabels(req);
    const units = stats.units
      .filter((u) => parts.canSee(ctx, u.unit))
      .map((u) => {
        const byCycle = new Map<string, string[]>();
        for (const g of grades) if (g.unit === u.unit) byCycle.set(g.cycle, [...(byCycle.get(g.cycle) ?? []), g.grade]);
        const trend = [...byCycle].map(([cycle, gs]) => ({ cycle, grade: meanGrade(gs) ?? '' })).filter((p) => p.grade);
        return {
          ...u,
          compliance: comp.get(u.unit) ?? null,
          chart: severityBar(u.open, labels, `${text('openBySeverity', req.lang)} — ${u.unit}`),
          gradeChart: gradeLine(trend, `${text('gradeTrend', req.lang)} — ${u.unit}`),
          trend,
        };
      });
    const dueFindings = store.dueFindings({ withinDays: DUE_WINDOW_DAYS, units: ctx.scope, now, limit: 20 });
    const page = inertOnce({
      title: text('overview', req.lang),
      nav: 'overview',
      latestCycle: stats.latestCycle,
      units,
      dueWindow: DUE_WINDOW_DAYS,
      dueFindings: dueFindings.findings,
      dueFindingsMore: dueFindings.total - dueFindings.findings.length,
      dueAssessments: periodicAssessmentsDue(store.lastAssessments(systemsInScope(parts, ctx)), { withinDays: DUE_WINDOW_DAYS, now }),
    });
    if (cache.pages.size > 200) cache.pages.clear();
    cache.pages.set(pageKey, page);
    return page;
  }

  app.get('/', async (req, reply) => parts.page(req, reply, 'overview', overviewData(req, req.attt!, config.now())));

  app.get('/due', async (req, reply) => {
    const ctx = req.attt!;
    const now = config.now();
    const raw = Number((req.query as { within?: string }).within ?? DUE_WINDOW_DAYS);
    const within = Number.isInteger(raw) && raw >= 0 && raw <= 3650 ? raw : DUE_WINDOW_DAYS;
    const due = store.dueFindings({ withinDays: within, units: ctx.scope, now, limit: 500 });
    return parts.page(req, reply, 'due', {
      title: text('due', req.lang),
      nav: 'due',
      within,
      findings: due.findings,
      more: due.total - due.findings.length,
      assessments: periodicAssessmentsDue(store.lastAssessments(systemsInScope(parts, ctx)), { withinDays: within, now }),
    });
  });

  app.get('/cycles', async (req, reply) => {
    const ctx = req.attt!;
    return parts.page(req, reply, 'cycles', { title: text('cycles', req.lang), nav: 'cycles', cycles: store.cycles(ctx.scope) });
  });
}
