import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { pointerTo } from '../generator/diagnostics.js';
import { resolvePointer } from '../generator/json-pointer.js';
import type { LoadedSpec } from '../generator/load.js';
import type { DocumentModel, ObjectSchema, SchemaModel } from '../generator/model.js';
import { HTTP_METHODS, asObject } from '../generator/openapi-reading.js';
import { schemaShape } from '../generator/schema-shape.js';

/** A house rule the document breaks; the generator could still run, a reviewer should not let it in. */
export interface Finding {
  readonly rule: 'parameter-documented' | 'numeric-bounds' | 'error-documented' | 'example-valid' | 'constraint-once';
  readonly pointer: string;
  readonly message: string;
}

const CONSTRAINT_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern'];

export async function lintSpec({ spec, model }: { spec: LoadedSpec; model: DocumentModel }): Promise<Finding[]> {
  return onceEach([
    ...parametersDocumented(spec.document),
    ...model.operations.flatMap((op) => numericBounds(op.request)),
    ...model.operations.flatMap((op) =>
      op.errors.filter((e) => e.message.trim() === '').map((e) => ({ rule: 'error-documented' as const, pointer: e.pointer, message: `error ${e.code} has no message template (x-acs-message)` })),
    ),
    ...constraintsWrittenOnce(spec.document),
    ...(await examplesValid(spec.document)),
  ]);
}

