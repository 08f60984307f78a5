import path from 'node:path';
import type { Command } from 'commander';
import type { Localized } from '../../../i18n.js';
import { checkAnchor, openTracker, readAnchor, verifyChain, verifyState, type AnchorCheck, type StateProblem, type VerifyReport } from '../../../tracker/index.js';
import type { CliContext } from '../../context.js';
import { sanitizeTerminal } from '../../terminal.js';
import { dbOption, dbPath, withDb, type DbOption } from './shared.js';

/**
 * `attt tracker verify`: the history chain, the findings table against the history replayed,
 * and (with --anchor) the chain against the head printed in a signed report.
 */
const CHAIN_KIND: Record<string, Localized> = {
  edited: { vi: 'bị sửa', en: 'edited' },
  deleted: { vi: 'bị xóa', en: 'deleted' },
  inserted: { vi: 'bị chèn hoặc thay thế', en: 'inserted or replaced' },
  head_mismatch: { vi: 'đầu chuỗi không khớp', en: 'chain head mismatch' },
};
const STATE_KIND: Record<StateProblem['kind'], Localized> = {
  changed: { vi: 'bị sửa ngoài attt', en: 'changed outside attt' },
  deleted: { vi: 'bị xóa khỏi bảng phát hiện', en: 'deleted from the findings table' },
  inserted: { vi: 'được chèn vào mà không có lịch sử', en: 'inserted without any history' },
};
const ANCHOR_KIND: Record<NonNullable<AnchorCheck['problem']>, Localized> = {
  rewritten: { vi: 'chuỗi lịch sử đã bị viết lại: sự kiện tại mốc có mã băm khác', en: 'the history chain was rewritten: the event at the anchor has another hash' },
  truncated: { vi: 'chuỗi lịch sử đã bị cắt ngắn: ít sự kiện hơn mốc', en: 'the history chain was truncated: fewer events than the anchor' },
  'unknown-hash': { vi: 'không sự kiện nào có mã băm của mốc', en: 'no event has the anchor hash' },
};

/** The chain report's fields at the top (as before), plus the state and anchor checks. */
interface Verdict {
  ok: boolean;
  chain: VerifyReport;
  state: StateProblem[];
  anchor: AnchorCheck | null;
}

function describe(ctx: CliContext, v: Verdict): string {
  const t = ctx.t;
  if (v.ok) {
    const anchored = v.anchor ? t({ vi: `; khớp mốc trong báo cáo (sự kiện #${v.anchor.anchor.events ?? '?'})`, en: `; matches the report anchor (event #${v.anchor.anchor.events ?? '?'})` }) : '';
    return t({ vi: `Lịch sử nguyên vẹn: ${v.chain.events} sự kiện, mã băm cuối ${v.chain.headHash}; bảng phát hiện khớp lịch sử${anchored}.`, en: `History intact: ${v.chain.events} events, head hash ${v.chain.headHash}; findings match the history${anchored}.` });
  }
  const first = v.chain.problems[0];
  const lines = [
    first
      ? t({
          vi: `LỊCH SỬ ĐÃ BỊ CAN THIỆP: sự kiện #${first.seq}${first.findingId ? ` (phát hiện ${first.findingId})` : ''} ${t(CHAIN_KIND[first.kind])}.`,
          en: `HISTORY TAMPERED WITH: event #${first.seq}${first.findingId ? ` (finding ${first.findingId})` : ''} ${t(CHAIN_KIND[first.kind])}.`,
        })
      : t({ vi: 'LỊCH SỬ ĐÃ BỊ CAN THIỆP:', en: 'HISTORY TAMPERED WITH:' }),
  ];
  for (const p of v.chain.problems) lines.push(`  #${p.seq} ${t(CHAIN_KIND[p.kind])}${p.findingId ? ` ${p.findingId}` : ''}: ${p.detail}`);
  for (const p of v.state) {
    const fields = p.fields.map((f) => `${f.field} ${JSON.stringify(f.stored)} (${t({ vi: 'lịch sử', en: 'history' })}: ${JSON.stringify(f.expected)})`).join(', ');
    lines.push(`  ${p.findingId} ${t(STATE_KIND[p.kind])}${fields ? `: ${fields}` : ''}`);
  }
  if (v.anchor?.problem) lines.push(`  ${t(ANCHOR_KIND[v.anchor.problem])} (${v.anchor.anchor.events ?? '?'}:${v.anchor.anchor.hash})`);
  return sanitizeTerminal(lines.join('\n'), true);
}

export function registerVerify(tracker: Command, ctx: CliContext): void {
  const t = ctx.t;
  tracker
    .command('verify')
    .description(t({ vi: 'kiểm tra lịch sử (chuỗi băm) và bảng phát hiện so với lịch sử; mã thoát 1 nếu có can thiệp', en: 'verify the hash-chained history and the findings against it; exit 1 if tampered with' }))
    .addOption(dbOption(ctx))
    .option('--anchor <report-or-hash>', t({ vi: 'báo cáo đã ký (PDF/HTML/MD) chứa đầu chuỗi, hoặc "SỐ:MÃBĂM" — phát hiện lịch sử bị viết lại hoặc cắt ngắn', en: 'a signed report (PDF/HTML/MD) holding the chain head, or "N:HASH" — detects a rewritten or truncated history' }))
    .addHelpText('after', t({ vi: '\nVí dụ:\n  attt tracker verify --db attt.db\n  attt tracker verify --anchor bao-cao-2026-Q4.pdf', en: '\nExamples:\n  attt tracker verify --db attt.db\n  attt tracker verify --anchor report-2026-Q4.pdf' }))
    .action((o: DbOption & { anchor?: string }) => {
      const anchorSpec = o.anchor ? readAnchor(o.anchor, (p) => path.resolve(ctx.cwd, p)) : null;
      // One snapshot: officers writing at the same time never look like tampering.
      const v = withDb(openTracker(dbPath(ctx, o), { readonly: true }), (db): Verdict => db.readSnapshot(() => {
        const chain = verifyChain(db);
        const state = verifyState(db);
        const anchor = anchorSpec ? checkAnchor(db, anchorSpec) : null;
        return { ok: chain.ok && state.length === 0 && (anchor?.ok ?? true), chain, state, anchor };
      }));
      if (!v.ok) ctx.exitCode = 1;
      const { chain, ...rest } = v;
      ctx.out(ctx.json ? JSON.stringify({ ...chain, ...rest }, null, 2) : describe(ctx, v));
    });
}
