import type { Dialect } from './dialect.js';

/**
 * Forward-only migrations: index i takes the schema from user_version i to i+1. Never edit a
 * released step; add a new one. Each step is written once for both engines: what differs comes
 * from the dialect (./dialect.ts). The version reached is kept by the engine (SQLite
 * `user_version`, PostgreSQL `attt_meta.schema_version`).
 */
export const MIGRATIONS: Array<(d: Dialect) => string> = [
  (d) => `
  CREATE TABLE attt_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE cycles (
    cycle TEXT PRIMARY KEY,
    ord INTEGER NOT NULL UNIQUE,
    started_at TEXT NOT NULL,
    first_imported_at TEXT NOT NULL
  );
  CREATE TABLE imports (
    id ${d.autoId},
    cycle TEXT NOT NULL REFERENCES cycles(cycle),
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    results INTEGER NOT NULL,
    opened INTEGER NOT NULL,
    fixed INTEGER NOT NULL,
    regressed INTEGER NOT NULL
  );
  CREATE TABLE findings (
    id ${d.autoId},
    fingerprint TEXT NOT NULL UNIQUE,
    check_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    system TEXT NOT NULL,
    target TEXT NOT NULL,
    target_key TEXT,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    regression INTEGER NOT NULL DEFAULT 0,
    owner TEXT,
    due TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    fixed_cycle TEXT,
    fixed_at TEXT,
    fixed_verified INTEGER NOT NULL DEFAULT 0,
    accepted_until TEXT,
    accept_reason TEXT,
    accept_approver TEXT,
    message_vi TEXT NOT NULL,
    message_en TEXT NOT NULL,
    evidence TEXT NOT NULL
  );
  CREATE INDEX findings_status ON findings(status);
  CREATE INDEX findings_unit ON findings(unit, system);
  CREATE INDEX findings_due ON findings(due);
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    finding_id INTEGER,
    cycle TEXT,
    type TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    before TEXT,
    after TEXT,
    note TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX events_finding ON events(finding_id);
  CREATE INDEX events_type_cycle ON events(type, cycle);
  ${d.appendOnly('events')}
  CREATE TABLE grades (
    cycle TEXT NOT NULL,
    target_key TEXT NOT NULL,
    unit TEXT NOT NULL,
    system TEXT NOT NULL,
    target TEXT NOT NULL,
    grade TEXT NOT NULL,
    PRIMARY KEY (cycle, target_key)
  );
  CREATE TABLE cycle_stats (
    cycle TEXT NOT NULL,
    unit TEXT NOT NULL,
    open_critical INTEGER NOT NULL,
    open_high INTEGER NOT NULL,
    open_medium INTEGER NOT NULL,
    open_low INTEGER NOT NULL,
    open_info INTEGER NOT NULL,
    new INTEGER NOT NULL,
    fixed INTEGER NOT NULL,
    regressed INTEGER NOT NULL,
    PRIMARY KEY (cycle, unit)
  );
  CREATE TABLE signoffs (
    id ${d.autoId},
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    signer TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL
  );
  `,
  // 2: web accounts (attt serve); indexes for keyset paging of filtered finding lists, due-date
  // and expiry lookups, and a covering index for the statistics (read without the wide rows).
  (d) => `
  CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    units TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX findings_unit_id ON findings(unit, id);
  CREATE INDEX findings_severity_id ON findings(severity, id);
  CREATE INDEX findings_check_id ON findings(check_id, id);
  CREATE INDEX findings_status_due ON findings(status, due);
  CREATE INDEX findings_status_accepted ON findings(status, accepted_until);
  CREATE INDEX findings_stats ON findings(unit, severity, status, due, fixed_cycle, fixed_at, opened_at);
  `,
  // 3: the results.json of each unit and cycle merged from a signed bundle (attt bundle merge), so
  // the consolidated report is built from the database alone (docs/bundles.md).
  () => `
  CREATE TABLE unit_results (
    unit TEXT NOT NULL,
    cycle TEXT NOT NULL,
    started_at TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    signer TEXT NOT NULL,
    results TEXT NOT NULL,
    PRIMARY KEY (unit, cycle)
  );
  `,
  // 4: the statistics' counts kept up to date by triggers on findings, so `tracker stats` reads
  // one row per unit instead of every finding (380,000 in a country's database).
  (d) => `
  CREATE TABLE unit_tally (
    unit TEXT PRIMARY KEY,
    findings INTEGER NOT NULL,
    ${UNIT_TALLY.map(([column]) => `${column} INTEGER NOT NULL`).join(',\n    ')},
    fix_days INTEGER NOT NULL
  );
  CREATE TABLE fixed_tally (
    fixed_cycle TEXT NOT NULL,
    unit TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (fixed_cycle, unit)
  );
  CREATE TABLE open_due_tally (
    unit TEXT NOT NULL,
    due TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (unit, due)
  );
  ${d.maintain('findings', 'findings_tally', TALLIED_COLUMNS, (rows, oneRow) => tallyDelta(d, rows, oneRow))}
  ${tallyDelta(d, `(SELECT ${TALLIED_COLUMNS.join(', ')}, 1 AS sign FROM findings)`, false)}
  `,
];

