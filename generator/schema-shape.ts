/** Keywords for readers only: two schemas that differ in these alone say the same thing. */
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', '$comment']);
/** Keywords whose value maps names to schemas: there every key is a name, an annotation's name included. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
/** Deeper than any schema the generator accepts; a cycle through $refs stops here instead of looping. */
const MAX_DEPTH = 64;

/**
 * A schema as one text, keys sorted and annotations left out, so that two places that say the same
 * thing give the same text (their items and default included). `follow` reads a local $ref's
 * target; without it, a $ref is compared as it is written.
 */
export function schemaShape({ schema, follow }: { schema: unknown; follow?: (ref: string) => unknown }): string {
  const shape = (value: unknown, depth: number): string => {
    if (depth > MAX_DEPTH) return '…';
    if (Array.isArray(value)) return `[${value.map((item) => shape(item, depth + 1)).join(',')}]`;
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
    const node = value as Record<string, unknown>;
    const ref = node['$ref'];
    if (follow !== undefined && typeof ref === 'string' && ref.startsWith('#/')) return shape(follow(ref), depth + 1);
    const keys = Object.keys(node).filter((key) => !ANNOTATIONS.has(key)).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${SCHEMA_MAPS.has(key) ? named(node[key], depth + 1) : shape(node[key], depth + 1)}`).join(',')}}`;
  };
  const named = (map: unknown, depth: number): string => {
    if (map === null || typeof map !== 'object' || Array.isArray(map)) return shape(map, depth);
    const record = map as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((name) => `${JSON.stringify(name)}:${shape(record[name], depth + 1)}`).join(',')}}`;
  };
  return shape(schema, 0);
}
