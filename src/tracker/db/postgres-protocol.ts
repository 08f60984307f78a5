/** Messages between the tracker (main thread) and the PostgreSQL worker (./postgres-worker.ts). */
export type BridgeRequest =
  | { op: 'connect'; url: string }
  | { op: 'query'; handle: number; sql: string; params: unknown[]; rowMode?: 'array' }
  /** Statements run one after the other in one request; the first failure stops the rest. */
  | { op: 'batch'; handle: number; statements: Array<{ sql: string; params: unknown[] }> }
  | { op: 'close'; handle: number };

export interface BridgeFailure {
  ok: false;
  /** SQLSTATE from the server, a Node error code (ECONNREFUSED) from the driver, or ''. */
  code: string;
  message: string;
  /** The connection is gone (server down, network broken): the open transaction did not commit. */
  lost: boolean;
}

export type BridgeResponse =
  | { ok: true; handle: number }
  | { ok: true; rows: unknown[]; rowCount: number }
  | { ok: true; results: Array<{ rows: unknown[]; rowCount: number }> }
  | { ok: true }
  | BridgeFailure;
