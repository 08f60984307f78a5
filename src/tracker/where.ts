import { InputError } from '../errors.js';
import { SEVERITIES, type Severity } from '../results/index.js';
import type { ListFilter } from './findings.js';
import { FINDING_STATUSES } from './model.js';
import type { FindingStatus } from './view-types.js';

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
const KEYS = ['unit', 'system', 'owner', 'check', 'severity', 'status', 'overdue', 'regression'] as const;

function bad(expr: string, part: string, why: { vi: string; en: string }): InputError {
  return new InputError('ATTT_TRACKER_WHERE', {
    vi: `--where "${expr}": "${part}" ${why.vi}. Viết dạng 'unit=van-phong severity>=high status=open' (khóa: ${KEYS.join(', ')}).`,
    en: `--where "${expr}": "${part}" ${why.en}. Write it as 'unit=van-phong severity>=high status=open' (keys: ${KEYS.join(', ')}).`,
  });
}

/**
 * Parse a bulk-selection expression: space-separated conditions, all of which must hold.
 * `severity` takes =, >=, >, <=, < (by rank) or a comma list; `status` a comma list;
 * `unit`, `system`, `owner`, `check` exact values; `overdue` and `regression` yes/no.
 */
export function parseWhere(expr: string): ListFilter {
  const filter: ListFilter = {};
  const parts = expr.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) throw bad(expr, expr, { vi: 'trống', en: 'is empty' });
  for (const part of parts) {
    const m = /^([a-z]+)(>=|<=|=|>|<)(.+)$/.exec(part);
    if (!m) throw bad(expr, part, { vi: 'không phải điều kiện khóa=giá trị', en: 'is not a key=value condition' });
    const [, key, op, value] = m;
    if (!(KEYS as readonly string[]).includes(key)) throw bad(expr, part, { vi: `có khóa lạ "${key}"`, en: `has an unknown key "${key}"` });
    if (op !== '=' && key !== 'severity') throw bad(expr, part, { vi: `chỉ severity mới so sánh được bằng ${op}`, en: `only severity compares with ${op}` });
    if (key === 'severity') {
      const values = value.split(',');
      const unknown = values.filter((v) => !(SEVERITIES as readonly string[]).includes(v));
      if (unknown.length) throw bad(expr, part, { vi: `có mức độ lạ "${unknown.join(',')}" (${SEVERITIES.join(', ')})`, en: `has an unknown severity "${unknown.join(',')}" (${SEVERITIES.join(', ')})` });
      if (op !== '=' && values.length > 1) throw bad(expr, part, { vi: 'so sánh với một mức duy nhất', en: 'compares with a single severity' });
      const r = RANK[values[0] as Severity];
      const test: Record<string, (x: number) => boolean> = { '>=': (x) => x >= r, '>': (x) => x > r, '<=': (x) => x <= r, '<': (x) => x < r };
      filter.severity = op === '=' ? (values as Severity[]) : SEVERITIES.filter((s) => test[op](RANK[s]));
    } else if (key === 'status') {
      const values = value.split(',');
      const unknown = values.filter((v) => !(FINDING_STATUSES as readonly string[]).includes(v));
      if (unknown.length) throw bad(expr, part, { vi: `có trạng thái lạ "${unknown.join(',')}" (${FINDING_STATUSES.join(', ')})`, en: `has an unknown status "${unknown.join(',')}" (${FINDING_STATUSES.join(', ')})` });
      filter.status = values as FindingStatus[];
    } else if (key === 'overdue' || key === 'regression') {
      if (!/^(yes|no|true|false|1|0)$/.test(value)) throw bad(expr, part, { vi: 'cần yes hoặc no', en: 'needs yes or no' });
      filter[key] = /^(yes|true|1)$/.test(value);
    } else if (key === 'check') filter.checkId = value;
    else filter[key as 'unit' | 'system' | 'owner'] = value;
  }
  return filter;
}
