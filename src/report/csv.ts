import { csvField } from '../files/index.js';
import type { ReportModel } from './model/index.js';
import { inPieces } from './pieces.js';

/** A CSV cell: quoted and neutralised against formula injection (src/files/spreadsheet.ts). */
export function csvCell(value: unknown): string {
  return csvField(value);
}

/** Findings as CSV (UTF-8 with BOM so spreadsheet programs show Vietnamese correctly). */
export function renderCsv(m: ReportModel): string {
  const parts: string[] = [];
  writeCsv(m, (text) => parts.push(text));
  return parts.join('');
}

/** The same text written to `write` in pieces of about 1 MiB, never one string (a province lists 100,000s of findings). */
export function writeCsv(m: ReportModel, write: (text: string) => void): void {
  const L = m.L;
  // One row per finding (the definition of the summary's count), with the same reference as the
  // PDF: "A-004" is row A-004 of the findings section, "A-004.2" its second finding.
  const header = ['ref', 'tracker_id', 'check_id', 'severity', L.severity, L.units, L.system, L.target, L.finding, 'message', L.remediation, L.owner, L.due, L.status, 'overdue', 'regression', 'needs_verification', 'framework', L.acceptReason, L.acceptApprover, L.acceptedUntil];
  const row = (f: ReportModel['findings'][number]) => [
    f.ref, f.trackerId ?? '', f.checkId, f.severity, f.severityLabel, f.unitName, f.systemName, f.target, f.title, f.message, f.remediation,
    f.owner, f.due, f.status, f.overdue ? 'yes' : 'no', f.regression ? 'yes' : 'no', f.verifyNote ? 'yes' : 'no', f.frameworkNote ?? '',
    f.acceptance?.reason ?? '', f.acceptance?.approver ?? '', f.acceptance?.until ?? '',
  ];
  const line = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;
  const out = inPieces(write);
  out.add(`\ufeff${line(header)}`);
  for (const f of m.findings) out.add(line(row(f)));
  out.end();
}
