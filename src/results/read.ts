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
  const raw = readJsonFile(file, 'results', RESULTS_JSON_LIMITS, {
    unreadable: (code, cause) => new InputError('ATTT_RESULTS_INVALID', { vi: `Không đọc được tệp kết quả ${file} (${code}).`, en: `Cannot read results file ${file} (${code}).` }, { cause }),
  });
  return resultsFromJson(raw, file);
}

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
export function resultsFromJson(raw: unknown, file: string): Results {
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
    const shared = version === 2 ? new SharedDecoder(doc.shared!) : undefined;
    if (shared) {
      for (const key of Object.keys(doc.observations)) {
        const observation = shared.resolve(doc.observations[key], `observations.${key}`);
        // A whole observation kept once for several targets is the catalogue's frozen entry: each target gets its own top level.
        doc.observations[key] = observation && typeof observation === 'object' && !Array.isArray(observation) && Object.isFrozen(observation) ? { ...observation } : observation;
      }
    }
    const rows = doc.results as Result[];
    for (let i = 0; i < rows.length && problems.length < 5; i++) {
      const row = shared ? expandRow(rows[i], targets, shared, `results.${i}`) : rows[i];
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
  if (f !== undefined) out.fingerprint = f;
  else if (typeof c === 'string' && typeof out.unit === 'string' && typeof out.system === 'string' && typeof out.target === 'string') {
    const discriminator = (out.evidence as { discriminator?: unknown } | undefined)?.discriminator;
    out.fingerprint = fingerprint({ checkId: c, unit: out.unit, system: out.system, target: out.target, discriminator: typeof discriminator === 'string' ? discriminator : undefined });
  }
  return out;
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
