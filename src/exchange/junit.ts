import type { Result } from '../results/index.js';
import { distinctResults, endpointOf, type ExportInput } from './findings.js';

/** XML 1.0 cannot carry most control characters even escaped; server text may contain them. */
function xmlText(value: string): string {
  return value
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlText(String(v))}"`)
    .join('');
}

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub actions reporters): one testsuite
 * per check, one testcase per endpoint it judged; a finding is a <failure>, a check that could
 * not run is an <error>, not applicable is <skipped/>.
 */
export function toJunit({ results, catalog, lang }: ExportInput): string {
  const byCheck = new Map<string, Result[]>();
  for (const r of distinctResults(results.results)) byCheck.set(r.checkId, [...(byCheck.get(r.checkId) ?? []), r]);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const id of [...byCheck.keys()].sort()) {
    const list = byCheck.get(id)!;
    const title = catalog.get(id)?.title[lang] ?? id;
    const counts = { failures: 0, errors: 0, skipped: 0 };
    const cases = list.map((r) => {
      const name = `${r.unit}/${r.system}: ${endpointOf(r)}`;
      const open = `    <testcase${attrs({ classname: id, name, time: 0 })}>`;
      if (r.outcome === 'fail' || r.outcome === 'unanswered') {
        counts.failures++;
        return `${open}\n      <failure${attrs({ message: r.message[lang], type: r.severity })}>${xmlText(`${r.severity}: ${r.message[lang]}\n${title}`)}</failure>\n    </testcase>`;
      }
      if (r.outcome === 'error') {
        counts.errors++;
        return `${open}\n      <error${attrs({ message: r.message[lang], type: 'error' })}/>\n    </testcase>`;
      }
      if (r.outcome === 'not_applicable') {
        counts.skipped++;
        return `${open}\n      <skipped${attrs({ message: r.message[lang] })}/>\n    </testcase>`;
      }
      return `${open}</testcase>`;
    });
    tests += list.length;
    failures += counts.failures;
    errors += counts.errors;
    skipped += counts.skipped;
    suites.push(`  <testsuite${attrs({ name: `${id} — ${title}`, tests: list.length, ...counts, time: 0, timestamp: results.startedAt.replace(/Z$/, '') })}>\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: `attt ${results.cycle}`, tests, failures, errors, skipped, time: 0 })}>\n${suites.join('\n')}\n</testsuites>\n`;
}
