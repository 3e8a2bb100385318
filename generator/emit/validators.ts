import { StructureKind, VariableDeclarationKind, type FunctionDeclarationStructure, type SourceFile, type VariableStatementStructure } from 'ts-morph';
import type { DocumentModel, ObjectSchema, OperationModel, RuleModel, SchemaModel } from '../model.js';
import { Code, code, docText, identifier, lineComment, literal, objectLiteral, ts } from './code.js';
import { componentName } from './types.js';

/**
 * One `check<Name>` function per object schema. Each value is tested inline, with the spec's limits
 * written in as literals, and the runtime `Checker` is called only to report what is wrong: a valid
 * request costs no call, no allocation and no string beyond its result.
 */
export function emitValidators(model: DocumentModel): (file: SourceFile) => void {
  return (file) => {
    const constants = new Constants(model.operations.some((op) => op.emptyTextIsMissing));
    // A module constant, so testing each key costs no lookup of the method on the prototype.
    constants.addExpression({ name: 'hasOwnProperty', initializer: 'Object.prototype.hasOwnProperty' });
    for (const object of model.objects) addCheckFunction({ object, owner: object.name, constants });
    for (const op of model.operations) addCheckFunction({ object: op.request, owner: op.operationId, constants });
    for (const op of model.operations) addOperationValidators({ op, constants });
    file.addImportDeclaration({
      moduleSpecifier: './runtime/validation.js',
      namedImports: [...constants.runtimeNames(), 'type ValidationResult', 'type ViolationCatalog'],
    });
    file.addImportDeclaration({ moduleSpecifier: './errors.js', namedImports: ['ERRORS'] });
    file.addImportDeclaration({ moduleSpecifier: './types.js', isTypeOnly: true, namedImports: typeImports(model) });
    file.addExportDeclaration({
      moduleSpecifier: './runtime/validation.js',
      namedExports: ['formatIssues', 'type ValidationIssue', 'type ValidationResult', 'type ValidationWarning'],
    });
    constants.writeTo(file);
  };
}

function typeImports(model: DocumentModel): string[] {
  const names = new Set<string>(['ErrorCode']);
  for (const op of model.operations) {
    names.add(op.request.name);
    names.add(`${op.operationId}Response`);
    if (op.errorSchema !== undefined && componentName(op.errorSchema) !== undefined) names.add(op.errorSchema.name);
  }
  return [...names].sort();
}

/**
 * The file's top-level statements, in order: limits and enum sets as module constants (so a check
 * allocates nothing per call) and the functions that use them. They are kept here and added to the
 * file in one step, because ts-morph re-parses the whole file after every insertion.
 */
class Constants {
  /** Not a constant but a document-wide reading the checks share; see x-acs-violations.missing. */
  constructor(readonly emptyTextIsMissing: boolean) {}

  private readonly statements: (VariableStatementStructure | FunctionDeclarationStructure)[] = [];
  private readonly functions = new Set<string>();
  private readonly runtime = new Set<string>(['Checker', 'runValidation']);

  private enumerableTest: Code | undefined;

  /** `Object.prototype.propertyIsEnumerable`, declared the first time an open object needs it. */
  propertyIsEnumerable(): Code {
    return (this.enumerableTest ??= this.addExpression({ name: 'propertyIsEnumerable', initializer: 'Object.prototype.propertyIsEnumerable' }));
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
  site({ name, factory, input }: { name: string; factory: string; input: Record<string, unknown> }): Code {
    return this.addExpression({ name, initializer: `${this.use(factory).text}(${objectLiteral(input)})` });
  }

  add(name: string, value: unknown): Code {
    return this.addExpression({ name, initializer: `${literal(value)} as const` });
  }

  addExpression({ name, initializer, type, isExported = false }: { name: string; initializer: string; type?: string; isExported?: boolean }): Code {
    this.statements.push({
      kind: StructureKind.VariableStatement,
      isExported,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name, initializer, ...(type === undefined ? {} : { type }) }],
    });
    return code(name);
  }

  addFunction(structure: Omit<FunctionDeclarationStructure, 'kind'> & { name: string }): void {
    this.functions.add(structure.name);
    this.statements.push({ ...structure, kind: StructureKind.Function });
  }

  hasFunction(name: string): boolean {
    return this.functions.has(name);
  }

  writeTo(file: SourceFile): void {
    const [first, ...rest] = this.statements;
    if (first === undefined) return;
    // A blank line after the imports and re-exports, as one-at-a-time insertion would leave.
    file.addStatements([{ ...first, leadingTrivia: (writer) => writer.newLine() }, ...rest]);
  }
}