/** A schema two parameters share breaks a rule once, where it is written, however many use it. */
function onceEach(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter(({ rule, pointer, message }) => {
    const key = JSON.stringify([rule, pointer, message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every parameter an operation takes, inline or through a local $ref, with the pointer where it is written. */
function parametersDocumented(document: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const [path, item] of Object.entries((document['paths'] as Record<string, Record<string, unknown>>) ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      const list = (operation as { parameters?: unknown[] })?.parameters;
      if (!Array.isArray(list)) continue;
      list.forEach((entry, index) => {
        const ref = (entry as { $ref?: unknown })?.$ref;
        const pointer = typeof ref === 'string' ? ref : pointerTo('#/paths', path, method, 'parameters', index);
        const parameter = (typeof ref === 'string' ? resolvePointer({ document, pointer: ref }) : entry) as Record<string, unknown> | undefined;
        if (parameter === undefined || seen.has(pointer)) return;
        seen.add(pointer);
        if (typeof parameter['description'] !== 'string' || parameter['description'].trim() === '') {
          findings.push({ rule: 'parameter-documented', pointer, message: `parameter ${String(parameter['name'])} has no description` });
        }
        if (parameter['example'] === undefined && parameter['examples'] === undefined) {
          findings.push({ rule: 'parameter-documented', pointer, message: `parameter ${String(parameter['name'])} has no example` });
        }
      });
    }
  }
  return findings;
}

/** A number without both bounds (or an enum) is a range nobody documented, so no validator can enforce it. */
function numericBounds(object: ObjectSchema, seen = new Set<ObjectSchema>()): Finding[] {
  if (seen.has(object)) return [];
  seen.add(object);
  const visit = (schema: SchemaModel): Finding[] => {
    if (schema.kind === 'object') return numericBounds(schema, seen);
    if (schema.kind === 'array') return visit(schema.items);
    if ((schema.kind === 'integer' || schema.kind === 'number') && schema.enum === undefined && (schema.minimum === undefined || schema.maximum === undefined)) {
      return [{ rule: 'numeric-bounds', pointer: schema.pointer, message: 'a number without a documented minimum and maximum (or enum)' }];
    }
    return [];
  };
  return object.properties.flatMap((p) => visit(p.schema));
}

/** The same constraints written inline in two places drift apart; one schema in components with $refs cannot. */
function constraintsWrittenOnce(document: Record<string, unknown>): Finding[] {
  const places = new Map<string, string[]>();
  const walk = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, pointerTo(pointer, i)));
    const record = node as Record<string, unknown>;
    const constraints = CONSTRAINT_KEYWORDS.filter((k) => record[k] !== undefined);
    const isSchema = typeof record['type'] === 'string' && constraints.length > 0;
    // A single allowed value (a fixed header) is a binding, not a range that could drift.
    const isFixedValue = constraints.length === 1 && Array.isArray(record['enum']) && (record['enum'] as unknown[]).length === 1;
    if (isSchema && !isFixedValue) {
      // Whole schemas, so that one $ref could stand for both: the same bounds with another default are two.
      const key = schemaShape({ schema: record });
      places.set(key, [...(places.get(key) ?? []), pointer]);
    }
    for (const [key, child] of Object.entries(record)) if (!key.startsWith('x-') && key !== 'example' && key !== 'examples') walk(child, pointerTo(pointer, key));
  };
  walk(document, '#');
  return [...places.values()]
    .filter((pointers) => pointers.length > 1)
    .map((pointers) => ({
      rule: 'constraint-once' as const,
      pointer: pointers[1]!,
      message: `the same constraints are written at ${pointers.join(' and ')}; define them once in components and $ref them`,
    }));
}

/** An example value as written, and where to find the schema it must satisfy. */
interface WrittenExample {
  readonly value: unknown;
  /** Where the value is written: the place a reader fixes it. */
  readonly pointer: string;
  /** Where the schema is written beside it; the dereferenced document holds it whole there. */
  readonly schemaAt: string;
  /** Set when the value lives in components/examples and is used here, against this place's schema. */
  readonly usedAt: string | undefined;
}

// The keywords that hold further schemas, by shape, so an example nested anywhere is reached.
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs'];
const SUBSCHEMA_ONE = ['items', 'additionalProperties', 'not', 'contains'];
const SUBSCHEMA_LISTS = ['prefixItems', 'allOf', 'anyOf', 'oneOf'];

/**
 * Every example must be valid against its own schema (Ajv as the independent judge), wherever it is
 * written: parameters, headers, media types, responses and schemas, under paths as in components.
 */
async function examplesValid(document: Record<string, unknown>): Promise<Finding[]> {
  const resolved = await SwaggerParser.dereference(structuredClone(document) as never);
  // ownProperties: a property named constructor or toString is absent from an example that does not write it, not inherited.
  const ajv = new Ajv2020({ strict: false, allErrors: true, ownProperties: true });
  return writtenExamples(document).flatMap(({ value, pointer, schemaAt, usedAt }) => {
    const schema = resolvePointer({ document: resolved, pointer: schemaAt });
    if (schema === null || typeof schema !== 'object') return [];
    const validate = ajv.compile(schema);
    if (validate(value)) return [];
    const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    const where = usedAt === undefined ? '' : ` (as used at ${usedAt})`;
    return [{ rule: 'example-valid' as const, pointer, message: `example${where} does not match its schema: ${why}` }];
  });
}

/**
 * Walks the document as written, never through a $ref: what a $ref points at is walked where it is
 * written, so each example is found once and reported at its own pointer. Example Objects are the
 * exception, since they carry no schema: they are checked at each place that uses them.
 */
function writtenExamples(document: Record<string, unknown>): WrittenExample[] {
  const found: WrittenExample[] = [];
  const entries = (value: unknown): [string, unknown][] => Object.entries(asObject(value) ?? {});
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const inline = (value: unknown): Record<string, unknown> | undefined => (typeof asObject(value)?.['$ref'] === 'string' ? undefined : asObject(value));
  type Walk = (at: { value: unknown; pointer: string }) => void;

  const schema: Walk = ({ value, pointer }) => {
    const node = inline(value);
    if (node === undefined) return;
    if (node['example'] !== undefined) found.push({ value: node['example'], pointer: pointerTo(pointer, 'example'), schemaAt: pointer, usedAt: undefined });
    list(node['examples']).forEach((example, index) => found.push({ value: example, pointer: pointerTo(pointer, 'examples', index), schemaAt: pointer, usedAt: undefined }));
    for (const keyword of SUBSCHEMA_MAPS) for (const [name, child] of entries(node[keyword])) schema({ value: child, pointer: pointerTo(pointer, keyword, name) });
    for (const keyword of SUBSCHEMA_ONE) schema({ value: node[keyword], pointer: pointerTo(pointer, keyword) });
    for (const keyword of SUBSCHEMA_LISTS) list(node[keyword]).forEach((child, index) => schema({ value: child, pointer: pointerTo(pointer, keyword, index) }));
  };
  // Parameters, headers and media types all pair `example`/`examples` with a `schema` beside them.
  const withSchema: Walk = ({ value, pointer }) => {
    const node = inline(value);
    if (node === undefined) return;
    const schemaAt = pointerTo(pointer, 'schema');
    if (node['example'] !== undefined) found.push({ value: node['example'], pointer: pointerTo(pointer, 'example'), schemaAt, usedAt: undefined });
    for (const [name, entry] of entries(node['examples'])) {
      const use = pointerTo(pointer, 'examples', name);
      const ref = asObject(entry)?.['$ref'];
      const written = typeof ref === 'string' ? ref : use;
      const example = asObject(typeof ref === 'string' ? resolvePointer({ document, pointer: ref }) : entry)?.['value'];
      if (example !== undefined) found.push({ value: example, pointer: pointerTo(written, 'value'), schemaAt, usedAt: written === use ? undefined : use });
    }
    schema({ value: node['schema'], pointer: schemaAt });
    for (const [type, media] of entries(node['content'])) withSchema({ value: media, pointer: pointerTo(pointer, 'content', type) });
  };
  // Request bodies and responses: media types, and (for a response) headers.
  const body: Walk = ({ value, pointer }) => {
    const node = inline(value);
    if (node === undefined) return;
    for (const [type, media] of entries(node['content'])) withSchema({ value: media, pointer: pointerTo(pointer, 'content', type) });
    for (const [name, header] of entries(node['headers'])) withSchema({ value: header, pointer: pointerTo(pointer, 'headers', name) });
  };
  const pathItem: Walk = ({ value, pointer }) => {
    const node = inline(value);
    if (node === undefined) return;
    list(node['parameters']).forEach((entry, index) => withSchema({ value: entry, pointer: pointerTo(pointer, 'parameters', index) }));
    for (const method of HTTP_METHODS) {
      const operation = inline(node[method]);
      if (operation === undefined) continue;
      const here = pointerTo(pointer, method);
      list(operation['parameters']).forEach((entry, index) => withSchema({ value: entry, pointer: pointerTo(here, 'parameters', index) }));
      body({ value: operation['requestBody'], pointer: pointerTo(here, 'requestBody') });
      for (const [status, answer] of entries(operation['responses'])) body({ value: answer, pointer: pointerTo(here, 'responses', status) });
    }
  };

  for (const [path, item] of entries(document['paths'])) pathItem({ value: item, pointer: pointerTo('#/paths', path) });
  for (const [name, item] of entries(document['webhooks'])) pathItem({ value: item, pointer: pointerTo('#/webhooks', name) });
  const walkers: Record<string, Walk> = { schemas: schema, parameters: withSchema, headers: withSchema, responses: body, requestBodies: body, pathItems: pathItem };
  const components = asObject(document['components']) ?? {};
  for (const [section, walk] of Object.entries(walkers)) {
    for (const [name, value] of entries(components[section])) walk({ value, pointer: pointerTo('#/components', section, name) });
  }
  return found;
}
