import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTracker, type TrackerDb } from '../../src/tracker/db/index.js';
import { trackerStats, type TrackerStats } from '../../src/tracker/stats.js';
import { describeBackends } from './backends.js';
import { tmpDir } from './helpers.js';

/**
 * `tracker stats` reads tallies the database maintains with triggers (migration 4). Whatever
 * writes the findings table — one row or many per statement, inserts, updates of any column,
 * deletes — the statistics must equal those computed from the findings themselves.
 */
const NOW = new Date('2026-06-20T02:00:00Z');
const TODAY = '2026-06-20';
const UNITS = ['van-phong', 'ke-toan', 'bao-tro'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const STATUSES = ['open', 'in_progress', 'fixed', 'risk_accepted', 'false_positive'] as const;
const CYCLES = ['K1', 'K2'];
const DUES = [null, '2026-05-01', '2026-06-19', '2026-06-20', '2026-07-01'];
const DATES = ['2026-01-10T02:00:00Z', '2026-03-05T23:30:00Z', '2026-06-01T00:00:00Z'];

interface Row {
  unit: string;
  severity: string;
  status: string;
  due: string | null;
  fixed_cycle: string | null;
  fixed_at: string | null;
  opened_at: string;
}

const rowArb: fc.Arbitrary<Row> = fc.record({
  unit: fc.constantFrom(...UNITS),
  severity: fc.constantFrom(...SEVERITIES),
  status: fc.constantFrom(...STATUSES),
  due: fc.constantFrom(...DUES),
  fixed_cycle: fc.constantFrom(null, ...CYCLES),
  fixed_at: fc.constantFrom(null, ...DATES),
  opened_at: fc.constantFrom(...DATES),
});

type Op =
  | { kind: 'insert'; rows: Row[] }
  | { kind: 'update'; column: keyof Row; value: string | null; mod: number; rest: number }
  | { kind: 'delete'; mod: number; rest: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), rows: fc.array(rowArb, { minLength: 1, maxLength: 6 }) }),
  fc.constantFrom<keyof Row>('unit', 'severity', 'status', 'due', 'fixed_cycle', 'fixed_at', 'opened_at').chain((column) =>
    fc.record({
      kind: fc.constant('update' as const),
      column: fc.constant(column),
      value: rowArb.map((r) => r[column]),
      mod: fc.integer({ min: 1, max: 4 }),
      rest: fc.integer({ min: 0, max: 3 }),
    }),
  ),
  fc.record({ kind: fc.constant('delete' as const), mod: fc.integer({ min: 2, max: 5 }), rest: fc.integer({ min: 0, max: 4 }) }),
);

let serial = 0;
function apply(db: TrackerDb, op: Op): void {
  if (op.kind === 'insert') {
    const cols = ['fingerprint', 'check_id', 'unit', 'system', 'target', 'severity', 'status', 'due', 'first_seen', 'last_seen', 'opened_at', 'fixed_cycle', 'fixed_at', 'message_vi', 'message_en', 'evidence'];
    const values = op.rows.map((r) => [`fp-${++serial}`, 'http.csp.missing', r.unit, 'web', 'https://127.0.0.1/', r.severity, r.status, r.due, 'K1', 'K1', r.opened_at, r.fixed_cycle, r.fixed_at, 'x', 'x', '{}']);
    // Many rows in one statement: PostgreSQL's statement triggers see them together.
    db.prepare(`INSERT INTO findings (${cols.join(', ')}) VALUES ${values.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')}`).run(...values.flat());
  } else if (op.kind === 'update') {
    // A NOT NULL column never takes NULL: such an update is skipped, as the database would refuse it.
    if (op.value === null && !['due', 'fixed_cycle', 'fixed_at'].includes(op.column)) return;
    db.prepare(`UPDATE findings SET ${op.column} = ? WHERE id % ? = ?`).run(op.value, op.mod, op.rest % op.mod);
  } else {
    db.prepare('DELETE FROM findings WHERE id % ? = ?').run(op.mod, op.rest % op.mod);
  }
}

