import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importResultsFile } from '../../src/tracker/index.js';
import { makeResults, runCli, writeJson } from '../tracker/helpers.js';

/**
 * Point 3 (and 4, 5, 7) of the hardening issue as one table: every command, fed the inputs an
 * attacker or an unlucky user would give it, ends with exit 2 and a message naming the file
 * or argument: never "internal error", never a stack trace.
 */
let dir: string;
let unixServer: net.Server;
const p = (...parts: string[]) => path.join(dir, ...parts);

const INVENTORY = `organization: {name: Org}
scope: {allow: [127.0.0.1/32]}
units: [{id: u, name: U, systems: [{id: s, name: S, targets: [{host: 127.0.0.1, ports: "1"}]}]}]
`;

/** A zip whose one entry says it is small but inflates to 100 MB (the "xlsx bomb"). */
function zipBomb(declared: number): Buffer {
  const data = zlib.deflateRawSync(Buffer.alloc(100 * 1024 * 1024));
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-bad-input-'));
  fs.writeFileSync(p('inventory.yaml'), INVENTORY);
  fs.writeFileSync(p('a-file'), 'not a folder');
  fs.mkdirSync(p('a-dir'));
  execFileSync('mkfifo', [p('fifo')]);
  unixServer = net.createServer();
  await new Promise<void>((r) => unixServer.listen(p('socket'), r));
  fs.symlinkSync('/dev/null', p('link-to-dev-null'));
  fs.writeFileSync(p('bomb.yaml'), ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdef'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`), INVENTORY].join('\n'));
  fs.writeFileSync(p('space-scope.yaml'), INVENTORY.replace('[127.0.0.1/32]', '[" 127.0.0.1/32"]'));
  fs.writeFileSync(p('latin1.yaml'), Buffer.from('organization: {name: "S\xf4 Y t\xe9"}\n', 'latin1'));
  fs.writeFileSync(p('utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(INVENTORY, 'utf16le')]));
  fs.writeFileSync(p('huge.yaml'), '');
  fs.truncateSync(p('huge.yaml'), 5 * 1024 * 1024);
  fs.writeFileSync(p('bomb.xlsx'), zipBomb(1000));
  fs.writeFileSync(p('honest-bomb.xlsx'), zipBomb(100 * 1024 * 1024));
  fs.writeFileSync(p('not.xlsx'), 'PK but no zip');
  fs.writeFileSync(p('report.html'), '<p>x</p>');
  fs.writeFileSync(p('huge.p7s'), '');
  fs.truncateSync(p('huge.p7s'), 2 * 1024 * 1024);
  fs.writeFileSync(p('results-latin1.json'), Buffer.from('{"cycle": "K\xe9"}', 'latin1'));
  const results = makeResults({ cycle: 'K1', startedAt: '2026-01-10T00:00:00Z', targets: [{ key: 'h', unit: 'u', system: 's', family: 'ports', target: '192.0.2.1' }], results: [{ checkId: 'ports.telnet-open', targetKey: 'h', outcome: 'fail', severity: 'high' }] });
  writeJson(dir, 'results.json', results);
  // A tracker whose header is fine but whose data pages are garbage.
  importResultsFile(p('corrupt.db'), p('results.json'));
  const db = fs.openSync(p('corrupt.db'), 'r+');
  const size = fs.fstatSync(db).size;
  for (let page = 2; page < size / 4096; page++) fs.writeSync(db, Buffer.alloc(4080, 0xa5), 0, 4080, page * 4096 + 8);
  fs.closeSync(db);
});

afterAll(async () => {
  await new Promise((r) => unixServer.close(r));
});

type Case = [name: string, args: () => string[], mentions: () => string];
const CASES: Case[] = [
  // inventory readers (points 3, 4, 5)
  ['inventory: YAML alias bomb', () => ['inventory', 'validate', p('bomb.yaml')], () => 'alias'],
  ['inventory: /dev/zero', () => ['inventory', 'validate', '/dev/zero'], () => '/dev/zero is a device'],
  ['inventory: a FIFO', () => ['inventory', 'validate', p('fifo')], () => 'FIFO'],
  ['inventory: a directory', () => ['inventory', 'validate', p('a-dir')], () => 'a-dir'],
  ['inventory: 5 MiB', () => ['inventory', 'validate', p('huge.yaml')], () => '4 MiB limit'],
  ['inventory: invalid UTF-8', () => ['inventory', 'validate', p('latin1.yaml')], () => 'latin1.yaml:1:24: byte 0xF4'],
  ['inventory: UTF-16 with BOM', () => ['inventory', 'validate', p('utf16.yaml')], () => 'UTF-16 LE'],
  ['audit: YAML alias bomb', () => ['audit', '-i', p('bomb.yaml'), '-o', p('out-bomb')], () => 'alias'],
  ['audit: /dev/zero as inventory', () => ['audit', '-i', '/dev/zero', '-o', p('out-zero')], () => '/dev/zero'],
  ['audit: --out under a regular file', () => ['audit', '-i', p('inventory.yaml'), '-o', p('a-file', 'sub')], () => 'a-file'],
  // command-line arguments
  ["scan ports ''", () => ['scan', 'ports', ''], () => 'Invalid host ""'],
  ["scan ports ' '", () => ['scan', 'ports', ' 127.0.0.1'], () => 'Invalid host'],
  ["scan tls ''", () => ['scan', 'tls', ''], () => 'HOST:PORT'],
  ["scan headers ''", () => ['scan', 'headers', ''], () => 'Invalid URL'],
  // output folders that cannot be written (point 3) and outputs that are not regular files (point 7)
  ['report build: --out under a regular file', () => ['report', 'build', '--results', p('results.json'), '--out', p('a-file', 'r.html')], () => 'a-file'],
  ['report build: --out is a directory', () => ['report', 'build', '--results', p('results.json'), '--format', 'html', '--out', p('a-dir')], () => 'is a directory'],
  ['report build: --out is a FIFO', () => ['report', 'build', '--results', p('results.json'), '--format', 'html', '--out', p('fifo')], () => 'FIFO'],
  ['report build: --out is a socket', () => ['report', 'build', '--results', p('results.json'), '--format', 'html', '--out', p('socket')], () => 'socket'],
  ['report build: --out is a device', () => ['report', 'build', '--results', p('results.json'), '--format', 'html', '--out', '/dev/null'], () => 'device'],
  ['report build: --out is a symlink to a device', () => ['report', 'build', '--results', p('results.json'), '--format', 'html', '--out', p('link-to-dev-null')], () => 'symbolic link'],
  ['report build: results is /dev/zero', () => ['report', 'build', '--results', '/dev/zero', '--out', p('r.html')], () => '/dev/zero'],
  ['report build: results not UTF-8', () => ['report', 'build', '--results', p('results-latin1.json'), '--out', p('r.html')], () => 'results-latin1.json:1:13'],
  ['questionnaire export: --out under a regular file', () => ['questionnaire', 'export', 'password-policy', '--out', p('a-file', 'q.xlsx')], () => 'a-file'],
  ['questionnaire export: --out is a device', () => ['questionnaire', 'export', 'password-policy', '--out', '/dev/null'], () => 'device'],
  ['questionnaire import: zip bomb lying about its size', () => ['questionnaire', 'import', p('bomb.xlsx'), '--answers', p('answers')], () => '64 MiB limit'],
  ['questionnaire import: zip bomb', () => ['questionnaire', 'import', p('honest-bomb.xlsx'), '--answers', p('answers')], () => '64 MiB limit'],
  ['questionnaire import: not a zip', () => ['questionnaire', 'import', p('not.xlsx'), '--answers', p('answers')], () => 'not.xlsx'],
  ['questionnaire import: /dev/zero', () => ['questionnaire', 'import', '/dev/zero', '--answers', p('answers')], () => '/dev/zero'],
  ['keys demo: --out under a regular file', () => ['keys', 'demo', '--out', p('a-file', 'keys')], () => 'a-file'],
  ['init: folder under a regular file', () => ['init', p('a-file', 'audit')], () => 'a-file'],
  ['demo: --out under a regular file', () => ['demo', '--out', p('a-file', 'demo')], () => 'a-file'],
  // tracker
  ['tracker stats: corrupt data pages', () => ['tracker', 'stats', '--db', p('corrupt.db')], () => 'corrupt.db is corrupt'],
  ['tracker verify: corrupt data pages', () => ['tracker', 'verify', '--db', p('corrupt.db')], () => 'corrupt.db is corrupt'],
  ['tracker import: into corrupt data pages', () => ['tracker', 'import', p('results.json'), '--db', p('corrupt.db')], () => 'corrupt.db is corrupt'],
  ['tracker import: --db is a device', () => ['tracker', 'import', p('results.json'), '--db', '/dev/null'], () => '/dev/null is not a regular file'],
  ['tracker list: --db is a FIFO', () => ['tracker', 'list', '--db', p('fifo')], () => 'not a regular file'],
  ['tracker import: /dev/zero', () => ['tracker', 'import', '/dev/zero', '--db', p('t.db')], () => '/dev/zero'],
  ['tracker export: --out is a device', () => ['tracker', 'export', '--format', 'csv', '--db', p('t2.db'), '--out', '/dev/null'], () => 'device'],
  // signing inputs
  ['verify: a 2 MiB signature', () => ['verify', p('report.html'), '--sig', p('huge.p7s')], () => '1 MiB limit'],
  ['verify: a FIFO as signature', () => ['verify', p('report.html'), '--sig', p('fifo')], () => 'FIFO'],
  ['sign: a FIFO as the key file', () => ['sign', p('report.html'), '--p12', p('fifo')], () => 'FIFO'],
];

describe('every command, bad inputs: exit 2, the file or argument named, no internal error', () => {
  it.each(CASES)('%s', async (_name, args, mentions) => {
    if (args().includes(p('t2.db'))) importResultsFile(p('t2.db'), p('results.json'));
    const run = await runCli(['--lang', 'en', ...args()], { cwd: dir, env: { ATTT_P12_PASSPHRASE: 'x' } });
    expect(run.stderr).not.toMatch(/internal error|lỗi nội bộ|\n\s+at /);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(mentions());
  });

  it('the same in Vietnamese, with diacritics', async () => {
    const run = await runCli(['--lang', 'vi', 'inventory', 'validate', p('utf16.yaml')], { env: { ATTT_LANG: 'vi' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('được lưu bằng mã UTF-16 LE');
  });

  it('nothing was written through the link, the device or the FIFO', () => {
    expect(fs.readlinkSync(p('link-to-dev-null'))).toBe('/dev/null');
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(fs.lstatSync(p('fifo')).isFIFO()).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
