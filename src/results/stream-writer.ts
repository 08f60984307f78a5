import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { openAtomicOutput, type AtomicOutput } from '../files/index.js';
import { fingerprint } from './fingerprint.js';
import type { Result, Results, Summary, TargetEntry } from './schema.js';
import { SharedEncoder } from './shared.js';

/** What results.json says before its targets: everything but targets, observations, results and summary. */
export type ResultsHeader = Omit<Results, 'schemaVersion' | 'targets' | 'observations' | 'results' | 'summary'>;

/** Where the pieces of the file go: a file written atomically, or stdout (the last resort when disks are full). */
export interface ResultsSink {
  /** The path named in error messages and beside which the temporary pieces are kept. */
  readonly target: string;
  write(text: string): void;
  commit(): void;
  discard(): void;
}

/** results.json written atomically, in pieces of about 1 MiB (not one system call per target). */
export function fileSink(file: string): ResultsSink {
  const out: AtomicOutput = openAtomicOutput(file);
  let pending: string[] = [];
  let length = 0;
  const flush = () => {
    if (!pending.length) return;
    const text = pending.join('');
    pending = [];
    length = 0;
    out.write(text);
  };
  return {
    target: out.target,
    write(text) {
      pending.push(text);
      length += text.length;
      if (length > 1 << 20) flush();
    },
    commit() {
      try {
        flush();
      } catch (error) {
        out.discard();
        throw error;
      }
      out.commit();
    },
    discard() {
      pending = [];
      out.discard();
    },
  };
}

/**
 * A temporary file beside the output that collects one section while another is written
 * (results arrive together with observations; catalogue entries at any time), then is copied
 * into place. Removed when the writer ends, whatever happens.
 */
class Spool {
  private readonly file: string;
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingLength = 0;
  /** Bytes safely in the file; after a failed write the rest stays in `pending` (memory). */
  private written = 0;
  private inMemory = false;
  count = 0;

