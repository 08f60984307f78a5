import { z } from 'zod';
import { resultsFileV1Schema, resultsFileV2Schema } from './schema.js';

/**
 * JSON Schema of results.json, committed as schema/results.schema.json: either version 1 or
 * version 2 (docs/results.md). A version 1 file valid before stays valid.
 */
export function resultsJsonSchema(): Record<string, unknown> {
  const one = (schema: z.ZodType) => {
    const json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(json).filter(([k]) => k !== '$schema'));
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://attt.invalid/schema/results.schema.json',
    title: 'attt results.json (schemaVersion 1 or 2)',
    oneOf: [{ title: 'schemaVersion 1', ...one(resultsFileV1Schema) }, { title: 'schemaVersion 2', ...one(resultsFileV2Schema) }],
  };
}
