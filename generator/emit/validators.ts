import { VariableDeclarationKind, type SourceFile } from 'ts-morph';
import type { DocumentModel, ObjectSchema, OperationModel, PropertyModel, RuleModel, SchemaModel } from '../model.js';
import { Code, code, docText, identifier, lineComment, literal, ts } from './code.js';
import { componentName } from './types.js';

/**
 * One `check<Name>` function per object schema, one line per property calling the runtime check
 * for its kind with the spec's limits hoisted into constants, then the cross-field rules.
 */
export function emitValidators(model: DocumentModel): (file: SourceFile) => void {
  return (file) => {
    file.addImportDeclaration({
      moduleSpecifier: './runtime/validation.js',
      namedImports: ['Checker', 'OPTIONAL', 'REQUIRED', 'runValidation', 'type Path', 'type ValidationResult', 'type ViolationCatalog'],
    });
    file.addImportDeclaration({ moduleSpecifier: './errors.js', namedImports: ['ERRORS'] });
    file.addImportDeclaration({ moduleSpecifier: './types.js', isTypeOnly: true, namedImports: typeImports(model) });
    file.addExportDeclaration({
      moduleSpecifier: './runtime/validation.js',
      namedExports: ['formatIssues', 'type ValidationIssue', 'type ValidationResult', 'type ValidationWarning'],
    });
    const constants = new Constants(file);
    for (const object of model.objects) addCheckFunction({ file, object, owner: object.name, constants });
    for (const op of model.operations) addCheckFunction({ file, object: op.request, owner: op.operationId, constants });
    for (const op of model.operations) addOperationValidators({ file, op, constants });
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

/** Limits and enum sets as module constants, so a check allocates nothing per call. */
class Constants {
  constructor(private readonly file: SourceFile) {}

  add(name: string, value: unknown): Code {
    return this.addExpression({ name, initializer: `${literal(value)} as const` });
  }

  addExpression({ name, initializer, type, isExported = false }: { name: string; initializer: string; type?: string; isExported?: boolean }): Code {
    this.file.addVariableStatement({
      isExported,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name, initializer, ...(type === undefined ? {} : { type }) }],
    });
    return code(name);
  }
}

function addCheckFunction({ file, object, owner, constants }: { file: SourceFile; object: ObjectSchema; owner: string; constants: Constants }): void {
  const statements: string[] = [];
  if (object.closed) {
    const keys = constants.addExpression({
      name: `${object.name}Keys`,
      type: 'ReadonlySet<string>',
      initializer: ts`new Set(${object.properties.map((p) => p.name)})`,
    });
    statements.push(ts`c.knownKeys(record, path, ${keys}, ${owner});`);
  }
  for (const property of object.properties) {
    statements.push(...propertyCheck({ property, owner: object.name, constants }));
  }
  for (const rule of object.rules) {
    statements.push(lineComment(rule.why), ruleCheck(rule));
  }
  file.addFunction({
    name: checkName(object),
    docs: object.description === undefined ? [] : [docText(object.description)],
    parameters: [
      { name: 'c', type: 'Checker<ErrorCode>' },
      { name: 'record', type: 'Record<string, unknown>' },
      { name: 'path', type: 'Path' },
    ],
    returnType: 'void',
    statements: statements.join('\n'),
  });
}

function propertyCheck({ property, owner, constants }: { property: PropertyModel; owner: string; constants: Constants }): string[] {
  const required = code(property.required ? 'REQUIRED' : 'OPTIONAL');
  return valueCheck({
    schema: property.schema,
    at: { container: code('record'), path: code('path'), key: literal(property.name), required },
    constantName: `${owner}${identifier(property.name)}`,
    constants,
    depth: 0,
  });
}

interface Place {
  readonly container: Code;
  readonly path: Code;
  /** Source text of the key: a string literal or a loop index. */
  readonly key: string;
  readonly required: Code;
}

