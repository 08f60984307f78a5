/**
 * TrackerDb.runMany, the batch path of the tracker's writes, on both engines: rows land in order
 * with their keys, UPDATE … FROM (VALUES …) changes exactly its rows, quoted text is left alone,
 * and a row that fails mid-batch (past the first multi-row statement) leaves the transaction rolled
 * back: no half-written batch, and no half-imported results file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTracker, type TrackerDb } from '../../src/tracker/db/index.js';
import { verifyChain } from '../../src/tracker/history.js';
import { importResults } from '../../src/tracker/import.js';
import { startPostgresCluster, type PgCluster } from '../helpers/postgres.js';
import { describeBackends } from './backends.js';
import { dumpDb, makeResults, tmpDir, type ResultSpec } from './helpers.js';

const INSERT = `INSERT INTO findings (fingerprint, check_id, unit, system, target, target_key, severity, status, first_seen, last_seen, opened_at, message_vi, message_en, evidence)
  VALUES (?, 'ports.unexpected-open', ?, 'he-thong', '127.0.0.1', NULL, 'low', 'open', 'K1', 'K1', '2026-01-10T00:00:00Z', ?, 'it''s "quoted" text with ? and $1', '{}')`;

/** More rows than one PostgreSQL statement takes (1,000), so the batch spans several statements. */
const ROWS = 2_345;
const row = (i: number) => [`fp-${i}`, `don-vi-${i % 7}`, `Phát hiện số ${i}`];

async function withTracker(location: string, fn: (db: TrackerDb) => void): Promise<void> {
  const db = openTracker(location, { create: true });
  try {
    fn(db);
  } finally {
    db.close();
  }
}

describeBackends('runMany', (backend) => {
  it('inserts every row in order, returns each new key in row order, and leaves quoted ? and $1 alone', async () => {
    await withTracker(await backend.fresh(tmpDir()), (db) => {
      const out = db.writeTransaction(() => db.runMany(INSERT, Array.from({ length: ROWS }, (_, i) => row(i))));
      expect(out.changes).toBe(ROWS);
      expect(out.ids).toHaveLength(ROWS);
      const stored = db.prepare('SELECT id, fingerprint, unit, message_vi, message_en FROM findings ORDER BY id').all() as Array<{ id: number; fingerprint: string; unit: string; message_vi: string; message_en: string }>;
      expect(stored).toHaveLength(ROWS);
      const byId = new Map(stored.map((s) => [s.id, s]));
      out.ids.forEach((id, i) => expect(byId.get(id)).toMatchObject({ fingerprint: `fp-${i}`, unit: `don-vi-${i % 7}`, message_vi: `Phát hiện số ${i}`, message_en: `it's "quoted" text with ? and $1` }));
      expect(db.runMany(INSERT, [])).toEqual({ changes: 0, ids: [] });
    });
  });

  it('UPDATE … FROM (VALUES …) with named or positional rows changes exactly those rows; no keys for other statements', async () => {
    await withTracker(await backend.fresh(tmpDir()), (db) => {
      const { ids } = db.writeTransaction(() => db.runMany(INSERT, Array.from({ length: 30 }, (_, i) => row(i))));
      const update = `UPDATE findings SET last_seen = v.column2, regression = v.column3 FROM (VALUES (CAST(? AS INTEGER), ?, CAST(? AS INTEGER))) AS v WHERE findings.id = v.column1`;
      const even = ids.filter((_, i) => i % 2 === 0);
      const out = db.writeTransaction(() => db.runMany(update, even.map((id) => [id, 'K2', 1])));
      expect(out).toEqual({ changes: even.length, ids: [] });
      const named = db.writeTransaction(() => db.runMany(`UPDATE findings SET owner = @owner WHERE id = @id`, [{ id: ids[1], owner: 'Nguyễn Văn A' }, { id: ids[3], owner: null }, { id: -1, owner: 'không ai' }]));
      expect(named.changes).toBe(2);
      const stored = db.prepare('SELECT id, last_seen, regression, owner FROM findings ORDER BY id').all() as Array<{ id: number; last_seen: string; regression: number; owner: string | null }>;
      for (const s of stored) {
        const i = ids.indexOf(s.id);
        expect(s).toMatchObject(i % 2 === 0 ? { last_seen: 'K2', regression: 1 } : { last_seen: 'K1', regression: 0 });
        expect(s.owner).toBe(i === 1 ? 'Nguyễn Văn A' : null);
      }
    });
  });

  it('serves many batch shapes on one connection, more than PostgreSQL keeps prepared, then the first ones again', async () => {
    await withTracker(await backend.fresh(tmpDir()), (db) => {
      let next = 0;
      const batch = (n: number) => db.writeTransaction(() => db.runMany(INSERT, Array.from({ length: n }, () => row(next++))));
      // 80 distinct texts (1 to 80 rows), then the first 10 again after they were let go.
      const sizes = [...Array.from({ length: 80 }, (_, i) => i + 1), ...Array.from({ length: 10 }, (_, i) => i + 1)];
      const ids = sizes.flatMap((n) => batch(n).ids);
      expect(ids).toHaveLength(next);
      expect(new Set(ids).size).toBe(next);
      expect(db.prepare('SELECT COUNT(*) AS n FROM findings').get()).toEqual({ n: next });
      expect(db.prepare(`SELECT fingerprint FROM findings WHERE id = ?`).get(ids[next - 1])).toEqual({ fingerprint: `fp-${next - 1}` });
    });
  });

  it('a row failing past the first statement rolls the whole transaction back', async () => {
    await withTracker(await backend.fresh(tmpDir()), (db) => {
      const rows = Array.from({ length: ROWS }, (_, i) => row(i));
      rows[ROWS - 3] = row(17); // the same fingerprint again: UNIQUE refuses it in the last statement
      expect(() =>
        db.writeTransaction(() => {
          db.prepare(`INSERT INTO attt_meta (key, value) VALUES ('probe', 'written before the batch')`).run();
          db.runMany(INSERT, rows);
        }),
      ).toThrow();
      expect(db.prepare('SELECT COUNT(*) AS n FROM findings').get()).toEqual({ n: 0 });
      expect(db.prepare(`SELECT value FROM attt_meta WHERE key = 'probe'`).get()).toBeUndefined();
      // The connection is still usable after the rollback.
      expect(db.writeTransaction(() => db.runMany(INSERT, [row(1)])).changes).toBe(1);
    });
  });

  it('an import whose batched write fails mid-file changes nothing: findings, events, chain head, cycles', async () => {
    const location = await backend.fresh(tmpDir());
    const targets = [{ key: 'web', unit: 'van-phong', system: 'cong-thong-tin', family: 'ports' as const, target: '127.0.0.1' }];
    const spec = (n: number): ResultSpec[] => Array.from({ length: n }, (_, i) => ({ checkId: 'ports.unexpected-open', targetKey: 'web', outcome: 'fail', severity: 'high', discriminator: String(1000 + i) }));
    const first = makeResults({ cycle: 'K1', startedAt: '2026-01-10T00:00:00Z', targets, results: spec(5) });
    const second = makeResults({ cycle: 'K2', startedAt: '2026-04-10T00:00:00Z', targets, results: spec(1500) });
    const poisoned = second.results[1400].fingerprint;
    await withTracker(location, (db) => {
      importResults(db, first, { file: 'k1.json', sha256: 'a'.repeat(64) });
      // A refusal from the database on one row deep inside the second file's batch.
      db.exec(
        db.dialect.name === 'sqlite'
          ? `CREATE TRIGGER refuse_one BEFORE INSERT ON findings WHEN NEW.fingerprint = '${poisoned}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;`
          : `CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.fingerprint = '${poisoned}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
             CREATE TRIGGER refuse_one BEFORE INSERT ON findings FOR EACH ROW EXECUTE FUNCTION refuse_one();`,
      );
    });
    const before = dumpDb(location);
    await withTracker(location, (db) => {
      expect(() => importResults(db, second, { file: 'k2.json', sha256: 'b'.repeat(64) })).toThrow(/refused by the test/);
    });
    expect(dumpDb(location)).toEqual(before);
    await withTracker(location, (db) => {
      expect(verifyChain(db)).toMatchObject({ ok: true, events: before.events.length });
      db.exec('DROP TRIGGER refuse_one' + (db.dialect.name === 'sqlite' ? '' : ' ON findings'));
      expect(importResults(db, second, { file: 'k2.json', sha256: 'b'.repeat(64) })).toMatchObject({ opened: 1495, stillFailing: 5 });
      expect(verifyChain(db)).toMatchObject({ ok: true });
    });
  });
});

