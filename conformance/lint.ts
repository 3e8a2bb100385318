import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { pointerTo } from '../generator/diagnostics.js';
import type { LoadedSpec } from '../generator/load.js';
import type { DocumentModel, ObjectSchema, SchemaModel } from '../generator/model.js';

/** A house rule the document breaks; the generator could still run, a reviewer should not let it in. */
export interface Finding {
  readonly rule: 'parameter-documented' | 'numeric-bounds' | 'error-documented' | 'example-valid' | 'constraint-once';
  readonly pointer: string;
  readonly message: string;
}

const CONSTRAINT_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern'];

export async function lintSpec({ spec, model }: { spec: LoadedSpec; model: DocumentModel }): Promise<Finding[]> {
  return [
    ...parametersDocumented(spec.document),
    ...model.operations.flatMap((op) => numericBounds(op.request)),
    ...model.operations.flatMap((op) =>
      op.errors.filter((e) => e.message.trim() === '').map((e) => ({ rule: 'error-documented' as const, pointer: e.pointer, message: `error ${e.code} has no message template (x-acs-message)` })),
    ),
    ...constraintsWrittenOnce(spec.document),
    ...(await examplesValid(spec.document)),
  ];
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
        const parameter = (typeof ref === 'string' ? resolveLocal(document, ref) : entry) as Record<string, unknown> | undefined;
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

function resolveLocal(document: Record<string, unknown>, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], document);
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
      const key = JSON.stringify([record['type'], ...constraints.map((k) => [k, record[k]])]);
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

/** Every example must be valid against its own schema (Ajv as the independent judge). */
async function examplesValid(document: Record<string, unknown>): Promise<Finding[]> {
  const resolved = (await SwaggerParser.dereference(structuredClone(document) as never)) as unknown as Record<string, any>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const findings: Finding[] = [];
  const check = ({ schema, value, pointer }: { schema: unknown; value: unknown; pointer: string }): void => {
    if (schema === undefined || value === undefined) return;
    const validate = ajv.compile(schema as object);
    if (!validate(value)) {
      const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      findings.push({ rule: 'example-valid', pointer, message: `example does not match its schema: ${why}` });
    }
  };
  for (const [name, parameter] of Object.entries<Record<string, unknown>>(resolved['components']?.parameters ?? {})) {
    check({ schema: parameter['schema'], value: parameter['example'], pointer: pointerTo('#/components/parameters', name, 'example') });
  }
  const walkSchemas = (schema: unknown, pointer: string): void => {
    if (schema === null || typeof schema !== 'object') return;
    const record = schema as Record<string, unknown>;
    if (record['example'] !== undefined) check({ schema: withoutExamples(record), value: record['example'], pointer: pointerTo(pointer, 'example') });
    for (const [key, child] of Object.entries((record['properties'] as Record<string, unknown>) ?? {})) walkSchemas(child, pointerTo(pointer, 'properties', key));
    if (record['items'] !== undefined) walkSchemas(record['items'], pointerTo(pointer, 'items'));
  };
  for (const [name, schema] of Object.entries(resolved['components']?.schemas ?? {})) walkSchemas(schema, pointerTo('#/components/schemas', name));
  for (const [name, response] of Object.entries<Record<string, any>>(resolved['components']?.responses ?? {})) {
    const media = response['content']?.['application/json'];
    for (const [example, value] of Object.entries<Record<string, unknown>>(media?.examples ?? {})) {
      check({ schema: media.schema, value: value['value'], pointer: pointerTo('#/components/responses', name, 'content', 'application/json', 'examples', example) });
    }
  }
  return findings;
}

function withoutExamples(schema: Record<string, unknown>): Record<string, unknown> {
  const { example: _example, examples: _examples, ...rest } = schema;
  return rest;
}
