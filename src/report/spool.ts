import fs from 'node:fs';
import path from 'node:path';
import type Handlebars from 'handlebars';
import type { AtomicOutput } from '../files/index.js';
import { withFontSymbols } from './fonts.js';

/** A `{{#each}}` over at least this many items is written out as it renders (a report of 10,000 systems has 100,000s of rows). */
export const SPOOL_FROM_ITEMS = 500;

/** Stands in the page for a written-out loop's text; data never holds U+0000 (cleanText removes control characters). */
const MARK = /\u0000attt-spool-(\d+)\u0000/g;
const mark = (n: number) => `\u0000attt-spool-${n}\u0000`;

type EachHelper = (this: unknown, context: unknown, options: Handlebars.HelperOptions) => unknown;

/**
 * Renders a large report page without holding it whole: Handlebars builds a page as one string,
 * which for a province is hundreds of MB (and more while it is being concatenated). This wraps
 * the `each` helper: a loop over many items, not inside another written-out loop, renders each
 * item with the same helper (same @index, @first, @last) but sends the item's text to a
 * temporary file beside the output and leaves a mark in the page. The page is then written
 * piece by piece, each mark replaced by its loop's bytes, so the file is byte for byte the
 * string `render` gives. Only while `start`ed; otherwise `each` is Handlebars' own.
 */
export class EachSpooler {
  private file: string | undefined;
  private fd: number | undefined;
  private written = 0;
  private readonly ranges: Array<{ start: number; end: number }> = [];
  private inside = false;

  constructor(hb: typeof Handlebars, private readonly fromItems: number) {
    const each = hb.helpers.each as EachHelper;
    const spooler = this;
    hb.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
      if (spooler.fd === undefined || spooler.inside || !Array.isArray(context) || context.length < spooler.fromItems) return each.call(this, context, options);
      const start = spooler.written;
      spooler.inside = true;
      try {
        each.call(this, context, { ...options, fn: (value: unknown, o?: Handlebars.RuntimeOptions) => (spooler.append(options.fn(value, o)), '') });
      } finally {
        spooler.inside = false;
      }
      spooler.ranges.push({ start, end: spooler.written });
      return mark(spooler.ranges.length - 1);
    });
  }

  /** Loops are written out from now on, to a temporary file beside `target`. */
  start(target: string): void {
    this.file = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.rows.tmp`);
    this.fd = fs.openSync(this.file, 'w+', 0o600);
    this.written = 0;
    this.ranges.length = 0;
  }

  /** Writes `page` to `out`, each mark replaced by its loop's text. */
  finish(page: string, out: AtomicOutput): void {
    let at = 0;
    let count = 0;
    for (const m of page.matchAll(MARK)) {
      const range = this.ranges[Number(m[1])];
      if (!range) throw new Error(`report page: mark ${m[1]} has no rows`);
      out.write(page.slice(at, m.index));
      this.copy(range, out);
      at = m.index + m[0].length;
      count++;
    }
    if (count !== this.ranges.length) throw new Error(`report page: ${this.ranges.length} loops written out, ${count} found in the page`);
    out.write(page.slice(at));
  }

  /** Removes the temporary file; `each` is Handlebars' own again. */
  stop(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    if (this.file) fs.rmSync(this.file, { force: true });
    this.fd = undefined;
    this.file = undefined;
  }

  private append(text: string): void {
    // The page's symbols are replaced character by character: the same on a piece as on the whole.
    const bytes = Buffer.from(withFontSymbols(text), 'utf8');
    for (let done = 0; done < bytes.length; ) done += fs.writeSync(this.fd!, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
  }

  private copy(range: { start: number; end: number }, out: AtomicOutput): void {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let position = range.start; position < range.end; ) {
      const n = fs.readSync(this.fd!, buffer, 0, Math.min(buffer.length, range.end - position), position);
      if (n === 0) throw new Error('report rows: temporary file shorter than written');
      out.write(n === buffer.length ? buffer : buffer.subarray(0, n));
      position += n;
    }
  }
}
