import { Ajv2020 } from 'ajv/dist/2020.js';
import { pointerTo, type Diagnostic } from './diagnostics.js';

/**
 * The OpenAPI 3.1 schema takes every Schema Object as any object (its `$dynamicRef` leaves the
 * dialect to JSON Schema), so `required: Name` or `title: 5` passed it, and crashed whatever read
 * the schema later (Ajv in the lint, openapi-typescript) with a stack and no pointer, or was read
 * as if the keyword were absent (diff). Each Schema Object is held to the JSON Schema 2020-12
 * meta-schema, the dialect 3.1 names, so the problem is a diagnostic where it is written.
 */
export function schemaObjectProblems(document: Record<string, unknown>): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const { schema, pointer } of schemaObjects(document)) {
    // Ajv picks the meta-schema by `$schema`, and throws on one it lacks: the dialect is 3.1's
    // whatever the schema says, and the model reports `$schema` itself.
    const judged = typeof schema === 'object' && schema !== null && '$schema' in schema ? { ...schema, $schema: undefined } : schema;
    let valid: boolean;
    try {
      valid = metaSchema().validateSchema(judged as object) === true;
    } catch {
      continue;
    }
    if (valid) continue;
    for (const error of metaSchema().errors ?? []) {
      problems.push({ code: 'invalid-openapi', pointer: `${pointer}${error.instancePath}`, message: `${error.message ?? 'is malformed'}${describeParams(error)}, as JSON Schema 2020-12 (the dialect of OpenAPI 3.1's schemas) defines it` });
    }
  }
  return problems;
}

let ajv: Ajv2020 | undefined;
function metaSchema(): Ajv2020 {
  ajv ??= new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  return ajv;
}

/** Ajv's parameters, where its message leaves something out (a type error's message already names the type). */
function describeParams({ keyword, params }: { keyword: string; params: Record<string, unknown> }): string {
  return keyword === 'type' || Object.keys(params).length === 0 ? '' : ` ${JSON.stringify(params)}`;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Where the document holds a Schema Object directly (nested ones are the meta-schema's to walk). */
function schemaObjects(document: Node): { schema: unknown; pointer: string }[] {
  const found: { schema: unknown; pointer: string }[] = [];
  const schemaOf = (holder: unknown, pointer: string) => {
    if (isNode(holder) && 'schema' in holder) found.push({ schema: holder['schema'], pointer: pointerTo(pointer, 'schema') });
  };
  const each = (map: unknown, pointer: string, visit: (value: unknown, at: string) => void) => {
    if (isNode(map)) for (const [key, value] of Object.entries(map)) visit(value, pointerTo(pointer, key));
  };
  const content = (holder: unknown, pointer: string) => {
    if (isNode(holder)) each(holder['content'], pointerTo(pointer, 'content'), schemaOf);
  };
  const headers = (holder: unknown, pointer: string) => {
    if (!isNode(holder)) return;
    each(holder['headers'], pointerTo(pointer, 'headers'), (header, at) => {
      schemaOf(header, at);
      content(header, at);
    });
  };
  const parameter = (value: unknown, at: string) => {
    schemaOf(value, at);
    content(value, at);
  };
  const response = (value: unknown, at: string) => {
    content(value, at);
    headers(value, at);
  };
  const operation = (value: unknown, at: string) => {
    if (!isNode(value)) return;
    if (Array.isArray(value['parameters'])) value['parameters'].forEach((p, index) => parameter(p, pointerTo(at, 'parameters', index)));
    content(value['requestBody'], pointerTo(at, 'requestBody'));
    each(value['responses'], pointerTo(at, 'responses'), response);
  };
  each(document['paths'], '#/paths', (item, at) => {
    if (!isNode(item)) return;
    if (Array.isArray(item['parameters'])) item['parameters'].forEach((p, index) => parameter(p, pointerTo(at, 'parameters', index)));
    for (const method of HTTP_METHODS) operation(item[method], pointerTo(at, method));
  });
  const components = document['components'];
  if (isNode(components)) {
    each(components['schemas'], '#/components/schemas', (schema, at) => found.push({ schema, pointer: at }));
    each(components['parameters'], '#/components/parameters', parameter);
    each(components['responses'], '#/components/responses', response);
    each(components['requestBodies'], '#/components/requestBodies', (body, at) => content(body, at));
    each(components['headers'], '#/components/headers', (header, at) => parameter(header, at));
  }
  return found;
}
