import fs from 'node:fs';
import path from 'node:path';

/**
 * Where an audit keeps each target's observation between observing and judging (judging waits
 * until every target is observed: a check may weigh what the same host said elsewhere).
 */
export interface ObservationStore {
  put(key: string, observation: unknown): void;
  /** `key` holds the same observation as `existing` (already put), without a second copy. */
  alias(key: string, existing: string): void;
  get(key: string): unknown;
  has(key: string): boolean;
  /** Removes what the store left on disk. */
  close(): void;
}

export function memoryStore(): ObservationStore {
  const held = new Map<string, unknown>();
  return { put: (k, v) => void held.set(k, v), alias: (k, e) => void held.set(k, held.get(e)), get: (k) => held.get(k), has: (k) => held.has(k), close: () => held.clear() };
}

/**
 * Observations as JSON lines in a dot-named temp file beside results.json, read back by
 * offset: memory holds one position per target, not the observations (a TLS observation is
 * ~12 KB of JSON). A write that fails (disk full, file size limit) keeps that observation and
 * the rest in memory instead, so a full disk loses nothing before results.json is saved (see
 * docs/hardening.md). Removed by `close`.
 */
export function fileStore(beside: string): ObservationStore {
  const file = path.join(path.dirname(beside), `.${path.basename(beside)}.${process.pid}.observations.tmp`);
  const fallback = memoryStore();
  const at = new Map<string, { offset: number; length: number }>();
  let end = 0;
  let buffer = Buffer.alloc(64 * 1024);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'w+', 0o600);
  } catch {
    fd = undefined;
  }
  return {
    put(key, observation) {
      if (fd !== undefined) {
        const bytes = Buffer.from(`${JSON.stringify(observation) ?? 'null'}\n`, 'utf8');
        try {
          for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done, end + done);
          at.set(key, { offset: end, length: bytes.length - 1 });
          end += bytes.length;
          return;
        } catch {
          // no room on this disk: memory from here on
        }
      }
      fallback.put(key, observation);
    },
    alias(key, existing) {
      const where = at.get(existing);
      if (where) at.set(key, where);
      else fallback.alias(key, existing);
    },
    get(key) {
      const where = at.get(key);
      if (!where || fd === undefined) return fallback.get(key);
      // One buffer for every read (grown when needed): thousands of short-lived buffers would
      // sit outside the heap until a full collection.
      if (buffer.length < where.length) buffer = Buffer.alloc(Math.max(where.length, buffer.length * 2));
      for (let done = 0; done < where.length; ) {
        const n = fs.readSync(fd, buffer, done, where.length - done, where.offset + done);
        if (n === 0) throw new Error(`${file}: observation of ${key} cut short`);
        done += n;
      }
      return JSON.parse(buffer.toString('utf8', 0, where.length));
    },
    has: (key) => at.has(key) || fallback.has(key),
    close() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
      fs.rmSync(file, { force: true });
      fallback.close();
    },
  };
}
