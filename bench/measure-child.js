// Runs one attt command in this process and, when it ends, writes its peak resident set size
// (process.resourceUsage().maxRSS, KiB) and exit code as JSON to the file named by
// ATTT_BENCH_RSS_FILE. Used by bench/audit-scale.js: `node bench/measure-child.js audit -i …`.
import fs from 'node:fs';
import { main } from '../dist/src/cli/main.js';

const code = await main([process.argv[0], 'attt', ...process.argv.slice(2)]);
if (process.env.ATTT_BENCH_RSS_FILE) {
  fs.writeFileSync(process.env.ATTT_BENCH_RSS_FILE, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, code }));
}
process.exitCode = code;
