import { EventEmitter } from 'node:events';
import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';

interface Entry {
  session: Session;
  expires: number;
}

/**
 * In-memory session store with expiry: an idle session is forgotten after `idleMs`, and the
 * store never holds more than `maxEntries` (oldest dropped first), so anonymous visits cannot
 * grow memory without bound. Sessions end when the server stops.
 */
export class ExpiringSessionStore extends EventEmitter implements SessionStore {
  private readonly entries = new Map<string, Entry>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly idleMs: number, private readonly maxEntries = 20_000) {
    super();
    this.timer = setInterval(() => this.sweep(), Math.max(1000, Math.min(idleMs, 60_000)));
    this.timer.unref();
  }

  set(id: string, session: Session, callback: (err?: unknown) => void): void {
    this.entries.delete(id);
    this.entries.set(id, { session, expires: Date.now() + this.idleMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    callback();
  }

  get(id: string, callback: (err: unknown, session?: Session | null) => void): void {
    const e = this.entries.get(id);
    if (!e || e.expires <= Date.now()) {
      this.entries.delete(id);
      callback(null, null);
      return;
    }
    callback(null, e.session);
  }

  destroy(id: string, callback: (err?: unknown) => void): void {
    this.entries.delete(id);
    callback();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, e] of this.entries) if (e.expires <= now) this.entries.delete(id);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
