import { StructureKind, VariableDeclarationKind, type FunctionDeclarationStructure, type VariableStatementStructure } from 'ts-morph';
import type { FileStatements } from '../print.js';
import { canSendNothing, integerBounds, type DocumentModel, type ObjectSchema, type OperationModel, type RuleModel, type SchemaModel } from '../model.js';
import { Code, code, docText, lineComment, literal, objectLiteral, ts } from './code.js';
import { generatedNames, identifierPart, lowerFirst, upperFirst, type GeneratedNames, type Scope } from './names.js';

/**
 * One `check<Name>` function per object schema that has something to check. Each value is tested
 * inline, with the spec's limits written in as literals, and the runtime `Checker` is called only
 * to report what is wrong: a valid request costs no call, no allocation and no string beyond its result.
 */
export function emitValidators(model: DocumentModel): (file: FileStatements) => void {
  return (file) => {
    const names = generatedNames(model);
    const constants = new Constants(names.module());
    // A module constant, so testing each key costs no lookup of the method on the prototype.
    constants.addExpression({ name: code('hasOwnProperty'), initializer: 'Object.prototype.hasOwnProperty' });
    const checks = planChecks({ model, names, constants });
    for (const [object, check] of checks) if (check.name !== undefined) addCheckFunction({ object, check, checks, constants });
    const declaredBodies = new Set<ObjectSchema>();
    for (const op of model.operations) addOperationValidators({ op, operations: model.operations, names, checks, constants, declaredBodies });
    file.addImportDeclaration({
      moduleSpecifier: './runtime/validation.js',
      namedImports: [...constants.runtimeNames(), 'type AnswerCode', 'type ValidationResult', 'type ViolationCatalog'],
    });
    file.addImportDeclaration({ moduleSpecifier: './errors.js', namedImports: ['ERRORS'] });
    file.addImportDeclaration({ moduleSpecifier: './types.js', isTypeOnly: true, namedImports: typeImports({ model, names }) });
    file.addExportDeclaration({
      moduleSpecifier: './runtime/validation.js',
      namedExports: ['ANSWER_CODE', 'formatIssues', 'type Accepted', 'type AnswerCode', 'type ValidationIssue', 'type ValidationResult', 'type ValidationWarning'],
    });
    constants.writeTo(file);
  };
}

function typeImports({ model, names }: { model: DocumentModel; names: GeneratedNames }): string[] {
  const types = new Set<string>(['ErrorCode']);
  for (const op of model.operations) {
    const { requestType, responseType } = names.operation(op);
    types.add(requestType);
    types.add(responseType);
    const body = names.errorBody(op);
    if (body !== undefined) types.add(body.type);
  }
  return [...types].sort();
}

/**
 * How the checks of one object read a required value that is there but carries nothing, in the
 * readings that reach it. A request travels as query pairs: a list or object holding nothing sends
 * no pair, and a text sent empty is not supplied when its operation's
 * `x-acs-violations.missing.emptyTextIsMissing` says so. An answer is JSON, where `[]`, `{}` and `""`
 * are values like any other (an empty page of results is an answer, not a broken one).
 * - `missing`: every reading that reaches the object counts it as not supplied;
 * - `present`: none does;
 * - `operation`: the object is shared by readings that differ, so the check asks the checker.
 */
type Reading = 'missing' | 'present' | 'operation';

interface CheckPlan {
  /** Undefined when the object has nothing to check (open, no properties, no rules): no function is emitted for it. */
  readonly name: Code | undefined;
  /** A required text sent empty. */
  readonly emptyText: Reading;
  /**
   * A required list or object that holds nothing the wire would carry, and a field set to null:
   * a request leaves both out of the query (null as undefined, the wire reference's rule), so
   * both are absent there; in an answer each is a JSON value of its own.
   */
  readonly sendsNothing: Reading;
  /** Names unknown keys in the request's terms: the operation for a request, the object's name otherwise. */
  readonly owner: string;
}

/** How one validator reads what reaches it: a request (and how it reads empty text) or an answer. */
type Reader = 'request, empty text missing' | 'request' | 'answer';

