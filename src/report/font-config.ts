import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { reportFontFiles } from './fonts.js';

/**
 * A private fontconfig configuration for the Chromium that prints the report: its only fonts
 * are the report's own faces. The PDF then comes out the same on every machine, whatever fonts
 * are installed (none, fonts-liberation, DejaVu …). Chromium on Linux also needs at least one
 * system font it can open before it accepts any web font; WOFF files are not enough for that, so
 * the faces are written as plain TrueType (WOFF 1.0 is zlib-compressed TrueType tables).
 */
export interface PrivateFontConfig {
  /** Value for FONTCONFIG_FILE. */
  file: string;
  dispose(): void;
}

export function createPrivateFontConfig(): PrivateFontConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-fonts-'));
  const fontsDir = path.join(dir, 'fonts');
  fs.mkdirSync(fontsDir);
  for (const woff of reportFontFiles('woff')) {
    fs.writeFileSync(path.join(fontsDir, path.basename(woff).replace(/\.woff$/, '.ttf')), woffToSfnt(fs.readFileSync(woff)));
  }
  const file = path.join(dir, 'fonts.conf');
  const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  fs.writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${xml(fontsDir)}</dir>\n  <cachedir>${xml(path.join(dir, 'cache'))}</cachedir>\n</fontconfig>\n`,
  );
  return { file, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** WOFF 1.0 → TrueType/OpenType (W3C WOFF File Format 1.0, §3–§5). */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  if (numTables === 0 || 44 + numTables * 20 > woff.length) throw new Error('bad WOFF table directory');
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    if (offset + compLength > woff.length) throw new Error('WOFF table outside the file');
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error('WOFF table length mismatch');
    tables.push({ tag: woff.readUInt32BE(at), checksum: woff.readUInt32BE(at + 16), data });
  }
  let pow = 1;
  while (pow * 2 <= numTables) pow *= 2;
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(pow * 16, 6);
  header.writeUInt16BE(Math.log2(pow), 8);
  header.writeUInt16BE(numTables * 16 - pow * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const rec = 12 + i * 16;
    header.writeUInt32BE(t.tag, rec);
    header.writeUInt32BE(t.checksum, rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(t.data.length, rec + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}
