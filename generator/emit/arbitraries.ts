import { VariableDeclarationKind } from 'ts-morph';
import type { FileStatements } from '../print.js';
import { ERROR_CODE_FIELD } from '../acs-extensions.js';
import { canSendNothing, integerBounds, type ArraySchema, type DocumentModel, type ObjectSchema, type PropertyModel, type SchemaModel } from '../model.js';
import { code, literal, propertyName, ts } from './code.js';
import { generatedNames, lowerFirst, type Scope } from './names.js';

/**
 * fast-check arbitraries of valid values, for users' own property tests. A request object with
 * cross-field error rules is filtered through its validator, so every value it yields is one the
 * contract accepts.
 */
export function emitArbitraries(model: DocumentModel): (file: FileStatements) => void {
  return (file) => {
    const names = generatedNames(model);
    const scope = names.module();
    const requests = new Map(model.operations.map((op) => [op.request, names.operation(op)]));
    const onWire = reachedFrom([...requests.keys()]);
    // An object without properties has one value, `{}`, written where it is used: it needs a declaration only when it is exported.
    // One that is neither exported nor used by one that is (an inline answer's) would be an unused local.
    const used = reachedFrom([...new Set([...model.objects, ...requests.keys()])].filter((object) => names.objectArbitrary(object) !== undefined));
    const objects = [...new Set([...model.objects, ...requests.keys()])].filter((object) => used.has(object) && (object.properties.length > 0 || names.objectArbitrary(object) !== undefined));
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
    const codes = documentedCodes(model);
    const uses = new Set<string>();
    const texts = { any: scope.claim('text'), nonEmpty: scope.claim('nonEmptyText'), used: new Set<'any' | 'nonEmpty'>() };
    const statements = objects.map((object) => {
      const { name, type } = arbitraries.get(object)!;
      const context: Context = { arbitraries, scope, uses, texts, onWire: onWire.has(object) };
      return {
        isExported: type !== undefined,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [
          {
            name,
            ...(type === undefined ? {} : { type: `fc.Arbitrary<${type}>` }),
            initializer: objectArbitrary({ object, validate: filtered.get(object), codes: codes.get(object), context }),
          },
        ],
      };
    });
    if (uses.size > 0) file.addImportDeclaration({ moduleSpecifier: './runtime/validation.js', namedImports: [...uses].sort() });
    // fast-check's own strings are printable ASCII: the query's percent-encoding of other
    // characters, and UTF-8 past the BMP, would never be drawn.
    const TEXT_DOC = 'Printable ASCII half the time, any Unicode character (no lone surrogate) the other half.';
    const textStatements = [
      ...(texts.used.has('any') ? [{ declarationKind: VariableDeclarationKind.Const, docs: [TEXT_DOC], declarations: [{ name: texts.any, initializer: 'fc.oneof(fc.string(), fc.string({ unit: "binary" }))' }] }] : []),
      ...(texts.used.has('nonEmpty')
        ? [{ declarationKind: VariableDeclarationKind.Const, ...(texts.used.has('any') ? {} : { docs: [TEXT_DOC] }), declarations: [{ name: texts.nonEmpty, initializer: 'fc.oneof(fc.string({ minLength: 1 }), fc.string({ unit: "binary", minLength: 1 }))' }] }]
        : []),
    ];
    file.addVariableStatements([...textStatements, ...statements]);
  };
}

/** What every arbitrary of one object is drawn with. */
interface Context {
  readonly arbitraries: ReadonlyMap<ObjectSchema, { name: string }>;
  readonly scope: Scope;
  /** The runtime helpers the module's arbitraries call, to import. */
  readonly uses: Set<string>;
  /** The module's text arbitraries, declared once if any value is a free text. */
  readonly texts: { readonly any: string; readonly nonEmpty: string; readonly used: Set<'any' | 'nonEmpty'> };
  /**
   * Part of a request, so every value must arrive as drawn: a field that sends no pair (an empty
   * list) would come back absent. An answer is JSON, where `[]`, `{}` and `""` arrive as they are,
   * and are drawn (an empty page of results is an answer the caller's code must handle).
   */
  readonly onWire: boolean;
}

/** The one value of an object without properties: shared by every draw, so frozen, and a test that edits it cannot change the next. */
const EMPTY_OBJECT = 'fc.constant(Object.freeze({}))';
/** An answer's open object that declares no field (a permission failure's detail): any JSON fields. */
const OPEN_OBJECT = 'fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })';
/** One draw in this many of an error body's code is any text: the service may send a code the contract does not list. */
const UNDOCUMENTED_CODE_ODDS = 4;

/** The objects these hold, themselves included (for requests: the values that travel as query pairs). */
function reachedFrom(roots: readonly ObjectSchema[]): Set<ObjectSchema> {
  const reached = new Set<ObjectSchema>();
  const visit = (schema: SchemaModel): void => {
    if (schema.kind === 'array') return visit(schema.items);
    if (schema.kind !== 'object' || reached.has(schema)) return;
    reached.add(schema);
    for (const property of schema.properties) visit(property.schema);
  };
  roots.forEach(visit);
  return reached;
}

