export { distinctResults, type ExportInput } from './findings.js';
export { toSarif, SARIF_SCHEMA } from './sarif.js';
export { toJunit } from './junit.js';
export { toDefectDojo, type DefectDojoFinding, type DefectDojoReport } from './defectdojo.js';
export { toFindingsXlsx } from './xlsx.js';
export { parseNmapXml, MAX_NMAP_XML_BYTES, type NmapHost, type NmapScan } from './nmap.js';
export { resultsFromNmap, type NmapImportOptions } from './nmap-import.js';
