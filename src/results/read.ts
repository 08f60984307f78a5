import { InputError } from '../errors.js';
import { readJsonFile } from '../files/index.js';
import { fingerprint } from './fingerprint.js';
import { resultSchema, resultsEnvelopeSchema, targetEntrySchema, type Result, type Results, type TargetEntry } from './schema.js';
import { SharedDecodeError, SharedDecoder } from './shared.js';

/** The newest results.json this attt reads (and the one it writes). */
export const RESULTS_SCHEMA_VERSION = 2;

/**
 * Read and validate a results.json of schemaVersion 1 or 2: the one loader every reader uses
 * (tracker import, report, exports, rejudge, the web interface). Version 2's catalogue is
 * resolved here, so readers see the same `Results` for both. A clear InputError (exit 2) names
 * the file and the place when it is not one; a newer schemaVersion is refused by name.
 */
export function readResults(file: string): Results {
  // Read piece by piece: the text (hundreds of MB for a province) is never in memory at once.
  const early = { rows: new EarlyRows(), catalogue: new EarlyCatalogue() };
  const raw = readJsonFile(file, 'results', RESULTS_JSON_LIMITS, {
    unreadable: (code, cause) => new InputError('ATTT_RESULTS_INVALID', { vi: `Không đọc được tệp kết quả ${file} (${code}).`, en: `Cannot read results file ${file} (${code}).` }, { cause }),
    elements: { results: (row, index, top) => early.rows.take(row, index, top), shared: (entry, index, top) => early.catalogue.take(entry, index, top) },
  });
  return resultsFromJson(raw, file, early);
}

/** What readResults took in its kept form while reading (see EarlyRows and EarlyCatalogue). */
interface Early {
  rows: EarlyRows;
  catalogue: EarlyCatalogue;
}

/**
 * The `shared` catalogue of a version 2 file decoded entry by entry as it is read, so the parsed
 * entries (60 MB for a province) are never held beside their decoded values. Decoding stops at
 * the first entry that cannot be decoded; resultsFromJson then refuses the file with that
 * entry's error, the one decoding the whole array would have given first.
 */
class EarlyCatalogue {
  private readonly decoder = new SharedDecoder();
  private error: SharedDecodeError | undefined;
  private active = true;

  take(entry: unknown, index: number, top: Record<string, unknown>): unknown {
    if (!this.active || top.schemaVersion !== 2 || index !== this.decoder.size) {
      this.active = false;
      return entry;
    }
    try {
      return this.decoder.push(entry);
    } catch (error) {
      if (!(error instanceof SharedDecodeError)) throw error;
      this.error = error;
      this.active = false;
      return entry;
    }
  }

  /** The decoder of `entries` when every one was decoded here (or the error of the first that could not be); else undefined. */
  decoderFor(entries: readonly unknown[]): SharedDecoder | undefined {
    if (this.error) throw this.error;
    return this.active && this.decoder.size === entries.length ? this.decoder : undefined;
  }
}

/**
 * Version 2 rows taken in their kept shape as they are read (readResults), not as parsed: a
 * parsed row is an object of short keys built key by key plus an evidence object, about 155
 * bytes, and a province's file has 600,000 of them (100 MiB) before the catalogue at its end
 * can resolve any. A row taken early already has its target filled in from targets[] (written before the
 * results) and the fields of `compact`, its evidence and message still the file's references;
 * resultsFromJson checks and completes it like any other. A row that is not as attt writes it
 * is left as read, for resultsFromJson to check and name.
 */
class EarlyRows {
  /** Which positions were taken early, one bit each. */
  private bits = new Uint8Array(1024);

  /** The row at `index` as taken early, or undefined when it was left as read. */
  taken(row: unknown, index: number): EarlyRow | undefined {
    return index >> 3 < this.bits.length && (this.bits[index >> 3] & (1 << (index & 7))) !== 0 ? (row as EarlyRow) : undefined;
  }