describe('a batched import on both engines', () => {
  let cluster: PgCluster | undefined;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('writes the same findings, keys and hash chain on SQLite and PostgreSQL across several batches of every kind', async () => {
    const sqlite = `${tmpDir()}/attt.db`;
    const postgres = await cluster!.createDatabase();
    const targets = [0, 1, 2].map((h) => ({ key: `t${h}`, unit: `don-vi-${h}`, system: 'he-thong', family: 'ports' as const, target: `127.0.${h}.1` }));
    // 2,400 results: more than one plan (1,000 decisions) and one PostgreSQL statement per batch.
    const spec = (cycle: number): ResultSpec[] =>
      Array.from({ length: 2400 }, (_, i) => ({
        checkId: 'ports.unexpected-open',
        targetKey: `t${i % 3}`,
        // Cycle 2: a third fixed, a few changing severity, the rest still failing; cycle 3: the fixed fail again (regressions).
        outcome: cycle === 2 && i % 3 === 0 ? 'pass' : 'fail',
        severity: cycle >= 2 && i % 50 === 1 ? 'critical' : 'high',
        discriminator: String(i),
      }));
    const files = [1, 2, 3].map((c) => makeResults({ cycle: `K${c}`, startedAt: `2026-0${c * 3}-10T00:00:00Z`, targets, results: spec(c) }));
    const summaries: Record<string, unknown[]> = {};
    for (const location of [sqlite, postgres]) {
      await withTracker(location, (db) => {
        summaries[location] = files.map((f, c) => importResults(db, f, { file: `k${c + 1}.json`, sha256: String(c + 1).repeat(64) }, { now: new Date(`2026-0${(c + 1) * 3}-11T00:00:00Z`) }));
        expect(verifyChain(db)).toMatchObject({ ok: true });
      });
    }
    expect(summaries[sqlite]).toEqual(summaries[postgres]);
    expect(summaries[postgres]).toMatchObject([{ opened: 2400 }, { fixed: 800, stillFailing: 1600 }, { regressed: 800 }]);
    const [a, b] = [dumpDb(sqlite), dumpDb(postgres)];
    for (const table of ['findings', 'events', 'cycles', 'imports', 'grades', 'cycle_stats']) expect(b[table], table).toEqual(a[table]);
    expect(b.attt_meta.filter((r) => (r as { key: string }).key.startsWith('chain_head'))).toEqual(a.attt_meta.filter((r) => (r as { key: string }).key.startsWith('chain_head')));
  });
});
