/** Messages between the tracker (main thread) and the PostgreSQL worker (./postgres-worker.ts). */
export type BridgeRequest =
  | { op: 'connect'; url: string }
  | { op: 'query'; handle: number; sql: string; params: unknown[]; rowMode?: 'array' }
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
  | { ok: true }
  | BridgeFailure;
