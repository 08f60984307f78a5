import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, type PDFPage } from 'pdf-lib';
import { TemplateRenderError } from '../errors.js';
import { launchChromium } from './chromium.js';

/** Info-dictionary key holding where the signature blocks are (for a visible PDF signature). */
export const SIGNATURE_SLOTS_KEY = 'ATTTSignatureSlots';
/** The attribute a template puts on a signature block: "head" (the signer), "org" (the seal). */
export const SIGNATURE_SLOT_ATTRIBUTE = 'data-attt-signature-slot';
const PROBE_URL = 'https://attt.invalid/signature-slot/';

export interface SignatureSlot {
  slot: string;
  /** 0-based page index. */
  page: number;
  /** [x1, y1, x2, y2] in PDF points, origin bottom-left of the page. */
  rect: [number, number, number, number];
}

/**
 * Print the self-contained HTML to an A4 PDF in headless Chromium. JavaScript is off for the
 * page and every network request is refused: the report has nothing to load, and a hostile
 * page gets nothing. Page size, margins and the page number (top centre, hidden on page 1) come
 * from the stylesheet's @page rules (Decree 30/2020 Phụ lục I).
 *
 * Where each signature block landed is recorded in the PDF's Info dictionary
 * (`ATTTSignatureSlots`, JSON of `SignatureSlot[]`) so that a signer can draw a visible signature
 * there. Chromium tells no one where an element is printed, but it does write a link annotation
 * with the exact box of every `<a href>`: an empty link laid over each block is printed, its
 * rectangle read back, and the annotation removed again. The drawn page content is not touched.
 */
export async function htmlToPdf(html: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const browser = await launchChromium(env);
  let printed: Buffer;
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
    await page.emulateMedia({ media: 'print' });
    // Runs in Playwright's evaluation world (page scripts stay disabled). CSSOM properties, not
    // style attributes: the report's Content-Security-Policy allows the former only.
    await page.evaluate(
      ({ attribute, url }) => {
        for (const el of Array.from(document.querySelectorAll<HTMLElement>(`[${attribute}]`))) {
          const probe = document.createElement('a');
          probe.href = url + encodeURIComponent(el.getAttribute(attribute) ?? '');
          Object.assign(probe.style, { position: 'absolute', left: '0', top: '0', right: '0', bottom: '0', display: 'block' });
          if (getComputedStyle(el).position === 'static') el.style.position = 'relative';
          el.appendChild(probe);
        }
      },
      { attribute: SIGNATURE_SLOT_ATTRIBUTE, url: PROBE_URL },
    );
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    printed = Buffer.from(await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }));
  } catch (error) {
    if ((error as { code?: string }).code === 'ATTT_CHROMIUM_MISSING') throw error;
    throw new TemplateRenderError({ vi: `Chromium không xuất được PDF: ${(error as Error).message}`, en: `Chromium could not print the PDF: ${(error as Error).message}` }, { cause: error });
  } finally {
    await browser.close();
  }
  return recordSignatureSlots(printed);
}

/** Read the probe links' rectangles, drop the probes, store the slots in the Info dictionary. */
export async function recordSignatureSlots(pdf: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const slots: SignatureSlot[] = [];
  doc.getPages().forEach((page, index) => slots.push(...takeProbes(page, index)));
  if (slots.length === 0) return pdf;
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of(SIGNATURE_SLOTS_KEY), PDFString.of(JSON.stringify(slots)));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

function takeProbes(page: PDFPage, index: number): SignatureSlot[] {
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (!annots) return [];
  const found: SignatureSlot[] = [];
  const keep = [];
  for (let i = 0; i < annots.size(); i++) {
    const ref = annots.get(i);
    const annot = annots.lookupMaybe(i, PDFDict);
    const uri = annot?.lookupMaybe(PDFName.of('A'), PDFDict)?.lookupMaybe(PDFName.of('URI'), PDFString, PDFHexString)?.decodeText();
    const rect = annot?.lookupMaybe(PDFName.of('Rect'), PDFArray);
    if (uri?.startsWith(PROBE_URL) && rect) {
      const n = rect.asArray().map((x) => Math.round((x as PDFNumber).asNumber() * 100) / 100);
      const [x1, y1, x2, y2] = [Math.min(n[0], n[2]), Math.min(n[1], n[3]), Math.max(n[0], n[2]), Math.max(n[1], n[3])];
      found.push({ slot: decodeURIComponent(uri.slice(PROBE_URL.length)), page: index, rect: [x1, y1, x2, y2] });
    } else keep.push(ref);
  }
  if (found.length === 0) return [];
  if (keep.length === 0) page.node.delete(PDFName.of('Annots'));
  else page.node.set(PDFName.of('Annots'), page.doc.context.obj(keep));
  return found;
}
