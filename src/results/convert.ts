import type { ResultsSink } from './stream-writer.js';
import type { Results } from './schema.js';

/**
 * results.json schemaVersion 1 (every result spelled out) for a reader that knows only
 * version 1 (`attt results convert --to 1`). Written piece by piece: a large audit is never
 * one string in memory. Version 1 from version 2 loses nothing: the catalogue is resolved.
 */
export function toVersion1(sink: ResultsSink, results: Results): void {
  const { schemaVersion: _version, targets, observations, results: rows, summary, ...header } = results;
  try {
    const head = JSON.stringify({ schemaVersion: 1, ...header }, null, 2);
    sink.write(`${head.slice(0, -2)},\n  "targets": ${JSON.stringify(targets, null, 2).replace(/\n/g, '\n  ')},\n  "observations": {`);
    let first = true;
    for (const [key, value] of Object.entries(observations)) {
      sink.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
      first = false;
    }
    sink.write('\n  },\n  "results": [');
    rows.forEach((r, i) => sink.write(`${i ? ',\n' : '\n'}    ${JSON.stringify(r)}`));
    sink.write(`\n  ],\n  "summary": ${JSON.stringify(summary, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
    sink.commit();
  } catch (error) {
    sink.discard();
    throw error;
  }
}
