import { VariableDeclarationKind, type SourceFile } from 'ts-morph';
import { integerBounds, type DocumentModel, type ObjectSchema, type SchemaModel } from '../model.js';
import { code, literal, propertyName, ts } from './code.js';
import { generatedNames, lowerFirst, type Scope } from './names.js';

/**
 * fast-check arbitraries of valid values, for users' own property tests. A request object with
 * cross-field error rules is filtered through its validator, so every value it yields is one the
 * contract accepts.
 */
export function emitArbitraries(model: DocumentModel): (file: SourceFile) => void {
  return (file) => {
    const names = generatedNames(model);
    const scope = names.module();
    const requests = new Map(model.operations.map((op) => [op.request, names.operation(op)]));
    // An object without properties has one value, `{}`, written where it is used: it needs a declaration only when it is exported.
    const objects = [...new Set([...model.objects, ...requests.keys()])].filter((object) => object.properties.length > 0 || names.objectArbitrary(object) !== undefined);
    const arbitraries = new Map<ObjectSchema, { name: string; type: string | undefined }>();
    for (const object of objects) {
      const exported = names.objectArbitrary(object);
      arbitraries.set(object, { name: exported ?? scope.claim(lowerFirst(object.name)), type: exported === undefined ? undefined : names.objectType(object) });
    }
    file.addImportDeclaration({ moduleSpecifier: 'fast-check', defaultImport: 'fc' });
    const types = [...new Set([...arbitraries.values()].flatMap(({ type }) => (type === undefined ? [] : [type])))].sort();
    file.addImportDeclaration({ moduleSpecifier: './types.js', isTypeOnly: true, namedImports: types });
    const filtered = new Map([...requests].filter(([object]) => hasErrorRules(object)).map(([object, op]) => [object, op.validateRequest]));
    if (filtered.size > 0) file.addImportDeclaration({ moduleSpecifier: './validators.js', namedImports: [...filtered.values()] });
    // Added in one call: ts-morph re-parses the file after every insertion.
    file.addVariableStatements(
      objects.map((object) => {
        const { name, type } = arbitraries.get(object)!;
        return {
          isExported: type !== undefined,
          declarationKind: VariableDeclarationKind.Const,
          declarations: [
            {
              name,
              ...(type === undefined ? {} : { type: `fc.Arbitrary<${type}>` }),
              initializer: objectArbitrary({ object, arbitraries, validate: filtered.get(object), scope }),
            },
          ],
        };
      }),
    );
  };
}

/** The one value of an object without properties: shared by every draw, so frozen, and a test that edits it cannot change the next. */
const EMPTY_OBJECT = 'fc.constant(Object.freeze({}))';

function objectArbitrary({
  object,
  arbitraries,
  validate,
  scope,
}: {
  object: ObjectSchema;
  arbitraries: ReadonlyMap<ObjectSchema, { name: string }>;
  /** The request's validator, when cross-field error rules must filter what the fields alone allow. */
  validate: string | undefined;
  scope: Scope;
}): string {
  if (object.properties.length === 0) return EMPTY_OBJECT;
  const fields = object.properties.map((p) => `${propertyName(p.name)}: ${(p.required ? requiredArbitrary : valueArbitrary)({ schema: p.schema, arbitraries })}`);
  const required = object.properties.filter((p) => p.required).map((p) => p.name);
  // One field a line, so adding a parameter is a one-line diff.
  const record = ts`fc.record(${code(`{\n${fields.map((f) => `${f},`).join('\n')}\n}`)}, { requiredKeys: ${required} })`;
  if (validate === undefined) return record;
  const value = code(scope.child().claim('value'));
  return ts`${code(record)}.filter((${value}) => ${code(validate)}(${value}).ok)`;
}

/** A value where one must be supplied: its text is never empty, since the validators read an empty one as not supplied. */
function requiredArbitrary({ schema, arbitraries }: { schema: SchemaModel; arbitraries: ReadonlyMap<ObjectSchema, { name: string }> }): string {
  return schema.kind === 'string' && schema.enum === undefined ? 'fc.string({ minLength: 1 })' : valueArbitrary({ schema, arbitraries });
}

function valueArbitrary({ schema, arbitraries }: { schema: SchemaModel; arbitraries: ReadonlyMap<ObjectSchema, { name: string }> }): string {
  switch (schema.kind) {
    case 'string':
      return schema.enum === undefined ? 'fc.string()' : ts`fc.constantFrom(...(${schema.enum} as const))`;
    case 'integer':
    case 'number': {
      if (schema.enum !== undefined) return ts`fc.constantFrom(...(${schema.enum} as const))`;
      if (schema.kind === 'number') return `fc.double({ ...${literal({ min: schema.minimum, max: schema.maximum })}, noNaN: true, noDefaultInfinity: true })`;
      // fast-check's own integer bounds are 32-bit: an open side would leave part of the range
      // undrawn, and a bound past 2^31 beside an open side would throw when the module loads.
      const { minimum, maximum } = integerBounds(schema);
      return `fc.integer(${literal({ min: minimum, max: maximum })})`;
    }
    case 'boolean':
      return 'fc.boolean()';
    case 'array':
      // An item is as required as a required field.
      return `fc.array(${requiredArbitrary({ schema: schema.items, arbitraries })}, ${literal({ minLength: schema.minItems, maxLength: schema.maxItems })})`;
    case 'object':
      return arbitraries.get(schema)?.name ?? EMPTY_OBJECT;
  }
}

function hasErrorRules(object: ObjectSchema): boolean {
  return object.rules.some((rule) => rule.severity === 'error');
}
