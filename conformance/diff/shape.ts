import type { SchemaModel } from '../../generator/model.js';
import { ruleKey } from './rules.js';

/** What a schema accepts, without where it is written, its words or its generated name. */
function shape(schema: SchemaModel): unknown {
  switch (schema.kind) {
    case 'string':
      return [schema.kind, schema.default, schema.enum];
    case 'integer':
    case 'number':
      return [schema.kind, schema.default, schema.minimum, schema.maximum, schema.enum];
    case 'boolean':
      return [schema.kind, schema.default];
    case 'array':
      return [schema.kind, schema.minItems, schema.maxItems, shape(schema.items)];
    case 'object':
      return [schema.kind, schema.closed, schema.properties.map((p) => [p.name, p.required, shape(p.schema)]), schema.rules.map(ruleKey)];
  }
}

/** Two members with the same shape are taken for one renamed, so their words and pointers must not count. */
export function sameShape(a: SchemaModel, b: SchemaModel): boolean {
  return JSON.stringify(shape(a)) === JSON.stringify(shape(b));
}
