import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, decodeUtf8Strict, neutraliseFormula, writeFileAtomic } from '../../src/files/index.js';
import { renderCsv } from '../../src/report/csv.js';
import { exportFindings, type TrackerFinding } from '../../src/tracker/index.js';
import { isToolkitError } from '../../src/errors.js';

/** Points 5, 6 and 7 of the hardening issue, on the shared readers and writers (src/files). */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-files-'));

function thrown(fn: () => unknown): { code: string; en: string } {
  try {
    fn();
  } catch (error) {
    if (isToolkitError(error)) return { code: error.code, en: error.text.en };
    throw error;
  }
  throw new Error('did not throw');
}

describe('strict UTF-8 with line and column (point 5)', () => {
  it('property: one invalid byte anywhere is reported at its line and column, never replaced', () => {
    const line = fc.stringMatching(/^[a-zA-Z0-9 :ạăâđêôơưàáảãệộ]{0,30}$/);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat(), fc.constantFrom(0xff, 0xc0, 0x80, 0xe9, 0xf5), (lines, li, ci, bad) => {
        const row = li % lines.length;
        const chars = [...lines[row]];
        const col = ci % (chars.length + 1);
        const before = Buffer.from([...lines.slice(0, row), chars.slice(0, col).join('')].join('\n'), 'utf8');
        const after = Buffer.from(chars.slice(col).join('') + '\n' + lines.slice(row + 1).join('\n'), 'utf8');
        const data = Buffer.concat([before, Buffer.from([bad]), after]);
        const e = thrown(() => decodeUtf8Strict(data, 'x.yaml'));
        expect(e.code).toBe('ATTT_INPUT_ENCODING');
        expect(e.en).toContain(`x.yaml:${row + 1}:${col + 1}: byte 0x${bad.toString(16).toUpperCase()}`);
      }),
      { numRuns: 300 },
    );
  });

  it('property: valid UTF-8 (any code point) decodes unchanged; a UTF-8 BOM is dropped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(decodeUtf8Strict(Buffer.from(s, 'utf8'), 'x')).toBe(s);
        expect(decodeUtf8Strict(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]), 'x')).toBe(s);
      }),
    );
  });

  it.each([
    ['UTF-16 LE', [0xff, 0xfe, 0x6f, 0x00]],
    ['UTF-16 BE', [0xfe, 0xff, 0x00, 0x6f]],
    ['UTF-32 LE', [0xff, 0xfe, 0x00, 0x00]],
    ['UTF-32 BE', [0x00, 0x00, 0xfe, 0xff]],
  ])('%s (byte-order mark) is named', (name, bytes) => {
    expect(thrown(() => decodeUtf8Strict(Buffer.from(bytes), 'a.yaml')).en).toContain(`a.yaml is saved as ${name}`);
  });

  it.each([
    ['overlong encoding', [0xc0, 0xaf]],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['truncated sequence at the end', [0x61, 0xe1, 0xba]],
  ])('%s is refused', (_name, bytes) => {
    expect(thrown(() => decodeUtf8Strict(Buffer.from(bytes), 'b.yaml')).code).toBe('ATTT_INPUT_ENCODING');
  });
});

