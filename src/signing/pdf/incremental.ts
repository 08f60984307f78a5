import type { PDFDocument, PDFObject, PDFRef } from 'pdf-lib';
import { SigningError } from '../../errors.js';

/**
 * Writes changed and new objects after the existing bytes as an incremental update (ISO 32000
 * §7.5.6): earlier bytes, and so earlier signatures, stay exactly as they were. pdf-lib parses
 * and builds the objects; its own save() would rewrite the whole file, so the update section
 * (objects, cross-reference table, trailer with /Prev) is written here.
 */
function objectBytes(obj: PDFObject): Buffer {
  const out = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(out, 0);
  return Buffer.from(out);
}

export function previousStartXref(pdf: Buffer): number {
  const tail = pdf.subarray(Math.max(0, pdf.length - 2048)).toString('latin1');
  const all = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)];
  if (all.length === 0) {
    throw new SigningError('ATTT_PDF_STRUCTURE', { vi: 'Tệp PDF không có startxref/%%EOF ở cuối tệp.', en: 'The PDF has no startxref/%%EOF at its end.' });
  }
  return Number(all[all.length - 1][1]);
}

/**
 * Reserve every object number the file already uses. pdf-lib does not count the object streams
 * and cross-reference streams it consumed while parsing, so a new object could otherwise take
 * the number of one of them (and hide its objects from readers).
 */
export function reserveObjectNumbers(pdf: Buffer, doc: PDFDocument): void {
  const at = previousStartXref(pdf);
  const section = pdf.subarray(at, at + 4096).toString('latin1');
  const size = Number(/\/Size\s+(\d+)/.exec(section)?.[1] ?? pdf.subarray(Math.max(0, pdf.length - 4096)).toString('latin1').match(/\/Size\s+(\d+)/)?.[1] ?? 0);
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, size - 1);
}

/** Runs of consecutive object numbers: [first, count]. */
function sections(nums: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of nums) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}

/** Whether the section at `startxref` is a cross-reference stream ("N G obj") rather than a table ("xref"). */
function usesXrefStream(pdf: Buffer, at: number): boolean {
  return /^\s*\d+\s+\d+\s+obj/.test(pdf.subarray(at, at + 32).toString('latin1'));
}

export function incrementalUpdate(original: Buffer, doc: PDFDocument, refs: PDFRef[]): Buffer {
  const ctx = doc.context;
  const parts: Buffer[] = [];
  let offset = original.length;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  if (original[original.length - 1] !== 0x0a) push(Buffer.from('\n'));
  const sorted = [...new Map(refs.map((r) => [r.objectNumber, r])).values()].sort((a, b) => a.objectNumber - b.objectNumber);
  const offsets = new Map<number, number>();
  for (const ref of sorted) {
    const obj = ctx.lookup(ref);
    if (!obj) continue;
    offsets.set(ref.objectNumber, offset);
    push(Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'));
    push(objectBytes(obj));
    push(Buffer.from('\nendobj\n', 'latin1'));
  }
  const xrefAt = offset;
  const written = sorted.filter((r) => offsets.has(r.objectNumber));
  const t = ctx.trailerInfo;
  const prev = previousStartXref(original);
  const trailer = [`/Root ${t.Root}`];
  if (t.Info) trailer.push(`/Info ${t.Info}`);
  if (t.ID) trailer.push(`/ID ${t.ID}`);
  trailer.push(`/Prev ${prev}`);
  if (usesXrefStream(original, prev)) {
    // The file's cross-references are a stream (PDF 1.5+): continue with a stream, as readers expect.
    const own = ctx.largestObjectNumber + 1;
    const entries = [...written.map((r) => ({ num: r.objectNumber, gen: r.generationNumber, at: offsets.get(r.objectNumber)! })), { num: own, gen: 0, at: xrefAt }];
    const rows = Buffer.alloc(entries.length * 7);
    entries.forEach((e, i) => {
      rows.writeUInt8(1, i * 7);
      rows.writeUInt32BE(e.at, i * 7 + 1);
      rows.writeUInt16BE(e.gen, i * 7 + 5);
    });
    const index = sections(entries.map((e) => e.num)).flatMap(([start, count]) => [start, count]).join(' ');
    push(Buffer.from(`${own} 0 obj\n<< /Type /XRef /Size ${own + 1} /W [1 4 2] /Index [${index}] ${trailer.join(' ')} /Length ${rows.length} >>\nstream\n`, 'latin1'));
    push(rows);
    push(Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(parts);
  }
  let xref = 'xref\n';
  for (const [start, count] of sections(written.map((r) => r.objectNumber))) {
    xref += `${start} ${count}\n`;
    for (let n = start; n < start + count; n++) {
      const ref = written.find((r) => r.objectNumber === n)!;
      xref += `${String(offsets.get(n)).padStart(10, '0')} ${String(ref.generationNumber).padStart(5, '0')} n\r\n`;
    }
  }
  push(Buffer.from(`${xref}trailer\n<< /Size ${ctx.largestObjectNumber + 1} ${trailer.join(' ')} >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
