/** Public API of the remediation tracker (see docs/tracker.md). */
export { openTracker, SCHEMA_VERSION, APPLICATION_ID, type TrackerDb, type OpenTrackerOptions } from './db.js';
export { importResults, importResultsFile, type ImportOptions, type ImportSummary } from './import.js';
export { parseWhere } from './where.js';
export { listFindings, showFinding, updateFinding, updateFindings, acceptRisk, expireAcceptancesNow, type ListFilter, type FindingDetail, type UpdateOptions, type AcceptOptions } from './findings.js';
export { trackerStats, type TrackerStats, type UnitStats, type CycleTrend } from './stats.js';
export { verifyChain, formatFindingId, type VerifyReport, type ChainProblem } from './history.js';
export { exportFindings, type ExportFormat } from './export.js';
export { recordSignOff, type SignOffEntry } from './signoff.js';
export { readTrackerForReport } from './report-view.js';
export { DEFAULT_SLA_DAYS, type FindingJson, type SlaDays } from './model.js';
export type { TrackerFinding, TrackerReportView, FindingStatus } from './view-types.js';
export { readSignOffs, type SignOffRecord } from './signoff.js';
export { ROLES, isRole, seesAllUnits, validateUser, saveUser, getUser, listUsers, type Role, type UserRecord } from './users.js';
export { pageFindings, findingUnits, findingFacets, listCycles, changeCounter, type PageFilter, type FindingPage, type CycleSummary } from './browse.js';
export { dueFindings, lastAssessments, type DueFinding, type LastAssessment } from './due.js';
export { hasExpiredAcceptances, sha256File } from './import.js';
export { FINDING_STATUSES, SEVERITY_TEXT, STATUS_TEXT } from './model.js';
export { localDate, addDays } from './model.js';
