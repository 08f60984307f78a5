import type { Severity } from '../results/index.js';
import { distinctResults, endpointOf, isFindingResult, referenceLines, type ExportInput } from './findings.js';

/** DefectDojo's severity names (Finding.SEVERITIES). */
const DOJO_SEVERITY: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

export interface DefectDojoFinding {
  title: string;
  severity: string;
  description: string;
  mitigation?: string;
  references?: string;
  date: string;
  active: boolean;
  verified: boolean;
  dynamic_finding: boolean;
  static_finding: boolean;
  unique_id_from_tool: string;
  vuln_id_from_tool: string;
  service?: string;
  endpoints: string[];
  tags: string[];
}

export interface DefectDojoReport {
  name: string;
  type: string;
  version: string;
  description: string;
  dynamic_tool: boolean;
  findings: DefectDojoFinding[];
}

/**
 * DefectDojo "Generic Findings Import" JSON (its parser dojo/tools/generic/json_parser.py):
 * required title, severity, description; every other key must be one the parser allows, so
 * only those are written. `unique_id_from_tool` is attt's fingerprint, which lets DefectDojo's
 * deduplication follow a finding across re-imports the way attt's tracker does.
 */
export function toDefectDojo({ results, catalog, lang }: ExportInput): DefectDojoReport {
  const date = results.startedAt.slice(0, 10);
  const findings = distinctResults(results.results)
    .filter(isFindingResult)
    .map((r): DefectDojoFinding => {
      const meta = catalog.get(r.checkId);
      const endpoint = endpointOf(r);
      const refs = referenceLines(meta);
      const port = (r.evidence as { port?: unknown; service?: unknown } | undefined) ?? {};
      return {
        title: `${meta?.title[lang] ?? r.checkId} — ${endpoint}`,
        severity: DOJO_SEVERITY[r.severity],
        description: [r.message[lang], '', `${r.unit} / ${r.system} / ${endpoint}`, `${lang === 'vi' ? 'Mã kiểm tra' : 'Check'}: ${r.checkId}`, ...(meta ? ['', meta.description[lang]] : [])].join('\n'),
        ...(meta ? { mitigation: meta.remediation[lang] } : {}),
        ...(refs.length ? { references: refs.join('\n') } : {}),
        date,
        active: true,
        verified: false,
        dynamic_finding: r.checkId.startsWith('policy.') ? false : true,
        static_finding: false,
        unique_id_from_tool: r.fingerprint,
        vuln_id_from_tool: r.checkId,
        ...(typeof port.service === 'string' ? { service: port.service } : {}),
        endpoints: r.checkId.startsWith('policy.') ? [] : [/^[a-z]+:\/\//i.test(endpoint) ? endpoint : `//${endpoint}`.replace(/^\/\//, '')],
        tags: ['attt', r.unit, r.system, results.cycle],
      };
    });
  return {
    name: 'attt',
    type: 'attt',
    version: results.tool.version,
    description: `${results.organization.name} — ${lang === 'vi' ? 'kỳ' : 'cycle'} ${results.cycle}`,
    dynamic_tool: true,
    findings,
  };
}
