import type { ReportModel } from './model/index.js';

/**
 * A CSV cell: quoted, and neutralised against spreadsheet formula injection (a scanned server
 * could send "=HYPERLINK(…)" in a banner): text starting with = + - @ or a tab/CR gets a
 * leading apostrophe, as OWASP advises for CSV injection.
 */
export function csvCell(value: unknown): string {
  let s = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Findings as CSV (UTF-8 with BOM so spreadsheet programs show Vietnamese correctly). */
export function renderCsv(m: ReportModel): string {
  const L = m.L;
  // One row per finding (the definition of the summary's count), with the same reference as the
  // PDF: "A-004" is row A-004 of the findings section, "A-004.2" its second finding.
  const header = ['ref', 'tracker_id', 'check_id', 'severity', L.severity, L.units, L.system, L.target, L.finding, 'message', L.remediation, L.owner, L.due, L.status, 'overdue', 'regression', 'needs_verification', 'framework'];
  const rows = m.findings.map((f) => [
    f.ref, f.trackerId ?? '', f.checkId, f.severity, f.severityLabel, f.unitName, f.systemName, f.target, f.title, f.message, f.remediation,
    f.owner, f.due, f.status, f.overdue ? 'yes' : 'no', f.regression ? 'yes' : 'no', f.verifyNote ? 'yes' : 'no', f.frameworkNote ?? '',
  ]);
  return '\ufeff' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