function reading({ seen, missing }: { seen: ReadonlySet<Reader>; missing: (reader: Reader) => boolean }): Reading {
  const verdicts = new Set([...seen].map(missing));
  return verdicts.size === 2 ? 'operation' : verdicts.has(true) ? 'missing' : 'present';
}

/**
 * The check functions the validators use, in the order they are written (named objects in document
 * order, then each request), each with how it reads empty values. Their names are claimed before any
 * function body is written, so no local can take one.
 */
function planChecks({ model, names, constants }: { model: DocumentModel; names: GeneratedNames; constants: Constants }): Map<ObjectSchema, CheckPlan> {
  const readings = new Map<ObjectSchema, Set<Reader>>();
  const reach = (schema: SchemaModel, reader: Reader): void => {
    if (schema.kind === 'array') return reach(schema.items, reader);
    if (schema.kind !== 'object') return;
    const seen = readings.get(schema) ?? new Set();
    if (seen.has(reader)) return;
    readings.set(schema, seen.add(reader));
    for (const property of schema.properties) reach(property.schema, reader);
  };
  for (const op of model.operations) {
    reach(op.request, op.emptyTextIsMissing ? 'request, empty text missing' : 'request');
    reach(op.success.schema, 'answer');
    if (op.errorSchema !== undefined && names.errorBody(op) !== undefined) reach(op.errorSchema, 'answer');
  }
  const requests = new Map(model.operations.map((op) => [op.request, op.operationId]));
  const plans = new Map<ObjectSchema, CheckPlan>();
  // Any object reached that the model does not list comes last, so none goes unchecked.
  for (const object of [...model.objects, ...requests.keys(), ...readings.keys()]) {
    const seen = readings.get(object);
    if (seen === undefined || plans.has(object)) continue;
    const name = hasChecks(object) ? constants.claim(`check${object.name}`) : undefined;
    plans.set(object, {
      name,
      emptyText: reading({ seen, missing: (reader) => reader === 'request, empty text missing' }),
      sendsNothing: reading({ seen, missing: (reader) => reader !== 'answer' }),
      owner: requests.get(object) ?? object.name,
    });
  }
  return plans;
}

function hasChecks(object: ObjectSchema): boolean {
  return object.closed || object.properties.length > 0 || object.rules.length > 0;
}

/**
 * The file's top-level statements, in order: limits and enum sets as module constants (so a check
 * allocates nothing per call) and the functions that use them, in the order they are made.
 */
class Constants {
  constructor(readonly scope: Scope) {}

  private readonly statements: (VariableStatementStructure | FunctionDeclarationStructure)[] = [];
  private readonly runtime = new Set<string>(['Checker', 'runValidation']);

  private enumerableTest: Code | undefined;

  /** A unique top-level name for this module, from the names authority. */
  claim(preferred: string): Code {
    return code(this.scope.claim(preferred));
  }

  /** `Object.prototype.propertyIsEnumerable`, declared the first time an open object needs it. */
  propertyIsEnumerable(): Code {
    return (this.enumerableTest ??= this.addExpression({ name: code('propertyIsEnumerable'), initializer: 'Object.prototype.propertyIsEnumerable' }));
  }

  /** A runtime export the generated code uses; only those are imported. */
  use(name: string): Code {
    this.runtime.add(name);
    return code(name);
  }

  runtimeNames(): string[] {
    return [...this.runtime].sort();
  }

  /** An issue site, made once when the module loads (see IssueSite in the runtime). */
  site({ preferred, factory, input }: { preferred: string; factory: string; input: Record<string, unknown> }): Code {
    return this.addExpression({ name: this.claim(preferred), initializer: `${this.use(factory).text}(${objectLiteral(input)})` });
  }

  add(preferred: string, value: unknown): Code {
    return this.addExpression({ name: this.claim(preferred), initializer: `${literal(value)} as const` });
  }

  addExpression({ name, initializer, type, isExported = false }: { name: Code; initializer: string; type?: string; isExported?: boolean }): Code {
    this.statements.push({
      kind: StructureKind.VariableStatement,
      isExported,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: name.text, initializer, ...(type === undefined ? {} : { type }) }],
    });
    return name;
  }

  addFunction(structure: Omit<FunctionDeclarationStructure, 'kind'> & { name: string }): void {
    this.statements.push({ ...structure, kind: StructureKind.Function });
  }

  writeTo(file: FileStatements): void {
    file.addStatements(this.statements);
  }
}

