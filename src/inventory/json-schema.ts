import { z } from 'zod';
import { inventorySchema } from './schema.js';

/** JSON Schema of the inventory, for editors (YAML language server) and other tools. */
export function inventoryJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(inventorySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://attt.invalid/schema/inventory.schema.json',
    title: 'attt inventory',
    description: 'Units, systems and targets audited by attt; scope.allow bounds every packet sent.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
