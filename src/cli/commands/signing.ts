import path from 'node:path';
import type { Command } from 'commander';
import { SigningError } from '../../errors.js';
import type { VerifyOutcome } from '../../signing/index.js';

// node-forge loads only when a signing command runs.
const signing = () => import('../../signing/index.js');
import type { CliContext } from '../context.js';
import { sanitizeTerminal } from '../terminal.js';

/** The passphrase: ATTT_P12_PASSPHRASE, else a hidden prompt on a terminal; never logged. */
async function readPassphrase(ctx: CliContext, p12: string): Promise<string> {
  const fromEnv = ctx.env.ATTT_P12_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY) {
    const { password } = await import('@inquirer/prompts');
    return password({ message: ctx.t({ vi: `Mật khẩu của ${p12}:`, en: `Passphrase for ${p12}:` }), mask: '*' });
  }
  throw new SigningError('ATTT_P12_PASSPHRASE_MISSING', {
    vi: 'Không có mật khẩu cho tệp PKCS#12: đặt biến môi trường ATTT_P12_PASSPHRASE, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập mật khẩu.',
    en: 'No passphrase for the PKCS#12 file: set ATTT_P12_PASSPHRASE, or run the command in a terminal to be prompted.',
  });
}

function describeOutcome(ctx: CliContext, o: VerifyOutcome): string {
  const t = ctx.t;
  const lines: string[] = [];
  if (o.status === 'valid') lines.push(t({ vi: 'HỢP LỆ: chữ ký đúng, tệp không bị thay đổi, chứng thư người ký do CA tin cậy cấp.', en: 'VALID: signature correct, file unchanged, signer certificate issued by the trusted CA.' }));
  else if (o.status === 'valid-chain-unchecked')
    lines.push(
      t({
        vi: 'Chữ ký đúng và tệp không bị thay đổi, NHƯNG chưa kiểm tra chuỗi chứng thư với CA tin cậy (thêm --ca CA.pem). Chưa xác nhận được danh tính người ký.',
        en: 'Signature correct and file unchanged, BUT the certificate chain was not checked against a trusted CA (add --ca CA.pem). The signer identity is not confirmed.',
      }),
    );
  else lines.push(t({ vi: 'KHÔNG HỢP LỆ:', en: 'INVALID:' }), ...o.problems.map((p) => `  - ${t(p.text)}`));
  if (o.signer) lines.push(`${t({ vi: 'Người ký', en: 'Signer' })}: ${o.signer.subject} (${t({ vi: 'cấp bởi', en: 'issued by' })} ${o.signer.issuer})`);
  if (o.signedAt) lines.push(`${t({ vi: 'Thời điểm ký', en: 'Signed at' })}: ${o.signedAt}`);
  lines.push(`SHA-256: ${o.sha256}`);
  return sanitizeTerminal(lines.join('\n'), true);
}

export function registerSigning(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  program
    .command('sign')
    .description(t({ vi: 'ký số báo cáo (chữ ký PKCS#7 tách rời, SHA-256) → TỆP.p7s', en: 'sign a report (detached PKCS#7, SHA-256) → FILE.p7s' }))
    .argument('<file>', t({ vi: 'tệp báo cáo cần ký', en: 'report file to sign' }))
    .requiredOption('--p12 <file>', t({ vi: 'tệp PKCS#12 (.p12/.pfx) chứa khóa và chứng thư người ký; mật khẩu từ ATTT_P12_PASSPHRASE hoặc nhập khi được hỏi', en: 'PKCS#12 (.p12/.pfx) with the signer key and certificate; passphrase from ATTT_P12_PASSPHRASE or a prompt' }))
    .option('--tracker <db>', t({ vi: 'ghi nhận lần ký vào cơ sở dữ liệu theo dõi', en: 'record the sign-off in the tracker database' }))
    .action(async (file: string, opts: { p12: string; tracker?: string }) => {
      const target = path.resolve(ctx.cwd, file);
      const p12 = path.resolve(ctx.cwd, opts.p12);
      const passphrase = await readPassphrase(ctx, opts.p12);
      const r = (await signing()).signFile(target, p12, passphrase, { trackerDb: opts.tracker ? path.resolve(ctx.cwd, opts.tracker) : undefined });
      if (ctx.json) ctx.out(JSON.stringify(r, null, 2));
      else ctx.out(sanitizeTerminal(t({ vi: `Đã ký: ${r.sigPath}\nNgười ký: ${r.signer}\nSHA-256: ${r.sha256}`, en: `Signed: ${r.sigPath}\nSigner: ${r.signer}\nSHA-256: ${r.sha256}` }), true));
    });
  program
    .command('verify')
    .description(
      t({
        vi: 'kiểm tra chữ ký số của báo cáo. Mã thoát: 0 hợp lệ, 1 chữ ký sai/tệp bị sửa/không tin cậy, 2 thiếu hoặc sai tệp đầu vào',
        en: 'verify a report signature. Exit: 0 valid, 1 bad signature/tampered/untrusted, 2 missing or bad input',
      }),
    )
    .argument('<file>', t({ vi: 'tệp báo cáo đã ký', en: 'signed report file' }))
    .option('--sig <file>', t({ vi: 'tệp chữ ký (mặc định TỆP.p7s)', en: 'signature file (default FILE.p7s)' }))
    .option('--ca <file>', t({ vi: 'chứng thư CA tin cậy (PEM) để kiểm tra chuỗi chứng thư', en: 'trusted CA certificate(s) (PEM) for the chain check' }))
    .action(async (file: string, opts: { sig?: string; ca?: string }) => {
      const o = (await signing()).verifyFile(path.resolve(ctx.cwd, file), {
        sigPath: opts.sig ? path.resolve(ctx.cwd, opts.sig) : undefined,
        caPath: opts.ca ? path.resolve(ctx.cwd, opts.ca) : undefined,
      });
      if (ctx.json) ctx.out(JSON.stringify(o, null, 2));
      else ctx.out(describeOutcome(ctx, o));
      ctx.exitCode = o.valid ? 0 : 1;
    });
  const keys = program.command('keys').description(t({ vi: 'khóa và chứng thư dùng thử cho việc ký số', en: 'keys and certificates for trying sign-off' }));
  keys
    .command('demo')
    .description(t({ vi: 'tạo CA dùng thử (ca.pem) và người ký (signer.p12, mật khẩu "demo") — chỉ để thử, không dùng thật', en: 'make a throwaway CA (ca.pem) and signer (signer.p12, passphrase "demo") — for trying only' }))
    .option('--out <dir>', t({ vi: 'thư mục ghi tệp', en: 'output folder' }), 'demo-keys')
    .action(async (opts: { out: string }) => {
      const r = (await signing()).createDemoKeys(path.resolve(ctx.cwd, opts.out));
      if (ctx.json) ctx.out(JSON.stringify(r, null, 2));
      else
        ctx.out(
          t({
            vi: `CA dùng thử: ${r.caPath}\nNgười ký: ${r.p12Path} (mật khẩu "${r.passphrase}")\nThử: ATTT_P12_PASSPHRASE=${r.passphrase} attt sign BAOCAO.pdf --p12 ${r.p12Path} && attt verify BAOCAO.pdf --ca ${r.caPath}`,
            en: `Demo CA: ${r.caPath}\nSigner: ${r.p12Path} (passphrase "${r.passphrase}")\nTry: ATTT_P12_PASSPHRASE=${r.passphrase} attt sign REPORT.pdf --p12 ${r.p12Path} && attt verify REPORT.pdf --ca ${r.caPath}`,
          }),
        );
    });
}
