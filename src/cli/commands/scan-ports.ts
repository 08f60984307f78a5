import type { Command } from 'commander';
import { runAdHoc } from '../../engine/index.js';
import { isFinding } from '../../engine/index.js';
import { UsageError } from '../../errors.js';
import { parsePortSpec } from '../../inventory/index.js';
import type { PortsObservation } from '../../observations/ports/index.js';
import { SEVERITY_RANK, type Results } from '../../results/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { colorSeverity, SEVERITY_LABEL } from '../labels.js';
import { hasFindingAtOrAbove, parsePositiveInt, parseSeverity, parseSpeed } from '../options.js';
import { progressLine, sanitizeTerminal, table } from '../terminal.js';
import { isRangeArgument, scanRangeCommand } from './scan-range.js';

interface ScanPortsOptions {
  ports: string;
  expected?: string;
  speed?: string;
  timeout?: string;
  failOn?: string;
  allowLarge?: boolean;
  discoveryPorts?: string;
}

export function registerScanPorts(scan: Command, ctx: CliContext): void {
  scan
    .command('ports')
    .argument('<host>', ctx.t({ vi: 'địa chỉ IP, tên máy, hoặc dải IPv4 như 10.10.1.0/24 (dò máy đang hoạt động rồi quét từng máy)', en: 'IP address, host name, or an IPv4 range such as 10.10.1.0/24 (live hosts are found, then each is scanned)' }))
    .option('-p, --ports <spec>', ctx.t({ vi: 'cổng: "22,80,8000-8100", "1-65535", "top-100", "top-1000"', en: 'ports: "22,80,8000-8100", "1-65535", "top-100", "top-1000"' }), 'top-1000')
    .option('--expected <ports>', ctx.t({ vi: 'các cổng được phép mở, ví dụ 80,443 (bật ports.unexpected-open)', en: 'ports expected open, e.g. 80,443 (enables ports.unexpected-open)' }))
    .option('--speed <profile>', ctx.t({ vi: 'polite (mặc định) | normal | fast', en: 'polite (default) | normal | fast' }))
    .option('--timeout <ms>', ctx.t({ vi: 'thời gian chờ mỗi kết nối (ms)', en: 'per-connection timeout (ms)' }), '3000')
    .option('--fail-on <severity>', ctx.t({ vi: 'thoát mã 1 nếu có phát hiện từ mức này', en: 'exit 1 when a finding at or above this severity exists' }))
    .option('--discovery-ports <ports>', ctx.t({ vi: 'với dải địa chỉ: các cổng dùng để dò máy đang hoạt động (mặc định: các cổng phổ biến)', en: 'with a range: ports used to find live hosts (default: common ports)' }))
    .option('--allow-large', ctx.t({ vi: 'cho phép dải lớn hơn /16', en: 'allow ranges larger than a /16' }))
    .description(ctx.t({ vi: 'quét cổng TCP (kết nối đầy đủ), lấy banner và nhận diện dịch vụ', en: 'TCP connect scan with banners and service identification' }))
    .addHelpText('after', ctx.t({ vi: '\nVí dụ:\n  attt scan ports 192.0.2.10 --ports 1-65535 --speed fast\n  attt scan ports 192.0.2.0/24 --ports top-100', en: '\nExamples:\n  attt scan ports 192.0.2.10 --ports 1-65535 --speed fast\n  attt scan ports 192.0.2.0/24 --ports top-100' }))
    .action(async (host: string, opts: ScanPortsOptions) => {
      ctx.exitCode = await scanPortsCommand(host, opts, ctx);
    });
}

