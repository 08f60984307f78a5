// Child of bench/audit-scale.js for audits too large to scan on a loaded shared machine:
// `node bench/replay-child.js TEMPLATE.json INVENTORY.yaml OUT/results.json`. Runs the audit
// engine exactly as `attt audit` does (observations kept on disk, results.json written as
// targets are judged) on the inventory's N systems, but each target's observation is replayed
// from a real audit of a few systems (TEMPLATE, its URL and host:port rewritten to the target's)
// instead of scanned: nothing is sent. Prints peak RSS (KiB) and the counts as JSON on stdout.
import { keepHeapNearLive } from '../dist/src/cli/heap.js';
import { fileSink } from '../dist/src/results/index.js';
import { fileStore, observeAudit, writeAudit } from '../dist/src/engine/index.js';
import { loadInventory } from '../dist/src/inventory/index.js';
import { readResults } from '../dist/src/results/index.js';

const [templateFile, inventoryFile, out] = process.argv.slice(2);
// The heap grows as `attt audit` lets it (src/cli/heap.ts).
keepHeapNearLive('audit');
const template = readResults(templateFile);
/** One real observation per family, as JSON text, with the label it was made for. */
const recorded = new Map();
for (const t of template.targets) {
  if (t.status !== 'ok' || recorded.has(t.family) || template.observations[t.key] === undefined) continue;
  recorded.set(t.family, { label: t.target, json: JSON.stringify(template.observations[t.key]) });
}
const inventory = loadInventory(inventoryFile);
const store = fileStore(out);
try {
  const run = await observeAudit({
    inventory, cycle: 'bench', speed: 'fast',
    recorded: (target) => {
      const r = recorded.get(target.family);
      return r ? JSON.parse(r.json.split(r.label).join(target.label)) : undefined;
    },
  }, store);
  const digest = await writeAudit(run, fileSink(out));
  console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, targets: digest.targets.length, results: Object.values(digest.summary.outcomes).reduce((a, b) => a + b, 0) }));
} finally {
  store.close();
}
