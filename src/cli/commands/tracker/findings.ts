import type { Command } from 'commander';
import type { Localized } from '../../../i18n.js';
import { listFindings, SEVERITY_TEXT, showFinding, STATUS_TEXT } from '../../../tracker/index.js';
import type { CliContext } from '../../context.js';
import { pad, sanitizeTerminal, table } from '../../terminal.js';
import { addFilterOptions, clock, dbOption, dbPath, findingsTable, openForRead, toFilter, withDb, type DbOption, type FilterOptions } from './shared.js';

/** `attt tracker list` and `show`: reading findings. */
export function registerList(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  const dbOpt = () => dbOption(ctx);
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
}

export function registerShow(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  const dbOpt = () => dbOption(ctx);
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
}
