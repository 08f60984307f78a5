import { csvField, neutraliseFormula } from '../files/index.js';
import type ExcelJS from 'exceljs';

// exceljs takes a quarter of a second to load: only commands that write or read a workbook pay for it.
const loadExcel = async () => (await import('exceljs')).default;
import type { Lang, Localized } from '../i18n.js';
import { SEVERITY_TEXT, STATUS_TEXT } from './model.js';
import type { TrackerFinding } from './view-types.js';

export type ExportFormat = 'csv' | 'xlsx' | 'json';

const COLUMNS: Array<{ key: keyof TrackerFinding; title: Localized; width: number }> = [
  { key: 'id', title: { vi: 'Mã', en: 'ID' }, width: 9 },
  { key: 'unit', title: { vi: 'Đơn vị', en: 'Unit' }, width: 16 },
  { key: 'system', title: { vi: 'Hệ thống', en: 'System' }, width: 16 },
  { key: 'target', title: { vi: 'Đối tượng', en: 'Target' }, width: 28 },
  { key: 'checkId', title: { vi: 'Mã kiểm tra', en: 'Check' }, width: 28 },
  { key: 'severity', title: { vi: 'Mức độ', en: 'Severity' }, width: 10 },
  { key: 'status', title: { vi: 'Trạng thái', en: 'Status' }, width: 14 },
  { key: 'regression', title: { vi: 'Tái phát', en: 'Regression' }, width: 9 },
  { key: 'owner', title: { vi: 'Người phụ trách', en: 'Owner' }, width: 18 },
  { key: 'due', title: { vi: 'Hạn xử lý', en: 'Due' }, width: 12 },
  { key: 'overdue', title: { vi: 'Quá hạn', en: 'Overdue' }, width: 9 },
  { key: 'firstSeen', title: { vi: 'Phát hiện lần đầu (kỳ)', en: 'First seen (cycle)' }, width: 14 },
  { key: 'lastSeen', title: { vi: 'Thấy lần cuối (kỳ)', en: 'Last seen (cycle)' }, width: 14 },
  { key: 'fixedCycle', title: { vi: 'Khắc phục ở kỳ', en: 'Fixed in cycle' }, width: 14 },
  { key: 'acceptedUntil', title: { vi: 'Chấp nhận rủi ro đến', en: 'Risk accepted until' }, width: 14 },
  { key: 'message', title: { vi: 'Mô tả', en: 'Description' }, width: 60 },
  { key: 'fingerprint', title: { vi: 'Dấu vân tay', en: 'Fingerprint' }, width: 26 },
];

function cell(f: TrackerFinding, key: keyof TrackerFinding, lang: Lang): string {
  const v = f[key];
  if (key === 'message') return (v as Localized)[lang];
  if (key === 'severity') return SEVERITY_TEXT[f.severity][lang];
  if (key === 'status') return STATUS_TEXT[f.status][lang];
  if (typeof v === 'boolean') return lang === 'vi' ? (v ? 'có' : 'không') : v ? 'yes' : 'no';
  return v === null || v === undefined ? '' : String(v);
}

export function findingsToCsv(findings: TrackerFinding[], lang: Lang): string {
  const lines = [COLUMNS.map((c) => csvField(c.title[lang])).join(',')];
  for (const f of findings) lines.push(COLUMNS.map((c) => csvField(cell(f, c.key, lang))).join(','));
  // BOM so spreadsheet programs read the Vietnamese diacritics as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function findingsToXlsx(findings: TrackerFinding[], lang: Lang): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'attt';
  const ws = wb.addWorksheet(lang === 'vi' ? 'Phát hiện' : 'Findings', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.title[lang], key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  // Cells are strings, never formulas; they are still neutralised, because a workbook saved
  // again as CSV (or copied into another sheet) would turn the text into a live formula.
  for (const f of findings) ws.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, neutraliseFormula(cell(f, c.key, lang))])));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportFindings(findings: TrackerFinding[], format: ExportFormat, lang: Lang): Promise<string | Buffer> {
  if (format === 'json') return `${JSON.stringify(findings, null, 2)}\n`;
  if (format === 'csv') return findingsToCsv(findings, lang);
  return findingsToXlsx(findings, lang);
}
