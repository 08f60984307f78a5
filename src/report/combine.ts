import { InputError } from '../errors.js';
import { parseResults, type Results, type Summary } from '../results/index.js';
import { openTracker, readUnitResults, unitResultCycles } from '../tracker/index.js';

/**
 * The department's results for a cycle, put together from every unit's results.json that
 * `attt bundle merge` kept in the tracker: the consolidated report (and each unit's report)
 * comes from the database alone.
 */
export function combineUnitResults(list: Results[]): Results {
  const [first] = list;
  const sum = (pick: (s: Summary) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const r of list) for (const [k, v] of Object.entries(pick(r.summary))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    ...first,
    startedAt: list.map((r) => r.startedAt).sort()[0],
    finishedAt: list.map((r) => r.finishedAt).sort().at(-1)!,
    interrupted: list.some((r) => r.interrupted),
    inventory: {
      ...first.inventory,
      frameworks: [...new Set(list.flatMap((r) => r.inventory.frameworks))],
      units: list.flatMap((r) => r.inventory.units),
    },
    targets: list.flatMap((r) => r.targets),
    observations: Object.assign({}, ...list.map((r) => r.observations)),
    results: list.flatMap((r) => r.results),
    summary: {
      targets: sum((s) => s.targets) as Summary['targets'],
      outcomes: sum((s) => s.outcomes) as Summary['outcomes'],
      findingsBySeverity: sum((s) => s.findingsBySeverity) as Summary['findingsBySeverity'],
      units: list.flatMap((r) => r.summary.units),
      grades: Object.assign({}, ...list.map((r) => r.summary.grades)),
    },
  };
}

/** The merged units' results of `cycle` (default: the newest cycle with merged bundles), combined. */
export function resultsFromTracker(dbPath: string, cycle?: string): Results {
  const db = openTracker(dbPath, { readonly: true });
  try {
    const cycles = unitResultCycles(db);
    const chosen = cycle ?? cycles[0];
    const records = chosen === undefined ? [] : readUnitResults(db, chosen);
    if (records.length === 0) {
      throw new InputError('ATTT_REPORT_UNIT_UNKNOWN', {
        vi: `Cơ sở dữ liệu ${dbPath} không có kết quả nào được hợp nhất từ gói${cycle ? ` cho kỳ "${cycle}"` : ''} (các kỳ có: ${cycles.join(', ') || 'không có'}). Hãy chạy "attt bundle merge" trước, hoặc chỉ định --results.`,
        en: `Tracker ${dbPath} holds no results merged from bundles${cycle ? ` for cycle "${cycle}"` : ''} (cycles present: ${cycles.join(', ') || 'none'}). Run "attt bundle merge" first, or give --results.`,
      });
    }
    return combineUnitResults(records.map((r) => parseResults(r.results, `${dbPath} unit_results[${r.unit}, ${r.cycle}]`)));
  } finally {
    db.close();
  }
}
