import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { writeFileAtomic } from '../../../results/index.js';
import { exportFindings, listFindings, trackerStats, type ExportFormat } from '../../../tracker/index.js';
import type { CliContext } from '../../context.js';
import { table } from '../../terminal.js';
import { addFilterOptions, clock, dbOption, dbPath, openForRead, toFilter, usage, withDb, type DbOption, type FilterOptions } from './shared.js';

/** `attt tracker stats` and `export`. */
export function registerStats(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  const dbOpt = () => dbOption(ctx);
  tracker
    .command('stats')
    .description(t({ vi: 'thống kê theo đơn vị và xu hướng theo kỳ', en: 'statistics per unit and trend per cycle' }))
    .addOption(dbOpt())
    .option('--unit <id>', t({ vi: 'chỉ đơn vị này', en: 'only this unit' }))
    .action((o: DbOption & { unit?: string }) => {
      const now = clock(ctx);
      const st = withDb(openForRead(dbPath(ctx, o), now), (db) => trackerStats(db, { unit: o.unit, now }));
      if (ctx.json) return ctx.out(JSON.stringify(st, null, 2));
      const num = (n: number | null) => (n === null ? '—' : String(n));
      const unitRows = [...st.units, st.total].map((u) => [
        u.unit === '*' ? t({ vi: 'Tổng', en: 'Total' }) : u.unit,
        String(u.open.critical), String(u.open.high), String(u.open.medium), String(u.open.low), String(u.open.info),
        String(u.overdue), String(u.riskAccepted), String(u.fixedThisCycle), num(u.meanDaysToRemediate),
      ]);
      ctx.out(
        [
          ctx.style.bold(t({ vi: `Phát hiện theo đơn vị (kỳ gần nhất: ${st.latestCycle ?? '—'})`, en: `Findings per unit (latest cycle: ${st.latestCycle ?? '—'})` })),
          table(
            [t({ vi: 'Đơn vị', en: 'Unit' }), t({ vi: 'Ng.trọng', en: 'Crit' }), t({ vi: 'Cao', en: 'High' }), t({ vi: 'TB', en: 'Med' }), t({ vi: 'Thấp', en: 'Low' }), t({ vi: 'T.tin', en: 'Info' }), t({ vi: 'Quá hạn', en: 'Overdue' }), t({ vi: 'Chấp nhận', en: 'Accepted' }), t({ vi: 'Đã sửa kỳ này', en: 'Fixed this cycle' }), t({ vi: 'TB ngày khắc phục', en: 'Mean days to fix' })],
            unitRows,
          ),
          '',
          ctx.style.bold(t({ vi: 'Xu hướng theo kỳ (còn mở sau mỗi kỳ)', en: 'Trend per cycle (open after each cycle)' })),
          table(
            [t({ vi: 'Kỳ', en: 'Cycle' }), t({ vi: 'Ng.trọng', en: 'Crit' }), t({ vi: 'Cao', en: 'High' }), t({ vi: 'TB', en: 'Med' }), t({ vi: 'Thấp', en: 'Low' }), t({ vi: 'Mới', en: 'New' }), t({ vi: 'Đã sửa', en: 'Fixed' }), t({ vi: 'Tái phát', en: 'Regressed' })],
            st.trend.map((c) => [c.cycle, String(c.open.critical), String(c.open.high), String(c.open.medium), String(c.open.low), String(c.new), String(c.fixed), String(c.regressed)]),
          ),
        ].join('\n'),
      );
    });
}

export function registerExport(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  const dbOpt = () => dbOption(ctx);
  addFilterOptions(
    tracker
      .command('export')
      .description(t({ vi: 'xuất danh sách phát hiện ra CSV, XLSX hoặc JSON', en: 'export findings as CSV, XLSX or JSON' }))
      .addOption(dbOpt())
      .addOption(new Option('--format <format>', t({ vi: 'định dạng', en: 'format' })).choices(['csv', 'xlsx', 'json']).makeOptionMandatory())
      .option('--out <file>', t({ vi: 'tệp đầu ra (mặc định: stdout, trừ xlsx)', en: 'output file (default stdout, except xlsx)' })),
    ctx,
  ).action(async (o: DbOption & FilterOptions & { format: ExportFormat; out?: string }) => {
    if (o.format === 'xlsx' && !o.out) throw usage({ vi: 'Xuất xlsx cần --out TỆP.', en: 'xlsx export needs --out FILE.' });
    const filter = toFilter(o);
    const now = clock(ctx);
    const findings = withDb(openForRead(dbPath(ctx, o), now), (db) => listFindings(db, filter, now));
    const data = await exportFindings(findings, o.format, ctx.lang);
    if (!o.out) return ctx.out(String(data));
    const out = path.resolve(ctx.cwd, o.out);
    if (!fs.existsSync(path.dirname(out))) throw usage({ vi: `Không có thư mục ${path.dirname(out)}.`, en: `No folder ${path.dirname(out)}.` });
    writeFileAtomic(out, data);
    ctx.note(t({ vi: `Đã xuất ${findings.length} phát hiện ra ${out}.`, en: `Exported ${findings.length} findings to ${out}.` }));
  });
}
