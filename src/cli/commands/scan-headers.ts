import { SEVERITY_LABEL } from '../../labels.js';
import net from 'node:net';
import type { Command } from 'commander';
import { runAdHoc } from '../../engine/index.js';
import { ToolkitError, UsageError } from '../../errors.js';
import type { Lang, Localized } from '../../i18n.js';
import { SEVERITY_RANK, type Result, type Severity } from '../../results/index.js';
import type { HttpObservation } from '../../observations/http/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { hasFindingAtOrAbove, parsePositiveInt, parseSeverity, parseSpeed } from '../options.js';
import { sanitizeTerminal, table, type Style } from '../terminal.js';

export interface ScanHeadersOptions {
  address?: string;
  ca?: string[];
  timeout?: string;
  speed?: string;
  failOn?: string;
}

/** The headers the table always lists (present or not), in reading order. */
const SHOWN_HEADERS = [
  'strict-transport-security',
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-resource-policy',
  'cross-origin-opener-policy',
  'server',
  'x-powered-by',
];

/** Observatory test → the header it judges (for the modifier column). */
const TEST_OF_HEADER: Record<string, string> = {
  'strict-transport-security': 'strict-transport-security',
  'content-security-policy': 'content-security-policy',
  'x-frame-options': 'x-frame-options',
  'x-content-type-options': 'x-content-type-options',
  'referrer-policy': 'referrer-policy',
  'cross-origin-resource-policy': 'cross-origin-resource-policy',
};


const CONFIDENCE_TEXT: Record<string, Localized> = {
  likely: { vi: 'nhiều khả năng', en: 'likely' },
  'needs-verification': { vi: 'cần xác minh', en: 'needs verification' },
};

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** The readable report of `attt scan headers`. Every server-supplied string passes sanitizeTerminal (table() does it per cell). */
export function renderHeadersReport(o: HttpObservation, results: Result[], lang: Lang, style: Style): string {
  const t = (x: Localized) => x[lang];
  const lines: string[] = [];
  lines.push(style.bold(`${sanitizeTerminal(o.url)} → ${sanitizeTerminal(o.finalUrl)} (HTTP ${o.status}, ${o.judged.toUpperCase()})`));
  if (o.redirects.length > 1) lines.push(style.dim(`  ${t({ vi: 'Chuyển hướng', en: 'Redirects' })}: ${sanitizeTerminal(o.redirects.map((r) => `${r.status} ${r.url}`).join(' → '))}`));
  if (o.tls && !o.tls.verified) lines.push(style.yellow(`  ${t({ vi: 'Chứng thư không được tin cậy', en: 'Certificate not trusted' })}: ${sanitizeTerminal(o.tls.error ?? '')}`));
  lines.push('');
  const failedByHeader = new Map<string, Result[]>();
  for (const r of results.filter((x) => x.outcome === 'fail')) {
    const h = String((r.evidence as { header?: unknown }).header ?? '');
    if (h) failedByHeader.set(h, [...(failedByHeader.get(h) ?? []), r]);
  }
  const rows = SHOWN_HEADERS.map((name) => {
    const values = o.headers[name] ?? [];
    const test = TEST_OF_HEADER[name] ? o.scoring.tests.find((x) => x.test === TEST_OF_HEADER[name]) : undefined;
    const verdict = test ? (test.pass ? t({ vi: 'đạt', en: 'pass' }) : t({ vi: 'không đạt', en: 'fail' })) : failedByHeader.has(name) ? t({ vi: 'tiết lộ', en: 'discloses' }) : values.length ? '' : '—';
    return [name, values.length ? values.join(' | ') : t({ vi: '(không có)', en: '(absent)' }), verdict, test ? `${signed(test.modifier)} ${test.result}` : ''];
  });
  lines.push(table([t({ vi: 'Tiêu đề', en: 'Header' }), t({ vi: 'Giá trị', en: 'Value' }), t({ vi: 'Kết luận', en: 'Verdict' }), t({ vi: 'Điểm', en: 'Score' })], rows, { maxWidths: [30, 60, 12, 60], style }));
  lines.push('');
  lines.push(style.bold(t({ vi: 'Điểm theo mô hình MDN HTTP Observatory', en: 'Score (MDN HTTP Observatory model)' })));
  lines.push(table([t({ vi: 'Phép thử', en: 'Test' }), t({ vi: 'Kết quả', en: 'Result' }), t({ vi: 'Điểm', en: 'Modifier' })], o.scoring.tests.map((x) => [x.test, x.result, signed(x.modifier)]), { style }));
  lines.push('');
  const findings = results.filter((r) => r.outcome === 'fail').sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.checkId.localeCompare(b.checkId));
  lines.push(style.bold(t({ vi: `Phát hiện (${findings.length})`, en: `Findings (${findings.length})` })));
  if (findings.length) {
    lines.push(
      table(
        [t({ vi: 'Mức', en: 'Severity' }), t({ vi: 'Kiểm tra', en: 'Check' }), t({ vi: 'Nội dung', en: 'Message' })],
        findings.map((r) => [t(SEVERITY_LABEL[r.severity]) + (r.confidence && CONFIDENCE_TEXT[r.confidence] ? ` (${t(CONFIDENCE_TEXT[r.confidence])})` : ''), r.checkId, t(r.message)]),
        { maxWidths: [34, 34, 120], style },
      ),
    );
  }
  for (const r of results.filter((x) => x.outcome === 'error')) lines.push(style.yellow(`  ! ${r.checkId}: ${sanitizeTerminal(t(r.message))}`));
  lines.push('');
  const grade = o.grade.startsWith('A') ? style.green(o.grade) : o.grade.startsWith('B') || o.grade.startsWith('C') ? style.yellow(o.grade) : style.red(o.grade);
  lines.push(`${style.bold(t({ vi: 'Xếp hạng', en: 'Grade' }))}: ${style.bold(grade)}  ${style.dim(`(${t({ vi: 'điểm', en: 'score' })} ${o.score}/100; ${o.scoring.model})`)}`);
  return lines.join('\n');
}

