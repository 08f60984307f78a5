/**
 * Run a tracker test suite against both engines: the embedded SQLite file and a throwaway
 * PostgreSQL cluster (one per test file, a fresh database per call of fresh()).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { startPostgresCluster, type PgCluster } from '../helpers/postgres.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A location for a new, empty tracker: a file in `dir`, or a new PostgreSQL database's URL. */
  fresh(dir: string): Promise<string>;
}

export const BACKENDS = ['sqlite', 'postgres'] as const;

export function describeBackends(title: string, body: (backend: Backend) => void): void {
  describe.each(BACKENDS)(`${title} [%s]`, (name) => {
    let cluster: PgCluster | undefined;
    if (name === 'postgres') {
      beforeAll(async () => {
        cluster = await startPostgresCluster();
      });
      afterAll(async () => {
        await cluster?.destroy();
      });
    }
    let n = 0;
    body({ name, fresh: async (dir) => (name === 'sqlite' ? path.join(dir, `attt-${++n}.db`) : cluster!.createDatabase()) });
  });
}
