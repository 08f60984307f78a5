/** Public surface of src/files: bounded input reading, regular-file output writing, spreadsheet safety. */
export { formatBytes, INPUT_LIMITS, type InputKind } from './limits.js';
export { decodeUtf8Strict, fileType, firstInvalidUtf8, hashInputFile, placeInFile, readInputBytes, readInputChunks, readInputText, type ReadInputOptions } from './read.js';
export { readJsonFile, type JsonElements, type JsonLimits } from './json-stream.js';
export { type AtomicOutput, assertWritableOutput, cannotWrite, ensureOutputDir, openAtomicOutput, writeFileAtomic } from './write.js';
export { csvField, neutraliseFormula } from './spreadsheet.js';
export { assertZipWithinLimit } from './zip-bound.js';
export { describeYamlIssues } from './yaml-issues.js';