function valueCheck({ schema, at, constantName, constants, depth }: { schema: SchemaModel; at: Place; constantName: string; constants: Constants; depth: number }): string[] {
  const { container, path, required } = at;
  const key = code(at.key);
  switch (schema.kind) {
    case 'string':
    case 'integer':
    case 'number': {
      if (schema.enum !== undefined) return [ts`c.oneOf(${container}, ${path}, ${key}, ${required}, ${constants.add(`${constantName}Values`, schema.enum)});`];
      if (schema.kind === 'string') return [ts`c.string(${container}, ${path}, ${key}, ${required});`];
      const limits = constants.add(`${constantName}Limits`, { minimum: schema.minimum, maximum: schema.maximum });
      return [ts`c.${code(schema.kind)}(${container}, ${path}, ${key}, ${required}, ${limits});`];
    }
    case 'boolean':
      return [ts`c.boolean(${container}, ${path}, ${key}, ${required});`];
    case 'object': {
      const value = code(`object${depth}`);
      return [
        '{',
        ts`const ${value} = c.object(${container}, ${path}, ${key}, ${required});`,
        ts`if (${value} !== undefined) ${code(checkName(schema))}(c, ${value}, [...${path}, ${key}]);`,
        '}',
      ];
    }
    case 'array': {
      const items = code(`items${depth}`);
      const itemsPath = code(`itemsPath${depth}`);
      const index = code(`i${depth}`);
      const limits = constants.add(`${constantName}Size`, { minItems: schema.minItems, maxItems: schema.maxItems });
      return [
        '{',
        ts`const ${items} = c.array(${container}, ${path}, ${key}, ${required}, ${limits});`,
        ts`if (${items} !== undefined) {`,
        ts`const ${itemsPath} = [...${path}, ${key}];`,
        ts`for (let ${index} = 0; ${index} < ${items}.length; ${index}++) {`,
        ...valueCheck({
          schema: schema.items,
          at: { container: items, path: itemsPath, key: index.text, required: code('REQUIRED') },
          constantName: `${constantName}Item`,
          constants,
          depth: depth + 1,
        }),
        '}',
        '}',
        '}',
      ];
    }
  }
}

function ruleCheck(rule: RuleModel): string {
  switch (rule.rule) {
    case 'notGreaterThan':
      return ts`c.notGreaterThan(record, path, ${{ parameter: rule.parameter, than: rule.than, code: rule.code }});`;
    case 'effectiveOnlyWhen':
      return ts`c.effectiveOnlyWhen(record, path, ${{ parameter: rule.parameter, when: rule.when.parameter, equals: rule.when.equals, default: rule.when.default }});`;
    case 'ignoredWhenPresent':
      return ts`c.ignoredWhenPresent(record, path, ${{ parameter: rule.parameter, present: rule.present }});`;
  }
}

function checkName(object: ObjectSchema): string {
  return `check${object.name}`;
}

function addOperationValidators({ file, op, constants }: { file: SourceFile; op: OperationModel; constants: Constants }): void {
  const violations = constants.add(`${op.operationId}Violations`, op.violations);
  const validator = ({ name, type, object, subject, doc }: { name: string; type: string; object: ObjectSchema; subject: string; doc: string }): void => {
    const catalog = constants.addExpression({
      name: `${object.name}Catalog`,
      type: 'ViolationCatalog<ErrorCode>',
      initializer: ts`{ subject: ${subject}, codes: ${violations}, errors: ERRORS }`,
      isExported: true,
    });
    file.addFunction({
      name,
      isExported: true,
      docs: [docText(doc)],
      parameters: [{ name: 'input', type: 'unknown' }],
      returnType: `ValidationResult<${type}, ErrorCode>`,
      statements: [ts`return runValidation(input, ${catalog}, (c, record) => ${code(checkName(object))}(c, record, []));`],
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
  if (errorSchema !== undefined && componentName(errorSchema) !== undefined && !file.getFunction(`validate${errorSchema.name}`)) {
    validator({
      name: `validate${errorSchema.name}`,
      type: errorSchema.name,
      object: errorSchema,
      subject: `${op.operationId} error body`,
      doc: `Checks the body of a failed ${op.operationId} call against the contract.`,
    });
  }
}
