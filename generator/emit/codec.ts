import { VariableDeclarationKind, type SourceFile } from 'ts-morph';
import type { DocumentModel, ObjectSchema, SchemaModel } from '../model.js';
import { code, docText, literal, propertyName, ts } from './code.js';

/** Each request's wire shape as data, and the two directions of the query binding over it. */
export function emitCodec(model: DocumentModel): (file: SourceFile) => void {
  return (file) => {
    file.addImportDeclaration({
      moduleSpecifier: './runtime/wire.js',
      namedImports: ['decodeQuery', 'flatten', 'type DecodeResult', 'type ObjectShape', 'type QueryInput', 'type QueryPair'],
    });
    file.addImportDeclaration({ moduleSpecifier: './types.js', isTypeOnly: true, namedImports: ['ErrorCode', ...model.operations.map((op) => op.request.name)] });
    file.addImportDeclaration({
      moduleSpecifier: './validators.js',
      namedImports: model.operations.flatMap((op) => [`${op.request.name}Catalog`, `validate${op.request.name}`]),
    });
    file.addExportDeclaration({ moduleSpecifier: './runtime/wire.js', namedExports: ['type DecodeResult', 'type QueryInput', 'type QueryPair'] });
    // Added in one call each: ts-morph re-parses the file after every insertion.
    file.addVariableStatements(
      reachableObjects(model).map((object) => ({
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: shapeName(object), type: 'ObjectShape', initializer: objectShape(object) }],
      })),
    );
    file.addFunctions(
      model.operations.flatMap((op) => {
        const request = op.request.name;
        return [
          {
            name: `to${op.operationId}Query`,
            isExported: true,
            docs: [docText(`The query pairs of a request to ${op.operationId}, in the spec's order: lists flattened 1-based (\`List.1.Field\`), scalars as text, absent fields left out. The signer sorts them for the wire.`)],
            parameters: [{ name: 'request', type: request }],
            returnType: 'QueryPair[]',
            statements: [ts`return flatten(${code(shapeName(op.request))}, request);`],
          },
          {
            name: `from${op.operationId}Query`,
            isExported: true,
            docs: [docText(`Reads the query of a received ${op.operationId} call strictly (decimal integers, \`true\`/\`false\`, lists 1-based without gaps, no unknown names) and validates it.`)],
            parameters: [{ name: 'params', type: 'QueryInput' }],
            returnType: `DecodeResult<${request}, ErrorCode>`,
            statements: [
              ts`return decodeQuery({ params, shape: ${code(shapeName(op.request))}, catalog: ${code(`${request}Catalog`)}, validate: ${code(`validate${request}`)} });`,
            ],
          },
        ];
      }),
    );
  };
}

/** The objects a request can carry, children before parents, each once. */
function reachableObjects(model: DocumentModel): ObjectSchema[] {
  const ordered: ObjectSchema[] = [];
  const visit = (schema: SchemaModel): void => {
    if (schema.kind === 'array') return visit(schema.items);
    if (schema.kind !== 'object' || ordered.includes(schema)) return;
    for (const property of schema.properties) visit(property.schema);
    ordered.push(schema);
  };
  for (const op of model.operations) visit(op.request);
  return ordered;
}

function objectShape(object: ObjectSchema): string {
  const fields = object.properties.map((p) => `${propertyName(p.name)}: ${valueShape(p.schema)}`);
  // One field a line, so adding a parameter is a one-line diff.
  return `{\n kind: "object",\n fields: {\n${fields.map((f) => `${f},`).join('\n')}\n},\n}`;
}

function valueShape(schema: SchemaModel): string {
  switch (schema.kind) {
    case 'object':
      return shapeName(schema);
    case 'array':
      return `{ kind: "list", items: ${valueShape(schema.items)}${schema.maxItems === undefined ? '' : `, maxItems: ${literal(schema.maxItems)}`} }`;
    default:
      return literal({ kind: schema.kind });
  }
}

function shapeName(object: ObjectSchema): string {
  return `${object.name}Wire`;
}
