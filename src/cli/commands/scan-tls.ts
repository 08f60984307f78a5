import { SEVERITY_LABEL } from '../../labels.js';
import type { Command } from 'commander';
import { runAdHoc } from '../../engine/index.js';
import { splitHostPort } from '../../engine/index.js';
import { errorCodeOf, ToolkitError, UsageError } from '../../errors.js';
import { SEVERITY_RANK, type Result, type Severity } from '../../results/index.js';
import { PROTOCOLS, type ProtocolName } from '../../observations/tls/index.js';
import { PROTOCOL_LABEL } from '../../observations/tls/index.js';
import type { TlsObservation } from '../../observations/tls/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { hasFindingAtOrAbove, parsePositiveInt, parseSeverity, parseSpeed } from '../options.js';
import { sanitizeTerminal, table, type Style } from '../terminal.js';

export interface ScanTlsOptions {
  sni?: string;
  starttls?: 'smtp' | 'imap' | 'pop3' | 'ftp' | 'postgres' | 'mysql' | 'ldap';
  ca?: string[];
  timeout?: string;
  speed?: string;
  failOn?: string;
  /** false with --no-vuln-probes. */
  vulnProbes?: boolean;
}

const STARTTLS = ['smtp', 'imap', 'pop3', 'ftp', 'postgres', 'mysql', 'ldap'] as const;

function parseTarget(text: string): { host: string; port: number } {
  const { host, port } = text.includes(':') ? splitHostPort(text) : { host: text, port: 443 };
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError({ vi: `Mục tiêu "${text}" không hợp lệ: cần HOST:PORT (ví dụ mail.example.gov.vn:465).`, en: `Invalid target "${text}": expected HOST:PORT (e.g. mail.example.gov.vn:465).` });
  }
  return { host, port };
}

/** Colour a suite by strength: red insecure, yellow weak, plain ok, green strong. */
function paintSuite(style: Style, name: string, strength: string | undefined): string {
  const clean = sanitizeTerminal(name);
  if (strength === 'insecure') return style.red(clean);
  if (strength === 'weak') return style.yellow(clean);
  if (strength === 'strong') return style.green(clean);
  return clean;
}


