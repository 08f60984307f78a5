import { Option, type Command } from 'commander';
import { acceptRisk, openTracker, STATUS_TEXT, updateFinding } from '../../../tracker/index.js';
import type { CliContext } from '../../context.js';
import { actorOf, clock, dbOption, dbPath, withDb, type DbOption } from './shared.js';

/** `attt tracker update` and `accept`: changes made by hand, each one a history event. */
export function registerUpdate(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  const dbOpt = () => dbOption(ctx);
  tracker
    .command('update')
    .description(t({ vi: 'đổi trạng thái, người phụ trách, hạn, hoặc thêm ghi chú', en: 'change status, owner, due date, or add a note' }))
    .argument('<id>', t({ vi: 'mã phát hiện', en: 'finding id' }))
    .addOption(dbOpt())
    .addOption(new Option('--status <status>', t({ vi: 'trạng thái mới', en: 'new status' })).choices(['open', 'in_progress', 'fixed', 'false_positive']))
    .option('--owner <name>', t({ vi: 'người phụ trách ("" để bỏ)', en: 'owner ("" to clear)' }))
    .option('--due <date>', t({ vi: 'hạn xử lý YYYY-MM-DD', en: 'due date YYYY-MM-DD' }))
    .option('--note <text>', t({ vi: 'ghi chú vào lịch sử', en: 'note for the history' }))
    .option('--actor <name>', t({ vi: 'người thực hiện', en: 'who does this' }))
    .action((id: string, o: DbOption & { status?: 'open' | 'in_progress' | 'fixed' | 'false_positive'; owner?: string; due?: string; note?: string; actor?: string }) => {
      const now = clock(ctx);
      const f = withDb(openTracker(dbPath(ctx, o)), (db) => updateFinding(db, id, { status: o.status, owner: o.owner, due: o.due, note: o.note, actor: actorOf(ctx, o.actor), now }));
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
