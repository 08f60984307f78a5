// bench/report: 10,000 findings → HTML (target < 2 s) and PDF (target < 20 s).
// Plain Node ESM over the compiled code: run `npm run build` first, then `node bench/report.js`
// or `npm run bench -- report`. Prints the figures; times are measured, never asserted in tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReport } from '../dist/src/report/index.js';
import { makeSampleResults } from '../dist/src/report/sample.js';

export async function benchReport({ findings = 10_000 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bench-report-'));
  try {
    const results = makeSampleResults({ findings });
    const fails = results.results.filter((r) => r.outcome === 'fail').length;
    const now = new Date('2026-06-20T02:00:00Z');
    const figures = [];
    for (const [format, target] of [['html', 2000], ['md', null], ['csv', null], ['pdf', 20000]]) {
      const out = path.join(dir, `report.${format}`);
      const t0 = performance.now();
      await buildReport({ results, format, lang: 'vi', out, now });
      const ms = performance.now() - t0;
      const size = fs.statSync(out).size;
      figures.push({ format, ms: Math.round(ms), sizeMB: +(size / 1048576).toFixed(2), target, ok: target === null ? null : ms < target });
    }
    console.log(`bench/report: ${fails} failing findings (${results.results.length} results)`);
    for (const f of figures) {
      console.log(
        `  ${f.format.padEnd(4)} ${String(f.ms).padStart(7)} ms  ${String(f.sizeMB).padStart(6)} MB` +
          (f.target ? `  target < ${f.target} ms: ${f.ok ? 'OK' : 'MISSED'}` : ''),
      );
    }
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchReport();
}
