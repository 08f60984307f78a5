import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildReport, type ReportFormat } from '../../report/index.js';
import { readResults } from '../../results/index.js';
import { verifyFile } from '../../signing/index.js';
import type { AppParts, PageContext } from '../app.js';
import { text } from '../texts.js';

const FORMATS: ReportFormat[] = ['html', 'pdf', 'md', 'csv'];
const ORG = '_all';
/** Built report names: <cycle>__<unit or _all>__<UTC stamp>.<format>; the unit decides who may download. */
const REPORT_NAME = /^([A-Za-z0-9._-]{1,64})__([a-z0-9][a-z0-9-]{0,63}|_all)__(\d{8}T\d{6}Z)\.(html|pdf|md|csv)$/;
const SAFE_PART = /^[A-Za-z0-9._-]{1,64}$/;

interface BuiltReport {
  name: string;
  cycle: string;
  unit: string | null;
  builtAt: string;
  format: string;
}

function builtReports(dir: string): BuiltReport[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => {
      const m = REPORT_NAME.exec(name);
      return m ? { name, cycle: m[1], unit: m[2] === ORG ? null : m[2], builtAt: m[3], format: m[4] } : null;
    })
    .filter((r): r is BuiltReport => r !== null)
    .sort((a, b) => (a.builtAt < b.builtAt ? 1 : -1));
}

/** Organisation-wide reports are for those who see every unit; a unit's report for its people. */
function mayHave(parts: AppParts, ctx: PageContext, unit: string | null): boolean {
  return unit === null ? ctx.scope === undefined : parts.canSee(ctx, unit);
}

export function registerReportRoutes(parts: AppParts): void {
  const { app, config } = parts;
  const store = config.store;

  const cyclesWithResults = (ctx: PageContext) =>
    store
      .cycles(ctx.scope)
      .map((c) => ({ cycle: c.cycle, file: [...c.imports].reverse().map((i) => config.resultsFiles.find(i.file, i.sha256)).find((f) => f !== null) ?? null }))
      .filter((c) => SAFE_PART.test(c.cycle));

  const showPage = async (req: Parameters<AppParts['page']>[0], reply: Parameters<AppParts['page']>[1], extra: Record<string, unknown> = {}, status = 200) => {
    const ctx = req.attt!;
    const units = ctx.scope ?? store.facets().units;
    return parts.page(req, reply, 'reports', {
      title: text('reports', req.lang),
      nav: 'reports',
      cycles: cyclesWithResults(ctx),
      units,
      orgWide: ctx.scope === undefined,
      formats: FORMATS,
      built: builtReports(config.reportsDir).filter((r) => mayHave(parts, ctx, r.unit)),
      signOffs: store.signOffs(),
      ...extra,
    }, status);
  };

  app.get('/reports', async (req, reply) => showPage(req, reply));

  app.post('/reports/build', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = req.attt!;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const unit = typeof b.unit === 'string' && b.unit ? b.unit : null;
    if (!mayHave(parts, ctx, unit)) return parts.refuse(req, reply, 403, 'forbidden');
    const format = FORMATS.find((f) => f === b.format);
    const cycle = cyclesWithResults(ctx).find((c) => c.cycle === b.cycle && c.file);
    if (!format || !cycle || (unit !== null && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(unit))) return parts.refuse(req, reply, 400, 'badRequest');
    fs.mkdirSync(config.reportsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const name = `${cycle.cycle}__${unit ?? ORG}__${stamp}.${format}`;
    await buildReport({
      results: readResults(cycle.file!),
      trackerDb: store.location,
      unit: unit ?? undefined,
      format,
      lang: req.lang,
      out: path.join(config.reportsDir, name),
      now: config.now(),
      env: config.env,
    });
    req.session.flash = `${text('saved', req.lang)} ${name}`;
    return reply.redirect('/reports', 303);
  });

  app.get('/reports/file/:name', async (req, reply) => {
    const ctx = req.attt!;
    const name = (req.params as { name: string }).name;
    const m = REPORT_NAME.exec(name);
    if (!m || !mayHave(parts, ctx, m[2] === ORG ? null : m[2])) return parts.refuse(req, reply, 404, 'notFound');
    const file = path.join(config.reportsDir, name);
    if (!fs.existsSync(file)) return parts.refuse(req, reply, 404, 'notFound');
    const types: Record<string, string> = { html: 'text/html; charset=utf-8', pdf: 'application/pdf', md: 'text/markdown; charset=utf-8', csv: 'text/csv; charset=utf-8' };
    return reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
      .type(types[m[4]])
      .send(fs.readFileSync(file));
  });

  // Verify a signature by upload: the same verification as `attt verify`, on temporary copies.
  app.post('/reports/verify', { preHandler: app.csrfProtection }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const report = b.report;
    const sig = b.sig;
    if (!Buffer.isBuffer(report) || !Buffer.isBuffer(sig) || !report.length || !sig.length) return parts.refuse(req, reply, 400, 'badRequest');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-verify-'));
    try {
      const file = path.join(dir, 'report');
      fs.writeFileSync(file, report);
      fs.writeFileSync(`${file}.p7s`, sig);
      let caPath: string | undefined;
      if (Buffer.isBuffer(b.ca) && b.ca.length) {
        caPath = path.join(dir, 'ca.pem');
        fs.writeFileSync(caPath, b.ca);
      }
      const outcome = verifyFile(file, { caPath, now: config.now() });
      const recorded = store.signOffs().filter((s) => s.sha256 === outcome.sha256);
      return showPage(req, reply, {
        verification: {
          status: outcome.status,
          valid: outcome.valid,
          signer: outcome.signer?.subject ?? null,
          signedAt: outcome.signedAt,
          sha256: outcome.sha256,
          problems: outcome.problems.map((p) => p.text[req.lang]),
          recorded,
        },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