/** An enum this long or shorter is tested with `!==` chains; a longer one with `includes`. */
const INLINE_ENUM_VALUES = 8;

function addCheckFunction({ object, owner, constants }: { object: ObjectSchema; owner: string; constants: Constants }): void {
  const local = (index: number) => code(`p${index}`);
  const statements: string[] = object.closed ? closedReads({ object, owner, constants }) : [];
  object.properties.forEach((property, index) => {
    const name = literal(property.name);
    // A parameter is an own enumerable property, as for the codec, JSON and spread: a closed object's
    // were all read by its `for…in` pass.
    if (!object.closed) statements.push(`const ${local(index).text} = ${constants.propertyIsEnumerable().text}.call(record, ${name}) ? record[${name}] : undefined;`);
    statements.push(
      ...valueCheck({
        schema: property.schema,
        value: local(index),
        place: { property: property.name },
        required: property.required,
        constantName: `${object.name}${identifier(property.name)}`,
        constants,
        depth: 0,
      }),
    );
  });
  const locals = new Map(object.properties.map((property, index) => [property.name, local(index)]));
  object.rules.forEach((rule, index) => {
    statements.push(lineComment(rule.why), ruleCheck({ rule, locals, constant: constants.add(`${object.name}Rule${index}`, ruleConstant(rule)) }));
  });
  constants.addFunction({
    name: checkName(object),
    docs: object.description === undefined ? [] : [docText(object.description)],
    parameters: [
      { name: 'c', type: 'Checker<ErrorCode>' },
      { name: 'record', type: 'Record<string, unknown>' },
    ],
    returnType: 'void',
    statements: statements.join('\n'),
  });
}

/**
 * A closed object's own keys in one pass: each known key's value is read into its local (V8 reads
 * `record[key]` inside `for…in` straight from the object's layout), each other key with a value is
 * an issue. The values are checked afterwards, in the spec's order.
 */
function closedReads({ object, owner, constants }: { object: ObjectSchema; owner: string; constants: Constants }): string[] {
  const keys = constants.addExpression({
    name: `${object.name}Keys`,
    type: 'ReadonlySet<string>',
    // One name a line, so adding a parameter is a one-line diff.
    initializer: `new Set([\n${object.properties.map((p) => `${literal(p.name)},`).join('\n')}\n])`,
  });
  const cases = object.properties.flatMap((property, index) => [ts`case ${property.name}:`, `p${index} = record[key];`, 'continue;']);
  return [
    ...object.properties.map((_, index) => `let p${index}: unknown;`),
    'for (const key in record) {',
    'if (!hasOwnProperty.call(record, key)) continue;',
    ...(cases.length === 0 ? [] : ['switch (key) {', ...cases, '}']),
    ts`if (record[key] !== undefined) c.unknownKey({ key, known: ${keys}, owner: ${owner} });`,
    '}',
  ];
}

/** Where a value sits in its parent: a named property, or an item of a list at a loop index. */
type Place = { readonly property: string } | { readonly index: Code };

/**
 * The tests of one value, most basic first, each reporting and stopping the chain: missing, then
 * the type, then limits; lists and objects are walked only when sound (a million items never are).
 */
