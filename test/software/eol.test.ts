import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessVersion, bundledEolTable, loadEolTable, parseEolTable } from '../../src/software/eol.js';

const now = new Date('2026-11-28T00:00:00Z');

describe('bundled end-of-life data', () => {
  const table = bundledEolTable();
  it('states its date and a source on every row', () => {
    expect(table.dataDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const row of table.rows) expect(row.source.length).toBeGreaterThan(5);
  });
  it('judges EOL branches, behind-latest and current versions', () => {
    expect(assessVersion(table, 'apache-http-server', '2.2.15', now).status).toBe('eol');
    expect(assessVersion(table, 'apache-http-server', '2.4.6', now).status).toBe('behind');
    expect(assessVersion(table, 'apache-http-server', '2.4.68', now).status).toBe('current');
    expect(assessVersion(table, 'php', '5.4.16', now).status).toBe('eol');
    expect(assessVersion(table, 'php', '8.4.1', now).status).toBe('current');
    expect(assessVersion(table, 'nginx', '1.8.1', now).row?.branch).toBe('<1.12');
    expect(assessVersion(table, 'openssl', '1.1.1w', now).row?.branch).toBe('1.1.1');
    expect(assessVersion(table, 'iis', '10.0', now).status).toBe('current');
    expect(assessVersion(table, 'vsftpd', '3.0.3', now).status).toBe('unknown');
  });
  it('uses the clock: a branch is not EOL before its date', () => {
    expect(assessVersion(table, 'php', '8.1.2', new Date('2025-01-01T00:00:00Z')).status).toBe('current');
    expect(assessVersion(table, 'php', '8.1.2', now).status).toBe('eol');
  });
  it('finds OpenSSH advisories by range', () => {
    expect(assessVersion(table, 'openssh', '8.9p1', now).advisories.map((a) => a.id).sort()).toEqual(['CVE-2023-48795', 'CVE-2024-6387']);
    expect(assessVersion(table, 'openssh', '7.4p1', now).advisories.map((a) => a.id)).toEqual(['CVE-2023-48795']);
    expect(assessVersion(table, 'openssh', '9.8p1', now).advisories).toEqual([]);
  });
});

describe('--eol-data loader', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-eol-'));
  it('loads a valid override', () => {
    const file = path.join(dir, 'ok.yaml');
    fs.writeFileSync(file, 'dataDate: 2027-01-01\nsource: local\nrows:\n  - { product: nginx, branch: "1.30", eol: 2026-01-01, source: local }\n');
    const t = loadEolTable(file);
    expect(t.dataDate).toBe('2027-01-01');
    expect(assessVersion(t, 'nginx', '1.30.1', now).status).toBe('eol');
  });
  it('names the file and line for bad YAML', () => {
    expect(() => parseEolTable('rows: [\n', 'bad.yaml')).toThrow(/bad\.yaml:\d+/);
  });
  it('names the path of a bad row', () => {
    try {
      parseEolTable('dataDate: 2027-01-01\nsource: x\nrows:\n  - { product: nginx, eol: soon, source: x }\n', 'rows.yaml');
      throw new Error('should fail');
    } catch (error) {
      const e = error as { code: string; details: string[] };
      expect(e.code).toBe('ATTT_EOL_DATA_INVALID');
      expect(e.details.join('\n')).toMatch(/rows\.0\.(branch|eol)/);
    }
  });
  it('reports a missing file with its own code', () => {
    expect(() => loadEolTable(path.join(dir, 'nope.yaml'))).toThrow(expect.objectContaining({ code: 'ATTT_EOL_DATA_UNREADABLE' }));
  });
});