async function scanPortsCommand(host: string, opts: ScanPortsOptions, ctx: CliContext): Promise<number> {
  let expectedOpen: number[] | undefined;
  try {
    parsePortSpec(opts.ports);
    expectedOpen = opts.expected ? parsePortSpec(opts.expected) : undefined;
  } catch (error) {
    throw new UsageError({ vi: `Chỉ định cổng không hợp lệ: ${(error as Error).message}`, en: `Invalid port specification: ${(error as Error).message}` });
  }
  const failOn = opts.failOn ? parseSeverity(opts.failOn) : undefined;
  const speed = opts.speed ? parseSpeed(opts.speed) : undefined;
  const timeoutMs = parsePositiveInt(opts.timeout ?? '3000', '--timeout');
  if (isRangeArgument(host)) {
    let discoveryPorts: number[] | undefined;
    try {
      discoveryPorts = opts.discoveryPorts ? parsePortSpec(opts.discoveryPorts) : undefined;
    } catch (error) {
      throw new UsageError({ vi: `--discovery-ports không hợp lệ: ${(error as Error).message}`, en: `Invalid --discovery-ports: ${(error as Error).message}` });
    }
    return scanRangeCommand(host, { ports: opts.ports, expectedOpen, discoveryPorts, speed, timeoutMs, failOn, allowLarge: opts.allowLarge }, ctx);
  }
  const started = Date.now();
  const showProgress = ctx.stderrIsTTY && !ctx.quiet && !ctx.json;
  const results = await runAdHoc({ host, ports: opts.ports, ...(expectedOpen ? { expectedOpen } : {}) }, host, {
    speed,
    timeoutMs,
    signal: ctx.interrupt,
    options: showProgress ? { onPortProgress: (d: number, t: number) => process.stderr.write(`\r\u001b[2K${progressLine(d, t, host, started)}`) } : {},
  });
  if (showProgress) process.stderr.write('\r\u001b[2K');
  const entry = results.targets[0];
  const observation = results.observations[entry.key] as PortsObservation | undefined;
  if (ctx.json) {
    ctx.out(JSON.stringify({ target: entry, observation: observation ?? null, results: results.results }, null, 2));
  } else {
    ctx.out(formatPortScan(host, entry, observation, results, ctx));
  }
  if (entry.status !== 'ok') return entry.status === 'out-of-scope' ? EXIT.usage : EXIT.runtime;
  return failOn && hasFindingAtOrAbove(results, failOn) ? EXIT.findings : EXIT.ok;
}

function formatPortScan(host: string, entry: Results['targets'][number], obs: PortsObservation | undefined, results: Results, ctx: CliContext): string {
  const s = ctx.style;
  const l = ctx.lang;
  if (!obs) return s.red(ctx.t({ vi: `Không quét được ${host}: ${entry.error?.message.vi ?? entry.status}`, en: `Could not scan ${host}: ${entry.error?.message.en ?? entry.status}` }));
  const lines = [
    s.bold(ctx.t({ vi: `Quét cổng ${sanitizeTerminal(host)} (${obs.address}) — ${obs.portsScanned} cổng (${obs.portSpec}) trong ${(obs.durationMs / 1000).toFixed(1)} giây`, en: `Port scan of ${sanitizeTerminal(host)} (${obs.address}) — ${obs.portsScanned} ports (${obs.portSpec}) in ${(obs.durationMs / 1000).toFixed(1)} s` })),
    ctx.t({ vi: `Mở: ${obs.open.length} · đóng: ${obs.closed} · bị lọc (không trả lời): ${obs.filtered}`, en: `Open: ${obs.open.length} · closed: ${obs.closed} · filtered (no answer): ${obs.filtered}` }),
    '',
  ];
  if (obs.open.length) {
    lines.push(
      table(
        [ctx.t({ vi: 'Cổng', en: 'Port' }), ctx.t({ vi: 'Dịch vụ', en: 'Service' }), ctx.t({ vi: 'Phiên bản', en: 'Version' }), ctx.t({ vi: 'Xác thực', en: 'Auth' }), 'Banner'],
        obs.open.map((p) => [
          `${p.port}/tcp`,
          p.identifiedBy === 'port' ? `${p.service}?` : p.service,
          [p.product, p.version].filter(Boolean).join(' '),
          p.auth ? (p.auth.required ? ctx.t({ vi: 'có', en: 'required' }) : s.red(ctx.t({ vi: 'KHÔNG', en: 'NONE' }))) : '',
          p.banner ?? '',
        ]),
        { style: s, maxWidths: [9, 14, 24, 10, 70] },
      ),
    );
  }
  const findings = results.results.filter(isFinding).sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  if (findings.length) {
    lines.push('', s.bold(ctx.t({ vi: 'Phát hiện:', en: 'Findings:' })));
    for (const f of findings) lines.push(`  ${colorSeverity(s, f.severity, `[${SEVERITY_LABEL[f.severity][l]}]`)} ${sanitizeTerminal(f.message[l])} ${s.dim(f.checkId)}`);
  } else {
    lines.push('', s.green(ctx.t({ vi: 'Không có phát hiện.', en: 'No findings.' })));
  }
  if (obs.errors.length) lines.push(s.yellow(ctx.t({ vi: `${obs.errors.length} cổng lỗi khi kết nối (ví dụ ${obs.errors[0].port}: ${obs.errors[0].reason})`, en: `${obs.errors.length} ports failed to connect (e.g. ${obs.errors[0].port}: ${obs.errors[0].reason})` })));
  return lines.join('\n');
}
