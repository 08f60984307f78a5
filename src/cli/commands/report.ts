import path from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import { buildReport, REPORT_FORMATS, resultsFromTracker, type ReportFormat } from '../../report/index.js';
import { readResults } from '../../results/index.js';
import type { CliContext } from '../context.js';
import { trackerLocation } from '../options.js';

const EXT_FORMAT: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.pdf': 'pdf', '.md': 'md', '.csv': 'csv' };

export function registerReport(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  const report = program.command('report').description(t({ vi: 'lập báo cáo kiểm tra, đánh giá (HTML, PDF, Markdown, CSV)', en: 'build assessment reports (HTML, PDF, Markdown, CSV)' }));
  report
    .command('build')
    .description(
      t({
        vi: 'lập báo cáo theo thể thức văn bản hành chính (Nghị định 30/2020/NĐ-CP) từ results.json; --lang en cho bản tiếng Anh',
        en: 'build the report in Vietnamese administrative format (Decree 30/2020) from results.json; --lang en for the English edition',
      }),
    )
    .option('--results <file>', t({ vi: 'tệp results.json của đợt kiểm tra; bỏ trống khi --tracker chứa các gói đã hợp nhất (attt bundle merge)', en: 'the audit results.json; leave out when --tracker holds merged bundles (attt bundle merge)' }))
    .option('--cycle <id>', t({ vi: 'kỳ cần lập báo cáo khi lấy kết quả từ --tracker (mặc định: kỳ mới nhất)', en: 'the cycle to report on when the results come from --tracker (default: the newest)' }))
    .option('--tracker <db>', t({ vi: 'cơ sở dữ liệu theo dõi khắc phục (trạng thái, quá hạn, thay đổi so với đợt trước)', en: 'remediation tracker database (status, overdue, changes since the last cycle)' }))
    .option('--unit <id>', t({ vi: 'báo cáo riêng của một đơn vị (thủ trưởng đơn vị ký); mặc định: báo cáo tổng hợp', en: 'report of one unit (signed by its head); default: consolidated report' }))
    .addOption(new Option('--format <format>', t({ vi: 'định dạng (mặc định theo đuôi tệp --out)', en: 'format (default: from the --out extension)' })).choices([...REPORT_FORMATS]))
    .requiredOption('--out <file>', t({ vi: 'tệp báo cáo cần ghi', en: 'report file to write' }))
    .option('--template <dir>', t({ vi: 'thư mục mẫu thay thế (report.html.hbs, partials/<phần>.hbs)', en: 'folder of replacement templates (report.html.hbs, partials/<section>.hbs)' }))
    .action(async (opts: { results?: string; cycle?: string; tracker?: string; unit?: string; format?: ReportFormat; out: string; template?: string }) => {
      const out = path.resolve(ctx.cwd, opts.out);
      const format = opts.format ?? EXT_FORMAT[path.extname(out).toLowerCase()];
      if (!format) {
        throw new UsageError({
          vi: `Không suy ra được định dạng từ ${opts.out}; hãy thêm --format html|pdf|md|csv.`,
          en: `Cannot tell the format from ${opts.out}; add --format html|pdf|md|csv.`,
        });
      }
      if (!opts.results && !opts.tracker) {
        throw new UsageError({ vi: 'Cần --results TỆP, hoặc --tracker CSDL chứa các gói đã hợp nhất.', en: 'Give --results FILE, or --tracker DB holding merged bundles.' });
      }
      await buildReport({
        // Not kept in a variable here: buildReport lets go of the results once its model is built.
        results: opts.results ? readResults(path.resolve(ctx.cwd, opts.results)) : resultsFromTracker(trackerLocation(ctx.cwd, {}, opts.tracker)!, opts.cycle),
        trackerDb: trackerLocation(ctx.cwd, {}, opts.tracker),
        unit: opts.unit,
        format,
        lang: ctx.lang,
        out,
        templateDir: opts.template ? path.resolve(ctx.cwd, opts.template) : undefined,
        env: ctx.env,
      });
      if (ctx.json) ctx.out(JSON.stringify({ out, format, lang: ctx.lang, unit: opts.unit ?? null }, null, 2));
      else ctx.out(t({ vi: `Đã ghi báo cáo: ${out}`, en: `Report written: ${out}` }));
    });
}
