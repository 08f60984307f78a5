import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { InputError, TemplateRenderError } from '../errors.js';
import { packagePath } from '../paths.js';
import type { AtomicOutput } from '../files/index.js';
import { embeddedFontCss, withFontSymbols } from './fonts.js';
import { EachSpooler, SPOOL_FROM_ITEMS } from './spool.js';
import type { ReportModel } from './model/index.js';

/** The partials of the HTML report, one per section (templates/partials/<name>.hbs). */
export const PARTIALS = [
  'styles',
  'header',
  'title',
  'executive',
  'scope',
  'assessment',
  'changes',
  'summary',
  'findings',
  'accepted',
  'questionnaires',
  'frameworks',
  'periodic',
  'conclusion',
  'recommendations',
  'signatures',
  'annex',
] as const;

export const LAYOUT = 'report.html.hbs';

export function shippedTemplatesDir(): string {
  return packagePath('templates');
}

function readTemplate(name: string, overrideDir: string | undefined): { file: string; source: string } {
  const candidates = [overrideDir ? path.join(overrideDir, name) : undefined, path.join(shippedTemplatesDir(), name)].filter(
    (x): x is string => x !== undefined,
  );
  for (const file of candidates) {
    if (fs.existsSync(file)) return { file, source: fs.readFileSync(file, 'utf8') };
  }
  throw new TemplateRenderError({ vi: `Không tìm thấy mẫu ${name}.`, en: `Template ${name} not found.` });
}

/**
 * Compile the layout and the partials: the shipped ones, each replaced by a file of the same
 * name in `overrideDir` (`--template DIR`: `DIR/report.html.hbs`, `DIR/partials/<name>.hbs`).
 * A private Handlebars environment with escaping on: templates must use `{{…}}` for data;
 * the only triple-stash in the shipped layout is the stylesheet, which comes from a template.
 */
export function compileHtmlTemplates(overrideDir?: string, opts: { spoolFrom?: number } = {}): HtmlTemplates {
  if (overrideDir && !fs.existsSync(overrideDir)) {
    throw new InputError('ATTT_TEMPLATE_DIR', {
      vi: `Không có thư mục mẫu ${overrideDir}.`,
      en: `Template folder ${overrideDir} does not exist.`,
    });
  }
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('isNum', (a: unknown) => typeof a === 'number' && Number.isFinite(a));
  hb.registerHelper('inc', (a: unknown) => Number(a) + 1);
  const spooler = new EachSpooler(hb, opts.spoolFrom ?? SPOOL_FROM_ITEMS);
  const compile = (name: string) => {
    const { file, source } = readTemplate(name, overrideDir);
    try {
      return hb.compile(source, { strict: false, preventIndent: true });
    } catch (error) {
      throw new TemplateRenderError({ vi: `Mẫu ${file} có lỗi cú pháp: ${(error as Error).message}`, en: `Template ${file} has a syntax error: ${(error as Error).message}` }, { cause: error });
    }
  };
  const partials = Object.fromEntries(PARTIALS.map((p) => [p, compile(path.join('partials', `${p}.hbs`))]));
  for (const [name, tpl] of Object.entries(partials)) hb.registerPartial(name, tpl);
  const layout = compile(LAYOUT);
  const page = (model: ReportModel): string => {
    try {
      // The stylesheet is a template too; it sees only the language, never finding data.
      // The embedded typeface comes first, so a replaced stylesheet still gets it.
      const css = `${embeddedFontCss()}\n${partials.styles({ lang: model.lang })}`;
      const styleHash = createHash('sha256').update(css, 'utf8').digest('base64');
      // Nothing inside may run or load: no script source at all, styles only by hash, fonts only
      // from the report itself.
      const csp = `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; font-src data:; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;
      return withFontSymbols(layout({ ...model, css, csp }, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }));
    } catch (error) {
      if (error instanceof TemplateRenderError) throw error;
      throw new TemplateRenderError({ vi: `Không dựng được báo cáo từ mẫu: ${(error as Error).message}`, en: `Cannot render the report template: ${(error as Error).message}` }, { cause: error });
    }
  };
  return {
    render: page,
    renderTo(model: ReportModel, out: AtomicOutput): void {
      spooler.start(out.target);
      try {
        spooler.finish(page(model), out);
      } finally {
        spooler.stop();
      }
    },
  };
}

export interface HtmlTemplates {
  /** The whole page as one string (the PDF printer takes it so). */
  render(model: ReportModel): string;
  /** The same page, byte for byte, written to `out` without ever being one string (see EachSpooler). */
  renderTo(model: ReportModel, out: AtomicOutput): void;
}