/** What the code inside one check function refers to: its own parameters and locals, and the module's constants. */
interface Body {
  readonly c: Code;
  readonly record: Code;
  readonly scope: Scope;
  readonly emptyText: Reading;
  readonly sendsNothing: Reading;
  readonly checks: ReadonlyMap<ObjectSchema, CheckPlan>;
  readonly constants: Constants;
}

/** An enum this long or shorter is tested with `!==` chains; a longer one with `includes`. */
const INLINE_ENUM_VALUES = 8;

function addCheckFunction({ object, check, checks, constants }: { object: ObjectSchema; check: CheckPlan; checks: ReadonlyMap<ObjectSchema, CheckPlan>; constants: Constants }): void {
  const scope = constants.scope.child();
  // The fixed names first: a parameter added later that wants one of them is the one renamed.
  const c = code(scope.claim('c'));
  const record = code(scope.claim('record'));
  const key = object.closed ? code(scope.claim('key')) : undefined;
  // Each value's local is named after its parameter, so adding one renames nothing else.
  const locals = new Map(object.properties.map((property) => [property.name, code(scope.claim(lowerFirst(identifierPart(property.name))))]));
  const body: Body = { c, record, scope, emptyText: check.emptyText, sendsNothing: check.sendsNothing, checks, constants };
  const statements: string[] = key === undefined ? [] : closedReads({ object, check, locals, key, body });
  for (const property of object.properties) {
    const name = literal(property.name);
    const value = locals.get(property.name)!;
    // A parameter is an own enumerable property, as for the codec, JSON and spread: a closed object's
    // were all read by its `for…in` pass.
    if (key === undefined) statements.push(ts`const ${value} = ${constants.propertyIsEnumerable()}.call(${record}, ${code(name)}) ? ${record}[${code(name)}] : undefined;`);
    statements.push(
      ...valueCheck({
        schema: property.schema,
        value,
        place: { property: property.name },
        required: property.required,
        sitePrefix: `${object.name}${identifierPart(property.name)}`,
        body,
      }),
    );
  }
  for (const rule of object.rules) {
    const constant = constants.add(`${object.name}${identifierPart(rule.parameter)}${upperFirst(rule.rule)}`, ruleConstant(rule));
    statements.push(lineComment(rule.why), ruleCheck({ rule, locals, constant, c, nullValue: check.sendsNothing }));
  }
  constants.addFunction({
    name: check.name!.text,
    docs: object.description === undefined ? [] : [docText(object.description)],
    parameters: [
      { name: c.text, type: 'Checker' },
      { name: record.text, type: 'Record<string, unknown>' },
    ],
    returnType: 'void',
    statements: statements.join('\n'),
  });
}

/**
 * A closed object's own keys in one pass: each known key's value is read into its local (V8 reads
 * `record[key]` inside `for…in` straight from the object's layout), each other key with a value is
 * an issue. The values are checked afterwards, in the spec's order. Where null is not sent (a
 * request), an optional property or an unknown key holding it is noted, so that a valid input comes
 * back without it (runValidation), as the wire carries it; a required one is missing anyway. Only
 * null is looked for: `=== null` costs the 1,000-item walk nothing measurable, `== null` about 6 %.
 */
function closedReads({ object, check, locals, key, body }: { object: ObjectSchema; check: CheckPlan; locals: ReadonlyMap<string, Code>; key: Code; body: Body }): string[] {
  const { c, record, constants } = body;
  const owner = check.owner;
  // Undefined (and, in a request, null) is not sent, so an unknown key holding it is no mistake.
  const sent = isSent({ value: code(ts`${record}[${key}]`), nullValue: check.sendsNothing, c });
  const keys = constants.addExpression({
    name: constants.claim(`${object.name}Keys`),
    type: 'ReadonlySet<string>',
    // One name a line, so adding a parameter is a one-line diff.
    initializer: `new Set([\n${object.properties.map((p) => `${literal(p.name)},`).join('\n')}\n])`,
  });
  const notesNull = check.sendsNothing !== 'present';
  const cases = object.properties.flatMap((property) => {
    const local = locals.get(property.name)!;
    const read = ts`${local} = ${record}[${key}];`;
    return [ts`case ${property.name}:`, read, ...(notesNull && !property.required ? [ts`if (${local} === null) ${c}.holdsAbsent = true;`] : []), 'continue;'];
  });
  return [
    ...object.properties.map((property) => ts`let ${locals.get(property.name)!}: unknown;`),
    ts`for (const ${key} in ${record}) {`,
    ts`if (!hasOwnProperty.call(${record}, ${key})) continue;`,
    ...(cases.length === 0 ? [] : [ts`switch (${key}) {`, ...cases, '}']),
    ts`if (${code(sent)}) ${c}.unknownKey(${code(objectLiteral({ key, known: keys, owner }))});`,
    ...(notesNull ? [ts`else ${c}.holdsAbsent = true;`] : []),
    '}',
  ];
}

