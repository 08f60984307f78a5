import { writeResultsTo, fileSink } from './stream-writer.js';
import type { Results } from './schema.js';

/** Every output file is written by the one hardened writer (src/files/write.ts). */
export { writeFileAtomic } from '../files/index.js';
export { readResults } from './read.js';

/** results.json (always the newest schemaVersion, 2), written atomically. */
export function writeResults(file: string, results: Results): void {
  writeResultsTo(fileSink(file), results);
}
