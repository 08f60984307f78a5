import { PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument } from 'pdf-lib';

/**
 * Where a signature appears. The report writes the signature blocks' positions into the PDF's
 * Info dictionary under ATTTSignatureSlots: JSON [{"slot":"head","page":3,"rect":[x1,y1,x2,y2]}]
 * (page 0-based, PDF points, origin bottom-left). Without it, the head signs at the bottom
 * right of the last page. The organisation's signature goes to slot "org", else just left of
 * the head's: Decree 30/2020 (Phụ lục I) lays the seal image over the left third of the head's
 * signature image, but attt's appearances are text, which overlapping would make unreadable;
 * see docs/signing.md.
 */
export type SignatureRole = 'head' | 'org';

export interface Placement {
  page: number;
  rect: [number, number, number, number];
}

const MAX_SLOTS_JSON = 16_384;

export function readSlots(doc: PDFDocument): Map<string, Placement> {
  const slots = new Map<string, Placement>();
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict);
  const raw = info?.get(PDFName.of('ATTTSignatureSlots'));
  if (!(raw instanceof PDFString || raw instanceof PDFHexString)) return slots;
  const text = raw.decodeText();
  if (text.length > MAX_SLOTS_JSON) return slots;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return slots;
  }
  if (!Array.isArray(parsed)) return slots;
  const pages = doc.getPageCount();
  for (const item of parsed.slice(0, 16)) {
    const { slot, page, rect } = (item ?? {}) as { slot?: unknown; page?: unknown; rect?: unknown };
    if (typeof slot !== 'string' || !Number.isInteger(page) || (page as number) < 0 || (page as number) >= pages) continue;
    if (!Array.isArray(rect) || rect.length !== 4 || !rect.every((n) => typeof n === 'number' && Number.isFinite(n))) continue;
    const [x1, y1, x2, y2] = rect as number[];
    if (x2 - x1 < 20 || y2 - y1 < 10) continue;
    slots.set(slot, { page: page as number, rect: [x1, y1, x2, y2] });
  }
  return slots;
}

/** The head's fallback: right half of the last page, above the bottom margin (20 mm). */
function fallbackHead(doc: PDFDocument): Placement {
  const page = doc.getPageCount() - 1;
  const { width } = doc.getPage(page).getSize();
  const right = width - 57; // 20 mm right margin
  return { page, rect: [right - 220, 85, right, 155] };
}

/**
 * A report's head slot is the whole signature block: the title on top, the name at the bottom.
 * The signature goes in the band between them (Decree 30/2020, Phụ lục I, II.7d).
 */
export function betweenTitleAndName(slot: Placement): Placement {
  const [x1, y1, x2, y2] = slot.rect;
  const h = y2 - y1;
  return { page: slot.page, rect: [x1, y1 + h * 0.22, x2, y2 - h * 0.3] };
}

export function placementFor(doc: PDFDocument, role: SignatureRole): Placement {
  const slots = readSlots(doc);
  const reported = slots.get('head');
  const head = reported ? betweenTitleAndName(reported) : fallbackHead(doc);
  if (role === 'head') return head;
  const org = slots.get('org');
  if (org) return org;
  const [x1, y1, x2, y2] = head.rect;
  const width = Math.min(x2 - x1, Math.max(60, x1 - 85)); // stay inside the 30 mm left margin
  return { page: head.page, rect: [x1 - 6 - width, y1, x1 - 6, y2] };
}
