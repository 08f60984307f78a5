import path from 'node:path';
import type { Command } from 'commander';
import { SigningError, UsageError } from '../../errors.js';
import type { SigningKey } from '../../signing/index.js';
import type { CliContext } from '../context.js';
import { trackerLocation } from '../options.js';
import { sanitizeTerminal } from '../terminal.js';

// PKI.js, pdf-lib and the PKCS#11 addon load only when a signing command runs.
const signing = () => import('../../signing/index.js');

/** A secret from the environment, else a hidden prompt on a terminal; never logged. */
async function readSecret(ctx: CliContext, envName: 'ATTT_P12_PASSPHRASE' | 'ATTT_PKCS11_PIN', prompt: { vi: string; en: string }, missing: { vi: string; en: string }): Promise<string> {
  const fromEnv = ctx.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY) {
    const { password } = await import('@inquirer/prompts');
    return password({ message: ctx.t(prompt), mask: '*' });
  }
  throw new SigningError(`${envName}_MISSING` as const, missing);
}

export interface KeyOptions {
  p12?: string;
  pkcs11?: string;
  slot?: string;
  keyLabel?: string;
  rsaPss?: boolean;
}

export async function openKey(ctx: CliContext, opts: KeyOptions): Promise<SigningKey> {
  const s = await signing();
  if (!!opts.p12 === !!opts.pkcs11) {
    throw new UsageError({ vi: 'Chọn đúng một nguồn khóa ký: --p12 TỆP hoặc --pkcs11 THƯ_VIỆN.so.', en: 'Choose exactly one signing key source: --p12 FILE or --pkcs11 MODULE.so.' });
  }
  if (opts.p12) {
    const passphrase = await readSecret(ctx, 'ATTT_P12_PASSPHRASE', { vi: `Mật khẩu của ${opts.p12}:`, en: `Passphrase for ${opts.p12}:` }, {
      vi: 'Không có mật khẩu cho tệp PKCS#12: đặt biến môi trường ATTT_P12_PASSPHRASE, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập mật khẩu.',
      en: 'No passphrase for the PKCS#12 file: set ATTT_P12_PASSPHRASE, or run the command in a terminal to be prompted.',
    });
    return s.loadP12(path.resolve(ctx.cwd, opts.p12), passphrase, { pss: opts.rsaPss });
  }
  const slot = opts.slot === undefined ? undefined : Number(opts.slot);
  if (slot !== undefined && (!Number.isInteger(slot) || slot < 0)) throw new UsageError({ vi: `--slot phải là số nguyên không âm: "${opts.slot}".`, en: `--slot must be a non-negative integer: "${opts.slot}".` });
  const pin = await readSecret(ctx, 'ATTT_PKCS11_PIN', { vi: 'Mã PIN của thiết bị ký:', en: 'Token PIN:' }, {
    vi: 'Không có mã PIN của thiết bị ký: đặt biến môi trường ATTT_PKCS11_PIN, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập.',
    en: 'No token PIN: set ATTT_PKCS11_PIN, or run the command in a terminal to be prompted.',
  });
  return s.loadPkcs11Key({ module: opts.pkcs11!, slot, keyLabel: opts.keyLabel, pin, pss: opts.rsaPss });
}

interface SignCliOptions extends KeyOptions {
  tsa?: string;
  sig?: string;
  role?: 'head' | 'org';
  name?: string;
  title?: string;
  organization?: string;
  tracker?: string;
}

/** The signing key's options, shared by every command that signs (`attt sign`, `attt bundle create`). */
export function addKeyOptions(command: Command, t: CliContext['t']): Command {
  return command
    .option('--p12 <file>', t({ vi: 'tệp PKCS#12 (.p12/.pfx) chứa khóa và chứng thư; mật khẩu từ ATTT_P12_PASSPHRASE hoặc nhập khi được hỏi', en: 'PKCS#12 (.p12/.pfx) with the key and certificate; passphrase from ATTT_P12_PASSPHRASE or a prompt' }))
    .option('--pkcs11 <module>', t({ vi: 'thư viện PKCS#11 của thiết bị ký (USB token), ví dụ /usr/lib/…/libxyz.so; PIN từ ATTT_PKCS11_PIN hoặc nhập khi được hỏi', en: 'PKCS#11 module of the signing token (USB token), e.g. /usr/lib/…/libxyz.so; PIN from ATTT_PKCS11_PIN or a prompt' }))
    .option('--slot <n>', t({ vi: 'khe của thiết bị (mã khe hoặc thứ tự, mặc định khe đầu tiên)', en: 'token slot (slot id or index; default the first)' }))
    .option('--key-label <label>', t({ vi: 'nhãn của khóa ký trên thiết bị', en: 'label of the key on the token' }));
}

