import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import ExcelJS from 'exceljs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/results/index.js';
import { runCli } from '../tracker/helpers.js';

/** A real audit's results (the demo's two cycles, recorded): ports, TLS, HTTP, questionnaires. */
const RESULTS_FILE = path.resolve('test/fixtures/demo-audit/results.json');
const results = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Results;
const fingerprints = (outcomes: string[]) => new Set(results.results.filter((r) => outcomes.includes(r.outcome)).map((r) => r.fingerprint));
const FINDINGS = fingerprints(['fail', 'unanswered']);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-export-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function exportAs(format: string, name: string, lang = 'en'): Promise<string> {
  const out = path.join(dir, name);
  const run = await runCli(['--lang', lang, 'export', RESULTS_FILE, '--format', format, '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

describe('attt export', () => {
  it('SARIF 2.1.0: valid against the published JSON Schema, one result per finding, rules with texts', async () => {
    const file = await exportAs('sarif', 'attt.sarif');
    const log = JSON.parse(fs.readFileSync(file, 'utf8'));
    // The OASIS SARIF 2.1.0 schema as shipped by Microsoft's SARIF matchers package (draft-04).
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    // The validator is not a rubber stamp: a wrong level is refused.
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: 'fatal' }] }] })).toBe(false);

    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('attt');
    expect(new Set(run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['atttFingerprint/v1']))).toEqual(FINDINGS);
    const tls10 = run.tool.driver.rules.find((r: { id: string }) => r.id === 'tls.protocol.tls1_0');
    expect(tls10.shortDescription.text).toMatch(/TLS 1\.0/);
    expect(tls10.help.text).toMatch(/RFC/);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const critical = run.results.find((r: { properties: { severity: string } }) => r.properties.severity === 'critical');
    if (critical) expect(critical.level).toBe('error');
  });

  it('JUnit XML: well-formed, one testsuite per check, a failure per finding, counts that add up', async () => {
    const file = await exportAs('junit', 'attt-junit.xml', 'vi');
    const xml = fs.readFileSync(file, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase'].includes(n) }).parse(xml);
    const suites = doc.testsuites.testsuite as Array<{ name: string; tests: string; failures: string; testcase: Array<{ classname: string; failure?: unknown; skipped?: unknown }> }>;
    const checkIds = new Set(results.results.map((r) => r.checkId));
    expect(suites.length).toBe(checkIds.size);
    let failures = 0;
    for (const s of suites) {
      expect(Number(s.tests)).toBe(s.testcase.length);
      expect(Number(s.failures)).toBe(s.testcase.filter((c) => c.failure !== undefined).length);
      for (const c of s.testcase) expect(s.name.startsWith(c.classname)).toBe(true);
      failures += Number(s.failures);
    }
    expect(failures).toBe(FINDINGS.size);
    expect(Number(doc.testsuites.failures)).toBe(FINDINGS.size);
    expect(xml).toContain('Máy chủ'); // Vietnamese messages with --lang vi
  });

  it('JUnit XML stays well-formed with hostile server text (control characters, markup)', async () => {
    const hostile = structuredClone(results);
    hostile.results[0] = { ...hostile.results[0], outcome: 'fail', message: { vi: 'a\u0007<b>"&\u001b[2J', en: 'a\u0007<b>"&\u001b[2J' } };
    const file = path.join(dir, 'hostile.json');
    fs.writeFileSync(file, JSON.stringify(hostile));
    const out = path.join(dir, 'hostile.xml');
    expect((await runCli(['export', file, '--format', 'junit', '--out', out])).code).toBe(0);
    const xml = fs.readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('a\uFFFD&lt;b&gt;&quot;&amp;\uFFFD[2J');
  });

  it("DefectDojo Generic Findings Import: only the fields DefectDojo's parser accepts, the required ones always", async () => {
    const file = await exportAs('defectdojo', 'dojo.json');
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    // From DefectDojo's dojo/tools/generic/json_parser.py: the test-level keys it reads, the
    // required finding keys, and the keys it allows (others make the import fail).
    for (const key of Object.keys(report)) expect(['name', 'type', 'version', 'description', 'dynamic_tool', 'static_tool', 'soc', 'findings']).toContain(key);
    const required = ['title', 'severity', 'description'];
    const allowed = new Set([
      ...required, 'date', 'cwe', 'cve', 'epss_score', 'epss_percentile', 'cvssv3', 'cvssv3_score', 'cvssv4', 'cvssv4_score', 'mitigation', 'impact', 'steps_to_reproduce',
      'severity_justification', 'references', 'active', 'verified', 'false_p', 'out_of_scope', 'risk_accepted', 'under_review', 'is_mitigated', 'thread_id', 'mitigated',
      'numerical_severity', 'param', 'payload', 'line', 'file_path', 'component_name', 'component_version', 'static_finding', 'dynamic_finding', 'scanner_confidence',
      'unique_id_from_tool', 'vuln_id_from_tool', 'sast_source_object', 'sast_sink_object', 'sast_source_line', 'sast_source_file_path', 'nb_occurences', 'publish_date',
      'service', 'planned_remediation_date', 'planned_remediation_version', 'effort_for_fixing', 'tags', 'kev_date', 'known_exploited', 'ransomware_used', 'fix_available', 'fix_version',
      // popped before the check: stored as endpoints, files, tags, vulnerability ids, CWEs
      'endpoints', 'files', 'vulnerability_ids', 'cwes',
    ]);
    expect(report.findings.length).toBe(FINDINGS.size);
    for (const f of report.findings) {
      for (const key of required) expect(typeof f[key], key).toBe('string');
      for (const key of Object.keys(f)) expect(allowed.has(key), `field ${key}`).toBe(true);
      expect(['Critical', 'High', 'Medium', 'Low', 'Info']).toContain(f.severity);
      expect(f.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(FINDINGS.has(f.unique_id_from_tool)).toBe(true);
      for (const e of f.endpoints) expect(typeof e).toBe('string');
    }
    expect(new Set(report.findings.map((f: { unique_id_from_tool: string }) => f.unique_id_from_tool)).size).toBe(FINDINGS.size);
  });

  it('xlsx: the findings as a worksheet an officer can filter', async () => {
    const file = await exportAs('xlsx', 'phat-hien.xlsx', 'vi');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('Phát hiện')!;
    expect(sheet.getRow(1).values).toContain('Mức độ');
    expect(sheet.rowCount - 1).toBe(FINDINGS.size);
    const fingerprintsInSheet = new Set<string>();
    sheet.eachRow((row, n) => n > 1 && fingerprintsInSheet.add(String(row.getCell(9).value)));
    expect(fingerprintsInSheet).toEqual(FINDINGS);
  });

  it('refuses an unknown format and a file that is not results.json, exit 2', async () => {
    const bad = await runCli(['export', RESULTS_FILE, '--format', 'pdf', '--out', path.join(dir, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'pdf'");
    const notResults = path.join(dir, 'not.json');
    fs.writeFileSync(notResults, '{"hello": 1}');
    const wrong = await runCli(['export', notResults, '--format', 'sarif', '--out', path.join(dir, 'y.sarif')]);
    expect(wrong.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'y.sarif'))).toBe(false);
  });
});
