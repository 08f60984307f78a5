import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { InputError } from '../../errors.js';
import type { Localized } from '../../i18n.js';
import { readResults, writeFileAtomic } from '../../results/index.js';
import { SEVERITIES, type Severity } from '../../results/index.js';
import { openTracker, type TrackerDb } from '../../tracker/index.js';
import { exportFindings, type ExportFormat } from '../../tracker/index.js';
import { acceptRisk, expireAcceptancesNow, listFindings, parseWhere, showFinding, updateFinding, updateFindings, type ListFilter } from '../../tracker/index.js';
import { verifyChain } from '../../tracker/index.js';
import { hasExpiredAcceptances, importResults, sha256File } from '../../tracker/index.js';
import { FINDING_STATUSES, SEVERITY_TEXT, STATUS_TEXT, type FindingJson, type SlaDays } from '../../tracker/index.js';
import { trackerStats } from '../../tracker/index.js';
import type { CliContext } from '../context.js';
import { pad, progressLine, sanitizeTerminal, table } from '../terminal.js';

interface DbOption {
  db: string;
}

function usage(text: Localized): InputError {
  return new InputError('ATTT_TRACKER_USAGE', text);
}

/** The clock: ATTT_NOW (ISO date or time) lets tests and demos replay a date; otherwise now. */
function clock(ctx: CliContext): Date {
  const raw = ctx.env.ATTT_NOW;
  if (!raw) return new Date();
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw usage({ vi: `ATTT_NOW không phải thời điểm hợp lệ: "${raw}".`, en: `ATTT_NOW is not a valid time: "${raw}".` });
  return d;
}

function actorOf(ctx: CliContext, given?: string): string {
  return given?.trim() || ctx.env.ATTT_ACTOR || ctx.env.USER || ctx.env.USERNAME || 'attt';
}

function dbPath(ctx: CliContext, opts: DbOption): string {
  return path.resolve(ctx.cwd, opts.db);
}

/**
 * Read commands open read-only; only when a risk acceptance has expired do they reopen
 * read-write to record that (the lifecycle rule "expiry is evaluated at list time").
 */
function openForRead(file: string, now: Date): TrackerDb {
  const db = openTracker(file, { readonly: true });
  if (!hasExpiredAcceptances(db, now)) return db;
  db.close();
  const rw = openTracker(file);
  expireAcceptancesNow(rw, now);
  return rw;
}

function withDb<T>(db: TrackerDb, fn: (db: TrackerDb) => T): T {
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function splitList<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length) {
    throw usage({
      vi: `Giá trị không hợp lệ cho ${what}: ${bad.join(', ')}. Chọn trong: ${allowed.join(', ')}.`,
      en: `Invalid value for ${what}: ${bad.join(', ')}. Choose from: ${allowed.join(', ')}.`,
    });
  }
  return items as T[];
}

function parseSla(spec: string | undefined): SlaDays | undefined {
  if (!spec) return undefined;
  const sla: SlaDays = {};
  for (const part of spec.split(',')) {
    const m = /^\s*(critical|high|medium|low|info)\s*=\s*(\d{1,4})\s*$/.exec(part);
    if (!m) {
      throw usage({
        vi: `--sla không hợp lệ: "${part}". Viết dạng critical=7,high=30,medium=90,low=180.`,
        en: `Invalid --sla: "${part}". Write it as critical=7,high=30,medium=90,low=180.`,
      });
    }
    sla[m[1] as Severity] = Number(m[2]);
  }
  return sla;
}

interface FilterOptions {
  unit?: string;
  system?: string;
  severity?: string;
  status?: string;
  overdue?: boolean;
  owner?: string;
  regression?: boolean;
}

function addFilterOptions(cmd: Command, ctx: CliContext): Command {
  return cmd
    .option('--unit <id>', ctx.t({ vi: 'chỉ đơn vị này', en: 'only this unit' }))
    .option('--system <id>', ctx.t({ vi: 'chỉ hệ thống này', en: 'only this system' }))
    .option('--severity <list>', ctx.t({ vi: 'mức độ, phân tách bằng dấu phẩy (critical,high,…)', en: 'severities, comma-separated (critical,high,…)' }))
    .option('--status <list>', ctx.t({ vi: 'trạng thái, phân tách bằng dấu phẩy (open,in_progress,…)', en: 'statuses, comma-separated (open,in_progress,…)' }))
    .option('--overdue', ctx.t({ vi: 'chỉ các phát hiện quá hạn', en: 'only overdue findings' }))
    .option('--owner <name>', ctx.t({ vi: 'chỉ của người phụ trách này', en: 'only this owner' }))
    .option('--regression', ctx.t({ vi: 'chỉ các phát hiện tái phát', en: 'only regressions' }));
}

