import type { Lang } from '../i18n.js';
import { SEVERITY_RANK } from '../results/index.js';
import { distinctResults, endpointOf, isFindingResult, type ExportInput } from './findings.js';

// exceljs takes a quarter of a second to load: only the xlsx export pays for it.
const loadExcel = async () => (await import('exceljs')).default;

const HEADERS: Record<Lang, string[]> = {
  vi: ['Mức độ', 'Đơn vị', 'Hệ thống', 'Điểm cuối', 'Mã kiểm tra', 'Vấn đề', 'Mô tả', 'Khắc phục', 'Mã định danh'],
  en: ['Severity', 'Unit', 'System', 'Endpoint', 'Check', 'Issue', 'Detail', 'Remediation', 'Fingerprint'],
};
const SEVERITY_NAME: Record<Lang, Record<string, string>> = {
  vi: { critical: 'Nghiêm trọng', high: 'Cao', medium: 'Trung bình', low: 'Thấp', info: 'Thông tin' },
  en: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' },
};

/** The findings of a results.json as one worksheet, worst first. Cells are strings, never formulas. */
export async function toFindingsXlsx({ results, catalog, lang }: ExportInput): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const book = new ExcelJS.Workbook();
  book.creator = 'attt';
  const sheet = book.addWorksheet(lang === 'vi' ? 'Phát hiện' : 'Findings');
  sheet.addRow(HEADERS[lang]).font = { bold: true };
  const findings = distinctResults(results.results)
    .filter(isFindingResult)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.unit.localeCompare(b.unit) || a.checkId.localeCompare(b.checkId));
  for (const r of findings) {
    const meta = catalog.get(r.checkId);
    sheet.addRow([SEVERITY_NAME[lang][r.severity], r.unit, r.system, endpointOf(r), r.checkId, meta?.title[lang] ?? r.checkId, r.message[lang], meta?.remediation[lang] ?? '', r.fingerprint]);
  }
  sheet.columns.forEach((c, i) => (c.width = [14, 16, 16, 30, 30, 40, 60, 60, 26][i]));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
