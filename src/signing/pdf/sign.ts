import { createHash } from 'node:crypto';
import { SUBFILTER_ETSI_CADES_DETACHED, DEFAULT_BYTE_RANGE_PLACEHOLDER, Signer } from '@signpdf/utils';
import { SignPdf } from '@signpdf/signpdf';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { SigningError } from '../../errors.js';
import { nameAttribute, OID } from '../certificates.js';
import { buildSignedData } from '../cms.js';
import type { SigningKey } from '../keys.js';
import { buildAppearance } from './appearance.js';
import { incrementalUpdate, reserveObjectNumbers } from './incremental.js';
import { placementFor, type SignatureRole } from './placement.js';

/**
 * PAdES baseline B-B signatures inside the PDF (ETSI EN 319 142-1): a signature field with a
 * visible widget, a signature dictionary with SubFilter ETSI.CAdES.detached, written as an
 * incremental update; @signpdf/signpdf fills in the byte range and the CMS (built by cms.ts with
 * signing-certificate-v2; the signing time is the dictionary's /M).
 */
export interface PdfAppearance {
  role: SignatureRole | 'auto';
  lang: 'vi' | 'en';
  /** Shown instead of the certificate's common name / title / organisation. */
  name?: string;
  title?: string;
  organization?: string;
}

/** Room for the CMS: certificates, and a timestamp token with the TSA's chain. */
const SIGNATURE_BYTES = 16_384;

class CmsSigner extends Signer {
  constructor(private readonly key: SigningKey, private readonly timestamp?: (sig: Buffer) => Promise<Buffer>) {
    super();
  }

  async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const contentDigest = createHash('sha256').update(pdfBuffer).digest();
    return buildSignedData({ contentDigest, key: this.key, cades: true, timestamp: this.timestamp });
  }
}

function pdfError(vi: string, en: string, cause?: unknown): SigningError {
  return new SigningError('ATTT_PDF_STRUCTURE', { vi: `Không ký được tệp PDF: ${vi}`, en: `Cannot sign the PDF: ${en}` }, { cause });
}

function existingSignatureFields(doc: PDFDocument): number {
  const acro = doc.context.lookupMaybe(doc.catalog.get(PDFName.of('AcroForm')), PDFDict);
  const fields = acro ? doc.context.lookupMaybe(acro.get(PDFName.of('Fields')), PDFArray) : undefined;
  if (!fields) return 0;
  return fields.asArray().filter((f) => doc.context.lookupMaybe(f, PDFDict)?.get(PDFName.of('FT')) === PDFName.of('Sig')).length;
}

/** Append `item` to the array stored under `key` in `dict`; returns the object that changed. */
function appendTo(doc: PDFDocument, dict: PDFDict, dictRef: PDFRef, key: string, item: PDFRef): PDFRef {
  const current = dict.get(PDFName.of(key));
  if (current instanceof PDFRef) {
    const arr = doc.context.lookup(current, PDFArray);
    arr.push(item);
    return current;
  }
  if (current instanceof PDFArray) current.push(item);
  else dict.set(PDFName.of(key), doc.context.obj([item]));
  return dictRef;
}

export async function signPdf(bytes: Buffer, opts: { key: SigningKey; now: Date; timestamp?: (sig: Buffer) => Promise<Buffer>; appearance?: Partial<PdfAppearance> }): Promise<Buffer> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    throw pdfError(`không đọc được cấu trúc PDF (${(error as Error).message}).`, `its structure cannot be read (${(error as Error).message}).`, error);
  }
  if (doc.isEncrypted) throw pdfError('tệp đã được mã hóa.', 'the file is encrypted.');
  const ctx = doc.context;
  reserveObjectNumbers(bytes, doc);
  const firstNew = ctx.largestObjectNumber + 1;
  const touched: PDFRef[] = [];
  const existing = existingSignatureFields(doc);
  const a = opts.appearance ?? {};
  const role: SignatureRole = a.role && a.role !== 'auto' ? a.role : existing === 0 ? 'head' : 'org';
  const cert = opts.key.certificate;
  const name = a.name ?? nameAttribute(cert.subject, OID.commonName) ?? '';
  const place = placementFor(doc, role);
  const [x1, y1, x2, y2] = place.rect;
  const page = doc.getPage(place.page);
  const apRef = await buildAppearance(doc, x2 - x1, y2 - y1, {
    role,
    lang: a.lang ?? 'vi',
    name,
    title: a.title ?? nameAttribute(cert.subject, OID.title),
    organization: a.organization ?? nameAttribute(cert.subject, OID.organization),
    signedAt: opts.now,
  });
  const byteRange = PDFArray.withContext(ctx);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER));
  const sigRef = ctx.register(
    ctx.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: SUBFILTER_ETSI_CADES_DETACHED,
      ByteRange: byteRange,
      Contents: PDFHexString.of('0'.repeat(SIGNATURE_BYTES * 2)),
      M: PDFString.fromDate(opts.now),
      Name: PDFHexString.fromText(name),
      Reason: PDFHexString.fromText(role === 'head' ? 'Phê duyệt báo cáo / Report approved' : 'Chữ ký số của cơ quan / Organisation signature'),
    }),
  );
  const widgetRef = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFHexString.fromText(`attt-${role}-${existing + 1}`),
      V: sigRef,
      Rect: [x1, y1, x2, y2],
      P: page.ref,
      F: 132, // Print | Locked
      AP: { N: apRef },
    }),
  );
  touched.push(appendTo(doc, page.node, page.ref, 'Annots', widgetRef));
  const rootRef = ctx.trailerInfo.Root;
  if (!(rootRef instanceof PDFRef)) throw pdfError('không có /Root.', 'no /Root.');
  let acroRef = doc.catalog.get(PDFName.of('AcroForm'));
  if (!acroRef) {
    acroRef = ctx.register(ctx.obj({ Fields: [] }));
    doc.catalog.set(PDFName.of('AcroForm'), acroRef);
    touched.push(rootRef);
  }
  const acro = ctx.lookup(acroRef, PDFDict);
  const acroHolder = acroRef instanceof PDFRef ? acroRef : rootRef;
  acro.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  touched.push(acroHolder, appendTo(doc, acro, acroHolder, 'Fields', widgetRef));
  for (const [ref] of ctx.enumerateIndirectObjects()) if (ref.objectNumber >= firstNew) touched.push(ref);
  const withPlaceholder = Buffer.concat([bytes, incrementalUpdate(bytes, doc, touched)]);
  try {
    return await new SignPdf().sign(withPlaceholder, new CmsSigner(opts.key, opts.timestamp));
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw pdfError((error as Error).message, (error as Error).message, error);
  }
}
