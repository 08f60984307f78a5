import { csvField } from '../files/index.js';
import type { ReportModel } from './model/index.js';

/** A CSV cell: quoted and neutralised against formula injection (src/files/spreadsheet.ts). */
export function csvCell(value: unknown): string {
  return csvField(value);
}

/** Findings as CSV (UTF-8 with BOM so spreadsheet programs show Vietnamese correctly). */
export function renderCsv(m: ReportModel): string {
  const L = m.L;
  // One row per finding (the definition of the summary's count), with the same reference as the
  // PDF: "A-004" is row A-004 of the findings section, "A-004.2" its second finding.
  const header = ['ref', 'tracker_id', 'check_id', 'severity', L.severity, L.units, L.system, L.target, L.finding, 'message', L.remediation, L.owner, L.due, L.status, 'overdue', 'regression', 'needs_verification', 'framework', L.acceptReason, L.acceptApprover, L.acceptedUntil];
  const rows = m.findings.map((f) => [
    f.ref, f.trackerId ?? '', f.checkId, f.severity, f.severityLabel, f.unitName, f.systemName, f.target, f.title, f.message, f.remediation,
    f.owner, f.due, f.status, f.overdue ? 'yes' : 'no', f.regression ? 'yes' : 'no', f.verifyNote ? 'yes' : 'no', f.frameworkNote ?? '',
    f.acceptance?.reason ?? '', f.acceptance?.approver ?? '', f.acceptance?.until ?? '',
  ]);
  return '\ufeff' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