/**
 * Whether a value is sent: undefined never is, and in a request neither is null, which the query
 * leaves out as it leaves out undefined. Tested where each value is first looked at rather than
 * normalised as it is read, which cost the 1,000-item walk a tenth of its speed.
 */
function isSent({ value, nullValue, c }: { value: Code; nullValue: Reading; c: Code }): string {
  if (nullValue === 'present') return ts`${value} !== undefined`;
  return nullValue === 'missing' ? ts`${value} != null` : ts`${value} !== undefined && (${value} !== null || !${c}.judgesRequest)`;
}

function isUnsent({ value, nullValue, c }: { value: Code; nullValue: Reading; c: Code }): string {
  if (nullValue === 'present') return ts`${value} === undefined`;
  return nullValue === 'missing' ? ts`${value} == null` : ts`(${value} === undefined || (${value} === null && ${c}.judgesRequest))`;
}

/** Where a value sits in its parent: a named property, or an item of a list at a loop index. */
type Place = { readonly property: string } | { readonly index: Code };

/**
 * The tests of one value, most basic first, each reporting and stopping the chain: missing, then
 * the type, then limits; lists and objects are walked only when sound (a million items never are).
 */
function valueCheck({ schema, value, place, required, sitePrefix, body }: { schema: SchemaModel; value: Code; place: Place; required: boolean; sitePrefix: string; body: Body }): string[] {
  const sites = new Sites({ place, sitePrefix, body });
  // Declared before the others, so the module lists a value's sites in the order they are tested.
  const missing = required ? sites.report('Missing', 'missingSite') : undefined;
  const links = tests({ schema, value, sites, sitePrefix, body });
  // A null field is left out of the query; a null item cannot be (the items after it would be renumbered), so it is a wrong value.
  const nullValue: Reading = 'property' in place ? body.sendsNothing : 'present';
  if (missing !== undefined) return [`if (${absent({ value, schema, body, nullValue })}) ${missing}`, ...links.flatMap((link) => chained(link, 'else '))];
  const [first, ...rest] = links;
  const sent = isSent({ value, nullValue, c: body.c });
  if (first !== undefined && 'test' in first && rest.length === 0) return [`if (${sent} && ${grouped(first.test)}) ${first.action}`];
  return [`if (${sent}) {`, ...links.flatMap((link, index) => chained(link, index === 0 ? '' : 'else ')), '}'];
}

/** The test that a required value is not supplied: a text can be sent empty, and a list or object can send nothing at all. */
function absent({ value, schema, body, nullValue }: { value: Code; schema: SchemaModel; body: Body; nullValue: Reading }): string {
  const { c, constants } = body;
  const unsent = isUnsent({ value, nullValue, c });
  if (canSendNothing(schema)) {
    if (body.sendsNothing === 'present') return unsent;
    const nothing = ts`${constants.use('sendsNothing')}(${value})`;
    return body.sendsNothing === 'missing' ? `${unsent} || ${nothing}` : ts`${code(unsent)} || (${c}.judgesRequest && ${code(nothing)})`;
  }
  // A list held to items of its own still sends nothing when it has none: on the wire that is the
  // list left out, as the decoder and the strict mock read it, not a list of the wrong size.
  if (schema.kind === 'array' && body.sendsNothing !== 'present') {
    const empty = ts`(Array.isArray(${value}) && ${value}.length === 0)`;
    return body.sendsNothing === 'missing' ? `${unsent} || ${empty}` : ts`${code(unsent)} || (${c}.judgesRequest && ${code(empty)})`;
  }
  if (schema.kind !== 'string' || body.emptyText === 'present') return unsent;
  if (body.emptyText === 'missing') return ts`${code(unsent)} || ${value} === ""`;
  return ts`${code(unsent)} || (${value} === "" && ${c}.emptyTextIsMissing)`;
}