function valueCheck({
  schema,
  value,
  place,
  required,
  constantName,
  constants,
  depth,
}: {
  schema: SchemaModel;
  value: Code;
  place: Place;
  required: boolean;
  constantName: string;
  constants: Constants;
  depth: number;
}): string[] {
  const sites = new Sites({ place, constantName, constants });
  // Declared before the others, so the module lists a value's sites in the order they are tested.
  const missing = required ? sites.report('Missing', 'missingSite') : undefined;
  const links = tests({ schema, value, sites, constantName, constants, depth });
  const absent = required && schema.kind === 'string' && constants.emptyTextIsMissing ? ts`${value} === undefined || ${value} === ""` : ts`${value} === undefined`;
  if (missing !== undefined) return [`if (${absent}) ${missing}`, ...links.flatMap((link) => chained(link, 'else '))];
  const [first, ...rest] = links;
  if (first !== undefined && 'test' in first && rest.length === 0) return [`if (${value.text} !== undefined && ${grouped(first.test)}) ${first.action}`];
  return [ts`if (${value} !== undefined) {`, ...links.flatMap((link, index) => chained(link, index === 0 ? '' : 'else ')), '}'];
}

/**
 * The issue sites of one value, declared as module constants the first time a test needs them; a
 * report names its site, and an item of a list adds its index.
 */
class Sites {
  constructor(private readonly at: { place: Place; constantName: string; constants: Constants }) {}

  /** The key a walk enters: the property's name, or the item's index. */
  get key(): string {
    const { place } = this.at;
    return 'property' in place ? literal(place.property) : place.index.text;
  }

