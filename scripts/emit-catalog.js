// check:catalog — after `tsc`, load every registered check and fail on a broken catalogue
// (file name ≠ id, empty vi/en text, no references); then write checks/catalog.json, the
// flat catalogue (metadata only) that templates and other tools can read without code.
import fs from 'node:fs';
import { loadCatalog } from '../dist/src/engine/catalog.js';

const catalog = await loadCatalog();
const problems = [];
for (const m of catalog) {
  const texts = [m.title, m.description, m.remediation, ...Object.values(m.messages ?? {})];
  if (texts.some((t) => !t || !t.vi?.trim() || !t.en?.trim())) problems.push(`${m.id}: a vi/en text is empty`);
  if (!m.references?.length) problems.push(`${m.id}: no references`);
  if (m.family !== m.id.split('.')[0]) problems.push(`${m.id}: family ${m.family} does not match the id`);
}
if (problems.length) {
  console.error(`check:catalog failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
fs.writeFileSync(new URL('../checks/catalog.json', import.meta.url), JSON.stringify({ generated: 'npm run build', checks: catalog }, null, 2) + '\n');
console.log(`check:catalog: ${catalog.length} checks, checks/catalog.json written`);
