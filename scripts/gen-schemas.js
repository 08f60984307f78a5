// Writes schema/results.schema.json and schema/inventory.schema.json from the zod schemas
// (run after `npm run build`); test/schemas.test.ts fails when the committed files are stale.
import fs from 'node:fs';
import { resultsJsonSchema } from '../dist/src/results/json-schema.js';
import { inventoryJsonSchema } from '../dist/src/inventory/json-schema.js';

fs.mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
fs.writeFileSync(new URL('../schema/results.schema.json', import.meta.url), JSON.stringify(resultsJsonSchema(), null, 2) + '\n');
fs.writeFileSync(new URL('../schema/inventory.schema.json', import.meta.url), JSON.stringify(inventoryJsonSchema(), null, 2) + '\n');
console.log('schema/results.schema.json and schema/inventory.schema.json written');
