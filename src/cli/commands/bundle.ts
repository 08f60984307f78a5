import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { DB_OPTION_HELP, trackerLocation } from '../options.js';
import { sanitizeTerminal } from '../terminal.js';
import { addKeyOptions, openKey, type KeyOptions } from './signing.js';
import { testPauseHook } from './tracker/shared.js';

// PKI.js and the tar reader load only when a bundle command runs.
const bundles = () => import('../../bundle/index.js');

function nowFrom(ctx: CliContext): Date | undefined {
  if (!ctx.env.ATTT_NOW) return undefined;
  const now = new Date(ctx.env.ATTT_NOW);
  if (Number.isNaN(now.getTime())) throw new UsageError({ vi: `ATTT_NOW không phải thời điểm hợp lệ: "${ctx.env.ATTT_NOW}".`, en: `ATTT_NOW is not a valid time: "${ctx.env.ATTT_NOW}".` });
  return now;
}

interface CreateCliOptions extends KeyOptions {
  results: string;
  inventory?: string;
  answers?: string;
  out: string;
}

export function registerBundle(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  const bundle = program
    .command('bundle')
    .description(t({ vi: 'gói kết quả đã ký của từng đơn vị: tạo, kiểm tra (kể cả trên máy không nối mạng), hợp nhất vào sổ theo dõi trung tâm', en: 'signed result bundles of each unit: create, verify (air-gapped too), merge into the central tracker' }))
    .addHelpText(
      'after',
      t({
        vi: '\nVí dụ:\n  attt bundle create --results ket-qua/results.json --p12 nguoi-kiem-tra.p12 --out bao-tro-xa-hoi-2026-Q4.tar.gz\n  attt bundle verify bao-tro-xa-hoi-2026-Q4.tar.gz --ca ca-so.pem\n  attt bundle merge goi/*.tar.gz --inventory trung-tam.yaml --db attt.db --ca ca-so.pem',
        en: '\nExamples:\n  attt bundle create --results results/results.json --p12 auditor.p12 --out bao-tro-xa-hoi-2026-Q4.tar.gz\n  attt bundle verify bao-tro-xa-hoi-2026-Q4.tar.gz --ca department-ca.pem\n  attt bundle merge bundles/*.tar.gz --inventory central.yaml --db attt.db --ca department-ca.pem',
      }),
    );

  const create = bundle
    .command('create')
    .description(t({ vi: 'đóng gói results.json, tệp trả lời, phần inventory của đơn vị và phiên bản dữ liệu thành một tệp .tar.gz, ký bởi người đã kiểm tra', en: "pack results.json, the answers files, the unit's inventory part and the data versions into one .tar.gz, signed by the person who ran the audit" }))
    .requiredOption('--results <file>', t({ vi: 'results.json của một đơn vị (attt audit --unit ĐƠN_VỊ)', en: 'results.json of one unit (attt audit --unit UNIT)' }))
    .option('--inventory <file>', t({ vi: 'inventory của đợt kiểm tra (mặc định: tệp ghi trong results.json)', en: "the audit's inventory (default: the file named in results.json)" }))
    .option('--answers <dir>', t({ vi: 'thư mục tệp trả lời bảng hỏi', en: 'folder of questionnaire answers files' }), './answers');
  addKeyOptions(create, t)
    .requiredOption('--out <file>', t({ vi: 'tệp gói cần ghi (.tar.gz)', en: 'bundle file to write (.tar.gz)' }))
    .addHelpText(
      'after',
      t({
        vi: '\nVí dụ:\n  attt audit --inventory inventory.yaml --unit bao-tro-xa-hoi --cycle 2026-Q4 --out ket-qua\n  ATTT_P12_PASSPHRASE=… attt bundle create --results ket-qua/results.json --p12 nguoi-kiem-tra.p12 --out bao-tro-xa-hoi-2026-Q4.tar.gz\n  ATTT_PKCS11_PIN=… attt bundle create --results ket-qua/results.json --pkcs11 /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so --out goi.tar.gz',
        en: '\nExamples:\n  attt audit --inventory inventory.yaml --unit bao-tro-xa-hoi --cycle 2026-Q4 --out results\n  ATTT_P12_PASSPHRASE=… attt bundle create --results results/results.json --p12 auditor.p12 --out bao-tro-xa-hoi-2026-Q4.tar.gz\n  ATTT_PKCS11_PIN=… attt bundle create --results results/results.json --pkcs11 /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so --out bundle.tar.gz',
      }),
    )
    .action(async (opts: CreateCliOptions) => {
      const resultsFile = path.resolve(ctx.cwd, opts.results);
      let inventoryFile = opts.inventory ? path.resolve(ctx.cwd, opts.inventory) : undefined;
      if (!inventoryFile) {
        const { readResults } = await import('../../results/index.js');
        inventoryFile = path.resolve(ctx.cwd, readResults(resultsFile).inventory.file);
      }
      const key = await openKey(ctx, opts);
      let r;
      try {
        r = await (await bundles()).createBundle({ resultsFile, inventoryFile, answersDir: path.resolve(ctx.cwd, opts.answers ?? './answers'), key, out: path.resolve(ctx.cwd, opts.out), now: nowFrom(ctx) });
      } finally {
        key.close();
      }
      if (ctx.json) return ctx.out(JSON.stringify(r, null, 2));
      ctx.out(
        sanitizeTerminal(
          [
            t({ vi: `Đã ghi gói kết quả: ${r.out}`, en: `Result bundle written: ${r.out}` }),
            `${t({ vi: 'Đơn vị', en: 'Unit' })}: ${r.unit} · ${t({ vi: 'Kỳ', en: 'Cycle' })}: ${r.cycle} · ${r.files.length} ${t({ vi: 'tệp', en: 'files' })}`,
            `${t({ vi: 'Người ký', en: 'Signer' })}: ${r.signer}`,
            `SHA-256: ${r.sha256}`,
          ].join('\n'),
        ),
      );
    });

  bundle
    .command('verify')
    .description(t({ vi: 'kiểm tra gói kết quả không cần mạng: chữ ký và chuỗi chứng thư, mã băm từng tệp, không có tệp thừa, đường dẫn an toàn, giới hạn dung lượng. Mã thoát 0 hợp lệ, 2 bị từ chối', en: 'verify a result bundle offline: signature and chain, every hash, nothing extra, safe paths, bounded sizes. Exit 0 valid, 2 refused' }))
    .argument('<file>', t({ vi: 'tệp gói (.tar.gz)', en: 'bundle file (.tar.gz)' }))
    .option('--ca <file...>', t({ vi: 'chứng thư CA tin cậy (PEM/DER): chứng thư người ký phải dẫn tới CA này', en: "trusted CA certificate(s) (PEM/DER): the signer's certificate must chain to one" }))
    .option('--crl <file...>', t({ vi: 'danh sách thu hồi chứng thư (CRL)', en: 'certificate revocation list(s) (CRL)' }))
    .addHelpText('after', t({ vi: '\nVí dụ:\n  attt bundle verify bao-tro-xa-hoi-2026-Q4.tar.gz --ca ca-so.pem\n  attt bundle verify goi.tar.gz --ca ca.pem --crl ca.crl --json', en: '\nExamples:\n  attt bundle verify bao-tro-xa-hoi-2026-Q4.tar.gz --ca department-ca.pem\n  attt bundle verify bundle.tar.gz --ca ca.pem --crl ca.crl --json' }))
    .action(async (file: string, opts: { ca?: string[]; crl?: string[] }) => {
      const v = await (await bundles()).verifyBundle(path.resolve(ctx.cwd, file), { caFiles: (opts.ca ?? []).map((f) => path.resolve(ctx.cwd, f)), crlFiles: (opts.crl ?? []).map((f) => path.resolve(ctx.cwd, f)), now: nowFrom(ctx) });
      const summary = { file: v.file, sha256: v.sha256, status: v.status, unit: v.manifest.unit, cycle: v.manifest.cycle, tool: v.manifest.tool, createdAt: v.manifest.createdAt, signer: v.signature.signer, files: v.manifest.files, data: v.manifest.data, results: v.results.results.length };
      if (ctx.json) return ctx.out(JSON.stringify(summary, null, 2));
      const { oneLine } = await import('../../signing/index.js');
      ctx.out(
        [
          v.status === 'valid'
            ? t({ vi: 'HỢP LỆ: chữ ký đúng, chứng thư người ký dẫn tới CA tin cậy, mọi tệp khớp mã băm, không có tệp thừa.', en: "VALID: signature correct, the signer's certificate chains to a trusted CA, every file matches its hash, nothing extra." })
            : t({ vi: 'Chữ ký đúng, mọi tệp khớp mã băm, không có tệp thừa, NHƯNG chưa kiểm tra chuỗi chứng thư (thêm --ca CA.pem).', en: 'Signature correct, every file matches its hash, nothing extra, BUT the certificate chain was not checked (add --ca CA.pem).' }),
          `${t({ vi: 'Đơn vị', en: 'Unit' })}: ${oneLine(v.manifest.unit)} · ${t({ vi: 'Kỳ', en: 'Cycle' })}: ${oneLine(v.manifest.cycle)} · attt ${oneLine(v.manifest.tool.version)} · ${v.results.results.length} ${t({ vi: 'kết quả', en: 'results' })}`,
          `${t({ vi: 'Người ký', en: 'Signer' })}: ${oneLine(v.signature.signer?.subject ?? '?')} (SHA-256 ${v.signature.signer?.sha256})`,
          ...v.manifest.files.map((f) => `  ${oneLine(f.path)}  ${f.sha256}`),
          `SHA-256: ${v.sha256}`,
        ].join('\n'),
      );
    });

  bundle
    .command('merge')
    .description(t({ vi: 'hợp nhất các gói vào sổ theo dõi trung tâm: kiểm tra từng gói, người ký được phép cho đơn vị, hệ thống thuộc đơn vị; gói bị từ chối thì cơ sở dữ liệu không đổi (mã thoát 2)', en: 'merge bundles into the central tracker: each bundle verified, its signer allowed for the unit, its systems the unit\'s own; a refused bundle leaves the database unchanged (exit 2)' }))
    .argument('<files...>', t({ vi: 'các tệp gói (.tar.gz)', en: 'bundle files (.tar.gz)' }))
    .requiredOption('--inventory <file>', t({ vi: 'inventory trung tâm: đơn vị, hệ thống và người được ký gói (units[].bundleSigners)', en: 'central inventory: units, systems and who may sign bundles (units[].bundleSigners)' }))
    .option('--db <file|url>', t(DB_OPTION_HELP))
    .option('--ca <file...>', t({ vi: 'chứng thư CA tin cậy: chứng thư người ký phải dẫn tới CA này', en: "trusted CA certificate(s): the signer's certificate must chain to one" }))
    .option('--crl <file...>', t({ vi: 'danh sách thu hồi chứng thư (CRL)', en: 'certificate revocation list(s) (CRL)' }))
    .addHelpText('after', t({ vi: '\nVí dụ:\n  attt bundle merge goi/*.tar.gz --inventory trung-tam.yaml --db postgres://attt@db.so.local/attt --ca ca-so.pem\n  attt report build --tracker attt.db --out bao-cao-so.html', en: '\nExamples:\n  attt bundle merge bundles/*.tar.gz --inventory central.yaml --db postgres://attt@db.dept.local/attt --ca department-ca.pem\n  attt report build --tracker attt.db --out department.html' }))
    .action(async (files: string[], opts: { inventory: string; db?: string; ca?: string[]; crl?: string[] }) => {
      const merged = await (await bundles()).mergeBundles(
        files.map((f) => path.resolve(ctx.cwd, f)),
        { dbPath: trackerLocation(ctx.cwd, ctx.env, opts.db, 'attt.db')!, inventoryFile: path.resolve(ctx.cwd, opts.inventory), caFiles: (opts.ca ?? []).map((f) => path.resolve(ctx.cwd, f)), crlFiles: (opts.crl ?? []).map((f) => path.resolve(ctx.cwd, f)), now: nowFrom(ctx), onProgress: testPauseHook(ctx) },
      );
      if (ctx.json) return ctx.out(JSON.stringify(merged, null, 2));
      const { oneLine } = await import('../../signing/index.js');
      for (const m of merged) {
        const s = m.summary;
        const what = s.alreadyImported
          ? t({ vi: 'đã hợp nhất trước đây, không thay đổi gì', en: 'merged before, nothing changed' })
          : s.newerCycle
            ? t({ vi: `kỳ cũ hơn ${s.newerCycle}: chỉ ghi vào lịch sử`, en: `older than ${s.newerCycle}: history only` })
            : t({ vi: `${s.opened} mới, ${s.fixed} đã khắc phục, ${s.regressed} tái phát, ${s.stillFailing} vẫn còn`, en: `${s.opened} new, ${s.fixed} fixed, ${s.regressed} regressed, ${s.stillFailing} still open` });
        ctx.out(`${oneLine(path.basename(m.file))}: ${oneLine(m.unit)} ${oneLine(m.cycle)} — ${what} (${t({ vi: 'người ký', en: 'signer' })} ${oneLine(m.signer)}${m.status === 'valid' ? '' : t({ vi: '; chưa kiểm tra chuỗi CA', en: '; CA chain not checked' })})`);
      }
    });
}