/**
 * The issue sites of one value, declared as module constants the first time a test needs them; a
 * report names its site, and an item of a list adds its index.
 */
class Sites {
  constructor(private readonly at: { place: Place; sitePrefix: string; body: Body }) {}

  /** The key a walk enters: the property's name, or the item's index. */
  get key(): string {
    const { place } = this.at;
    return 'property' in place ? literal(place.property) : place.index.text;
  }

  /** The statement that reports a violation at the site `<sitePrefix><suffix>`, declared with `factory(input)`. */
  report(suffix: string, factory: string, input: Record<string, unknown> = {}): string {
    const { place, sitePrefix, body } = this.at;
    const site = body.constants.site({ preferred: `${sitePrefix}${suffix}`, factory, input: 'property' in place ? { key: place.property, ...input } : input });
    return 'property' in place ? ts`${body.c}.report(${site});` : ts`${body.c}.reportItem(${site}, ${place.index});`;
  }
}

/** One step of a value's tests: a test and the report it makes, or (last) the walk into a sound value. */
type Link = { readonly test: string; readonly action: string } | { readonly block: readonly string[] };

function chained(link: Link, prefix: string): string[] {
  if ('test' in link) return [`${prefix}if (${link.test}) ${link.action}`];
  const [open = '{', ...rest] = link.block;
  return [`${prefix}${open}`, ...rest];
}

function grouped(test: string): string {
  return test.includes('||') ? `(${test})` : test;
}

function tests({ schema, value, sites, sitePrefix, body }: { schema: SchemaModel; value: Code; sites: Sites; sitePrefix: string; body: Body }): Link[] {
  const { c, constants } = body;
  const wrongType = (type: string): string => sites.report('Type', 'typeSite', { type });
  switch (schema.kind) {
    case 'string':
    case 'integer':
    case 'number': {
      if (schema.enum !== undefined) return enumTests({ type: schema.kind, values: schema.enum, value, sites, constant: `${sitePrefix}Values`, constants });
      const typeLink = { test: typeTest(schema.kind, value), action: wrongType(schema.kind) };
      if (schema.kind === 'string') return [typeLink];
      // Integers are always bounded: 2^53 + 2 is out of range, with bounds a caller can act on, not "not an integer".
      const { minimum, maximum } = schema.kind === 'integer' ? integerBounds(schema) : schema;
      const outside = [minimum === undefined ? undefined : ts`${value} < ${minimum}`, maximum === undefined ? undefined : ts`${value} > ${maximum}`].filter((test) => test !== undefined);
      if (outside.length === 0) return [typeLink];
      const what = schema.kind === 'integer' ? 'an integer' : 'a number';
      return [typeLink, { test: outside.join(' || '), action: sites.report('Range', 'rangeSite', { limits: { minimum, maximum }, what }) }];
    }
    case 'boolean':
      return [{ test: ts`typeof ${value} !== "boolean"`, action: wrongType('boolean') }];
    case 'object': {
      const typeLink = { test: ts`!${constants.use('isRecord')}(${value})`, action: wrongType('object') };
      const plan = body.checks.get(schema);
      if (plan === undefined) throw new Error(`no check planned for ${schema.pointer}: every object a validator reaches is planned`);
      const check = plan.name;
      // An open object with nothing declared is sound as soon as it is an object.
      if (check === undefined) return [typeLink];
      return [typeLink, { block: ['{', ts`${c}.enter(${code(sites.key)});`, ts`${check}(${c}, ${value});`, ts`${c}.leave();`, '}'] }];
    }
    case 'array': {
      const { minItems, maxItems } = schema;
      const outside = [
        minItems === undefined ? undefined : ts`${value}.length < ${minItems}`,
        maxItems === undefined ? undefined : ts`${value}.length > ${maxItems}`,
      ].filter((test) => test !== undefined);
      // Named after the list they walk, in a block of their own: a sibling list reuses nothing, and no parameter's local moves.
      const block = body.scope.child();
      const index = code(block.claim(`${value.text}Index`));
      const item = code(block.claim(`${value.text}Item`));
      return [
        { test: ts`!Array.isArray(${value})`, action: wrongType('list') },
        ...(outside.length === 0 ? [] : [{ test: outside.join(' || '), action: sites.report('Size', 'sizeSite', { limits: { minItems, maxItems } }) }]),
        {
          block: [
            '{',
            ts`${c}.enter(${code(sites.key)});`,
            ts`for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`,
            // Read as the codec sends it (`forEach` visits what `in` finds): a hole is missing, an inherited index is sent.
            ts`const ${item}: unknown = ${value}[${index}];`,
            ...valueCheck({ schema: schema.items, value: item, place: { index }, required: true, sitePrefix: `${sitePrefix}Item`, body: { ...body, scope: block } }),
            '}',
            ts`${c}.leave();`,
            '}',
          ],
        },
      ];
    }
  }
}

