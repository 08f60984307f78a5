export { type Family, type Outcome, type OutcomeCounts, type Result, type Results, SEVERITIES, type Severity, SEVERITY_RANK, type SeverityCounts, type Summary, type TargetEntry } from './schema.js';
export { parseResults, readResults, writeFileAtomic, writeResults } from './write.js';
