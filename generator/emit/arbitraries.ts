import { VariableDeclarationKind, type SourceFile } from 'ts-morph';
import type { DocumentModel, ObjectSchema, SchemaModel } from '../model.js';
import { code, literal, lowerFirst, propertyName, ts } from './code.js';
import { componentName } from './types.js';

/**
 * fast-check arbitraries of valid values, for users' own property tests. A request object with
 * cross-field error rules is filtered through its validator, so every value it yields is one the
 * contract accepts.
 */
export function emitArbitraries(model: DocumentModel): (file: SourceFile) => void {
  return (file) => {
    file.addImportDeclaration({ moduleSpecifier: 'fast-check', defaultImport: 'fc' });
    const typed = [
      ...model.objects.filter((o) => componentName(o) !== undefined).map((o) => o.name),
      ...model.operations.map((op) => op.request.name),
    ];
    file.addImportDeclaration({ moduleSpecifier: './types.js', isTypeOnly: true, namedImports: [...new Set(typed)].sort() });
    const validators = model.operations.filter((op) => hasErrorRules(op.request)).map((op) => `validate${op.request.name}`);
    if (validators.length > 0) file.addImportDeclaration({ moduleSpecifier: './validators.js', namedImports: validators });
    const requests = new Set(model.operations.map((op) => op.request));
    // Added in one call: ts-morph re-parses the file after every insertion.
    file.addVariableStatements(
      [...model.objects, ...requests].map((object) => {
        const isTyped = typed.includes(object.name);
        return {
          isExported: isTyped,
          declarationKind: VariableDeclarationKind.Const,
          declarations: [
            {
              name: arbitraryName(object),
              ...(isTyped ? { type: `fc.Arbitrary<${object.name}>` } : {}),
              initializer: objectArbitrary(object, requests.has(object)),
            },
          ],
        };
      }),
    );
  };
}

function objectArbitrary(object: ObjectSchema, isRequest: boolean): string {
  // A required text is never empty: the validators read an empty one as not supplied.
  const fields = object.properties.map((p) => `${propertyName(p.name)}: ${p.required && p.schema.kind === 'string' && p.schema.enum === undefined ? 'fc.string({ minLength: 1 })' : valueArbitrary(p.schema)}`);
  const required = object.properties.filter((p) => p.required).map((p) => p.name);
  // One field a line, so adding a parameter is a one-line diff.
  const body = fields.length === 0 ? '{}' : `{\n${fields.map((f) => `${f},`).join('\n')}\n}`;
  const record = ts`fc.record(${code(body)}, { requiredKeys: ${required} })`;
  if (!isRequest || !hasErrorRules(object)) return record;
  return ts`${code(record)}.filter((value) => ${code(`validate${object.name}`)}(value).ok)`;
}

function valueArbitrary(schema: SchemaModel): string {
  switch (schema.kind) {
    case 'string':
      return schema.enum === undefined ? 'fc.string()' : ts`fc.constantFrom(...(${schema.enum} as const))`;
    case 'integer':
    case 'number': {
      if (schema.enum !== undefined) return ts`fc.constantFrom(...(${schema.enum} as const))`;
      const bounds = literal({ min: schema.minimum, max: schema.maximum });
      return schema.kind === 'integer' ? `fc.integer(${bounds})` : `fc.double({ ...${bounds}, noNaN: true, noDefaultInfinity: true })`;
    }
    case 'boolean':
      return 'fc.boolean()';
    case 'array':
      return `fc.array(${valueArbitrary(schema.items)}, ${literal({ minLength: schema.minItems, maxLength: schema.maxItems })})`;
    case 'object':
      return arbitraryName(schema);
  }
}

function hasErrorRules(object: ObjectSchema): boolean {
  return object.rules.some((rule) => rule.severity === 'error');
}

export function arbitraryName(object: ObjectSchema): string {
  return lowerFirst(object.name);
}
