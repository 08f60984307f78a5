import type { Command } from 'commander';
import { formatHostPort, runAdHoc, splitHostPort } from '../../engine/index.js';
import { ToolkitError, UsageError } from '../../errors.js';
import { SEVERITY_LABEL } from '../../labels.js';
import { allCiphers, allMacs, type SshObservation } from '../../observations/ssh/index.js';
import { SEVERITY_RANK, type Result, type Severity } from '../../results/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { hasFindingAtOrAbove, parsePositiveInt, parseSeverity, parseSpeed } from '../options.js';
import { sanitizeTerminal, table } from '../terminal.js';

export interface ScanSshOptions {
  timeout?: string;
  speed?: string;
  failOn?: string;
}

function parseTarget(text: string): { host: string; port: number } {
  // HOST, HOST:PORT, [IPv6]:PORT, [IPv6] or a bare IPv6 address (several colons: no port).
  const withPort = text.startsWith('[') ? text.includes(']:') : text.split(':').length === 2;
  const { host, port } = withPort ? splitHostPort(text) : { host: text.replace(/^\[|\]$/g, ''), port: 22 };
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError({ vi: `Mục tiêu "${text}" không hợp lệ: cần HOST hoặc HOST:PORT (ví dụ 192.0.2.10:2222).`, en: `Invalid target "${text}": expected HOST or HOST:PORT (e.g. 192.0.2.10:2222).` });
  }
  return { host, port };
}

export function renderSshReport(ctx: CliContext, o: SshObservation, results: Result[]): string {
  const s = ctx.style;
  const t = ctx.t;
  const lines: string[] = [];
  lines.push(s.bold(`${sanitizeTerminal(o.host)} (${formatHostPort(o.address, o.port)})`));
  lines.push(`  ${t({ vi: 'Định danh', en: 'Identification' })}: ${sanitizeTerminal(o.banner)}`);
  if (o.protocol1.offered) lines.push(s.red(`  ${t({ vi: 'Chấp nhận SSH-1', en: 'Accepts SSH-1' })}${o.protocol1.confirmed ? ` (${t({ vi: 'đã xác nhận', en: 'confirmed' })})` : ''}`));
  // Colours come from the checks' verdicts (their evidence names each weak algorithm and its severity).
  const weak = new Map<string, Severity>();
  for (const r of results) for (const w of (r.evidence.weak as Array<{ name: string; severity: Severity }> | undefined) ?? []) weak.set(`${r.checkId}:${w.name}`, w.severity);
  const paint = (checkId: string, name: string) => {
    const severity = weak.get(`${checkId}:${name}`);
    const clean = sanitizeTerminal(name);
    if (!severity) return clean;
    return SEVERITY_RANK[severity] >= SEVERITY_RANK.medium ? s.red(clean) : s.yellow(clean);
  };
  const section = (title: string, names: string[], checkId = '') => {
    if (!names.length) return;
    lines.push('');
    lines.push(s.bold(`${title} (${names.length})`));
    for (const n of names) lines.push(`  ${paint(checkId, n)}`);
  };
  section(t({ vi: 'Trao đổi khóa', en: 'Key exchange' }), o.kex, 'ssh.kex.weak');
  section(t({ vi: 'Thuật toán khóa máy chủ', en: 'Host-key algorithms' }), o.hostKeyAlgorithms);
  section(t({ vi: 'Mã hóa', en: 'Ciphers' }), allCiphers(o), 'ssh.cipher.weak');
  section('MAC', allMacs(o), 'ssh.mac.weak');
  section(t({ vi: 'Nén', en: 'Compression' }), [...new Set([...o.compressionServerToClient, ...o.compressionClientToServer])]);
  if (o.hostKeys.length) {
    lines.push('');
    lines.push(s.bold(t({ vi: 'Khóa máy chủ', en: 'Host keys' })));
    for (const k of o.hostKeys) lines.push(`  ${sanitizeTerminal(k.keyType)} ${k.bits} bit${k.curve ? ` ${sanitizeTerminal(k.curve)}` : ''}  ${k.fingerprintSha256}`);
  }
  lines.push(`  strict KEX (kex-strict-s-v00@openssh.com): ${o.strictKex ? s.green(t({ vi: 'có', en: 'yes' })) : t({ vi: 'không', en: 'no' })}`);
  lines.push('');
  const findings = results.filter((r) => r.outcome === 'fail').sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.checkId.localeCompare(b.checkId));
  lines.push(s.bold(t({ vi: `Phát hiện (${findings.length})`, en: `Findings (${findings.length})` })));
  if (findings.length) {
    lines.push(table([t({ vi: 'Mức', en: 'Severity' }), t({ vi: 'Kiểm tra', en: 'Check' }), t({ vi: 'Nội dung', en: 'Message' })], findings.map((r) => [t(SEVERITY_LABEL[r.severity]), r.checkId, t(r.message)]), { maxWidths: [12, 28, 100], style: s }));
  }
  for (const r of results.filter((x) => x.outcome === 'error')) lines.push(s.yellow(`  ! ${r.checkId}: ${sanitizeTerminal(t(r.message))}`));
  for (const e of o.probeErrors) lines.push(s.dim(`  ${t({ vi: 'thăm dò lỗi', en: 'probe failed' })}: ${sanitizeTerminal(e.probe)} — ${sanitizeTerminal(e.detail)}`));
  lines.push(s.dim(`${o.connections} ${t({ vi: 'kết nối', en: 'connection(s)' })}, ${o.durationMs} ms`));
  return lines.join('\n');
}