  /** The statement that reports a violation at the site `<constantName><suffix>`, declared with `factory(input)`. */
  report(suffix: string, factory: string, input: Record<string, unknown> = {}): string {
    const { place, constantName, constants } = this.at;
    const site = constants.site({ name: `${constantName}${suffix}`, factory, input: 'property' in place ? { key: place.property, ...input } : input });
    return 'property' in place ? ts`c.report(${site});` : ts`c.reportItem(${site}, ${place.index});`;
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

function tests({ schema, value, sites, constantName, constants, depth }: { schema: SchemaModel; value: Code; sites: Sites; constantName: string; constants: Constants; depth: number }): Link[] {
  const wrongType = (type: string): string => sites.report('Type', 'typeSite', { type });
  switch (schema.kind) {
    case 'string':
    case 'integer':
    case 'number': {
      if (schema.enum !== undefined) return enumTests({ values: schema.enum, value, sites, constant: `${constantName}Values`, constants });
      const typeLink = { test: typeTest(schema.kind, value), action: wrongType(schema.kind) };
      if (schema.kind === 'string') return [typeLink];
      const outside = [
        schema.minimum === undefined ? undefined : ts`${value} < ${schema.minimum}`,
        schema.maximum === undefined ? undefined : ts`${value} > ${schema.maximum}`,
      ].filter((test) => test !== undefined);
      if (outside.length === 0) return [typeLink];
      const what = schema.kind === 'integer' ? 'an integer' : 'a number';
      return [typeLink, { test: outside.join(' || '), action: sites.report('Range', 'rangeSite', { limits: { minimum: schema.minimum, maximum: schema.maximum }, what }) }];
    }
    case 'boolean':
      return [{ test: ts`typeof ${value} !== "boolean"`, action: wrongType('boolean') }];
    case 'object':
      return [
        { test: ts`!${constants.use('isRecord')}(${value})`, action: wrongType('object') },
        { block: ['{', `c.enter(${sites.key});`, ts`${code(checkName(schema))}(c, ${value});`, 'c.leave();', '}'] },
      ];
    case 'array': {
      const { minItems, maxItems } = schema;
      const outside = [
        minItems === undefined ? undefined : ts`${value}.length < ${minItems}`,
        maxItems === undefined ? undefined : ts`${value}.length > ${maxItems}`,
      ].filter((test) => test !== undefined);
      const index = code(`i${depth}`);
      const item = code(`item${depth}`);
      return [
        { test: ts`!Array.isArray(${value})`, action: wrongType('list') },
        ...(outside.length === 0 ? [] : [{ test: outside.join(' || '), action: sites.report('Size', 'sizeSite', { limits: { minItems, maxItems } }) }]),
        {
          block: [
            '{',
            `c.enter(${sites.key});`,
            ts`for (let ${index} = 0; ${index} < ${value}.length; ${index}++) {`,
            // Read as the codec sends it (`forEach` visits what `in` finds): a hole is missing, an inherited index is sent.
            ts`const ${item}: unknown = ${value}[${index}];`,
            ...valueCheck({ schema: schema.items, value: item, place: { index }, required: true, constantName: `${constantName}Item`, constants, depth: depth + 1 }),
            '}',
            'c.leave();',
            '}',
          ],
        },
      ];
    }
  }
}

/** The type is tested first, so `"3"` for an integer enum is a wrong type, not a wrong value. */
function enumTests({ values, value, sites, constant, constants }: { values: readonly (string | number)[]; value: Code; sites: Sites; constant: string; constants: Constants }): Link[] {
  const first = values[0];
  const type = typeof first === 'string' ? 'string' : Number.isInteger(first) ? 'integer' : 'number';
  const inline = values.length <= INLINE_ENUM_VALUES;
  const allowed = inline ? values : constants.addExpression({ name: constant, type: `readonly ${type === 'string' ? 'string' : 'number'}[]`, initializer: literal(values) });
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
      return { parameter: rule.parameter, when: rule.when.parameter, equals: rule.when.equals, default: rule.when.default };
    case 'ignoredWhenPresent':
      return { parameter: rule.parameter, present: rule.present };
  }
}

/** A cross-field rule over the values already read; the runtime words the issue or warning. */
function ruleCheck({ rule, locals, constant }: { rule: RuleModel; locals: ReadonlyMap<string, Code>; constant: Code }): string {
  const value = (name: string): Code => locals.get(name)!;
  const subject = value(rule.parameter);
  switch (rule.rule) {
    case 'notGreaterThan': {
      const other = value(rule.than);
      // `!(a <= b)` rather than `a > b`: NaN compares false both ways and must still be reported.
      return ts`if (typeof ${subject} === "number" && typeof ${other} === "number" && !(${subject} <= ${other})) c.notGreaterThan({ rule: ${constant}, value: ${subject}, other: ${other} });`;
    }
    case 'effectiveOnlyWhen': {
      const when = value(rule.when.parameter);
      const actual = rule.when.default === undefined ? when : code(ts`(${when} ?? ${rule.when.default})`);
      return ts`if (${subject} !== undefined && ${actual} !== ${rule.when.equals}) c.effectiveOnlyWhen(${constant}, ${when});`;
    }
    case 'ignoredWhenPresent':
      return ts`if (${subject} !== undefined && ${value(rule.present)} !== undefined) c.ignoredWhenPresent(${constant});`;
  }
}

function checkName(object: ObjectSchema): string {
  return `check${object.name}`;
}

function addOperationValidators({ op, constants }: { op: OperationModel; constants: Constants }): void {
  const violations = constants.add(`${op.operationId}Violations`, op.violations);
  const validator = ({ name, type, object, subject, doc }: { name: string; type: string; object: ObjectSchema; subject: string; doc: string }): void => {
    const catalog = constants.addExpression({
      name: `${object.name}Catalog`,
      type: 'ViolationCatalog<ErrorCode>',
      initializer: ts`{ subject: ${subject}, codes: ${violations}, errors: ERRORS }`,
      isExported: true,
    });
    constants.addFunction({
      name,
      isExported: true,
      docs: [docText(doc)],
      parameters: [{ name: 'input', type: 'unknown' }],
      returnType: `ValidationResult<${type}, ErrorCode>`,
      statements: [ts`return runValidation({ input, catalog: ${catalog}, check: ${code(checkName(object))} });`],
    });
  };
  validator({
    name: `validate${op.request.name}`,
    type: op.request.name,
    object: op.request,
    subject: op.operationId,
    doc: `Checks a request to ${op.operationId} against every documented constraint. Returns all issues, each with the error code the service would answer; never throws.`,
  });
  validator({
    name: `validate${op.operationId}Response`,
    type: `${op.operationId}Response`,
    object: op.success.schema,
    subject: `${op.operationId} response`,
    doc: `Checks a ${op.success.httpStatus} body of ${op.operationId} against the contract.`,
  });
  const errorSchema = op.errorSchema;
  if (errorSchema !== undefined && componentName(errorSchema) !== undefined && !constants.hasFunction(`validate${errorSchema.name}`)) {
    validator({
      name: `validate${errorSchema.name}`,
      type: errorSchema.name,
      object: errorSchema,
      subject: `${op.operationId} error body`,
      doc: `Checks the body of a failed ${op.operationId} call against the contract.`,
    });
  }
}
