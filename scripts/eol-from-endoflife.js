// Convert endoflife.date product files (products/<slug>.md, YAML front matter) into rows of
// checks/data/eol.yaml: node scripts/eol-from-endoflife.js DIR COMMIT slug[:product-id] …
// Facts only: branch (releaseCycle), eol (date, or false while supported), latest, and the
// source file with the commit it was read at. A release whose eol is `true` without a date
// cannot be dated and is left out.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const [dir, commit, ...products] = process.argv.slice(2);
if (!dir || !commit || !products.length) {
  console.error('usage: node scripts/eol-from-endoflife.js DIR COMMIT slug[:product-id] …');
  process.exit(2);
}
const date = (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
for (const spec of products) {
  const [slug, id = slug] = spec.split(':');
  const text = fs.readFileSync(path.join(dir, `${slug}.md`), 'utf8');
  const front = parse(text.split(/^---$/m)[1]);
  for (const r of front.releases ?? []) {
    const eol = r.eol === false ? false : date(r.eol);
    if (eol === undefined) continue;
    const row = { product: id, branch: String(r.releaseCycle), eol, source: `endoflife-date/endoflife.date@${commit.slice(0, 9)} products/${slug}.md` };
    if (r.latest) row.latest = String(r.latest);
    console.log(`  - ${JSON.stringify(row)}`);
  }
}
