import path from 'node:path';
import type { Command } from 'commander';
import type { FileVerdict, PdfSignatureVerdict, SignatureVerdict } from '../../signing/index.js';
import { UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';

const signing = () => import('../../signing/index.js');

/**
 * `attt verify`: one verdict line, then each signature. Every string taken from a certificate
 * or a signature goes through oneLine(), so a name holding newlines or bidi overrides cannot
 * fake lines such as "VALID:" or "Signer:".
 */
function describe(ctx: CliContext, v: FileVerdict, oneLine: (s: string) => string): string {
  const t = ctx.t;
  const lines: string[] = [];
  if (v.status === 'valid') lines.push(t({ vi: 'HỢP LỆ: chữ ký đúng, tệp không bị thay đổi, chứng thư người ký dẫn tới CA tin cậy.', en: 'VALID: signature correct, file unchanged, signer certificate chains to a trusted CA.' }));
  else if (v.status === 'valid-chain-unchecked')
    lines.push(t({ vi: 'Chữ ký đúng và tệp không bị thay đổi, NHƯNG chưa kiểm tra chuỗi chứng thư với CA tin cậy (thêm --ca CA.pem). Chưa xác nhận được danh tính người ký.', en: 'Signature correct and file unchanged, BUT the certificate chain was not checked against a trusted CA (add --ca CA.pem). The signer identity is not confirmed.' }));
  else lines.push(t({ vi: 'KHÔNG HỢP LỆ:', en: 'INVALID:' }), ...v.problems.map((p) => `  - ${oneLine(t(p.text))}`));
  v.signatures.forEach((s: SignatureVerdict | PdfSignatureVerdict, i) => {
    const head = v.signatures.length > 1 ? `[${i + 1}] ` : '';
    if (s.signer) lines.push(`${head}${t({ vi: 'Người ký', en: 'Signer' })}: ${oneLine(s.signer.subject)} (${t({ vi: 'cấp bởi', en: 'issued by' })} ${oneLine(s.signer.issuer)})`);
    if (s.signingTime) lines.push(`${head}${t({ vi: 'Thời điểm ký (theo người ký)', en: 'Signing time (claimed)' })}: ${s.signingTime}`);
    if (s.timestamp) lines.push(`${head}${t({ vi: 'Dấu thời gian', en: 'Timestamp' })}: ${s.timestamp.genTime ?? '?'} (${oneLine(s.timestamp.tsa ?? '?')}) ${s.timestamp.valid ? 'OK' : t({ vi: 'KHÔNG hợp lệ', en: 'NOT valid' })}`);
    if ('byteRange' in s) lines.push(`${head}${t({ vi: 'Phạm vi ký', en: 'Signed range' })}: ${s.byteRange.join(' ')}${s.coversWholeFile ? t({ vi: ' (toàn bộ tệp)', en: ' (whole file)' }) : t({ vi: ' (bản trước các lần cập nhật sau)', en: ' (the revision before later updates)' })}`);
  });
  lines.push(`SHA-256: ${v.sha256}`);
  return lines.join('\n');
}

export function registerVerify(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  program
    .command('verify')
    .description(
      t({
        vi: 'kiểm tra chữ ký số của báo cáo (chữ ký trong PDF, hoặc TỆP.p7s). Mã thoát: 0 hợp lệ, 1 chữ ký sai/tệp bị sửa/không tin cậy, 2 thiếu hoặc sai tệp đầu vào',
        en: 'verify a report signature (inside a PDF, or FILE.p7s). Exit: 0 valid, 1 bad signature/tampered/untrusted, 2 missing or bad input',
      }),
    )
    .argument('<file>', t({ vi: 'tệp báo cáo đã ký', en: 'signed report file' }))
    .option('--sig <file>', t({ vi: 'tệp chữ ký tách rời (mặc định TỆP.p7s)', en: 'detached signature file (default FILE.p7s)' }))
    .option('--ca <file...>', t({ vi: 'chứng thư CA tin cậy (PEM/DER)', en: 'trusted CA certificate(s) (PEM/DER)' }))
    .option('--crl <file...>', t({ vi: 'danh sách thu hồi chứng thư (CRL) để kiểm tra thu hồi', en: 'certificate revocation list(s) (CRL) to check revocation' }))
    .option('--inventory <file>', t({ vi: 'tin cậy thêm các CA trong trust.caFiles của inventory', en: "also trust the inventory's trust.caFiles" }))
    .addHelpText(
      'after',
      t({
        vi: '\nVí dụ:\n  attt verify bao-cao.pdf --ca ca.pem\n  attt verify bao-cao.html --ca ca.pem --crl ca.crl --json',
        en: '\nExamples:\n  attt verify report.pdf --ca ca.pem\n  attt verify report.html --ca ca.pem --crl ca.crl --json',
      }),
    )
    .action(async (file: string, opts: { sig?: string; ca?: string[]; crl?: string[]; inventory?: string }) => {
      const caFiles = (opts.ca ?? []).map((f) => path.resolve(ctx.cwd, f));
      if (opts.inventory) {
        const { loadInventory, resolveFromInventory } = await import('../../inventory/index.js');
        const inv = loadInventory(path.resolve(ctx.cwd, opts.inventory));
        caFiles.push(...inv.trust.caFiles.map((f) => resolveFromInventory(inv, f)));
      }
      const now = ctx.env.ATTT_NOW ? new Date(ctx.env.ATTT_NOW) : undefined;
      if (now && Number.isNaN(now.getTime())) throw new UsageError({ vi: `ATTT_NOW không phải thời điểm hợp lệ: "${ctx.env.ATTT_NOW}".`, en: `ATTT_NOW is not a valid time: "${ctx.env.ATTT_NOW}".` });
      const s = await signing();
      const v = await s.verifyFile(path.resolve(ctx.cwd, file), {
        sigPath: opts.sig ? path.resolve(ctx.cwd, opts.sig) : undefined,
        caFiles,
        crlFiles: (opts.crl ?? []).map((f) => path.resolve(ctx.cwd, f)),
        now,
      });
      ctx.out(ctx.json ? JSON.stringify(v, null, 2) : describe(ctx, v, s.oneLine));
      ctx.exitCode = v.valid ? 0 : 1;
    });
}