/** The statistics computed from the findings rows themselves (what the tallies must equal). */
function expected(db: TrackerDb, latest: string | null): Pick<TrackerStats, 'units' | 'total'> {
  const rows = db.prepare('SELECT unit, severity, status, due, fixed_cycle, fixed_at, opened_at FROM findings').all() as Row[];
  const day = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000;
  const blank = (unit: string) => ({
    unit, open: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, openTotal: 0, inProgress: 0, riskAccepted: 0, falsePositive: 0,
    overdue: 0, fixedThisCycle: 0, fixedTotal: 0, meanDaysToRemediate: null as number | null, fixDays: 0,
  });
  const units = new Map<string, ReturnType<typeof blank>>();
  const total = blank('*');
  for (const r of rows) {
    if (!units.has(r.unit)) units.set(r.unit, blank(r.unit));
    for (const s of [units.get(r.unit)!, total]) {
      const open = r.status === 'open' || r.status === 'in_progress';
      if (open) (s.open[r.severity as 'high']++, s.openTotal++);
      if (r.status === 'in_progress') s.inProgress++;
      if (r.status === 'risk_accepted') s.riskAccepted++;
      if (r.status === 'false_positive') s.falsePositive++;
      if (open && r.due !== null && r.due < TODAY) s.overdue++;
      if (r.status === 'fixed') {
        s.fixedTotal++;
        if (r.fixed_at) s.fixDays += day(r.fixed_at) - day(r.opened_at);
        if (r.fixed_cycle === latest) s.fixedThisCycle++;
      }
    }
  }
  const finish = ({ fixDays, ...s }: ReturnType<typeof blank>) => ({ ...s, meanDaysToRemediate: s.fixedTotal ? Math.round((fixDays / s.fixedTotal) * 10) / 10 : null });
  return { units: [...units.values()].sort((a, b) => a.unit.localeCompare(b.unit)).map(finish), total: finish(total) };
}

describeBackends('statistics from maintained tallies', (backend) => {
  let db: TrackerDb;
  let dir: string;
  beforeAll(async () => {
    dir = tmpDir('attt-stats-');
    db = openTracker(await backend.fresh(dir), { create: true });
    db.prepare(`INSERT INTO cycles (cycle, ord, started_at, first_imported_at) VALUES ('K1', 1, '2026-01-10T00:00:00Z', '2026-01-10T00:00:00Z'), ('K2', 2, '2026-04-10T00:00:00Z', '2026-04-10T00:00:00Z')`).run();
  });
  afterAll(() => db?.close());

  it('equal the statistics computed from the findings after any sequence of inserts, updates and deletes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 8 }), (ops) => {
        for (const op of ops) {
          db.writeTransaction(() => apply(db, op));
          const got = trackerStats(db, { now: NOW });
          expect({ units: got.units, total: got.total }).toEqual(expected(db, 'K2'));
        }
      }),
      { numRuns: backend.name === 'sqlite' ? 40 : 12 },
    );
    // The random operations may have deleted everything: a known set of rows on top, checked the same way.
    db.writeTransaction(() => apply(db, { kind: 'insert', rows: fc.sample(rowArb, { numRuns: 40, seed: 7 }) }));
    const final = trackerStats(db, { now: NOW });
    expect({ units: final.units, total: final.total }).toEqual(expected(db, 'K2'));
    expect(final.total.openTotal).toBeGreaterThan(0);
    expect(final.total.fixedTotal).toBeGreaterThan(0);
    expect(final.total.overdue).toBeGreaterThan(0);
  });

  it('one unit alone: the same figures as that unit in the whole', () => {
    const all = trackerStats(db, { now: NOW });
    for (const u of all.units) expect(trackerStats(db, { unit: u.unit, now: NOW }).units).toEqual([u]);
  });

  it('an update that leaves the tallied columns as they were changes nothing', () => {
    const before = trackerStats(db, { now: NOW });
    db.writeTransaction(() => db.prepare(`UPDATE findings SET last_seen = 'K2', owner = 'Lê Văn C'`).run());
    db.writeTransaction(() => db.prepare('UPDATE findings SET status = status, due = due').run());
    expect(trackerStats(db, { now: NOW })).toEqual(before);
  });

  it('a tracker of the previous schema gets its tallies from the findings it already holds', async () => {
    const location = await backend.fresh(dir);
    let old = openTracker(location, { create: true });
    const drop =
      backend.name === 'sqlite'
        ? `DROP TRIGGER findings_tally_insert; DROP TRIGGER findings_tally_update; DROP TRIGGER findings_tally_delete;
           DROP TABLE unit_tally; DROP TABLE fixed_tally; DROP TABLE open_due_tally; PRAGMA user_version = 3;`
        : `DROP TRIGGER findings_tally_insert ON findings; DROP TRIGGER findings_tally_update ON findings; DROP TRIGGER findings_tally_delete ON findings;
           DROP FUNCTION findings_tally_insert(); DROP FUNCTION findings_tally_update(); DROP FUNCTION findings_tally_delete();
           DROP TABLE unit_tally; DROP TABLE fixed_tally; DROP TABLE open_due_tally; UPDATE attt_meta SET value = '3' WHERE key = 'schema_version';`;
    old.exec(drop);
    old.prepare(`INSERT INTO cycles (cycle, ord, started_at, first_imported_at) VALUES ('K1', 1, '2026-01-10T00:00:00Z', '2026-01-10T00:00:00Z')`).run();
    const rows = fc.sample(rowArb, { numRuns: 60, seed: 42 });
    apply(old, { kind: 'insert', rows });
    old.close();
    old = openTracker(location);
    try {
      const got = trackerStats(old, { now: NOW });
      expect({ units: got.units, total: got.total }).toEqual(expected(old, 'K1'));
      expect(got.total.openTotal + got.total.fixedTotal).toBeGreaterThan(0);
    } finally {
      old.close();
    }
  });
});