  take(row: unknown, index: number, top: Record<string, unknown>): unknown {
    if (top.schemaVersion !== 2 || !isRecord(row)) return row;
    const { t, c, o, s, f, e, m, ...rest } = row;
    const extras = Object.keys(rest);
    if (typeof m !== 'number' || extras.some((k) => !ROW_EXTRAS.has(k))) return row;
    let place: Pick<EarlyRow, 'unit' | 'system' | 'target' | 'targetKey'> | undefined;
    if (t !== undefined) {
      // Its target by position in targets[], when that came first (it does in what attt writes).
      const entry: unknown = typeof t === 'number' && Array.isArray(top.targets) ? top.targets[t] : undefined;
      if (!isRecord(entry)) return row;
      const { unit, system, target, key } = entry;
      if (typeof unit !== 'string' || typeof system !== 'string' || typeof target !== 'string' || typeof key !== 'string') return row;
      place = { unit, system, target, targetKey: key };
    }
    while (index >> 3 >= this.bits.length) {
      const grown = new Uint8Array(this.bits.length * 2);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[index >> 3] |= 1 << (index & 7);
    // `{"$shared": n}` is entry n, as a number; an empty evidence object is the one shared empty one.
    const evidence = isRecord(e) && Object.keys(e).length === 0 ? NO_EVIDENCE : isRecord(e) && Object.keys(e).length === 1 && typeof e.$shared === 'number' ? e.$shared : e;
    // The usual row is one literal, every field in place (see compact); the rare ones spell out what they have, as expandRow does.
    if (place && extras.length === 0) return { checkId: c, unit: place.unit, system: place.system, target: place.target, targetKey: place.targetKey, outcome: o, severity: s, fingerprint: f, evidence, message: m } satisfies EarlyRow;
    return { checkId: c, ...place, ...rest, outcome: o, severity: s, fingerprint: f, evidence, message: m };
  }
}

/** The keys a version 2 row may have besides its short ones (a row without `t` spells its target out). */
const ROW_EXTRAS = new Set(['unit', 'system', 'target', 'targetKey', 'confidence', 'framework']);

/** A row taken early (EarlyRows): unchecked values, the evidence a reference or inline value, the message a reference. */
interface EarlyRow {
  checkId: unknown;
  unit?: unknown;
  system?: unknown;
  target?: unknown;
  targetKey?: unknown;
  outcome: unknown;
  severity: unknown;
  fingerprint: unknown;
  evidence: unknown;
  message: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Bounds on a results.json beyond its size: what attt writes nests a dozen levels at most (an
 * observation's certificate chain) and its longest strings are response excerpts of a few KiB.
 */
const RESULTS_JSON_LIMITS = { maxDepth: 64, maxStringBytes: 4 * 1024 * 1024, code: 'ATTT_RESULTS_INVALID' } as const;

/** The text of a results.json already in memory (a bundle's entry, stdout); `file` names it in messages. */
export function parseResults(text: string, file: string): Results {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
    // The text is not needed again: let the collector have it while the rows are checked.
    text = '';
  } catch (error) {
    throw new InputError(
      'ATTT_RESULTS_INVALID',
      { vi: `${file} không phải JSON hợp lệ: ${(error as Error).message}`, en: `${file} is not valid JSON: ${(error as Error).message}` },
      { cause: error },
    );
  }
  return resultsFromJson(raw, file);
}

/** A parsed results.json of either version as `Results` (see readResults). */
export function resultsFromJson(raw: unknown, file: string, early?: Early): Results {
  const version = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > RESULTS_SCHEMA_VERSION) {
    throw new InputError('ATTT_RESULTS_VERSION', {
      vi: `${file}: schemaVersion ${version} mới hơn phiên bản attt này đọc được (1 và ${RESULTS_SCHEMA_VERSION}); tệp do một attt mới hơn ghi. Hãy cập nhật attt.`,
      en: `${file}: schemaVersion ${version} is newer than this attt reads (1 and ${RESULTS_SCHEMA_VERSION}); the file was written by a newer attt. Update attt.`,
    });
  }
  if (version !== 1 && version !== 2) throw invalid(file, [`schemaVersion: ${JSON.stringify(version)} (expected 1 or ${RESULTS_SCHEMA_VERSION})`]);
  const envelope = resultsEnvelopeSchema.safeParse(raw);
  if (!envelope.success || !isEnvelope(raw)) throw invalid(file, envelope.error?.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) ?? []);
  // The parsed file itself (not zod's copy) is completed in place below, so it is held once.
  const doc = raw;
  if (version === 1 && doc.shared !== undefined) throw invalid(file, ['shared: only in schemaVersion 2']);
  if (version === 2 && !Array.isArray(doc.shared)) throw invalid(file, ['shared: required in schemaVersion 2']);
  // Each element is checked on its own and the parsed rows replace the raw ones in place, so a
  // large file is never held twice.
  const problems: string[] = [];
  const check = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown, where: string): T | undefined => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const i of parsed.error.issues.slice(0, 2)) if (problems.length < 5) problems.push(`${[where, ...i.path.map(String)].join('.')}: ${i.message}`);
    return undefined;
  };
  const targets = doc.targets as TargetEntry[];
  for (let i = 0; i < targets.length && problems.length < 5; i++) targets[i] = check(targetEntrySchema, targets[i], `targets.${i}`)!;
  try {
    const shared = version === 2 ? (early?.catalogue.decoderFor(doc.shared!) ?? new SharedDecoder(doc.shared!)) : undefined;
    if (shared) {
      for (const key of Object.keys(doc.observations)) {
        const observation = shared.resolve(doc.observations[key], `observations.${key}`);
        // A whole observation kept once for several targets is the catalogue's frozen entry: each target gets its own top level.
        doc.observations[key] = observation && typeof observation === 'object' && !Array.isArray(observation) && Object.isFrozen(observation) ? { ...observation } : observation;
      }
    }
    const rows = doc.results as Result[];
    for (let i = 0; i < rows.length && problems.length < 5; i++) {
      const taken = shared ? early?.rows.taken(rows[i], i) : undefined;
      const row = shared ? (taken ? completeRow(taken, shared, `results.${i}`) : expandRow(rows[i], targets, shared, `results.${i}`)) : rows[i];
      const parsed = check(resultSchema, row, `results.${i}`);
      // Parsing copies the row; keep the catalogue's one copy of its evidence and message.
      rows[i] = parsed ? compact(parsed, shared ? (row as Result) : parsed) : rows[i];
    }
  } catch (error) {
    if (error instanceof SharedDecodeError) throw invalid(file, [error.message]);
    throw error;
  }
  if (problems.length) throw invalid(file, problems);
  const { shared: _shared, targets: _targets, results, ...header } = doc;
  return { ...header, targets, results: results as Result[] };
}