/** Each error body's documented codes, of every operation that answers with it, in document order. */
function documentedCodes(model: DocumentModel): Map<ObjectSchema, string[]> {
  const codes = new Map<ObjectSchema, string[]>();
  for (const op of model.operations) {
    if (op.errorSchema === undefined) continue;
    const list = codes.get(op.errorSchema) ?? [];
    for (const error of op.errors) if (!list.includes(error.code)) list.push(error.code);
    codes.set(op.errorSchema, list);
  }
  return codes;
}

function objectArbitrary({ object, validate, codes, context }: {
  object: ObjectSchema;
  /** The request's validator, when cross-field error rules must filter what the fields alone allow. */
  validate: string | undefined;
  /** For an error body: the codes its Code field is mostly drawn from, so tests meet the documented errors. */
  codes: readonly string[] | undefined;
  context: Context;
}): string {
  if (object.properties.length === 0) return emptyObject(object, context);
  const field = (p: PropertyModel): string => {
    const value = (!context.onWire ? valueArbitrary : p.required ? requiredArbitrary : sendingArbitrary)(p.schema, context);
    if (p.name !== ERROR_CODE_FIELD || codes === undefined || codes.length === 0 || p.schema.kind !== 'string' || p.schema.enum !== undefined) return value;
    return ts`fc.oneof({ arbitrary: fc.constantFrom(...(${codes} as const)), weight: ${UNDOCUMENTED_CODE_ODDS - 1} }, { arbitrary: ${code(value)}, weight: 1 })`;
  };
  const fields = object.properties.map((p) => `${propertyName(p.name)}: ${field(p)}`);
  const required = object.properties.filter((p) => p.required).map((p) => p.name);
  // One field a line, so adding a parameter is a one-line diff.
  const record = ts`fc.record(${code(`{\n${fields.map((f) => `${f},`).join('\n')}\n}`)}, { requiredKeys: ${required} })`;
  if (validate === undefined) return record;
  const value = code(context.scope.child().claim('value'));
  return ts`${code(record)}.filter((${value}) => ${code(validate)}(${value}).ok)`;
}

function emptyObject(object: ObjectSchema, context: Context): string {
  return object.closed || context.onWire ? EMPTY_OBJECT : OPEN_OBJECT;
}

/**
 * A value where one must be supplied: its text is never empty, and it sends at least one query
 * pair, since the validators read an empty text, an empty list or an empty object as not supplied.
 */
function requiredArbitrary(schema: SchemaModel, context: Context): string {
  if (schema.kind === 'string' && schema.enum === undefined) return textArbitrary({ context, nonEmpty: true });
  return sendingArbitrary(schema, context);
}

/** A value that sends at least one query pair; an empty text sends one (`Name=`). */
function sendingArbitrary(schema: SchemaModel, context: Context): string {
  if (!canSendNothing(schema)) return valueArbitrary(schema, context);
  if (schema.kind === 'array') return itemsArbitrary({ schema, context, minLength: Math.max(1, schema.minItems ?? 0) });
  context.uses.add('sendsNothing');
  const value = code(context.scope.child().claim('value'));
  return ts`${code(valueArbitrary(schema, context))}.filter((${value}) => !sendsNothing(${value}))`;
}

/** One draw in this many is a list at its documented maximum. */
const FULL_LIST_ODDS = 20;

function itemsArbitrary({ schema, context, minLength }: { schema: ArraySchema; context: Context; minLength: number | undefined }): string {
  // On the wire an item is as required as a required field (an empty one is a gap in the
  // numbering); an answer's list, never flattened, may hold any item its schema allows.
  const item = context.onWire ? requiredArbitrary(schema.items, context) : valueArbitrary(schema.items, context);
  const { maxItems } = schema;
  const lists = `fc.array(${item}, ${literal({ minLength, maxLength: maxItems })})`;
  if (maxItems === undefined || maxItems === minLength) return lists;
  // fast-check sizes a list by its own small default, not by maxLength (about a dozen items), and
  // fixes that size when the module loads: the documented maximum, the largest request a user's
  // tests should send, would otherwise never be drawn.
  const full = `fc.array(${item}, ${literal({ minLength: maxItems, maxLength: maxItems })})`;
  return `fc.oneof({ arbitrary: ${lists}, weight: ${FULL_LIST_ODDS - 1} }, { arbitrary: ${full}, weight: 1 })`;
}

function valueArbitrary(schema: SchemaModel, context: Context): string {
  switch (schema.kind) {
    case 'string':
      return schema.enum === undefined ? textArbitrary({ context, nonEmpty: false }) : ts`fc.constantFrom(...(${schema.enum} as const))`;
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
      return itemsArbitrary({ schema, context, minLength: schema.minItems });
    case 'object':
      return context.arbitraries.get(schema)?.name ?? emptyObject(schema, context);
  }
}

function textArbitrary({ context, nonEmpty }: { context: Context; nonEmpty: boolean }): string {
  context.texts.used.add(nonEmpty ? 'nonEmpty' : 'any');
  return nonEmpty ? context.texts.nonEmpty : context.texts.any;
}

function hasErrorRules(object: ObjectSchema): boolean {
  return object.rules.some((rule) => rule.severity === 'error');
}
