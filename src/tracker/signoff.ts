import { InputError } from '../errors.js';
import { asTrackerFault, inWriteTransaction, openTracker, type TrackerDb } from './db/index.js';
import { EventWriter } from './history.js';
import { SYSTEM_ACTOR } from './model.js';

export interface SignOffEntry {
  /** The signed report file (as named to the signer). */
  file: string;
  /** SHA-256 of the signed file, hex. */
  sha256: string;
  /** Signer (certificate subject or name). */
  signer: string;
  /** ISO timestamp of the signature. */
  signedAt: string;
  actor?: string;
}

export interface SignOffRecord {
  file: string;
  sha256: string;
  signer: string;
  signedAt: string;
}

/** Record a report sign-off (also a history event), creating the database if needed. */
export function recordSignOff(dbPath: string, entry: SignOffEntry): void {
  if (!/^[0-9a-f]{64}$/i.test(entry.sha256)) {
    throw new InputError('ATTT_TRACKER_SIGNOFF', {
      vi: `Mã băm SHA-256 của tệp đã ký không hợp lệ: "${entry.sha256}".`,
      en: `Invalid SHA-256 of the signed file: "${entry.sha256}".`,
    });
  }
  if (Number.isNaN(Date.parse(entry.signedAt))) {
    throw new InputError('ATTT_TRACKER_DATE', {
      vi: `Thời điểm ký không hợp lệ: "${entry.signedAt}".`,
      en: `Invalid signing time: "${entry.signedAt}".`,
    });
  }
  const db = openTracker(dbPath, { create: true });
  try {
    inWriteTransaction(db, () => {
      const now = new Date().toISOString();
      const actor = entry.actor ?? SYSTEM_ACTOR;
      db.prepare('INSERT INTO signoffs (file, sha256, signer, signed_at, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?)').run(
        entry.file, entry.sha256.toLowerCase(), entry.signer, entry.signedAt, now, actor,
      );
      const writer = new EventWriter(db);
      writer.append({
        findingId: null, cycle: null, type: 'signed_off', actor, at: now, before: null,
        after: { file: entry.file, sha256: entry.sha256.toLowerCase(), signer: entry.signer, signedAt: entry.signedAt }, note: null,
      });
      writer.finish();
    });
  } catch (error) {
    throw asTrackerFault(dbPath, error);
  } finally {
    db.close();
  }
}

export function readSignOffs(db: TrackerDb): SignOffRecord[] {
  return db.prepare('SELECT file, sha256, signer, signed_at AS "signedAt" FROM signoffs ORDER BY id').all() as SignOffRecord[];
}