function toFilter(o: FilterOptions): ListFilter {
  return {
    unit: o.unit,
    system: o.system,
    owner: o.owner,
    overdue: o.overdue,
    regression: o.regression,
    severity: splitList(o.severity, SEVERITIES, '--severity'),
    status: splitList(o.status, FINDING_STATUSES, '--status'),
  };
}

function findingsTable(ctx: CliContext, findings: FindingJson[]): string {
  const t = ctx.t;
  const s = ctx.style;
  const rows = findings.map((f) => [
    f.id,
    t(SEVERITY_TEXT[f.severity]),
    t(STATUS_TEXT[f.status]) + (f.regression ? t({ vi: ' (tái phát)', en: ' (regression)' }) : ''),
    f.unit,
    f.system,
    f.target,
    f.checkId,
    f.owner ?? '',
    f.due ? (f.overdue ? `${f.due} !` : f.due) : '',
    f.lastSeen,
  ]);
  return table(
    [t({ vi: 'Mã', en: 'ID' }), t({ vi: 'Mức độ', en: 'Severity' }), t({ vi: 'Trạng thái', en: 'Status' }), t({ vi: 'Đơn vị', en: 'Unit' }), t({ vi: 'Hệ thống', en: 'System' }), t({ vi: 'Đối tượng', en: 'Target' }), t({ vi: 'Kiểm tra', en: 'Check' }), t({ vi: 'Phụ trách', en: 'Owner' }), t({ vi: 'Hạn', en: 'Due' }), t({ vi: 'Thấy lần cuối', en: 'Last seen' })],
    rows,
    { maxWidths: [10, 14, 28, 18, 18, 40, 34, 18, 13, 14], style: s },
  );
}

