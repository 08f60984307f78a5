import type { Log, ReportingDescriptor, Result as SarifResult } from 'sarif';
import type { Severity } from '../results/index.js';
import { distinctResults, endpointOf, isFindingResult, referenceLines, type ExportInput } from './findings.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF has three levels; attt's five severities fold onto them (and stay in properties). */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning ranks security results by this 0–10 score. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

/**
 * SARIF 2.1.0: one run, one rule per check that produced a finding, one result per finding.
 * Findings are about network endpoints, not source files, so each result carries a logical
 * location (unit/system/endpoint) and, for dashboards that need a file, the inventory file
 * that declares the target.
 */
export function toSarif({ results, catalog, lang }: ExportInput): Log {
  const findings = distinctResults(results.results).filter(isFindingResult);
  const ruleIds = [...new Set(findings.map((r) => r.checkId))].sort();
  const rules: ReportingDescriptor[] = ruleIds.map((id) => {
    const meta = catalog.get(id);
    const severity = meta?.severity ?? findings.find((f) => f.checkId === id)!.severity;
    return {
      id,
      name: id,
      shortDescription: { text: meta?.title[lang] ?? id },
      ...(meta ? { fullDescription: { text: meta.description[lang] }, help: { text: [meta.remediation[lang], ...referenceLines(meta)].join('\n') } } : {}),
      defaultConfiguration: { level: LEVEL[severity] },
      properties: { tags: ['security', ...(meta ? [meta.family] : [])], 'security-severity': SECURITY_SEVERITY[severity] },
    };
  });
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const inventoryUri = results.inventory?.file ? results.inventory.file.split(/[\\/]/).pop()! : 'inventory.yaml';
  const sarifResults: SarifResult[] = findings.map((r) => ({
    ruleId: r.checkId,
    ruleIndex: index.get(r.checkId)!,
    level: LEVEL[r.severity],
    message: { text: `${r.message[lang]} (${r.unit}/${r.system}: ${endpointOf(r)})` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: inventoryUri }, region: { startLine: 1 } },
        logicalLocations: [{ name: endpointOf(r), fullyQualifiedName: `${r.unit}/${r.system}/${endpointOf(r)}`, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'atttFingerprint/v1': r.fingerprint },
    properties: { severity: r.severity, outcome: r.outcome, unit: r.unit, system: r.system, target: r.target, cycle: results.cycle },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'attt', version: results.tool.version, semanticVersion: results.tool.version, rules } },
        automationDetails: { id: `attt/${results.cycle}/` },
        invocations: [{ executionSuccessful: !results.interrupted, startTimeUtc: results.startedAt, endTimeUtc: results.finishedAt }],
        results: sarifResults,
      },
    ],
  };
}
