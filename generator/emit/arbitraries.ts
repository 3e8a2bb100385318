import { VariableDeclarationKind, type SourceFile } from 'ts-morph';
import { canSendNothing, integerBounds, type ArraySchema, type DocumentModel, type ObjectSchema, type SchemaModel } from '../model.js';
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
    const uses = new Set<string>();
    const statements = objects.map((object) => {
      const { name, type } = arbitraries.get(object)!;
      return {
        isExported: type !== undefined,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [
          {
            name,
            ...(type === undefined ? {} : { type: `fc.Arbitrary<${type}>` }),
            initializer: objectArbitrary({ object, arbitraries, validate: filtered.get(object), scope, uses }),
          },
        ],
      };
    });
    if (uses.size > 0) file.addImportDeclaration({ moduleSpecifier: './runtime/validation.js', namedImports: [...uses].sort() });
    // Added in one call: ts-morph re-parses the file after every insertion.
    file.addVariableStatements(statements);
  };
}

/** The one value of an object without properties: shared by every draw, so frozen, and a test that edits it cannot change the next. */
const EMPTY_OBJECT = 'fc.constant(Object.freeze({}))';

function objectArbitrary({
  object,
  arbitraries,
  validate,
  scope,
  uses,
}: {
  object: ObjectSchema;
  arbitraries: ReadonlyMap<ObjectSchema, { name: string }>;
  /** The request's validator, when cross-field error rules must filter what the fields alone allow. */
  validate: string | undefined;
  scope: Scope;
  /** The runtime helpers the module's arbitraries call, to import. */
  uses: Set<string>;
}): string {
  if (object.properties.length === 0) return EMPTY_OBJECT;
  const fields = object.properties.map((p) => `${propertyName(p.name)}: ${(p.required ? requiredArbitrary : valueArbitrary)({ schema: p.schema, arbitraries, scope, uses })}`);
  const required = object.properties.filter((p) => p.required).map((p) => p.name);
  // One field a line, so adding a parameter is a one-line diff.
  const record = ts`fc.record(${code(`{\n${fields.map((f) => `${f},`).join('\n')}\n}`)}, { requiredKeys: ${required} })`;
  if (validate === undefined) return record;
  const value = code(scope.child().claim('value'));
  return ts`${code(record)}.filter((${value}) => ${code(validate)}(${value}).ok)`;
}

/**
 * A value where one must be supplied: its text is never empty, and it sends at least one query
 * pair, since the validators read an empty text, an empty list or an empty object as not supplied.
 */
function requiredArbitrary({ schema, arbitraries, scope, uses }: { schema: SchemaModel; arbitraries: ReadonlyMap<ObjectSchema, { name: string }>; scope: Scope; uses: Set<string> }): string {
  if (schema.kind === 'string' && schema.enum === undefined) return 'fc.string({ minLength: 1 })';
  if (!canSendNothing(schema)) return valueArbitrary({ schema, arbitraries, scope, uses });
  if (schema.kind === 'array') return itemsArbitrary({ schema, arbitraries, scope, uses, minLength: Math.max(1, schema.minItems ?? 0) });
  uses.add('sendsNothing');
  const value = code(scope.child().claim('value'));
  return ts`${code(valueArbitrary({ schema, arbitraries, scope, uses }))}.filter((${value}) => !sendsNothing(${value}))`;
}

/** One draw in this many is a list at its documented maximum. */
const FULL_LIST_ODDS = 20;

function itemsArbitrary({ schema, arbitraries, scope, uses, minLength }: { schema: ArraySchema; arbitraries: ReadonlyMap<ObjectSchema, { name: string }>; scope: Scope; uses: Set<string>; minLength: number | undefined }): string {
  // An item is as required as a required field.
  const item = requiredArbitrary({ schema: schema.items, arbitraries, scope, uses });
  const { maxItems } = schema;
  const lists = `fc.array(${item}, ${literal({ minLength, maxLength: maxItems })})`;
  if (maxItems === undefined || maxItems === minLength) return lists;
  // fast-check sizes a list by its own small default, not by maxLength (about a dozen items), and
  // fixes that size when the module loads: the documented maximum, the largest request a user's
  // tests should send, would otherwise never be drawn.
  const full = `fc.array(${item}, ${literal({ minLength: maxItems, maxLength: maxItems })})`;
  return `fc.oneof({ arbitrary: ${lists}, weight: ${FULL_LIST_ODDS - 1} }, { arbitrary: ${full}, weight: 1 })`;
}

function valueArbitrary({ schema, arbitraries, scope, uses }: { schema: SchemaModel; arbitraries: ReadonlyMap<ObjectSchema, { name: string }>; scope: Scope; uses: Set<string> }): string {
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
      return itemsArbitrary({ schema, arbitraries, scope, uses, minLength: schema.minItems });
    case 'object':
      return arbitraries.get(schema)?.name ?? EMPTY_OBJECT;
  }
}

function hasErrorRules(object: ObjectSchema): boolean {
  return object.rules.some((rule) => rule.severity === 'error');
}
