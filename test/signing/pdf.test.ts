import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadP12, signFile, verifyFile } from '../../src/signing/index.js';
import { runCli } from '../helpers/cli.js';
import { TestPki, type Issued } from './pki.js';

/**
 * PAdES signatures inside the PDF, judged by poppler's pdfsig (with an NSS trust store holding
 * the test CA) as a records office would, and by attt verify.
 */
let dir: string;
let pki: TestPki;
let head: Issued;
let org: Issued;
let nssDir: string;

async function makePdf(file: string, slots?: unknown, objectStreams = false): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < 3; i++) doc.addPage([595.28, 841.89]).drawText(`Trang ${i + 1}`, { x: 60, y: 780, font, size: 13 });
  if (slots) doc.getInfoDict().set(PDFName.of('ATTTSignatureSlots'), PDFHexString.fromText(JSON.stringify(slots)));
  fs.writeFileSync(file, await doc.save({ useObjectStreams: objectStreams }));
}

function pdfsig(file: string): string {
  const r = spawnSync('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { encoding: 'utf8' });
  expect(r.stderr).toBe(''); // no "Syntax Error", no xref reconstruction
  return r.stdout;
}

async function widgets(file: string): Promise<Array<{ page: number; rect: number[]; name: string }>> {
  const doc = await PDFDocument.load(fs.readFileSync(file));
  const out: Array<{ page: number; rect: number[]; name: string }> = [];
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const ref of annots?.asArray() ?? []) {
      const w = doc.context.lookup(ref as PDFRef, PDFDict);
      if (w.get(PDFName.of('FT')) !== PDFName.of('Sig')) continue;
      const rect = w.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => Number(n.toString()));
      out.push({ page: i, rect, name: (w.lookup(PDFName.of('T')) as PDFHexString).decodeText() });
    }
  });
  return out;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-pdf-'));
  pki = new TestPki(path.join(dir, 'pki'));
  head = pki.issue('head');
  org = pki.issue('org', { kind: 'ec256', subject: '/CN=Sở Lao động - Thương binh và Xã hội tỉnh Demo/O=UBND tỉnh Demo' });
  nssDir = path.join(dir, 'nss');
  fs.mkdirSync(nssDir);
  execFileSync('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'test-ca', '-t', 'CT,C,C', '-i', pki.caCert]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('PDF signatures (PAdES B-B, incremental update)', () => {
  it('head then organisation: pdfsig finds both valid and trusted, the last covering the whole file; placed in the report slots', async () => {
    const file = path.join(dir, 'bao-cao.pdf');
    await makePdf(file, [
      { slot: 'head', page: 2, rect: [330, 200, 530, 270] },
      { slot: 'org', page: 2, rect: [120, 200, 320, 270] },
    ]);
    const original = fs.readFileSync(file);
    const first = await signFile(file, { key: await loadP12(head.p12, 'demo'), appearance: { lang: 'vi' } });
    expect(first.format).toBe('pdf');
    const afterFirst = fs.readFileSync(file);
    expect(afterFirst.subarray(0, original.length).equals(original)).toBe(true); // incremental: the original bytes stay
    await signFile(file, { key: await loadP12(org.p12, 'demo'), appearance: { lang: 'vi' } });
    expect(fs.readFileSync(file).subarray(0, afterFirst.length).equals(afterFirst)).toBe(true);

    const out = pdfsig(file);
    expect(out.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(out.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
    expect(out.match(/Signature Type: ETSI\.CAdES\.detached/g)).toHaveLength(2);
    const [sig1, sig2] = out.split(/Signature #2:/);
    expect(sig1).toContain('Nguyễn Thị Hồng Nhung');
    expect(sig2).toContain('Total document signed');

    expect(await widgets(file)).toEqual([
      { page: 2, rect: [330, 200 + 70 * 0.22, 530, 270 - 70 * 0.3], name: 'attt-head-1' }, // between title and name
      { page: 2, rect: [120, 200, 320, 270], name: 'attt-org-2' },
    ]);
    const v = await verifyFile(file, { caFiles: [pki.caCert] });
    expect(v.kind).toBe('pdf');
    expect(v.problems).toEqual([]);
    expect(v.signatures).toHaveLength(2);
    expect(v.signatures.map((s) => 'coversWholeFile' in s && s.coversWholeFile)).toEqual([false, true]);
  });

  it('a PDF whose cross-references are a stream (as pdf-lib and the report write it) gets a stream update too', async () => {
    const file = path.join(dir, 'xref-stream.pdf');
    await makePdf(file, [{ slot: 'head', page: 1, rect: [330, 200, 530, 270] }], true);
    await signFile(file, { key: await loadP12(head.p12, 'demo') });
    await signFile(file, { key: await loadP12(org.p12, 'demo') });
    const out = pdfsig(file);
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(out).toContain('Total document signed');
    expect(fs.readFileSync(file).toString('latin1')).not.toMatch(/\nxref\n/);
    expect((await verifyFile(file, { caFiles: [pki.caCert] })).valid).toBe(true);
  });

  it('without slots the head signs at the bottom right of the last page', async () => {
    const file = path.join(dir, 'no-slots.pdf');
    await makePdf(file);
    await signFile(file, { key: await loadP12(head.p12, 'demo') });
    const [w] = await widgets(file);
    expect(w.page).toBe(2);
    expect(w.rect[2]).toBeGreaterThan(595.28 / 2);
    expect(w.rect[1]).toBeLessThan(200);
  });

  it('one byte changed anywhere in the signed range is detected; appended bytes are named', async () => {
    const file = path.join(dir, 'tamper.pdf');
    await makePdf(file);
    await signFile(file, { key: await loadP12(head.p12, 'demo') });
    const signed = fs.readFileSync(file);
    const [, b, c, d] = signed.toString('latin1').match(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)/)!.slice(1).map(Number);
    // In both signed ranges (the gap between them holds the signature itself).
    for (const at of [20, Math.floor(b / 2), b - 5, c + 5, c + Math.floor(d / 2), c + d - 8]) {
      const copy = Buffer.from(signed);
      copy[at] ^= 0x01;
      const bad = path.join(dir, `tamper-${at}.pdf`);
      fs.writeFileSync(bad, copy);
      const v = await verifyFile(bad, { caFiles: [pki.caCert] });
      expect(v.valid, `byte ${at}`).toBe(false);
    }
    const appended = path.join(dir, 'appended.pdf');
    fs.writeFileSync(appended, Buffer.concat([signed, Buffer.from('\n1 0 obj\n<< /Evil true >>\nendobj\n%%EOF\n')]));
    const r = await runCli(['verify', appended, '--ca', pki.caCert]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('không được ký');
  }, 120_000);

  it('attt verify on the command line reads embedded signatures (exit 0) and a PDF with none is bad input (exit 2)', async () => {
    const file = path.join(dir, 'cli.pdf');
    await makePdf(file);
    const signed = await runCli(['--lang', 'en', 'sign', file, '--p12', head.p12, '--title', 'Giám đốc Sở'], { env: { ATTT_P12_PASSPHRASE: 'demo' } });
    expect(signed.code).toBe(0);
    expect(signed.stdout).toContain('Signed inside the file');
    const ok = await runCli(['verify', file, '--ca', pki.caCert]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('(toàn bộ tệp)');
    const blank = path.join(dir, 'blank.pdf');
    await makePdf(blank);
    const none = await runCli(['verify', blank]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('không chứa chữ ký số nào');
  }, 180_000);
});
