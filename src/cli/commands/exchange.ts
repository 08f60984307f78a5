import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { loadCatalog } from '../../engine/index.js';
import { InputError } from '../../errors.js';
import { readResults, writeFileAtomic, writeResults } from '../../results/index.js';
import type { CliContext } from '../context.js';
import { ensureWritableDir } from '../options.js';

const EXPORT_FORMATS = ['sarif', 'junit', 'defectdojo', 'xlsx'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];
const EXTENSION: Record<ExportFormat, string> = { sarif: '.sarif', junit: '.xml', defectdojo: '.json', xlsx: '.xlsx' };

/** `attt export` (results.json → SARIF, JUnit, DefectDojo, xlsx) and `attt import nmap` (nmap XML → results.json). */
export function registerExchange(program: Command, ctx: CliContext): void {
  const t = ctx.t;
  program
    .command('export')
    .description(t({ vi: 'chuyển results.json sang định dạng công cụ khác đọc được: SARIF 2.1.0, JUnit XML, DefectDojo (Generic Findings Import), Excel', en: 'convert results.json for other tools: SARIF 2.1.0, JUnit XML, DefectDojo (Generic Findings Import), Excel' }))
    .argument('<results>', t({ vi: 'tệp results.json của một lần kiểm tra', en: "an audit's results.json" }))
    .addOption(new Option('--format <format>', t({ vi: 'định dạng', en: 'format' })).choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('-o, --out <file>', t({ vi: 'tệp cần ghi', en: 'file to write' }))
    .addHelpText('after', t({
      vi: '\nVí dụ:\n  attt export ket-qua/results.json --format sarif --out attt.sarif          bảng quét mã (GitHub code scanning …)\n  attt export ket-qua/results.json --format junit --out attt-junit.xml      CI: mỗi kiểm tra một testsuite\n  attt export ket-qua/results.json --format defectdojo --out dojo.json     DefectDojo: Import Scan → "Generic Findings Import"\n  attt export ket-qua/results.json --format xlsx --out phat-hien.xlsx',
      en: '\nExamples:\n  attt export results/results.json --format sarif --out attt.sarif          code-scanning dashboards (GitHub code scanning …)\n  attt export results/results.json --format junit --out attt-junit.xml      CI: one testsuite per check\n  attt export results/results.json --format defectdojo --out dojo.json     DefectDojo: Import Scan → "Generic Findings Import"\n  attt export results/results.json --format xlsx --out findings.xlsx',
    }))
    .action(async (file: string, o: { format: ExportFormat; out: string }) => {
      const results = readResults(path.resolve(ctx.cwd, file));
      const catalog = new Map((await loadCatalog()).map((m) => [m.id, m]));
      const exchange = await import('../../exchange/index.js');
      const input = { results, catalog, lang: ctx.lang };
      const data: string | Buffer =
        o.format === 'sarif' ? `${JSON.stringify(exchange.toSarif(input), null, 2)}\n`
        : o.format === 'junit' ? exchange.toJunit(input)
        : o.format === 'defectdojo' ? `${JSON.stringify(exchange.toDefectDojo(input), null, 2)}\n`
        : await exchange.toFindingsXlsx(input);
      const out = path.resolve(ctx.cwd, o.out);
      ensureWritableDir(path.dirname(out), '--out');
      writeFileAtomic(out, data);
      const findings = exchange.distinctResults(results.results).filter((r) => r.outcome === 'fail' || r.outcome === 'unanswered').length;
      if (ctx.json) return ctx.out(JSON.stringify({ file: out, format: o.format, findings }, null, 2));
      ctx.out(t({ vi: `Đã ghi ${out} (${o.format}, ${findings} phát hiện).`, en: `Wrote ${out} (${o.format}, ${findings} findings).` }));
      if (path.extname(out) !== EXTENSION[o.format]) ctx.note(t({ vi: `Lưu ý: đuôi tệp thường dùng cho ${o.format} là ${EXTENSION[o.format]}.`, en: `Note: the usual extension for ${o.format} is ${EXTENSION[o.format]}.` }));
    });

  const imp = program.command('import').description(t({ vi: 'nhập kết quả quét của công cụ khác thành results.json', en: "turn another tool's scan into results.json" }));
  imp
    .command('nmap')
    .description(t({ vi: 'báo cáo XML của nmap (-sV -oX) → DIR/results.json: kiểm tra cổng và phần mềm như attt tự quét, rồi đưa vào sổ theo dõi, báo cáo', en: 'an nmap XML report (-sV -oX) → DIR/results.json: the ports and software checks judge it as if attt had scanned, ready for the tracker and the report' }))
    .argument('<file>', t({ vi: 'tệp XML của nmap', en: 'the nmap XML file' }))
    .requiredOption('-o, --out <dir>', t({ vi: 'thư mục ghi results.json', en: 'folder for results.json' }))
    .option('--unit <id>', t({ vi: 'mã đơn vị ghi cho các máy', en: 'unit id the hosts are filed under' }), 'nmap')
    .option('--system <id>', t({ vi: 'mã hệ thống ghi cho các máy', en: 'system id the hosts are filed under' }), 'nmap')
    .option('--organization <name>', t({ vi: 'tên cơ quan', en: 'organization name' }))
    .option('--cycle <id>', t({ vi: 'mã kỳ kiểm tra, ví dụ 2026-Q4', en: 'cycle id, e.g. 2026-Q4' }))
    .addHelpText('after', t({
      vi: '\nVí dụ:\n  nmap -sT -sV -p 1-65535 -oX quet.xml 10.10.1.0/24\n  attt import nmap quet.xml --out ket-qua/nmap --unit van-phong --system mang-noi-bo\n  attt tracker import ket-qua/nmap/results.json\nKhông gửi gói tin nào: chỉ đọc tệp XML.',
      en: '\nExamples:\n  nmap -sT -sV -p 1-65535 -oX scan.xml 10.10.1.0/24\n  attt import nmap scan.xml --out results/nmap --unit van-phong --system lan\n  attt tracker import results/nmap/results.json\nSends nothing on the network: it only reads the XML file.',
    }))
    .action(async (file: string, o: { out: string; unit: string; system: string; organization?: string; cycle?: string }) => {
      for (const [flag, value] of [['--unit', o.unit], ['--system', o.system]] as const) {
        if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) throw new InputError('ATTT_USAGE', { vi: `${flag} phải là mã chữ thường, số và gạch ngang (nhận được "${value}").`, en: `${flag} must be a lowercase id of letters, digits and dashes (got "${value}").` });
      }
      const abs = path.resolve(ctx.cwd, file);
      let xml: string;
      try {
        const size = fs.statSync(abs).size;
        const { MAX_NMAP_XML_BYTES } = await import('../../exchange/index.js');
        if (size > MAX_NMAP_XML_BYTES) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
        xml = fs.readFileSync(abs, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        throw new InputError('ATTT_NMAP_UNREADABLE', { vi: `Không đọc được ${abs} (${code}).`, en: `Cannot read ${abs} (${code}).` }, { cause: error });
      }
      const { parseNmapXml, resultsFromNmap } = await import('../../exchange/index.js');
      const scan = parseNmapXml(xml, file);
      const outDir = ensureWritableDir(path.resolve(ctx.cwd, o.out));
      const results = await resultsFromNmap(scan, { file: abs, unit: o.unit, system: o.system, organization: o.organization, cycle: o.cycle });
      const resultsFile = path.join(outDir, 'results.json');
      writeResults(resultsFile, results);
      const open = scan.hosts.reduce((n, h) => n + h.observation.open.length, 0);
      if (ctx.json) return ctx.out(JSON.stringify({ resultsFile, hosts: scan.hosts.length, openPorts: open, summary: results.summary }, null, 2));
      ctx.out(t({
        vi: `Đã nhập ${scan.hosts.length} máy, ${open} cổng mở từ ${file} (nmap ${scan.version}): ${results.summary.outcomes.fail} phát hiện.\nĐã ghi kết quả: ${resultsFile}`,
        en: `Imported ${scan.hosts.length} hosts, ${open} open ports from ${file} (nmap ${scan.version}): ${results.summary.outcomes.fail} findings.\nResults written: ${resultsFile}`,
      }));
    });
}
