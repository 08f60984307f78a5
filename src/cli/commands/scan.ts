import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerScanHeaders } from './scan-headers.js';
import { registerScanPorts } from './scan-ports.js';
import { registerScanSsh } from './scan-ssh.js';
import { registerScanTls } from './scan-tls.js';

/** `attt scan ports|tls|headers`: ad-hoc scans of one target, outside any inventory. */
export function registerScan(program: Command, ctx: CliContext): void {
  const scan = program.command('scan').description(
    ctx.t({
      vi: 'quét nhanh một mục tiêu (không cần inventory): cổng, TLS, tiêu đề HTTP hoặc SSH',
      en: 'ad-hoc scan of one target (no inventory needed): ports, TLS, HTTP headers or SSH',
    }),
  );
  registerScanPorts(scan, ctx);
  registerScanTls(scan, ctx);
  registerScanHeaders(scan, ctx);
  registerScanSsh(scan, ctx);
}