/** The columns of findings the tallies depend on (migration 4). */
const TALLIED_COLUMNS = ['unit', 'severity', 'status', 'due', 'fixed_cycle', 'fixed_at', 'opened_at'] as const;

/** The per-unit counts of unit_tally: each column and the condition a finding must meet to count in it. */
const UNIT_TALLY: ReadonlyArray<readonly [column: string, condition: string]> = [
  ...(['critical', 'high', 'medium', 'low', 'info'] as const).map((sev) => [`open_${sev}`, `status IN ('open', 'in_progress') AND severity = '${sev}'`] as const),
  ['in_progress', `status = 'in_progress'`],
  ['risk_accepted', `status = 'risk_accepted'`],
  ['false_positive', `status = 'false_positive'`],
  ['fixed', `status = 'fixed'`],
];

/**
 * Add signed rows of findings (see Dialect.maintain) to the tallies: per unit, the findings of
 * each kind and the days fixes took; per fixing cycle and unit, the fixed findings; per unit
 * and due date, the open and in-progress findings with that due date (overdue is counted at
 * read time against "today"). Rows whose signs cancel out add nothing; a count that falls to 0
 * stays as a row of zeros (the statistics skip units with no findings).
 */
function tallyDelta(d: Dialect, rows: string, oneRow: boolean): string {
  const fixDays = `CASE WHEN status = 'fixed' AND fixed_at IS NOT NULL THEN ${d.daysBetween('fixed_at', 'opened_at')} ELSE 0 END`;
  const counted: Array<[string, string]> = [['findings', 'sign'], ...UNIT_TALLY.map(([c, cond]) => [c, `CASE WHEN ${cond} THEN sign ELSE 0 END`] as [string, string]), ['fix_days', `sign * ${fixDays}`]];
  // One row (a SQLite row trigger) needs no grouping: each statement adds its values as they are.
  const sum = (e: string) => (oneRow ? e : `SUM(${e})`);
  const group = (by: string, having: string[]) => (oneRow ? '' : `GROUP BY ${by} HAVING ${having.map((e) => `SUM(${e}) <> 0`).join(' OR ')}`);
  return `
    INSERT INTO unit_tally AS t (unit, ${counted.map(([c]) => c).join(', ')})
      SELECT unit, ${counted.map(([, e]) => sum(e)).join(', ')} FROM ${rows} r
      WHERE true ${group('unit', counted.map(([, e]) => e))}
      ON CONFLICT (unit) DO UPDATE SET ${counted.map(([c]) => `${c} = t.${c} + excluded.${c}`).join(', ')};
    INSERT INTO fixed_tally AS t (fixed_cycle, unit, n)
      SELECT COALESCE(fixed_cycle, ''), unit, ${sum('sign')} FROM ${rows} r
      WHERE status = 'fixed' ${group(`COALESCE(fixed_cycle, ''), unit`, ['sign'])}
      ON CONFLICT (fixed_cycle, unit) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO open_due_tally AS t (unit, due, n)
      SELECT unit, due, ${sum('sign')} FROM ${rows} r
      WHERE status IN ('open', 'in_progress') AND due IS NOT NULL ${group('unit, due', ['sign'])}
      ON CONFLICT (unit, due) DO UPDATE SET n = t.n + excluded.n;`;
}

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Tables whose `id` the database assigns (`d.autoId`): an INSERT into them reports the new id. */
export const AUTO_ID_TABLES: readonly string[] = ['imports', 'findings', 'signoffs'];

/** The rows every new tracker starts with: creation time and the empty chain's head. */
export function seedMeta(now: Date, genesisHash: string): Array<[string, string]> {
  return [
    ['created_at', now.toISOString()],
    ['chain_head_seq', '0'],
    ['chain_head_hash', genesisHash],
  ];
}