/** The type is tested first, so `"3"` for an integer enum is a wrong type, not a wrong value. */
/** The type test is the schema's own: `type: number` with `enum: [1, 2.5]` takes 2.5. */
function enumTests({ type, values, value, sites, constant, constants }: { type: 'string' | 'integer' | 'number'; values: readonly (string | number)[]; value: Code; sites: Sites; constant: string; constants: Constants }): Link[] {
  const inline = values.length <= INLINE_ENUM_VALUES;
  const allowed = inline ? values : constants.addExpression({ name: constants.claim(constant), type: `readonly ${type === 'string' ? 'string' : 'number'}[]`, initializer: literal(values) });
  const outside = inline ? values.map((v) => ts`${value} !== ${v}`).join(' && ') : ts`!${allowed}.includes(${value})`;
  return [
    { test: typeTest(type, value), action: sites.report('Type', 'typeSite', { type }) },
    { test: outside, action: sites.report('Enum', 'enumSite', { values: allowed }) },
  ];
}

function typeTest(type: 'string' | 'integer' | 'number', value: Code): string {
  if (type === 'string') return ts`typeof ${value} !== "string"`;
  if (type === 'integer') return ts`typeof ${value} !== "number" || !Number.isInteger(${value})`;
  return ts`typeof ${value} !== "number" || !Number.isFinite(${value})`;
}

/** What the runtime needs to word a rule's issue or warning, hoisted so a check allocates nothing. */
function ruleConstant(rule: RuleModel): Record<string, unknown> {
  switch (rule.rule) {
    case 'notGreaterThan':
      return { parameter: rule.parameter, than: rule.than, code: rule.code };
    case 'effectiveOnlyWhen':
      return { parameter: rule.parameter, when: rule.when.parameter, equals: rule.when.equals, default: rule.when.default, code: rule.code };
    case 'ignoredWhenPresent':
      return { parameter: rule.parameter, present: rule.present, code: rule.code };
  }
}

/** A cross-field rule over the values already read; the runtime words the issue or warning. */
function ruleCheck({ rule, locals, constant, c, nullValue }: { rule: RuleModel; locals: ReadonlyMap<string, Code>; constant: Code; c: Code; nullValue: Reading }): string {
  const value = (name: string): Code => locals.get(name)!;
  const sent = (name: string): Code => code(isSent({ value: value(name), nullValue, c }));
  const subject = value(rule.parameter);
  switch (rule.rule) {
    case 'notGreaterThan': {
      const other = value(rule.than);
      // `!(a <= b)` rather than `a > b`: NaN compares false both ways and must still be reported.
      return ts`if (typeof ${subject} === "number" && typeof ${other} === "number" && !(${subject} <= ${other})) ${c}.notGreaterThan({ rule: ${constant}, value: ${subject}, other: ${other} });`;
    }
    case 'effectiveOnlyWhen': {
      const when = value(rule.when.parameter);
      const actual = rule.when.default === undefined ? when : code(ts`(${when} ?? ${rule.when.default})`);
      return ts`if (${sent(rule.parameter)} && ${actual} !== ${rule.when.equals}) ${c}.effectiveOnlyWhen(${constant}, ${when});`;
    }
    case 'ignoredWhenPresent':
      return ts`if (${sent(rule.parameter)} && ${sent(rule.present)}) ${c}.ignoredWhenPresent(${constant});`;
  }
}