function parseUrl(text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    /* reported below */
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError({ vi: `URL "${sanitizeTerminal(text)}" không hợp lệ: cần http:// hoặc https://, ví dụ https://sldtbxh.example.gov.vn/.`, en: `Invalid URL "${sanitizeTerminal(text)}": expected http:// or https://, e.g. https://sldtbxh.example.gov.vn/.` });
  }
  return url;
}

/** `attt scan headers URL`: the audit engine on a one-target inventory, printed as a table. */
export function registerScanHeaders(scan: Command, ctx: CliContext): void {
  scan
    .command('headers')
    .description(ctx.t({ vi: 'đánh giá tiêu đề bảo mật HTTP, cookie, CORS, chuyển hướng của một URL', en: 'assess the HTTP security headers, cookies, CORS and redirects of one URL' }))
    .argument('<url>', ctx.t({ vi: 'địa chỉ http:// hoặc https://', en: 'an http:// or https:// address' }))
    .option('--address <ip>', ctx.t({ vi: 'kết nối tới địa chỉ IP này thay vì phân giải DNS (giữ nguyên Host và SNI)', en: 'connect to this IP instead of resolving the name (Host and SNI unchanged)' }))
    .option('--ca <file...>', ctx.t({ vi: 'tệp CA gốc tin cậy bổ sung (PEM)', en: 'extra trusted root CA files (PEM)' }))
    .option('--timeout <ms>', ctx.t({ vi: 'thời hạn mỗi kết nối (ms), mặc định 3000', en: 'per-connection timeout (ms), default 3000' }))
    .option('--speed <profile>', ctx.t({ vi: 'polite (mặc định), normal hoặc fast', en: 'polite (default), normal or fast' }))
    .option('--fail-on <severity>', ctx.t({ vi: 'thoát mã 1 nếu có phát hiện từ mức này', en: 'exit 1 when a finding at or above this severity exists' }))
    .action(async (text: string, opts: ScanHeadersOptions) => {
      const url = parseUrl(text);
      const failOn = opts.failOn ? parseSeverity(opts.failOn) : undefined;
      if (opts.address && !net.isIP(opts.address)) throw new UsageError({ vi: `--address phải là địa chỉ IP (nhận được "${opts.address}").`, en: `--address must be an IP address (got "${opts.address}").` });
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const results = await runAdHoc({ url: url.href, ...(opts.address ? { address: opts.address } : {}) }, host, {
        caFiles: opts.ca ?? [],
        ...(opts.timeout ? { timeoutMs: parsePositiveInt(opts.timeout, '--timeout') } : {}),
        speed: opts.speed ? parseSpeed(opts.speed) : 'polite',
        signal: ctx.interrupt,
      });
      const entry = results.targets.find((x) => x.family === 'http');
      if (!entry || entry.status !== 'ok') {
        const err = entry?.error;
        throw new ToolkitError(err?.code ?? 'ATTT_SCAN_FAILED', err?.message ?? { vi: 'Không quét được URL.', en: 'The URL could not be scanned.' });
      }
      const observation = results.observations[entry.key] as HttpObservation;
      const httpResults = results.results.filter((r) => r.targetKey === entry.key);
      if (ctx.json) ctx.out(JSON.stringify({ observation, results: httpResults }, null, 2));
      else ctx.out(renderHeadersReport(observation, httpResults, ctx.lang, ctx.style));
      if (failOn && hasFindingAtOrAbove({ results: httpResults }, failOn)) ctx.exitCode = EXIT.findings;
    });
}