  constructor(target: string, name: string) {
    this.file = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${name}.tmp`);
    try {
      this.fd = fs.openSync(this.file, 'w+', 0o600);
    } catch {
      // no folder to spare (full, read-only): the pieces stay in memory
      this.inMemory = true;
    }
  }

  /** Appends one JSON value (the separator is added here). */
  push(json: string): void {
    this.pending.push(this.count++ === 0 ? json : `,\n${json}`);
    this.pendingLength += json.length;
    if (!this.inMemory && this.pendingLength > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.inMemory || !this.pending.length || this.fd === undefined) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    try {
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(this.fd, bytes, at, bytes.length - at, this.written + at);
    } catch {
      // disk full or file size limit: what did not fit stays in memory, so nothing is lost
      this.inMemory = true;
      return;
    }
    this.written += bytes.length;
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Copies everything collected into `sink`, in pieces of 1 MiB. */
  copyTo(sink: ResultsSink): void {
    this.flush();
    if (this.fd !== undefined && this.written > 0) {
      const buffer = Buffer.alloc(1 << 20);
      // A piece may end inside a character; the decoder keeps its first bytes for the next piece.
      const decoder = new StringDecoder('utf8');
      for (let position = 0; position < this.written; ) {
        const n = fs.readSync(this.fd, buffer, 0, Math.min(buffer.length, this.written - position), position);
        if (n === 0) break;
        position += n;
        sink.write(decoder.write(buffer.subarray(0, n)));
      }
      sink.write(decoder.end());
    }
    for (const piece of this.pending) sink.write(piece);
  }

  remove(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    fs.rmSync(this.file, { force: true });
  }
}

/**
 * Writes results.json schemaVersion 2 piece by piece (docs/results.md): the header and
 * targets, then each target's observation and results as it is judged, then the shared
 * catalogue and the summary. Memory holds the catalogue's index and the targets, never the
 * results; nothing appears under the file's real name until `finish` (then it is complete).
 */
export class ResultsStreamWriter {
  private readonly results: Spool;
  private readonly shared: Spool;
  private readonly encoder: SharedEncoder;
  private readonly targetIndex = new Map<string, { index: number; entry: TargetEntry }>();
  private observations = 0;
  private done = false;

  constructor(private readonly sink: ResultsSink, header: ResultsHeader, targets: readonly TargetEntry[]) {
    this.results = new Spool(sink.target, 'results');
    this.shared = new Spool(sink.target, 'shared');
    this.encoder = new SharedEncoder((json) => this.shared.push(json));
    this.guard(() => {
      const head = JSON.stringify({ schemaVersion: 2, ...header }, null, 2);
      sink.write(`${head.slice(0, -2)},\n  "targets": [\n`);
      targets.forEach((t, i) => {
        this.targetIndex.set(t.key, { index: i, entry: t });
        sink.write(`${i ? ',\n' : ''}    ${JSON.stringify(t)}`);
      });
      sink.write('\n  ],\n  "observations": {\n');
    });
  }

  /**
   * One target's stored observation, as a catalogue entry (its long parts are entries too): the
   * targets that share one endpoint (docs/architecture.md, endpointKey) share one entry.
   */
  observation(key: string, observation: unknown): void {
    this.guard(() => this.sink.write(`${this.observations++ ? ',\n' : ''}    ${JSON.stringify(key)}: ${this.encoder.encode(observation)}`));
  }

  result(r: Result): void {
    this.guard(() => this.results.push(this.encodeResult(r)));
  }

  /** Completes the file and gives it its real name. */
  finish(summary: Summary): void {
    this.guard(() => {
      this.sink.write('\n  },\n  "results": [\n');
      this.results.copyTo(this.sink);
      this.sink.write('\n  ],\n  "shared": [\n');
      this.shared.copyTo(this.sink);
      this.sink.write(`\n  ],\n  "summary": ${JSON.stringify(summary)}\n}\n`);
      this.done = true;
      this.cleanUp();
      this.sink.commit();
    });
  }

  /** Stops without a file (the temp file and the pieces are removed). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.cleanUp();
    this.sink.discard();
  }

  private cleanUp(): void {
    this.results.remove();
    this.shared.remove();
  }

  private guard(write: () => void): void {
    if (this.done) throw new Error('results.json writer already finished');
    try {
      write();
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /**
   * A result as a row of version 2 (docs/results.md): short keys (c checkId, o outcome,
   * s severity, e evidence, m message, f fingerprint), its target by position in targets[]
   * (`t`) when it is one of them, the message and long evidence as catalogue entries, and the
   * fingerprint only when it differs from the one recomputed from the row.
   */
  private encodeResult(r: Result): string {
    const { checkId, unit, system, target, targetKey, outcome, severity, fingerprint: fp, evidence, message, ...rest } = r;
    const at = targetKey !== undefined ? this.targetIndex.get(targetKey) : undefined;
    const byIndex = at && at.entry.unit === unit && at.entry.system === system && at.entry.target === target;
    const discriminator = (evidence as { discriminator?: unknown }).discriminator;
    const recomputed = fingerprint({ checkId, unit, system, target, discriminator: typeof discriminator === 'string' ? discriminator : undefined });
    const row = {
      ...(byIndex ? { t: at.index } : { unit, system, target, ...(targetKey !== undefined ? { targetKey } : {}) }),
      c: checkId,
      o: outcome,
      s: severity,
      ...(recomputed === fp ? {} : { f: fp }),
      ...rest,
    };
    const head = JSON.stringify(row);
    return `${head.slice(0, -1)},"e":${this.encoder.encode(evidence)},"m":${this.encoder.ref(message)}}`;
  }
}

/** results.json (schemaVersion 2) from results held in memory, written atomically. */
export function writeResultsTo(sink: ResultsSink, results: Results): void {
  const { schemaVersion: _version, targets, observations, results: rows, summary, ...header } = results;
  const writer = new ResultsStreamWriter(sink, header, targets);
  try {
    for (const [key, value] of Object.entries(observations)) writer.observation(key, value);
    for (const r of rows) writer.result(r);
    writer.finish(summary);
  } finally {
    writer.abort();
  }
}