export function registerTracker(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  const tracker = program
    .command('tracker')
    .description(t({ vi: 'theo dõi khắc phục: vòng đời phát hiện qua các kỳ đánh giá, lịch sử chống sửa đổi', en: 'remediation tracker: findings lifecycle across audit cycles, tamper-evident history' }));
  const dbOpt = () => new Option('--db <file>', t({ vi: 'tệp cơ sở dữ liệu theo dõi', en: 'tracker database file' })).default('attt.db');

  tracker
    .command('import')
    .description(t({ vi: 'nhập results.json của một kỳ (nhập lại cùng tệp không thay đổi gì)', en: "import one cycle's results.json (re-importing the same file changes nothing)" }))
    .argument('<results>', t({ vi: 'tệp results.json', en: 'results.json file' }))
    .addOption(dbOpt())
    .option('--actor <name>', t({ vi: 'người thực hiện (ghi vào lịch sử)', en: 'who does this (recorded in the history)' }))
    .option('--sla <spec>', t({ vi: 'số ngày khắc phục theo mức độ, mặc định critical=7,high=30,medium=90,low=180', en: 'days to remediate per severity, default critical=7,high=30,medium=90,low=180' }))
    .action((file: string, o: DbOption & { actor?: string; sla?: string }) => {
      const resultsPath = path.resolve(ctx.cwd, file);
      const sla = parseSla(o.sla);
      const now = clock(ctx);
      // Validate the results before the database is opened or created.
      const results = readResults(resultsPath);
      const sha256 = sha256File(resultsPath);
      const db = openTracker(dbPath(ctx, o), { create: true });
      const started = Date.now();
      const pauseAt = Number(ctx.env.ATTT_TRACKER_TEST_PAUSE_AT ?? 0);
      let paused = false;
      const summary = withDb(db, (d) =>
        importResults(d, results, { file: path.basename(resultsPath), sha256 }, {
          actor: actorOf(ctx, o.actor),
          now,
          sla,
          onProgress: (done, total) => {
            if (ctx.stderrIsTTY && !ctx.quiet && !ctx.json) process.stderr.write(`\r${progressLine(done, total, results.cycle, started)}`);
            // Test hook (test/tracker/process.test.ts): stop inside the transaction so a test can SIGKILL here.
            if (pauseAt > 0 && !paused && done >= pauseAt) {
              paused = true;
              process.stderr.write('ATTT_TEST_PAUSED\n');
              Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
            }
          },
        }),
      );
      if (ctx.stderrIsTTY && !ctx.quiet && !ctx.json) process.stderr.write('\n');
      if (ctx.json) return ctx.out(JSON.stringify(summary, null, 2));
      if (summary.alreadyImported) {
        ctx.out(t({ vi: `Tệp này (kỳ ${summary.cycle}) đã được nhập trước đó; không có gì thay đổi.`, en: `This file (cycle ${summary.cycle}) was imported before; nothing changed.` }));
      } else {
        ctx.out(
          t({
            vi: `Đã nhập kỳ ${summary.cycle}${summary.cycleUpdated ? ' (cập nhật kỳ đã có)' : ''}: ${summary.results} kết quả · ${summary.opened} phát hiện mới · ${summary.stillFailing} vẫn còn · ${summary.fixed} đã khắc phục · ${summary.regressed} tái phát · ${summary.reopened} mở lại.`,
            en: `Imported cycle ${summary.cycle}${summary.cycleUpdated ? ' (update of an existing cycle)' : ''}: ${summary.results} results · ${summary.opened} new findings · ${summary.stillFailing} still failing · ${summary.fixed} fixed · ${summary.regressed} regressed · ${summary.reopened} reopened.`,
          }),
        );
      }
      if (summary.targetsNotObserved) {
        ctx.note(t({ vi: `${summary.targetsNotObserved} đối tượng lỗi hoặc ngoài phạm vi: các phát hiện của chúng giữ nguyên.`, en: `${summary.targetsNotObserved} targets errored or were out of scope: their findings were left unchanged.` }));
      }
      if (summary.expired) ctx.note(t({ vi: `${summary.expired} chấp nhận rủi ro đã hết hạn và được mở lại.`, en: `${summary.expired} risk acceptances expired and were reopened.` }));
    });

  addFilterOptions(
    tracker.command('list').description(t({ vi: 'liệt kê phát hiện (bảng, hoặc --json)', en: 'list findings (table, or --json)' })).addOption(dbOpt()),
    ctx,
  ).action((o: DbOption & FilterOptions) => {
    const filter = toFilter(o);
    const now = clock(ctx);
    const findings = withDb(openForRead(dbPath(ctx, o), now), (db) => listFindings(db, filter, now));
    if (ctx.json) return ctx.out(JSON.stringify(findings, null, 2));
    if (!findings.length) return ctx.out(t({ vi: 'Không có phát hiện nào khớp.', en: 'No matching findings.' }));
    ctx.out(findingsTable(ctx, findings));
    ctx.note(t({ vi: `${findings.length} phát hiện (! = quá hạn).`, en: `${findings.length} findings (! = overdue).` }));
  });

  tracker
    .command('show')
    .description(t({ vi: 'chi tiết và lịch sử một phát hiện (F-0042 hoặc dấu vân tay)', en: 'details and history of one finding (F-0042 or fingerprint)' }))
    .argument('<id>', t({ vi: 'mã phát hiện', en: 'finding id' }))
    .addOption(dbOpt())
    .action((id: string, o: DbOption) => {
      const now = clock(ctx);
      const f = withDb(openForRead(dbPath(ctx, o), now), (db) => showFinding(db, id, now));
      if (ctx.json) return ctx.out(JSON.stringify(f, null, 2));
      const s = ctx.style;
      const line = (label: Localized, value: string | null) => `${s.bold(pad(t(label), 26))} ${sanitizeTerminal(value ?? '—')}`;
      const out = [
        s.bold(`${f.id}  ${f.checkId}`),
        line({ vi: 'Mô tả', en: 'Description' }, t(f.message)),
        line({ vi: 'Mức độ', en: 'Severity' }, t(SEVERITY_TEXT[f.severity])),
        line({ vi: 'Trạng thái', en: 'Status' }, t(STATUS_TEXT[f.status]) + (f.regression ? t({ vi: ' (tái phát)', en: ' (regression)' }) : '')),
        line({ vi: 'Đơn vị / hệ thống', en: 'Unit / system' }, `${f.unit} / ${f.system}`),
        line({ vi: 'Đối tượng', en: 'Target' }, f.target),
        line({ vi: 'Người phụ trách', en: 'Owner' }, f.owner),
        line({ vi: 'Hạn xử lý', en: 'Due' }, f.due ? `${f.due}${f.overdue ? t({ vi: ' (quá hạn)', en: ' (overdue)' }) : ''}` : null),
        line({ vi: 'Kỳ phát hiện / gần nhất', en: 'First / last seen' }, `${f.firstSeen} / ${f.lastSeen}`),
        ...(f.fixedCycle ? [line({ vi: 'Khắc phục ở kỳ', en: 'Fixed in cycle' }, f.fixedCycle)] : []),
        ...(f.acceptedUntil ? [line({ vi: 'Chấp nhận rủi ro đến', en: 'Risk accepted until' }, `${f.acceptedUntil} (${f.acceptApprover ?? ''}: ${f.acceptReason ?? ''})`)] : []),
        line({ vi: 'Dấu vân tay', en: 'Fingerprint' }, f.fingerprint),
        line({ vi: 'Bằng chứng', en: 'Evidence' }, JSON.stringify(f.evidence)),
        '',
        s.bold(t({ vi: 'Lịch sử', en: 'History' })),
        table(
          ['#', t({ vi: 'Thời điểm', en: 'Time' }), t({ vi: 'Sự kiện', en: 'Event' }), t({ vi: 'Người', en: 'Actor' }), t({ vi: 'Thay đổi', en: 'Change' }), t({ vi: 'Ghi chú', en: 'Note' })],
          f.history.map((h) => [String(h.seq), h.at.replace('T', ' ').slice(0, 19), h.type + (h.cycle ? ` (${h.cycle})` : ''), h.actor, h.before || h.after ? `${JSON.stringify(h.before)} → ${JSON.stringify(h.after)}` : '', h.note ?? '']),
          { maxWidths: [6, 19, 30, 16, 60, 50] },
        ),
      ];
      ctx.out(out.join('\n'));
    });

  tracker
    .command('update')
    .description(t({ vi: 'đổi trạng thái, người phụ trách, hạn, hoặc thêm ghi chú (một phát hiện, hoặc nhiều với --where)', en: 'change status, owner, due date, or add a note (one finding, or many with --where)' }))
    .argument('[id]', t({ vi: 'mã phát hiện (bỏ trống khi dùng --where)', en: 'finding id (omit with --where)' }))
    .addOption(dbOpt())
    .option('--where <expr>', t({ vi: "chọn nhiều phát hiện: 'unit=X severity>=high status=open' (khóa: unit, system, owner, check, severity, status, overdue, regression)", en: "select many findings: 'unit=X severity>=high status=open' (keys: unit, system, owner, check, severity, status, overdue, regression)" }))
    .addOption(new Option('--status <status>', t({ vi: 'trạng thái mới', en: 'new status' })).choices(['open', 'in_progress', 'fixed', 'false_positive']))
    .option('--owner <name>', t({ vi: 'người phụ trách ("" để bỏ)', en: 'owner ("" to clear)' }))
    .option('--due <date>', t({ vi: 'hạn xử lý YYYY-MM-DD hoặc dd/mm/yyyy', en: 'due date YYYY-MM-DD or dd/mm/yyyy' }))
    .option('--note <text>', t({ vi: 'ghi chú vào lịch sử', en: 'note for the history' }))
    .option('--actor <name>', t({ vi: 'người thực hiện', en: 'who does this' }))
    .addHelpText('after', t({
      vi: `\nVí dụ:\n  attt tracker update F-0042 --status in_progress --owner "Trần Thị B"\n  attt tracker update --where 'unit=van-phong severity>=high status=open' --owner "Trần Thị B <b@example.gov.vn>" --due 31/01/2027`,
      en: `\nExamples:\n  attt tracker update F-0042 --status in_progress --owner "Tran Thi B"\n  attt tracker update --where 'unit=van-phong severity>=high status=open' --owner "Tran Thi B <b@example.gov.vn>" --due 2027-01-31`,
    }))
    .action((id: string | undefined, o: DbOption & { where?: string; status?: 'open' | 'in_progress' | 'fixed' | 'false_positive'; owner?: string; due?: string; note?: string; actor?: string }) => {
      const now = clock(ctx);
      const change = { status: o.status, owner: o.owner, due: o.due, note: o.note, actor: actorOf(ctx, o.actor), now };
      if ((id === undefined) === (o.where === undefined)) {
        throw usage({ vi: `Cho đúng một trong hai: mã phát hiện hoặc --where (nhận được ${id ? `"${id}" và --where "${o.where}"` : 'không có gì'}).`, en: `Give exactly one of: a finding id or --where (got ${id ? `"${id}" and --where "${o.where}"` : 'neither'}).` });
      }
      if (o.where !== undefined) {
        const filter = parseWhere(o.where);
        const changed = withDb(openTracker(dbPath(ctx, o)), (db) => updateFindings(db, filter, change));
        if (ctx.json) return ctx.out(JSON.stringify(changed, null, 2));
        ctx.out(t({ vi: `Đã cập nhật ${changed.length} phát hiện khớp "${o.where}"${changed.length ? `: ${changed.map((f) => f.id).join(', ')}` : ''}.`, en: `Updated ${changed.length} finding(s) matching "${o.where}"${changed.length ? `: ${changed.map((f) => f.id).join(', ')}` : ''}.` }));
        return;
      }
      const f = withDb(openTracker(dbPath(ctx, o)), (db) => updateFinding(db, id!, change));
      if (ctx.json) return ctx.out(JSON.stringify(f, null, 2));
      ctx.out(t({ vi: `Đã cập nhật ${f.id}: ${t(STATUS_TEXT[f.status])}, phụ trách ${f.owner ?? '—'}, hạn ${f.due ?? '—'}.`, en: `Updated ${f.id}: ${t(STATUS_TEXT[f.status])}, owner ${f.owner ?? '—'}, due ${f.due ?? '—'}.` }));
    });

  tracker
    .command('accept')
    .description(t({ vi: 'chấp nhận rủi ro có thời hạn (hết hạn thì mở lại)', en: 'accept a risk until a date (it reopens when that passes)' }))
    .argument('<id>', t({ vi: 'mã phát hiện', en: 'finding id' }))
    .addOption(dbOpt())
    .requiredOption('--until <date>', t({ vi: 'đến ngày YYYY-MM-DD', en: 'until YYYY-MM-DD' }))
    .requiredOption('--reason <text>', t({ vi: 'lý do chấp nhận', en: 'why the risk is accepted' }))
    .requiredOption('--approver <name>', t({ vi: 'người phê duyệt', en: 'who approved it' }))
    .option('--actor <name>', t({ vi: 'người thực hiện', en: 'who does this' }))
    .action((id: string, o: DbOption & { until: string; reason: string; approver: string; actor?: string }) => {
      const now = clock(ctx);
      const f = withDb(openTracker(dbPath(ctx, o)), (db) => acceptRisk(db, id, { until: o.until, reason: o.reason, approver: o.approver, actor: actorOf(ctx, o.actor), now }));
      if (ctx.json) return ctx.out(JSON.stringify(f, null, 2));
      ctx.out(t({ vi: `Đã chấp nhận rủi ro ${f.id} đến hết ngày ${f.acceptedUntil}.`, en: `Risk of ${f.id} accepted until the end of ${f.acceptedUntil}.` }));
    });

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

  tracker
    .command('verify')
    .description(t({ vi: 'kiểm tra chuỗi băm của lịch sử; mã thoát 1 nếu bị sửa, xóa hoặc chèn', en: 'verify the hash-chained history; exit 1 if edited, deleted or inserted' }))
    .addOption(dbOpt())
    .action((o: DbOption) => {
      const report = withDb(openTracker(dbPath(ctx, o), { readonly: true }), (db) => verifyChain(db));
      if (!report.ok) ctx.exitCode = 1;
      if (ctx.json) return ctx.out(JSON.stringify(report, null, 2));
      if (report.ok) {
        ctx.out(t({ vi: `Lịch sử nguyên vẹn: ${report.events} sự kiện, mã băm cuối ${report.headHash}.`, en: `History intact: ${report.events} events, head hash ${report.headHash}.` }));
        return;
      }
      const kind: Record<string, Localized> = {
        edited: { vi: 'bị sửa', en: 'edited' },
        deleted: { vi: 'bị xóa', en: 'deleted' },
        inserted: { vi: 'bị chèn hoặc thay thế', en: 'inserted or replaced' },
        head_mismatch: { vi: 'đầu chuỗi không khớp', en: 'chain head mismatch' },
      };
      const first = report.problems[0];
      ctx.out(
        [
          t({
            vi: `LỊCH SỬ ĐÃ BỊ CAN THIỆP: sự kiện #${first.seq}${first.findingId ? ` (phát hiện ${first.findingId})` : ''} ${t(kind[first.kind])}.`,
            en: `HISTORY TAMPERED WITH: event #${first.seq}${first.findingId ? ` (finding ${first.findingId})` : ''} ${t(kind[first.kind])}.`,
          }),
          ...report.problems.map((p) => `  #${p.seq} ${t(kind[p.kind])}${p.findingId ? ` ${p.findingId}` : ''}: ${p.detail}`),
        ].join('\n'),
      );
    });
}
