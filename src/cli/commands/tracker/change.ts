import { Option, type Command } from 'commander';
import { acceptRisk, openTracker, parseWhere, STATUS_TEXT, updateFinding, updateFindings } from '../../../tracker/index.js';
import type { CliContext } from '../../context.js';
import { actorOf, clock, dbOption, dbPath, usage, withDb, type DbOption } from './shared.js';

/** `attt tracker update` and `accept`: changes made by hand, each one a history event. */
export function registerUpdate(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  const dbOpt = () => dbOption(ctx);
  tracker
    .command('update')
    .description(t({ vi: 'đổi trạng thái, người phụ trách, hạn, hoặc thêm ghi chú (một phát hiện, hoặc nhiều với --where)', en: 'change status, owner, due date, or add a note (one finding, or many with --where)' }))
    .argument('[id]', t({ vi: 'mã phát hiện (bỏ trống khi dùng --where)', en: 'finding id (omit with --where)' }))
    .option('--where <expr>', t({ vi: "chọn nhiều phát hiện: 'unit=X severity>=high status=open' (khóa: unit, system, owner, check, severity, status, overdue, regression)", en: "select many findings: 'unit=X severity>=high status=open' (keys: unit, system, owner, check, severity, status, overdue, regression)" }))
    .addOption(dbOpt())
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
}

export function registerAccept(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  const dbOpt = () => dbOption(ctx);
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
}