/** `attt scan ssh HOST[:PORT]`: the audit engine on a one-target inventory, printed as a report. */
export function registerScanSsh(scan: Command, ctx: CliContext): void {
  scan
    .command('ssh')
    .description(ctx.t({ vi: 'đánh giá cấu hình máy chủ SSH (thuật toán, khóa máy chủ, Terrapin, SSH-1, phiên bản)', en: 'assess an SSH server\'s configuration (algorithms, host keys, Terrapin, SSH-1, version)' }))
    .argument('<host[:port]>', ctx.t({ vi: 'máy chủ, cổng mặc định 22', en: 'host, port 22 by default' }))
    .option('--timeout <ms>', ctx.t({ vi: 'thời hạn mỗi kết nối (ms), mặc định 3000', en: 'per-connection timeout (ms), default 3000' }))
    .option('--speed <profile>', ctx.t({ vi: 'polite (mặc định), normal hoặc fast', en: 'polite (default), normal or fast' }))
    .option('--fail-on <severity>', ctx.t({ vi: 'thoát mã 1 nếu có phát hiện từ mức này', en: 'exit 1 when a finding at or above this severity exists' }))
    .addHelpText('after', ctx.t({ vi: '\nVí dụ:\n  attt scan ssh 192.0.2.10\n  attt scan ssh quantri.example.gov.vn:2222 --json', en: '\nExamples:\n  attt scan ssh 192.0.2.10\n  attt scan ssh admin.example.gov.vn:2222 --json' }))
    .action(async (target: string, opts: ScanSshOptions) => {
      const { host, port } = parseTarget(target);
      const failOn = opts.failOn ? parseSeverity(opts.failOn) : undefined;
      const results = await runAdHoc({ ssh: formatHostPort(host, port) }, host, {
        ...(opts.timeout ? { timeoutMs: parsePositiveInt(opts.timeout, '--timeout') } : {}),
        speed: opts.speed ? parseSpeed(opts.speed) : 'polite',
        signal: ctx.interrupt,
      });
      const entry = results.targets.find((x) => x.family === 'ssh');
      if (!entry || entry.status !== 'ok') {
        const err = entry?.error;
        throw new ToolkitError(err?.code ?? 'ATTT_SCAN_FAILED', err?.message ?? { vi: 'Không quét được mục tiêu.', en: 'The target could not be scanned.' });
      }
      const observation = results.observations[entry.key] as SshObservation;
      const sshResults = results.results.filter((r) => r.targetKey === entry.key);
      if (ctx.json) ctx.out(JSON.stringify({ observation, results: sshResults }, null, 2));
      else ctx.out(renderSshReport(ctx, observation, sshResults));
      if (failOn && hasFindingAtOrAbove({ results: sshResults }, failOn)) ctx.exitCode = EXIT.findings;
    });
}