export function renderTlsReport(ctx: CliContext, o: TlsObservation, results: Result[]): string {
  const s = ctx.style;
  const t = ctx.t;
  const lines: string[] = [];
  lines.push(s.bold(`${sanitizeTerminal(o.host)} (${o.address}:${o.port}${o.starttls ? `, STARTTLS ${o.starttls}` : ''})`));
  lines.push('');
  lines.push(s.bold(t({ vi: 'Giao thức', en: 'Protocols' })));
  for (const p of PROTOCOLS) {
    const on = o.protocols[p];
    const bad = p === 'SSLv2' || p === 'SSLv3' || p === 'TLSv1' || p === 'TLSv1.1';
    const mark = on ? (bad ? s.red(t({ vi: 'có', en: 'yes' })) : s.green(t({ vi: 'có', en: 'yes' }))) : p === 'TLSv1.3' ? s.yellow(t({ vi: 'không', en: 'no' })) : t({ vi: 'không', en: 'no' });
    lines.push(`  ${PROTOCOL_LABEL[p].padEnd(8)} ${mark}`);
  }
  lines.push('');
  lines.push(s.bold(t({ vi: 'Bộ mã theo giao thức', en: 'Cipher suites per protocol' })));
  for (const p of PROTOCOLS) {
    const names = o.ciphers[p as ProtocolName];
    if (!names?.length) continue;
    const order = o.serverCipherOrder[p];
    const orderText = order === true ? t({ vi: 'thứ tự của máy chủ', en: 'server order' }) : order === false ? t({ vi: 'thứ tự của máy khách', en: 'client order' }) : '';
    lines.push(`  ${s.bold(PROTOCOL_LABEL[p])}${orderText ? s.dim(` (${orderText})`) : ''}`);
    for (const n of names) {
      const f = o.suites[n];
      const dh = o.dhBitsBySuite[n] ? ` DH ${o.dhBitsBySuite[n]}` : '';
      lines.push(`    ${paintSuite(s, n, f?.strength)}${s.dim(f ? ` ${f.bits} bit${dh}` : '')}`);
    }
  }
  if (o.groups.length) lines.push(`  ${t({ vi: 'Nhóm trao đổi khóa', en: 'Key-exchange groups' })}: ${o.groups.join(', ')}`);
  lines.push('');
  lines.push(s.bold(t({ vi: 'Chuỗi chứng thư (như máy chủ gửi)', en: 'Certificate chain (as sent)' })));
  if (!o.certificate.length) lines.push(`  ${t({ vi: '(không có)', en: '(none)' })}`);
  o.certificate.forEach((c, i) => {
    lines.push(`  ${i}. ${sanitizeTerminal(c.subject)}`);
    lines.push(s.dim(`     ${t({ vi: 'cấp bởi', en: 'issuer' })}: ${sanitizeTerminal(c.issuer)}; ${c.keyType} ${c.keyBits}; ${sanitizeTerminal(c.signatureAlgorithm)}; ${c.notBefore.slice(0, 10)} → ${c.notAfter.slice(0, 10)}`));
    if (i === 0 && c.subjectAltNames.length) lines.push(s.dim(`     SAN: ${sanitizeTerminal(c.subjectAltNames.slice(0, 8).join(', '))}`));
  });
  const yes = t({ vi: 'có', en: 'yes' });
  const no = t({ vi: 'không', en: 'no' });
  lines.push(
    `  ${t({ vi: 'Tin cậy', en: 'Trusted' })}: ${o.trusted ? s.green(yes) : s.red(`${no} (${o.trustError ?? ''})`)} · ${t({ vi: 'Chuỗi đủ', en: 'Chain complete' })}: ${o.chainComplete ? yes : s.red(no)} · ${t({ vi: 'Khớp tên', en: 'Name matches' })} ${sanitizeTerminal(o.hostnameChecked)}: ${o.hostnameMatches ? yes : s.red(no)} · OCSP: ${o.ocspStapled ? yes : no}`,
  );
  if (o.vulnerabilities) {
    lines.push('');
    lines.push(s.bold(t({ vi: 'Thăm dò lỗ hổng', en: 'Vulnerability probes' })));
    const label: Record<string, string> = { heartbleed: 'Heartbleed (CVE-2014-0160)', ccsInjection: 'CCS injection (CVE-2014-0224)', compression: 'CRIME / TLS compression (CVE-2012-4929)', clientRenegotiation: t({ vi: 'Thương lượng lại do máy khách khởi tạo', en: 'Client-initiated renegotiation' }), ticketbleed: 'Ticketbleed (CVE-2016-9244)' };
    const status: Record<string, string> = {
      vulnerable: s.red(t({ vi: 'BỊ ẢNH HƯỞNG', en: 'VULNERABLE' })),
      'not-vulnerable': s.green(t({ vi: 'không', en: 'not vulnerable' })),
      'not-applicable': s.dim(t({ vi: 'không áp dụng', en: 'not applicable' })),
      inconclusive: s.yellow(t({ vi: 'chưa kết luận', en: 'inconclusive' })),
      error: s.yellow(t({ vi: 'lỗi thăm dò', en: 'probe error' })),
    };
    for (const [key, probe] of Object.entries(o.vulnerabilities)) lines.push(`  ${(label[key] ?? key).padEnd(42)} ${status[probe.status] ?? probe.status}${s.dim(` — ${sanitizeTerminal(probe.detail)}`)}`);
  }
  lines.push('');
  const findings = results.filter((r) => r.outcome === 'fail').sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.checkId.localeCompare(b.checkId));
  lines.push(s.bold(t({ vi: `Phát hiện (${findings.length})`, en: `Findings (${findings.length})` })));
  if (findings.length) {
    lines.push(
      table(
        [t({ vi: 'Mức', en: 'Severity' }), t({ vi: 'Kiểm tra', en: 'Check' }), t({ vi: 'Nội dung', en: 'Message' })],
        findings.map((r) => [t(SEVERITY_LABEL[r.severity]), r.checkId, t(r.message)]),
        { maxWidths: [12, 32, 100], style: s },
      ),
    );
  }
  const errors = results.filter((r) => r.outcome === 'error');
  for (const r of errors) lines.push(s.yellow(`  ! ${r.checkId}: ${sanitizeTerminal(t(r.message))}`));
  lines.push('');
  const gradeText = o.grade.startsWith('A') ? s.green(o.grade) : o.grade === 'B' ? s.yellow(o.grade) : s.red(o.grade);
  lines.push(`${s.bold(t({ vi: 'Xếp hạng', en: 'Grade' }))}: ${s.bold(gradeText)}  ${s.dim(`(${t({ vi: 'điểm', en: 'score' })} ${o.score.total}; ${t({ vi: 'bỏ qua lỗi tin cậy', en: 'ignoring trust' })}: ${o.gradeIgnoringTrust})`)}`);
  for (const cap of o.gradeCaps.filter((c) => c.binding)) {
    lines.push(`  ${t({ vi: 'Giới hạn', en: 'Capped by' })}: ${t(cap.text)} → ${cap.cap}. ${t({ vi: 'Khắc phục', en: 'Fix' })}: ${t(cap.fix)}${cap.gradeIfFixed ? ` → ${cap.gradeIfFixed}` : ''}`);
  }
  const moz = o.mozilla.profiles.intermediate;
  if (moz) lines.push(`Mozilla ${o.mozilla.guidelinesVersion} intermediate: ${moz.compliant ? s.green(t({ vi: 'đạt', en: 'compliant' })) : s.yellow(t({ vi: `${moz.deviations.filter((d) => !d.informational).length} sai lệch`, en: `${moz.deviations.filter((d) => !d.informational).length} deviation(s)` }))}`);
  lines.push(s.dim(`${o.handshakes} ClientHello, ${o.durationMs} ms`));
  return lines.join('\n');
}

