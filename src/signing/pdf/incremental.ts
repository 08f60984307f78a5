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
  let xref = 'xref\n';
  const written = sorted.filter((r) => offsets.has(r.objectNumber));
  for (let i = 0; i < written.length; ) {
    let j = i;
    while (j + 1 < written.length && written[j + 1].objectNumber === written[j].objectNumber + 1) j++;
    xref += `${written[i].objectNumber} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) xref += `${String(offsets.get(written[k].objectNumber)).padStart(10, '0')} ${String(written[k].generationNumber).padStart(5, '0')} n\r\n`;
    i = j + 1;
  }
  const t = ctx.trailerInfo;
  const entries = [`/Size ${ctx.largestObjectNumber + 1}`, `/Root ${t.Root}`];
  if (t.Info) entries.push(`/Info ${t.Info}`);
  if (t.ID) entries.push(`/ID ${t.ID}`);
  entries.push(`/Prev ${previousStartXref(original)}`);
  push(Buffer.from(`${xref}trailer\n<< ${entries.join(' ')} >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