export function registerSigning(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  const sign = program
    .command('sign')
    .description(
      t({
        vi: 'ký số báo cáo: PDF được ký ngay trong tệp (PAdES, có hình ảnh chữ ký); tệp khác → TỆP.p7s (CMS tách rời, SHA-256)',
        en: 'sign a report: a PDF is signed inside the file (PAdES, visible signature); other files → FILE.p7s (detached CMS, SHA-256)',
      }),
    )
    .argument('<file>', t({ vi: 'tệp báo cáo cần ký', en: 'report file to sign' }));
  addKeyOptions(sign, t);
  sign
    .option('--rsa-pss', t({ vi: 'ký RSA theo RSA-PSS thay vì PKCS#1 v1.5', en: 'sign RSA with RSA-PSS instead of PKCS#1 v1.5' }))
    .option('--tsa <url>', t({ vi: 'máy chủ cấp dấu thời gian RFC 3161', en: 'RFC 3161 time-stamping authority' }))
    .option('--sig <file>', t({ vi: 'ghi chữ ký tách rời vào tệp này (cả với PDF)', en: 'write a detached signature to this file (PDF too)' }))
    .option('--role <role>', t({ vi: 'vị trí chữ ký trong PDF: head (thủ trưởng) hoặc org (cơ quan); mặc định tự chọn', en: 'PDF signature place: head or org (organisation); chosen automatically by default' }))
    .option('--name <text>', t({ vi: 'họ tên hiển thị (mặc định theo chứng thư)', en: 'name shown (default from the certificate)' }))
    .option('--title <text>', t({ vi: 'chức vụ hiển thị', en: 'title shown' }))
    .option('--organization <text>', t({ vi: 'cơ quan hiển thị', en: 'organisation shown' }))
    .option('--tracker <db>', t({ vi: 'ghi nhận lần ký vào cơ sở dữ liệu theo dõi', en: 'record the sign-off in the tracker database' }))
    .addHelpText(
      'after',
      t({
        vi: '\nVí dụ:\n  ATTT_P12_PASSPHRASE=… attt sign bao-cao.pdf --p12 chu-ky.p12\n  ATTT_PKCS11_PIN=… attt sign bao-cao.pdf --pkcs11 /usr/lib/x86_64-linux-gnu/libvnpt-ca.so --tsa http://tsa.example.vn\n  attt sign bao-cao.html --p12 chu-ky.p12      # → bao-cao.html.p7s',
        en: '\nExamples:\n  ATTT_P12_PASSPHRASE=… attt sign report.pdf --p12 signer.p12\n  ATTT_PKCS11_PIN=… attt sign report.pdf --pkcs11 /usr/lib/x86_64-linux-gnu/libtoken.so --tsa http://tsa.example.org\n  attt sign report.html --p12 signer.p12       # → report.html.p7s',
      }),
    )
    .action(async (file: string, opts: SignCliOptions) => {
      if (opts.role !== undefined && opts.role !== 'head' && opts.role !== 'org') throw new UsageError({ vi: `--role phải là head hoặc org: "${opts.role}".`, en: `--role must be head or org: "${opts.role}".` });
      const key = await openKey(ctx, opts);
      let r;
      try {
        r = await (await signing()).signFile(path.resolve(ctx.cwd, file), {
          key,
          tsaUrl: opts.tsa,
          sigPath: opts.sig ? path.resolve(ctx.cwd, opts.sig) : undefined,
          appearance: { role: opts.role ?? 'auto', lang: ctx.lang, name: opts.name, title: opts.title, organization: opts.organization },
        });
      } finally {
        key.close();
      }
      if (opts.tracker) {
        const { recordSignOff } = await import('../../tracker/index.js');
        recordSignOff(trackerLocation(ctx.cwd, {}, opts.tracker)!, { file: path.basename(r.file), sha256: r.sha256, signer: r.signer, signedAt: r.signedAt });
      }
      if (ctx.json) return ctx.out(JSON.stringify(r, null, 2));
      const { oneLine } = await signing();
      const where = r.format === 'pdf' ? t({ vi: `Đã ký trong tệp: ${r.output}`, en: `Signed inside the file: ${r.output}` }) : t({ vi: `Đã ký: ${r.output}`, en: `Signed: ${r.output}` });
      ctx.out([sanitizeTerminal(where), `${t({ vi: 'Người ký', en: 'Signer' })}: ${oneLine(r.signer)}`, `SHA-256: ${r.sha256}`].join('\n'));
    });
  const keys = program.command('keys').description(t({ vi: 'khóa và chứng thư dùng thử cho việc ký số', en: 'keys and certificates for trying sign-off' }));
  keys
    .command('demo')
    .description(t({ vi: 'tạo CA dùng thử (ca.pem) và người ký (signer.p12, mật khẩu "demo") — chỉ để thử, không dùng thật', en: 'make a throwaway CA (ca.pem) and signer (signer.p12, passphrase "demo") — for trying only' }))
    .option('--out <dir>', t({ vi: 'thư mục ghi tệp', en: 'output folder' }), 'demo-keys')
    .action(async (opts: { out: string }) => {
      const r = await (await signing()).createDemoKeys(path.resolve(ctx.cwd, opts.out));
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