function addOperationValidators({
  op,
  operations,
  names,
  checks,
  constants,
  declaredBodies,
}: {
  op: OperationModel;
  /** All of the document's: an error body may be shared. */
  operations: readonly OperationModel[];
  names: GeneratedNames;
  checks: ReadonlyMap<ObjectSchema, CheckPlan>;
  constants: Constants;
  /** Error bodies whose validator an earlier operation declared. */
  declaredBodies: Set<ObjectSchema>;
}): void {
  const operation = names.operation(op);
  const validator = ({ name, catalog, type, codeType, object, doc }: { name: string; catalog: Code; type: string; codeType: string; object: ObjectSchema; doc: string }): void => {
    const scope = constants.scope.child();
    const input = code(scope.claim('input'));
    const check = checks.get(object)?.name;
    constants.addFunction({
      name,
      isExported: true,
      docs: [docText(doc)],
      parameters: [{ name: input.text, type: 'unknown' }],
      returnType: `ValidationResult<${type}, ${codeType}>`,
      // An object with nothing declared to check has no check: it is valid as soon as it is an object.
      statements: [ts`return runValidation(${code(objectLiteral({ input, catalog, check }))});`],
    });
  };
  // The catalogs are exported and decide the codes every issue carries: frozen, like ERRORS.
  const violations = constants.addExpression({ name: constants.claim(`${op.operationId}Violations`), initializer: `Object.freeze(${literal(op.violations)} as const)` });
  const requestCatalog = constants.addExpression({
    name: code(operation.requestCatalog),
    type: 'ViolationCatalog<ErrorCode>',
    initializer: `Object.freeze(${objectLiteral({ judges: 'request', subject: `${op.operationId} request`, codes: violations, errors: code('ERRORS'), emptyTextIsMissing: op.emptyTextIsMissing })})`,
    isExported: true,
  });
  validator({
    name: operation.validateRequest,
    catalog: requestCatalog,
    type: operation.requestType,
    codeType: 'ErrorCode',
    object: op.request,
    doc: `Checks a request to ${op.operationId} against every documented constraint. Returns all issues, each with the error code the service would answer; never throws.`,
  });
  validator({
    name: operation.validateResponse,
    catalog: answerCatalog({ name: operation.responseCatalog, subject: `${op.operationId} response`, constants }),
    type: operation.responseType,
    codeType: 'AnswerCode',
    object: op.success.schema,
    doc: `Checks a ${op.success.httpStatus} body of ${op.operationId} against the contract. Each issue is a field of the answer, with the code InvalidResponse.`,
  });
  const body = names.errorBody(op);
  // The first operation that answers with this body declares its validator; the others share it.
  if (op.errorSchema !== undefined && body !== undefined && !declaredBodies.has(op.errorSchema)) {
    declaredBodies.add(op.errorSchema);
    // A body several operations answer with is judged for all of them: its messages name none.
    const sharers = operations.filter((other) => other.errorSchema === op.errorSchema).map((other) => other.operationId);
    const shared = sharers.length > 1;
    validator({
      name: body.validate,
      catalog: answerCatalog({ name: body.catalog, subject: shared ? 'error body' : `${op.operationId} error body`, constants }),
      type: body.type,
      codeType: 'AnswerCode',
      object: op.errorSchema,
      doc: `Checks the body of a failed ${shared ? `call (of ${sharers.join(', ')})` : `${op.operationId} call`} against the contract. Each issue is a field of the answer, with the code InvalidResponse.`,
    });
  }
}

function answerCatalog({ name, subject, constants }: { name: string; subject: string; constants: Constants }): Code {
  return constants.addExpression({
    name: code(name),
    type: 'ViolationCatalog<AnswerCode>',
    initializer: `Object.freeze(${objectLiteral({ judges: 'answer', subject, code: constants.use('ANSWER_CODE') })})`,
    isExported: true,
  });
}
