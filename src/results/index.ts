export { type Family, type Outcome, type OutcomeCounts, type Result, type Results, SEVERITIES, type Severity, SEVERITY_RANK, type SeverityCounts, type Summary, type TargetEntry } from './schema.js';
export { fingerprint } from './fingerprint.js';
export { parseResults, readResults, RESULTS_SCHEMA_VERSION } from './read.js';
export { fileSink, type ResultsHeader, type ResultsSink, ResultsStreamWriter, writeResultsTo } from './stream-writer.js';
export { toVersion1 } from './convert.js';
export { writeFileAtomic, writeResults } from './write.js';
