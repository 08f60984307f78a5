// npm run bench: every family's benchmark in one run (build first: npm run build).
// Each bench prints its own figures and ratios against peer tools that are installed.
import fs from 'node:fs';

const benches = [
  ['ports', './ports.js', 'benchPorts'],
  ['tls', './tls.js', 'benchTls'],
  ['tls-vulns', './tls-vulns.js', 'benchTlsVulns'],
  ['tls-throttled', './tls-throttled.js', 'benchTlsThrottled'],
  ['ssh', './ssh.js', 'benchSsh'],
  ['http', './http.js', 'benchHttp'],
  ['tracker', './tracker.js', 'benchTracker'],
  ['report', './report.js', 'benchReport'],
  ['web', './web.js', 'benchWeb'],
  ['audit-scale', './audit-scale.js', 'benchAuditScale'],
  ['central', './central.js', 'benchCentral'],
  ['bundles', './bundles.js', 'benchBundles'],
];
const only = process.argv.slice(2);
for (const [name, file, fn] of benches) {
  if (only.length && !only.includes(name)) continue;
  if (!fs.existsSync(new URL(file, import.meta.url))) continue;
  const mod = await import(file);
  if (typeof mod[fn] === 'function') await mod[fn]();
  console.log('');
}
