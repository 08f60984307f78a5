import { runAudit } from '../../engine/index.js';
import { UsageError } from '../../errors.js';
import { inventorySchema, MAX_RANGE_ADDRESSES, parseIpv4Range, rangeSize, type Inventory, type Speed } from '../../inventory/index.js';
import type { PortsObservation } from '../../observations/ports/index.js';
import { SEVERITY_RANK, type Results } from '../../results/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { colorSeverity, SEVERITY_LABEL } from '../labels.js';
import { hasFindingAtOrAbove } from '../options.js';
import { progressLine, sanitizeTerminal } from '../terminal.js';

/** True for `10.10.1.0/24` (a range of more than one address), the trigger for range mode. */
export function isRangeArgument(text: string): boolean {
  const r = parseIpv4Range(text);
  return r !== null && text.includes('/') && rangeSize(r) > 1;
}

export interface RangeScanOptions {
  ports: string;
  expectedOpen?: number[];
  discoveryPorts?: number[];
  speed?: Speed;
  timeoutMs: number;
  allowLarge?: boolean;
  failOn?: Parameters<typeof hasFindingAtOrAbove>[1];
}

/**
 * `attt scan ports 10.10.1.0/24`: naming the range on the command line is the permission, so
 * the scope is exactly that range. Live hosts are found first (progress per host), then each
 * is scanned and reported on its own.
 */
export async function scanRangeCommand(range: string, opts: RangeScanOptions, ctx: CliContext): Promise<number> {
  const parsed = parseIpv4Range(range)!;
  if (rangeSize(parsed) > MAX_RANGE_ADDRESSES && !opts.allowLarge) {
    throw new UsageError({
      vi: `Dải ${range} có ${rangeSize(parsed)} địa chỉ, lớn hơn /16 (nhận được "${range}"). Chia nhỏ dải hoặc thêm --allow-large.`,
      en: `Range ${range} holds ${rangeSize(parsed)} addresses, more than a /16 (got "${range}"). Split it or add --allow-large.`,
    });
  }
  const inventory = inventorySchema.parse({
    organization: { name: 'attt scan' },
    scope: { allow: [range] },
    units: [{ id: 'adhoc', name: 'ad-hoc', systems: [{ id: 'adhoc', name: range, targets: [{ hosts: range, ports: opts.ports, ...(opts.expectedOpen ? { expectedOpen: opts.expectedOpen } : {}), ...(opts.discoveryPorts ? { discoveryPorts: opts.discoveryPorts } : {}) }] }] }],
  }) as Inventory;
  const started = Date.now();
  const tty = ctx.stderrIsTTY && !ctx.quiet && !ctx.json;
  const results = await runAudit({
    inventory,
    speed: opts.speed,
    timeoutMs: opts.timeoutMs,
    signal: ctx.interrupt,
    allowLarge: opts.allowLarge,
    onHost: (e) => {
      if (tty) process.stderr.write(`\r\u001b[2K${progressLine(e.done, e.total, e.address, started)}`);
      if (e.live && !ctx.json) ctx.note(`${tty ? '\r\u001b[2K' : ''}${ctx.t({ vi: `  ${e.address}: có máy đang hoạt động`, en: `  ${e.address}: host is up` })}`);
    },
    onProgress: tty ? (e) => process.stderr.write(`\r\u001b[2K${progressLine(e.done, e.total, e.current ?? '', started)}`) : undefined,
  });
  if (tty) process.stderr.write('\r\u001b[2K');
  // One entry per live host: its port scan, and the results of everything found on it (SSH ports are assessed too).
  const byKey = new Map(results.targets.map((t) => [t.key, t]));
  const hosts = results.targets
    .filter((entry) => entry.family === 'ports')
    .map((entry) => ({
      target: entry,
      observation: (results.observations[entry.key] as PortsObservation | undefined) ?? null,
      results: results.results.filter((r) => r.targetKey !== undefined && byKey.get(r.targetKey)?.address === entry.address && entry.address !== undefined),
    }));
  if (ctx.json) ctx.out(JSON.stringify({ range, hosts }, null, 2));
  else ctx.out(formatRange(range, hosts, results, ctx));
  if (results.interrupted) return EXIT.runtime;
  return opts.failOn && hasFindingAtOrAbove(results, opts.failOn) ? EXIT.findings : EXIT.ok;
}

function formatRange(range: string, hosts: Array<{ target: Results['targets'][number]; observation: PortsObservation | null; results: Results['results'] }>, results: Results, ctx: CliContext): string {
  const s = ctx.style;
  const lines = [s.bold(ctx.t({ vi: `Quét dải ${range}: ${hosts.length} máy đang hoạt động`, en: `Range scan of ${range}: ${hosts.length} live hosts` })), ''];
  for (const h of hosts) {
    const open = h.observation?.open ?? [];
    lines.push(s.bold(`${sanitizeTerminal(h.target.target)}`) + ` — ${ctx.t({ vi: 'cổng mở', en: 'open ports' })}: ${open.map((p) => `${p.port}/${p.service}`).join(', ') || '—'}`);
    const findings = h.results.filter((r) => r.outcome === 'fail').sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
    for (const f of findings) lines.push(`  ${colorSeverity(s, f.severity, `[${SEVERITY_LABEL[f.severity][ctx.lang]}]`)} ${sanitizeTerminal(f.message[ctx.lang])} ${s.dim(f.checkId)}`);
  }
  if (!hosts.length) lines.push(ctx.t({ vi: 'Không tìm thấy máy nào trả lời trên các cổng dò.', en: 'No host answered on the discovery ports.' }));
  lines.push('', ctx.t({ vi: `Phát hiện: ${results.summary.outcomes.fail}`, en: `Findings: ${results.summary.outcomes.fail}` }));
  return lines.join('\n');
}
