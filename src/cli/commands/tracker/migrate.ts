import type { Command } from 'commander';
import { migrateTracker } from '../../../tracker/index.js';
import type { CliContext } from '../../context.js';
import { trackerLocation } from '../../options.js';
import { sanitizeTerminal } from '../../terminal.js';
import { usage } from './shared.js';

/** `attt tracker migrate`: a unit's SQLite history into the central database, chain included and verified. */
export function registerMigrate(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  tracker
    .command('migrate')
    .description(t({
      vi: 'chuyển toàn bộ dữ liệu theo dõi (kể cả chuỗi lịch sử) của một đơn vị sang cơ sở dữ liệu khác, thường là PostgreSQL trung tâm, rồi kiểm tra chuỗi ở đích',
      en: "move a unit's whole tracker (the history chain included) into another database, usually the central PostgreSQL, then verify the chain there",
    }))
    .option('--from <file|url>', t({ vi: 'nguồn: tệp attt.db của đơn vị', en: "source: the unit's attt.db" }))
    .option('--to <url|file>', t({ vi: 'đích: postgres://người-dùng@máy-chủ/csdl (mặc định biến ATTT_DB; trống, hoặc đã có đúng lịch sử này)', en: 'target: postgres://user@host/db (default the ATTT_DB variable; empty, or already holding exactly this history)' }))
    .addHelpText('after', t({
      vi: '\nVí dụ:\n  PGPASSWORD=… attt tracker migrate --from attt.db --to postgres://attt@csdl.so.gov.vn/attt\nMã thoát: 0 đã chuyển (hoặc đích đã có đúng lịch sử này), 2 đích đã có lịch sử khác hoặc nguồn không nguyên vẹn (không thay đổi gì), 3 lỗi kết nối.',
      en: '\nExamples:\n  PGPASSWORD=… attt tracker migrate --from attt.db --to postgres://attt@db.department.example/attt\nExit: 0 moved (or the target already held exactly this history), 2 the target holds another history or the source is not intact (nothing changed), 3 connection failure.',
    }))
    .action((o: { from?: string; to?: string }) => {
      const to = trackerLocation(ctx.cwd, ctx.env, o.to);
      if (!o.from || !to) throw usage({ vi: 'Cần --from (tệp attt.db) và --to (cơ sở dữ liệu đích, hoặc biến ATTT_DB).', en: 'Give --from (the attt.db file) and --to (the target database, or the ATTT_DB variable).' });
      const summary = migrateTracker(trackerLocation(ctx.cwd, {}, o.from)!, to);
      if (ctx.json) return ctx.out(JSON.stringify(summary, null, 2));
      const head = `${summary.chain.headSeq}:${summary.chain.headHash}`;
      ctx.out(sanitizeTerminal(summary.alreadyThere
        ? t({ vi: `${summary.to} đã có đúng lịch sử này (đầu chuỗi ${head}); không thay đổi gì.`, en: `${summary.to} already holds exactly this history (head ${head}); nothing changed.` })
        : t({
            vi: `Đã chuyển ${summary.from} → ${summary.to}: ${summary.rows.findings} phát hiện, ${summary.rows.events} sự kiện, ${summary.rows.cycles} kỳ, ${summary.rows.users} tài khoản. Chuỗi lịch sử ở đích nguyên vẹn, đầu chuỗi ${head}.`,
            en: `Moved ${summary.from} → ${summary.to}: ${summary.rows.findings} findings, ${summary.rows.events} events, ${summary.rows.cycles} cycles, ${summary.rows.users} accounts. The history chain verifies in the target, head ${head}.`,
          }), true));
    });
}