/** `attt scan tls HOST:PORT`: the audit engine on a one-target inventory, printed as a report. */
export function registerScanTls(scan: Command, ctx: CliContext): void {
  scan
    .command('tls')
    .description(ctx.t({ vi: 'đánh giá cấu hình TLS của một điểm cuối HOST:PORT', en: 'assess the TLS configuration of one HOST:PORT endpoint' }))
    .argument('<host:port>', ctx.t({ vi: 'máy chủ và cổng, ví dụ mail.example.gov.vn:465', en: 'host and port, e.g. mail.example.gov.vn:465' }))
    .option('--sni <name>', ctx.t({ vi: 'tên gửi trong SNI và dùng để kiểm tra tên chứng thư', en: 'name sent as SNI and used for the certificate name check' }))
    .option('--starttls <proto>', ctx.t({ vi: 'nâng cấp STARTTLS: smtp, imap, pop3, ftp, postgres, mysql hoặc ldap', en: 'STARTTLS upgrade: smtp, imap, pop3, ftp, postgres, mysql or ldap' }))
    .option('--ca <file...>', ctx.t({ vi: 'tệp CA gốc tin cậy bổ sung (PEM)', en: 'extra trusted root CA files (PEM)' }))
    .option('--timeout <ms>', ctx.t({ vi: 'thời hạn mỗi kết nối (ms), mặc định 3000', en: 'per-connection timeout (ms), default 3000' }))
    .option('--speed <profile>', ctx.t({ vi: 'polite (mặc định), normal hoặc fast', en: 'polite (default), normal or fast' }))
    .option('--no-vuln-probes', ctx.t({ vi: 'không chạy thăm dò lỗ hổng (Heartbleed, CCS, nén, thương lượng lại, Ticketbleed)', en: 'skip the vulnerability probes (Heartbleed, CCS, compression, renegotiation, Ticketbleed)' }))
    .option('--fail-on <severity>', ctx.t({ vi: 'thoát mã 1 nếu có phát hiện từ mức này', en: 'exit 1 when a finding at or above this severity exists' }))
    .action(async (target: string, opts: ScanTlsOptions) => {
      const { host, port } = parseTarget(target);
      if (opts.starttls && !(STARTTLS as readonly string[]).includes(opts.starttls)) {
        throw new UsageError({ vi: `--starttls phải là một trong: ${STARTTLS.join(', ')} (nhận được "${opts.starttls}").`, en: `--starttls must be one of: ${STARTTLS.join(', ')} (got "${opts.starttls}").` });
      }
      const failOn = opts.failOn ? parseSeverity(opts.failOn) : undefined;
      const spec = { tls: target.includes(':') ? target : `${target}:${port}`, ...(opts.sni ? { sni: opts.sni } : {}), ...(opts.starttls ? { starttls: opts.starttls } : {}) };
      const results = await runAdHoc(spec as never, host, {
        caFiles: opts.ca ?? [],
        ...(opts.timeout ? { timeoutMs: parsePositiveInt(opts.timeout, '--timeout') } : {}),
        speed: opts.speed ? parseSpeed(opts.speed) : 'polite',
        signal: ctx.interrupt,
        ...(opts.vulnProbes === false ? { options: { tlsVulnProbes: false } } : {}),
      });
      const entry = results.targets.find((t) => t.family === 'tls');
      if (entry?.status !== 'ok' || !entry) {
        const err = entry?.error;
        throw new ToolkitError(errorCodeOf(err?.code, 'ATTT_SCAN_FAILED'), err?.message ?? { vi: 'Không quét được mục tiêu.', en: 'The target could not be scanned.' });
      }
      const observation = results.observations[entry.key] as TlsObservation;
      const tlsResults = results.results.filter((r) => r.targetKey === entry.key);
      if (ctx.json) ctx.out(JSON.stringify({ observation, results: tlsResults }, null, 2));
      else ctx.out(renderTlsReport(ctx, observation, tlsResults));
      if (failOn && hasFindingAtOrAbove({ results: tlsResults }, failOn)) ctx.exitCode = EXIT.findings;
    });
}
