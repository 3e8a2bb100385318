import openapiTS, { astToString } from 'openapi-typescript';
import type { LoadedSpec } from '../load.js';
import type { DocumentModel, ObjectSchema } from '../model.js';
import { code, literal, ts } from './code.js';

/** openapi-typescript's `paths`/`components`/`operations`, plus the names people import. */
export async function emitTypes({ spec, model }: { spec: LoadedSpec; model: DocumentModel }): Promise<string> {
  // defaultNonNullable would make every property with a default required, but a caller may omit it.
  const ast = await openapiTS(structuredClone(spec.document) as never, { silent: true, defaultNonNullable: false });
  return [astToString(ast), ...namedTypes(model)].join('\n');
}

function namedTypes(model: DocumentModel): string[] {
  const lines: string[] = [];
  for (const object of model.objects) {
    const component = componentName(object);
    if (component !== undefined) lines.push(ts`export type ${code(object.name)} = components["schemas"][${component}];`);
  }
  for (const op of model.operations) {
    const id = literal(op.operationId);
    lines.push(ts`export type ${code(op.request.name)} = NonNullable<operations[${code(id)}]["parameters"]["query"]>;`);
    const responseName = `${op.operationId}Response`;
    if (componentName(op.success.schema) !== responseName) {
      lines.push(ts`export type ${code(responseName)} = ${code(typeReference({ schema: op.success.schema, operationId: op.operationId, status: op.success.httpStatus }))};`);
    }
  }
  const codes = [...new Set(model.operations.flatMap((op) => op.errors.map((e) => e.code)))];
  lines.push(`/** Every error code the operations document; an undocumented code arrives as a plain string. */`);
  lines.push(ts`export type ErrorCode = ${code(codes.length === 0 ? 'never' : codes.map(literal).join(' | '))};`);
  return lines;
}

export function componentName(object: ObjectSchema): string | undefined {
  return /^#\/components\/schemas\/([^/]+)$/.exec(object.pointer)?.[1];
}

function typeReference({ schema, operationId, status }: { schema: ObjectSchema; operationId: string; status: number }): string {
  if (componentName(schema) !== undefined) return schema.name;
  return ts`operations[${operationId}]["responses"][${status}]["content"]["application/json"]`;
}
