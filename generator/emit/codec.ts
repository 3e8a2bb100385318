import { VariableDeclarationKind } from 'ts-morph';
import type { FileStatements } from '../print.js';
import { objectsWithin, type DocumentModel, type ObjectSchema, type SchemaModel } from '../model.js';
import { code, docText, isInheritedMember, literal, objectLiteral, propertyName, ts } from './code.js';
import { generatedNames } from './names.js';

/** Each request's wire shape as data, and the two directions of the query binding over it. */
export function emitCodec(model: DocumentModel): (file: FileStatements) => void {
  return (file) => {
    const names = generatedNames(model);
    const scope = names.module();
    const objects = objectsWithin(model.operations.map((op) => op.request));
    // Children come first, so each shape's name is claimed before a parent refers to it.
    const shapes = new Map<ObjectSchema, string>();
    for (const object of objects) shapes.set(object, scope.claim(`${object.name}Wire`));
    file.addImportDeclaration({
      moduleSpecifier: './runtime/wire.js',
      namedImports: ['type Accepted', 'decodeQuery', 'flatten', 'type DecodeResult', 'type ObjectShape', 'type QueryInput', 'type QueryPair', ...(objects.some((o) => o.properties.some((p) => isInheritedMember(p.name))) ? ['type WireShape'] : [])],
    });
    file.addImportDeclaration({ moduleSpecifier: './types.js', isTypeOnly: true, namedImports: ['ErrorCode', ...model.operations.map((op) => names.operation(op).requestType)] });
    file.addImportDeclaration({
      moduleSpecifier: './validators.js',
      namedImports: model.operations.flatMap((op) => [names.operation(op).requestCatalog, names.operation(op).validateRequest]),
    });
    file.addExportDeclaration({ moduleSpecifier: './runtime/wire.js', namedExports: ['type DecodeResult', 'type QueryInput', 'type QueryPair'] });
    file.addVariableStatements(
      objects.map((object) => ({
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: shapes.get(object)!, type: 'ObjectShape', initializer: objectShape({ object, shapes }) }],
      })),
    );
    file.addFunctions(
      model.operations.flatMap((op) => {
        const { requestType, toQuery, fromQuery, requestCatalog, validateRequest } = names.operation(op);
        const shape = code(shapes.get(op.request)!);
        const request = code(scope.child().claim('request'));
        const params = code(scope.child().claim('params'));
        return [
          {
            name: toQuery,
            isExported: true,
            docs: [docText(`The query pairs of a request to ${op.operationId}, in the spec's order: lists flattened 1-based (\`List.1.Field\`), scalars as text, absent fields left out. The signer sorts them for the wire.`)],
            parameters: [{ name: request.text, type: `Accepted<${requestType}>` }],
            returnType: 'QueryPair[]',
            statements: [ts`return flatten(${shape}, ${request});`],
          },
          {
            name: fromQuery,
            isExported: true,
            docs: [docText(`Reads the query of a received ${op.operationId} call strictly (decimal integers, \`true\`/\`false\`, lists 1-based without gaps, no unknown names) and validates it.`)],
            parameters: [{ name: params.text, type: 'QueryInput' }],
            returnType: `DecodeResult<${requestType}, ErrorCode>`,
            statements: [ts`return decodeQuery(${code(objectLiteral({ params, shape, catalog: code(requestCatalog), validate: code(validateRequest) }))});`],
          },
        ];
      }),
    );
  };
}

function objectShape({ object, shapes }: { object: ObjectSchema; shapes: ReadonlyMap<ObjectSchema, string> }): string {
  const fields = object.properties.map((p) => `${propertyName(p.name)}: ${valueShape({ schema: p.schema, shapes })}${isInheritedMember(p.name) ? ' satisfies WireShape' : ''}`);
  // One field a line, so adding a parameter is a one-line diff.
  return `{\n kind: "object",\n fields: {\n${fields.map((f) => `${f},`).join('\n')}\n},\n}`;
}

function valueShape({ schema, shapes }: { schema: SchemaModel; shapes: ReadonlyMap<ObjectSchema, string> }): string {
  switch (schema.kind) {
    case 'object':
      return shapes.get(schema)!;
    case 'array':
      return `{ kind: "list", items: ${valueShape({ schema: schema.items, shapes })}${schema.maxItems === undefined ? '' : `, maxItems: ${literal(schema.maxItems)}`} }`;
    default:
      return literal({ kind: schema.kind });
  }
}