/** Empty evidence (a third of a large file's results): one frozen object for all of them. */
const NO_EVIDENCE: Result['evidence'] = Object.freeze({});

/**
 * A checked result as it is kept: every row built alike (one shape, fields in place), the
 * evidence and message objects of `source` (the catalogue's, shared with every row that refers
 * to them), empty evidence shared.
 */
function compact(r: Result, source: Pick<Result, 'evidence' | 'message'>): Result {
  const evidence = Object.isFrozen(source.evidence) || Object.keys(source.evidence).length > 0 ? source.evidence : NO_EVIDENCE;
  const { checkId, unit, system, target, targetKey, outcome, severity, fingerprint: fp, confidence, framework } = r;
  const message = source.message;
  // The usual row is one literal (every field in place); the rare ones spell out what they have.
  // Absent optional fields stay absent (as in the file), never present and undefined.
  if (targetKey !== undefined && confidence === undefined && framework === undefined) return { checkId, unit, system, target, targetKey, outcome, severity, fingerprint: fp, evidence, message };
  return {
    checkId, unit, system, target, ...(targetKey !== undefined ? { targetKey } : {}), outcome, severity, fingerprint: fp, evidence, message,
    ...(confidence !== undefined ? { confidence } : {}), ...(framework !== undefined ? { framework } : {}),
  };
}

type Envelope = ReturnType<typeof resultsEnvelopeSchema.parse>;

/** The outline was checked by resultsEnvelopeSchema; this gives `raw` that type without a copy. */
function isEnvelope(raw: unknown): raw is Envelope {
  return !!raw && typeof raw === 'object' && !Array.isArray(raw);
}

/** A version 2 row as the row of version 1 it stands for (see docs/results.md). */
function expandRow(row: unknown, targets: readonly TargetEntry[], shared: SharedDecoder, where: string): unknown {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return row;
  const { t, c, o, s, f, e, m, ...rest } = row as Record<string, unknown>;
  const out: Record<string, unknown> = { checkId: c };
  if (t !== undefined) {
    const entry = typeof t === 'number' ? targets[t] : undefined;
    if (!entry) throw new SharedDecodeError(`${where}.t: ${JSON.stringify(t)} is not a position in targets (0–${targets.length - 1})`);
    Object.assign(out, { unit: entry.unit, system: entry.system, target: entry.target, targetKey: entry.key });
  }
  Object.assign(out, rest, { outcome: o, severity: s });
  out.evidence = typeof e === 'number' ? shared.entry(e, `${where}.e`) : shared.resolve(e, `${where}.e`);
  out.message = shared.entry(m, `${where}.m`);
  const fp = f !== undefined ? f : derivedFingerprint(out);
  if (fp !== undefined) out.fingerprint = fp;
  return out;
}

/** A row taken early (EarlyRows) as expandRow would give it: its references resolved, its fingerprint derived when the file leaves it out. */
function completeRow(row: EarlyRow, shared: SharedDecoder, where: string): unknown {
  const e = row.evidence;
  const out: Record<string, unknown> = { ...row, evidence: typeof e === 'number' ? shared.entry(e, `${where}.e`) : shared.resolve(e, `${where}.e`), message: shared.entry(row.message, `${where}.m`) };
  const fp = row.fingerprint !== undefined ? row.fingerprint : derivedFingerprint(out);
  if (fp === undefined) delete out.fingerprint;
  else out.fingerprint = fp;
  return out;
}

/** The fingerprint a version 2 file leaves out because it follows from the row (see docs/results.md). */
function derivedFingerprint(out: Record<string, unknown>): string | undefined {
  const { checkId, unit, system, target } = out;
  if (typeof checkId !== 'string' || typeof unit !== 'string' || typeof system !== 'string' || typeof target !== 'string') return undefined;
  const discriminator = (out.evidence as { discriminator?: unknown } | undefined)?.discriminator;
  return fingerprint({ checkId, unit, system, target, discriminator: typeof discriminator === 'string' ? discriminator : undefined });
}

function invalid(file: string, details: string[]): InputError {
  return new InputError(
    'ATTT_RESULTS_INVALID',
    {
      vi: `${file} không phải tệp kết quả attt (results.json schemaVersion 1 hoặc ${RESULTS_SCHEMA_VERSION}).`,
      en: `${file} is not an attt results file (results.json schemaVersion 1 or ${RESULTS_SCHEMA_VERSION}).`,
    },
    { details },
  );
}
