import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { beginText, endText, moveText, popGraphicsState, pushGraphicsState, rectangle, setFillingRgbColor, setFontAndSize, setLineWidth, setStrokingRgbColor, showText, stroke, type PDFDocument, type PDFRef } from 'pdf-lib';
import { SigningError } from '../../errors.js';
import type { SignatureRole } from './placement.js';

/**
 * The visible part of a PDF signature: a form XObject with "Ký số bởi"/"Signed by", the signer's
 * name, title, organisation and the signing time in Vietnam time (ISO 8601, +07:00), in a serif
 * font with every glyph needed (Times New Roman when installed, else Liberation Serif or DejaVu
 * Serif). The head's text is blue like a signature on paper, the organisation's red like a seal.
 */
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf',
  '/usr/share/fonts/truetype/msttcorefonts/times.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf',
  '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
];

/** The first installed candidate with a glyph for every character of `text` (Liberation Serif lacks ố, ở …). */
export function appearanceFont(text: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const candidates = env.ATTT_SIGNATURE_FONT ? [env.ATTT_SIGNATURE_FONT, ...FONT_CANDIDATES] : FONT_CANDIDATES;
  const codePoints = [...new Set([...text].map((c) => c.codePointAt(0)!))];
  for (const file of candidates) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    try {
      const font = fontkit.create(bytes) as { hasGlyphForCodePoint(cp: number): boolean };
      if (codePoints.every((cp) => font.hasGlyphForCodePoint(cp))) return bytes;
    } catch {
      /* not a font fontkit reads: try the next one */
    }
  }
  throw new SigningError('ATTT_SIGNATURE_FONT_MISSING', {
    vi: 'Không tìm thấy phông chữ có đủ dấu tiếng Việt cho hình ảnh chữ ký (cài fonts-dejavu-core, hoặc đặt ATTT_SIGNATURE_FONT=/đường/dẫn/phông.ttf).',
    en: 'No font with all the Vietnamese glyphs for the signature appearance (install fonts-dejavu-core, or set ATTT_SIGNATURE_FONT=/path/to/font.ttf).',
  });
}

/** "2026-01-05T14:03:12+07:00": the signing time in Vietnam (UTC+7, no daylight saving). */
export function vietnamTime(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

export interface AppearanceText {
  role: SignatureRole;
  lang: 'vi' | 'en';
  name: string;
  title?: string;
  organization?: string;
  signedAt: Date;
}

export function appearanceLines(a: AppearanceText): string[] {
  const vi = a.lang === 'vi';
  const lines = [`${vi ? 'Ký số bởi' : 'Signed by'}: ${a.name}`];
  if (a.title) lines.push(`${vi ? 'Chức vụ' : 'Title'}: ${a.title}`);
  if (a.organization) lines.push(`${vi ? 'Cơ quan' : 'Organisation'}: ${a.organization}`);
  lines.push(`${vi ? 'Thời gian ký' : 'Signed at'}: ${vietnamTime(a.signedAt)}`);
  return lines.map((l) => l.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ').slice(0, 160));
}

/** Build the appearance XObject for a box of `width` × `height` points; returns its reference. */
export async function buildAppearance(doc: PDFDocument, width: number, height: number, text: AppearanceText): Promise<PDFRef> {
  doc.registerFontkit(fontkit);
  const lines = appearanceLines(text);
  const font = await doc.embedFont(appearanceFont(lines.join('')), { subset: true });
  const pad = 4;
  const widest = Math.max(...lines.map((l) => font.widthOfTextAtSize(l, 1)));
  const size = Math.max(4, Math.min(11, (width - 2 * pad) / widest, (height - 2 * pad) / (lines.length * 1.25)));
  const [r, g, b] = text.role === 'head' ? [0, 0.2, 0.7] : [0.75, 0, 0];
  const ops = [
    pushGraphicsState(),
    setStrokingRgbColor(r, g, b),
    setLineWidth(0.8),
    rectangle(0.5, 0.5, width - 1, height - 1),
    stroke(),
    setFillingRgbColor(r, g, b),
    beginText(),
    setFontAndSize('F1', size),
    moveText(pad, height - pad - size),
  ];
  lines.forEach((line, i) => {
    if (i > 0) ops.push(moveText(0, -size * 1.25));
    ops.push(showText(font.encodeText(line)));
  });
  ops.push(endText(), popGraphicsState());
  await font.embed();
  const xobject = doc.context.formXObject(ops, { BBox: [0, 0, width, height], Resources: { Font: { F1: font.ref } } });
  return doc.context.register(xobject);
}