/** RFC 4180 reading with a chosen separator, as a spreadsheet in that locale would. */
function readCsv(text: string, sep: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) row.push(cell), (cell = '');
    else if (ch === '\n' && text[i - 1] === '\r') row.push(cell.slice(0, -1)), rows.push(row), (row = []), (cell = '');
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** Also the naive split some importers do: every separator splits, quotes or not. */
function splitCsv(text: string, sep: ',' | ';'): string[] {
  return text.split(/\r\n/).flatMap((line) => line.split(sep)).map((c) => c.replace(/^"/, ''));
}

// A formula trigger at the start of a cell, also behind leading whitespace or line breaks (a cell
// read with the other separator can begin with the record's own CR LF: that alone runs nothing).
const formulaStart = /^(\t|[\t\r\n ]*[=+\-@])/;
const hostile = fc.array(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', ';', '"', ' ', 'A', '1', 'cmd|', "'", 'HYPERLINK("x")'), { maxLength: 12 }).map((a) => a.join(''));

describe('spreadsheet formula injection (point 6)', () => {
  it('property: no cell of an exported CSV starts a formula, read with "," or ";" or split naively', () => {
    fc.assert(
      fc.property(fc.array(fc.array(hostile, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (table) => {
        const csv = table.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
        for (const sep of [',', ';'] as const) {
          for (const cell of readCsv(csv, sep).flat()) expect(cell).not.toMatch(formulaStart);
          for (const cell of splitCsv(csv, sep)) expect(cell).not.toMatch(formulaStart);
        }
        // Read back with the writer's separator, the text is the original plus apostrophes only.
        const back = readCsv(csv, ',');
        back.forEach((r, i) => r.forEach((c, j) => expect(c.replace(/'/g, '')).toBe(table[i][j].replace(/'/g, ''))));
      }),
      { numRuns: 300 },
    );
  });

  it('the tracker CSV and the report CSV of findings carrying "a;=cmd" are safe in a ";" locale', async () => {
    const finding = { id: 'F-0001', fingerprint: 'a'.repeat(24), checkId: 'ports.banner', unit: 'u', system: 's', target: '=1+1', severity: 'high', status: 'open', regression: false, owner: '@owner', due: null, firstSeen: 'K1', lastSeen: 'K1', overdue: false, message: { vi: 'ok;=HYPERLINK("http://x")', en: 'ok;=HYPERLINK("http://x")' } } as unknown as TrackerFinding;
    const csv = (await exportFindings([finding], 'csv', 'en')) as string;
    for (const sep of [',', ';'] as const) for (const cell of readCsv(csv.replace(/^\uFEFF/, ''), sep).flat()) expect(cell).not.toMatch(formulaStart);
    expect(neutraliseFormula('ok;=HYPERLINK("x")')).toBe(`ok;'=HYPERLINK("x")`);
    expect(typeof renderCsv).toBe('function');
  });
});

describe('outputs are only regular files (point 7)', () => {
  it.each([
    ['a directory', () => fs.mkdirSync(path.join(dir, 'd1')), 'd1', 'is a directory'],
    ['a symbolic link to a file', () => { fs.writeFileSync(path.join(dir, 'real.txt'), 'keep'); fs.symlinkSync(path.join(dir, 'real.txt'), path.join(dir, 'l1')); }, 'l1', 'symbolic link'],
    ['a symbolic link to /proc/self/fd/1', () => fs.symlinkSync('/proc/self/fd/1', path.join(dir, 'l2')), 'l2', 'symbolic link'],
    ['a dangling symbolic link', () => fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'l3')), 'l3', 'symbolic link'],
    ['a device', () => undefined, '/dev/null', 'a device'],
  ])('%s is refused with exit 2, nothing written through it', (_name, setup, name, message) => {
    setup();
    const target = name.startsWith('/') ? name : path.join(dir, name);
    const before = fs.lstatSync(target);
    const e = thrown(() => writeFileAtomic(target, 'data'));
    expect(e.code).toBe('ATTT_OUTPUT_NOT_REGULAR');
    expect(e.en).toContain(message);
    const after = fs.lstatSync(target);
    expect([after.ino, after.mode]).toEqual([before.ino, before.mode]);
    if (name === 'l1') expect(fs.readFileSync(path.join(dir, 'real.txt'), 'utf8')).toBe('keep');
    expect(fs.existsSync(path.join(dir, 'nowhere'))).toBe(false);
  });

  it('a regular file is replaced atomically, links in parent folders are followed', () => {
    fs.mkdirSync(path.join(dir, 'realdir'));
    fs.symlinkSync(path.join(dir, 'realdir'), path.join(dir, 'linkdir'));
    writeFileAtomic(path.join(dir, 'linkdir', 'out.txt'), 'one');
    writeFileAtomic(path.join(dir, 'linkdir', 'out.txt'), 'two');
    expect(fs.readFileSync(path.join(dir, 'realdir', 'out.txt'), 'utf8')).toBe('two');
    expect(fs.readdirSync(path.join(dir, 'realdir'))).toEqual(['out.txt']);
  });
});
