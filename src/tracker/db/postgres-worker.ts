/**
 * The PostgreSQL side of the tracker's synchronous bridge: runs in a worker thread (synckit) and
 * owns the `pg` clients. The main thread blocks on each request until it is answered here, so
 * the tracker's code stays synchronous for both engines (docs/tracker.md, "Storage").
 * It never throws across the bridge: every answer is a plain object, errors included, so codes
 * survive and nothing unredacted (a connection string) travels in an error's properties.
 */
import pg from 'pg';
import { runAsWorker } from 'synckit';
import type { BridgeFailure, BridgeRequest, BridgeResponse } from './postgres-protocol.js';

// COUNT and SUM come back as int8/numeric; the tracker's counts fit in a JavaScript number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

interface Connection {
  client: pg.Client;
  /** Set when the server closed the connection or the network broke it. */
  lost?: Error;
  /** Batch statements prepared on the server, by text, least recently used first. */
  prepared: Map<string, string>;
  nextName: number;
}

/**
 * Batch statements kept prepared per connection. An import sends the same multi-row texts bundle
 * after bundle (a unit's 160 findings, the events, the chain head): the server parses and plans
 * each once. The oldest is deallocated past this many (a text can be 100 KB).
 */
const PREPARED_LIMIT = 64;

async function runPrepared(conn: Connection, sql: string, params: unknown[]): Promise<pg.QueryResult> {
  let name = conn.prepared.get(sql);
  if (name === undefined) {
    name = `attt_batch_${conn.nextName++}`;
    if (conn.prepared.size >= PREPARED_LIMIT) {
      const [oldest, oldName] = conn.prepared.entries().next().value as [string, string];
      conn.prepared.delete(oldest);
      // Names are never reused, so the driver's note that this one was parsed is harmless.
      await conn.client.query(`DEALLOCATE ${oldName}`);
    }
  } else {
    conn.prepared.delete(sql);
  }
  conn.prepared.set(sql, name);
  return conn.client.query({ name, text: sql, values: params });
}

const connections = new Map<number, Connection>();
let nextHandle = 1;

/** Seconds a writer waits for another writer's transaction (as SQLite's busy timeout). */
const LOCK_TIMEOUT_MS = 30_000;

function failure(error: unknown, lost: boolean): BridgeFailure {
  const e = error as { code?: unknown; message?: unknown; severity?: unknown };
  return {
    ok: false,
    code: typeof e.code === 'string' ? e.code : '',
    message: typeof e.message === 'string' ? e.message : String(error),
    lost,
  };
}

async function handle(req: BridgeRequest): Promise<BridgeResponse> {
  if (req.op === 'connect') {
    const client = new pg.Client({ connectionString: req.url, connectionTimeoutMillis: 10_000, keepAlive: true, application_name: 'attt', query_timeout: 300_000 });
    const conn: Connection = { client, prepared: new Map(), nextName: 1 };
    client.on('error', (error) => (conn.lost = error));
    try {
      await client.connect();
      await client.query(`SET lock_timeout = ${LOCK_TIMEOUT_MS}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      return failure(error, false);
    }
    const id = nextHandle++;
    connections.set(id, conn);
    return { ok: true, handle: id };
  }
  const conn = connections.get(req.handle);
  if (req.op === 'close') {
    connections.delete(req.handle);
    await conn?.client.end().catch(() => undefined);
    return { ok: true };
  }
  if (!conn) return { ok: false, code: 'ATTT_CLOSED', message: 'the database connection is closed', lost: true };
  if (conn.lost) return failure(conn.lost, true);
  try {
    if (req.op === 'batch') {
      const results: Array<{ rows: unknown[]; rowCount: number }> = [];
      for (const s of req.statements) {
        const result = await runPrepared(conn, s.sql, s.params);
        results.push({ rows: result.rows as unknown[], rowCount: result.rowCount ?? 0 });
      }
      return { ok: true, results };
    }
    const result =
      req.rowMode === 'array'
        ? await conn.client.query({ text: req.sql, values: req.params, rowMode: 'array' })
        : await conn.client.query({ text: req.sql, values: req.params });
    return { ok: true, rows: result.rows as unknown[], rowCount: result.rowCount ?? 0 };
  } catch (error) {
    // A server error (SQLSTATE) leaves the connection usable; anything else means it is gone.
    const sqlState = typeof (error as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((error as { code: string }).code);
    const lost = Boolean(conn.lost) || !sqlState || /^(08|57P0)/.test((error as { code: string }).code);
    if (lost) {
      connections.delete(req.handle);
      await conn.client.end().catch(() => undefined);
    }
    return failure(conn.lost ?? error, lost);
  }
}

runAsWorker(handle);
