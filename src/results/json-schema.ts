import { z } from 'zod';
import { resultsSchema } from './schema.js';

/** JSON Schema of results.json (schemaVersion 1); committed as schema/results.schema.json. */
export function resultsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(resultsSchema, { unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://attt.invalid/schema/results.schema.json',
    title: 'attt results.json (schemaVersion 1)',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
