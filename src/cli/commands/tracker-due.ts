import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { loadInventory } from '../../inventory/index.js';
import { SEVERITY_LABEL } from '../../labels.js';
import { dueFindings, lastAssessments, expireAcceptancesNow, hasExpiredAcceptances, openTracker, type TrackerDb } from '../../tracker/index.js';
import type { CliContext } from '../context.js';
import { DB_OPTION_HELP, trackerLocation } from '../options.js';
import { table } from '../terminal.js';

/** "14d", "14", "2w" → days. */
export function parseWithin(value: string): number {
  const m = /^\s*(\d{1,4})\s*([dw]?)\s*$/i.exec(value);
  if (!m) {
    throw new InputError('ATTT_TRACKER_USAGE', {
      vi: `--within không hợp lệ: "${value}". Viết số ngày, ví dụ 14d (hoặc 2w cho 2 tuần).`,
      en: `Invalid --within: "${value}". Give a number of days, e.g. 14d (or 2w for 2 weeks).`,
    });
  }
  return Number(m[1]) * (m[2].toLowerCase() === 'w' ? 7 : 1);
}

/** `attt tracker due`: remediation deadlines, ending risk acceptances, periodic assessments. */
export function registerTrackerDue(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  const tracker = program.commands.find((c) => c.name() === 'tracker');
  if (!tracker) return;
  tracker
    .command('due')
    .description(t({ vi: 'việc sắp đến hạn: hạn khắc phục, chấp nhận rủi ro hết hạn, đánh giá định kỳ theo Nghị định 85/2016', en: 'what comes due: remediation deadlines, ending risk acceptances, periodic assessments (Decree 85/2016)' }))
    .option('--within <days>', t({ vi: 'cửa sổ thời gian (mặc định 14d)', en: 'time window (default 14d)' }), '14d')
    .option('--unit <id>', t({ vi: 'chỉ đơn vị này', en: 'only this unit' }))
    .option('--inventory <file>', t({ vi: 'inventory.yaml để biết cấp độ của hệ thống (đánh giá định kỳ)', en: 'inventory.yaml for system levels (periodic assessments)' }))
    .option('--db <file|url>', t(DB_OPTION_HELP))
    .addHelpText('after', t({
      vi: '\nVí dụ:\n  attt tracker due --within 14d\n  attt tracker due --within 30d --inventory inventory.yaml --unit van-phong --json',
      en: '\nExamples:\n  attt tracker due --within 14d\n  attt tracker due --within 30d --inventory inventory.yaml --unit van-phong --json',
    }))
    .action(async (o: { within: string; unit?: string; inventory?: string; db?: string }) => {
      // The web module (and its framework) loads only when this command runs.
      const { periodicAssessmentsDue } = await import('../../web/index.js');
      const within = parseWithin(o.within);
      const now = ctx.env.ATTT_NOW ? new Date(ctx.env.ATTT_NOW) : new Date();
      if (Number.isNaN(now.getTime())) throw new InputError('ATTT_TRACKER_USAGE', { vi: `ATTT_NOW không hợp lệ: "${ctx.env.ATTT_NOW}".`, en: `ATTT_NOW is not a valid time: "${ctx.env.ATTT_NOW}".` });
      const inventory = o.inventory ? loadInventory(path.resolve(ctx.cwd, o.inventory)) : undefined;
      const file = trackerLocation(ctx.cwd, ctx.env, o.db, 'attt.db')!;
      let db: TrackerDb = openTracker(file, { readonly: true });
      if (hasExpiredAcceptances(db, now)) {
        db.close();
        db = openTracker(file);
        expireAcceptancesNow(db, now);
      }
      try {
        const units = o.unit ? [o.unit] : undefined;
        const { findings } = dueFindings(db, { withinDays: within, units, now });
        const systems = (inventory?.units ?? [])
          .filter((u) => !o.unit || u.id === o.unit)
          .flatMap((u) => u.systems.map((s) => ({ unit: u.id, system: s.id, level: s.level })));
        const assessments = periodicAssessmentsDue(lastAssessments(db, systems), { withinDays: within, now });
        if (ctx.json) return ctx.out(JSON.stringify({ withinDays: within, findings, assessments }, null, 2));
        const kind = (k: string) => (k === 'acceptance' ? t({ vi: 'hết hạn chấp nhận rủi ro', en: 'risk acceptance ends' }) : t({ vi: 'hạn khắc phục', en: 'remediation due' }));
        const out: string[] = [t({ vi: `Đến hạn trong ${within} ngày tới:`, en: `Coming due within ${within} days:` })];
        out.push(findings.length
          ? table([t({ vi: 'Ngày', en: 'Date' }), 'ID', t({ vi: 'Mức độ', en: 'Severity' }), t({ vi: 'Đơn vị', en: 'Unit' }), t({ vi: 'Kiểm tra', en: 'Check' }), t({ vi: 'Loại', en: 'Kind' })],
            findings.map((f) => [f.overdue ? `${f.date} !` : f.date, f.id, t(SEVERITY_LABEL[f.severity]), f.unit, f.checkId, kind(f.kind)]), { style: ctx.style })
          : t({ vi: '  Không có phát hiện nào sắp đến hạn.', en: '  No findings coming due.' }));
        if (inventory) {
          out.push('', t({ vi: 'Đánh giá định kỳ (Nghị định 85/2016/NĐ-CP, Điều 20):', en: 'Periodic assessments (Decree 85/2016/ND-CP, Article 20):' }));
          out.push(assessments.length
            ? table([t({ vi: 'Đơn vị', en: 'Unit' }), t({ vi: 'Hệ thống', en: 'System' }), t({ vi: 'Cấp độ', en: 'Level' }), t({ vi: 'Lần gần nhất', en: 'Last' }), t({ vi: 'Hạn', en: 'Due' }), t({ vi: 'Chu kỳ', en: 'Interval' })],
              assessments.map((a) => [a.unit, a.system, a.level === null ? '—' : String(a.level), a.lastAssessed ?? t({ vi: 'chưa có', en: 'never' }), a.overdue ? `${a.nextDue} !` : a.nextDue, t(a.interval)]), { style: ctx.style })
            : t({ vi: '  Không có đánh giá định kỳ nào sắp đến hạn.', en: '  No periodic assessment coming due.' }));
        } else {
          out.push('', t({ vi: '(Cho --inventory để xem cả hạn đánh giá định kỳ theo cấp độ hệ thống.)', en: '(Give --inventory to also list periodic assessments by system level.)' }));
        }
        ctx.out(out.join('\n'));
      } finally {
        db.close();
      }
    });
}
