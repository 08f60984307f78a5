import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { InputError } from '../errors.js';
import type { TrackerDb } from './db/index.js';

/**
 * Anchoring the history: a report built with --tracker prints the chain head as
 * "chain-head:<events>:<sha256>" in its annex. Once that report is signed, the head is kept
 * outside the database; `attt tracker verify --anchor REPORT|HEAD` then checks that the event
 * with that number still has that hash. A chain recomputed from some point on (rewritten) or
 * cut short (truncated) no longer matches, even if it is internally consistent.
 */
export interface ChainAnchor {
  events: number;
  hash: string;
}

export function formatAnchor(a: ChainAnchor): string {
  return `chain-head:${a.events}:${a.hash}`;
}

const ANCHOR = /chain-head:(\d{1,12}):([0-9a-f]{64})/;
const MAX_TEXT = 64 * 1024 * 1024;

function anchorError(source: string): InputError {
  return new InputError('ATTT_TRACKER_ANCHOR', {
    vi: `Không tìm thấy đầu chuỗi lịch sử trong ${source}: cần báo cáo dựng với --tracker (dòng "chain-head:SỐ:MÃBĂM" ở phụ lục), hoặc mã băm 64 ký tự hex (có thể kèm "SỐ:").`,
    en: `No history chain head found in ${source}: give a report built with --tracker (the "chain-head:N:HASH" line in its annex), or a 64-hex hash (optionally "N:").`,
  });
}

/** The text of a report: PDFs through poppler's pdftotext, other formats as they are. */
function reportText(file: string): string {
  const bytes = fs.readFileSync(file);
  if (!bytes.subarray(0, 1024).includes('%PDF-')) return bytes.toString('utf8');
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: MAX_TEXT, timeout: 60_000 });
  } catch (error) {
    throw new InputError('ATTT_TRACKER_ANCHOR', {
      vi: `Không đọc được chữ trong ${file} (cần pdftotext, gói poppler-utils): ${(error as Error).message}`,
      en: `Cannot read the text of ${file} (pdftotext from poppler-utils is needed): ${(error as Error).message}`,
    }, { cause: error });
  }
}

/** An anchor from a report file, "N:HASH", "chain-head:N:HASH" or a bare 64-hex hash. */
export function readAnchor(spec: string, resolve: (p: string) => string): Partial<ChainAnchor> & { hash: string } {
  const bare = /^(?:chain-head:)?(?:(\d{1,12}):)?([0-9a-fA-F]{64})$/.exec(spec.trim());
  if (bare) return { events: bare[1] === undefined ? undefined : Number(bare[1]), hash: bare[2].toLowerCase() };
  const file = resolve(spec);
  if (!fs.existsSync(file)) throw anchorError(spec);
  // Line breaks and spaces may fall inside the hash when the report wraps it.
  const m = ANCHOR.exec(reportText(file).replace(/\s+/g, ''));
  if (!m) throw anchorError(file);
  return { events: Number(m[1]), hash: m[2] };
}

export interface AnchorCheck {
  ok: boolean;
  anchor: { events: number | null; hash: string };
  /** 'rewritten': the event at the anchor has another hash; 'truncated': the chain is shorter than the anchor; 'unknown-hash': no event has that hash. */
  problem: 'rewritten' | 'truncated' | 'unknown-hash' | null;
}

export function checkAnchor(db: TrackerDb, anchor: Partial<ChainAnchor> & { hash: string }): AnchorCheck {
  const out = (problem: AnchorCheck['problem']): AnchorCheck => ({ ok: problem === null, anchor: { events: anchor.events ?? null, hash: anchor.hash }, problem });
  if (anchor.events === undefined) {
    const found = db.prepare('SELECT seq FROM events WHERE hash = ?').get(anchor.hash);
    return out(found ? null : 'unknown-hash');
  }
  if (anchor.events === 0) return out(null);
  const row = db.prepare('SELECT hash FROM events WHERE seq = ?').get(anchor.events) as { hash: string } | undefined;
  const last = (db.prepare('SELECT MAX(seq) AS m FROM events').get() as { m: number | null }).m ?? 0;
  if (!row) return out(last < anchor.events ? 'truncated' : 'rewritten');
  return out(row.hash === anchor.hash ? null : 'rewritten');
}

/** The current chain head, for reports. */
export function chainHead(db: TrackerDb): ChainAnchor {
  const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return { events: last?.seq ?? 0, hash: last?.hash ?? '0'.repeat(64) };
}
