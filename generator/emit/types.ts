import type { DocumentModel, ObjectSchema } from '../model.js';
import { code, literal, ts } from './code.js';
import { componentOf, generatedNames, type GeneratedNames } from './names.js';

/** openapi-typescript's `paths`/`components`/`operations` (see openapi-types.ts), plus the names people import. */
export function emitTypes({ openapi, model }: { openapi: string; model: DocumentModel }): string {
  return [openapi, ...namedTypes(model)].join('\n');
}

function namedTypes(model: DocumentModel): string[] {
  const names = generatedNames(model);
  const lines: string[] = [];
  for (const object of model.objects) {
    const component = componentOf(object);
    const type = names.objectType(object);
    if (component !== undefined && type !== undefined) lines.push(ts`export type ${code(type)} = components["schemas"][${component}];`);
  }
  for (const op of model.operations) {
    const { requestType, responseType } = names.operation(op);
    // openapi-typescript types an operation without query parameters as `query?: never`; its request is `{}`.
    const query = op.request.properties.length === 0 ? 'Record<string, never>' : ts`NonNullable<operations[${op.operationId}]["parameters"]["query"]>`;
    lines.push(ts`export type ${code(requestType)} = ${code(query)};`);
    if (names.objectType(op.success.schema) !== responseType) {
      lines.push(ts`export type ${code(responseType)} = ${code(typeReference({ names, schema: op.success.schema, operationId: op.operationId, status: op.success.httpStatus }))};`);
    }
    const body = names.errorBody(op);
    if (body !== undefined && op.errorSchema !== undefined && op.errorStatus !== undefined && names.objectType(op.errorSchema) !== body.type) {
      lines.push(ts`export type ${code(body.type)} = ${code(typeReference({ names, schema: op.errorSchema, operationId: op.operationId, status: op.errorStatus }))};`);
    }
  }
  const codes = [...new Set(model.operations.flatMap((op) => op.errors.map((e) => e.code)))];
  lines.push(`/** Every error code the operations document; an undocumented code arrives as a plain string. */`);
  lines.push(ts`export type ErrorCode = ${code(codes.length === 0 ? 'never' : codes.map(literal).join(' | '))};`);
  return lines;
}

function typeReference({ names, schema, operationId, status }: { names: GeneratedNames; schema: ObjectSchema; operationId: string; status: number }): string {
  const type = names.objectType(schema);
  if (type !== undefined) return type;
  return ts`operations[${operationId}]["responses"][${status}]["content"]["application/json"]`;
}
