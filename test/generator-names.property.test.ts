import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileErrors, generateInto, readWidgetDocument } from './support/generated-package.js';

// Documents whose names meet once they are made identifiers: a parameter named like the items of
// a list (`TagsItem` beside `Tags`), like a generated local or import (`Key`, `C`, `HasOwnProperty`,
// `ERRORS`), a reserved word (`default`, `delete`, `Number`), names equal but for case, names of
// other scripts, component schemas named like generated exports (`CreateWidgetRequest`,
// `ErrorCode`) or with names no identifier can be (`Part-v2.item`, `1st`), and two objects of one
// name (an inline object parameter `x-y` beside a component `x-y`). Whatever the mix, the output must compile (TypeScript's verdict, not a pattern),
// and the validator must still tell each parameter apart: one wrong value, one issue, naming it.

const PARAMETER_NAMES = [
  // Meet the names derived from the fixture's own parameters and lists.
  ...['TagsItem', 'TagsIndex', 'TagsItemType', 'PartsItem', 'NameMissing', 'SizeRange', 'MinSizeNotGreaterThan'],
  // Meet what the generated functions declare or use.
  ...['Key', 'C', 'Record', 'Input', 'Value', 'HasOwnProperty', 'PropertyIsEnumerable', 'IsRecord', 'ERRORS', 'Checker', 'Fc', 'Request', 'Params'],
  // Reserved words, and globals the generated code calls.
  ...['default', 'Delete', 'class', 'New', 'this', 'Constructor', '__proto__', 'Await', 'Let', 'Enum', 'Undefined', 'NaN', 'Number', 'Object', 'Array'],
  // Members every object inherits, which TypeScript types from Object.prototype in an object literal.
  ...['constructor', 'toString', 'hasOwnProperty', 'valueOf'],
  // Equal but for case to each other or to the fixture's.
  ...['name', 'NAME', 'size', 'SIZE', 'tags', 'colour'],
  // Other scripts, and characters an identifier cannot hold.
  ...['Größe', 'Grüße', '名前', '名字', 'naïve', 'Ωmega', 'x-y', 'x_y', '1st', '$', '_'],
];
const FIXTURE_PARAMETERS = new Set(['Name', 'Size', 'MinSize', 'Colour', 'Weight', 'Tags', 'Parts']);

const SCHEMA_NAMES = [
  ...['Default', 'default', 'part', 'Number', 'ErrorCode', 'Checker', 'Fc', 'CreateWidgetRequest', 'CreateWidgetRequestCatalog', 'ValidateCreateWidgetRequest', 'Delete'],
  // Not identifiers, and names an inline object parameter may also have (its own name).
  // (OpenAPI allows letters, digits, `.`, `_` and `-` in component names.)
  ...['Part-v2.item', '1st', 'class', 'x-y', '_', 'NAME'],
];

type Kind = 'string' | 'integer' | 'boolean' | 'enum' | 'list' | 'object' | 'inlineObject' | 'scalarRef';

interface Added {
  readonly name: string;
  readonly kind: Kind;
  readonly required: boolean;
  /** For `object`: the component it refers to. */
  readonly schemaName: string;
}

/** A valid value and a value of the wrong type, for each kind of parameter. */
const VALUES: Readonly<Record<Kind, { valid: unknown; wrong: unknown }>> = {
  string: { valid: 'v', wrong: 42 },
  integer: { valid: 3, wrong: 'three' },
  boolean: { valid: true, wrong: 'yes' },
  enum: { valid: 'on', wrong: 1 },
  list: { valid: ['a'], wrong: 'a' },
  object: { valid: { A: 'a' }, wrong: 42 },
  inlineObject: { valid: { A: 'a' }, wrong: 42 },
  scalarRef: { valid: 2, wrong: 'two' },
};

const added: fc.Arbitrary<Added[]> = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom(...PARAMETER_NAMES.filter((name) => !FIXTURE_PARAMETERS.has(name))),
    kind: fc.constantFrom<Kind>('string', 'integer', 'boolean', 'enum', 'list', 'object', 'inlineObject', 'scalarRef'),
    required: fc.boolean(),
    schemaName: fc.constantFrom(...SCHEMA_NAMES),
  }),
  { minLength: 1, maxLength: 8, selector: (p) => p.name },
);

function schemaOf(parameter: Added): Record<string, unknown> {
  switch (parameter.kind) {
    case 'string':
      return { type: 'string' };
    case 'integer':
      return { type: 'integer', minimum: 1, maximum: 9 };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'string', enum: ['on', 'off'] };
    case 'list':
      return { type: 'array', maxItems: 4, items: { type: 'string' } };
    case 'object':
      return { $ref: `#/components/schemas/${parameter.schemaName}` };
    case 'inlineObject':
      return { type: 'object', additionalProperties: false, properties: { A: { type: 'string' }, a: { type: 'integer' } } };
    case 'scalarRef':
      return { $ref: '#/components/schemas/Piece-count.v2' };
  }
}

/** The widget fixture with the parameters added at random places among its own, and the components they name. */
function documentWith({ parameters, order }: { parameters: readonly Added[]; order: readonly number[] }): Record<string, any> {
  const document = readWidgetDocument();
  const op = document.paths['/'].post;
  for (const [index, parameter] of parameters.entries()) {
    const entry = {
      name: parameter.name,
      in: 'query',
      required: parameter.required,
      schema: schemaOf(parameter),
      ...(parameter.kind === 'list' ? { 'x-acs-style': 'repeatList' } : {}),
    };
    op.parameters.splice(2 + ((order[index] ?? 0) % (op.parameters.length - 1)), 0, entry);
  }
  document.components.schemas['Piece-count.v2'] = { type: 'integer', minimum: 1, maximum: 5 };
  for (const name of new Set(parameters.filter((p) => p.kind === 'object').map((p) => p.schemaName))) {
    // Each with a property named like its own generated names, and one equal to another but for case.
    // A field's name may not hold a dot (it joins the parts of a flattened query name), so the
    // dots of a component name like `Part-v2.item` stay out of it.
    document.components.schemas[name] = { type: 'object', additionalProperties: false, properties: { A: { type: 'string' }, a: { type: 'integer' }, [`${name.replaceAll('.', '')}Keys`]: { type: 'boolean' }, toString: { type: 'integer', minimum: 1, maximum: 3 } } };
  }
  return document;
}

const BASE_REQUEST = { Name: 'a', Size: 4 };

type Issue = { code: string; kind: string; parameter: string; path: unknown[] };
type Validate = (input: unknown) => { ok: boolean; issues?: Issue[] };

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('names from any document', () => {
  it('colliding, reserved, case-only-different and non-ASCII names give code that compiles and a validator that tells each parameter apart', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(added, fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), async (parameters, order) => {
        const { dir, files } = await generateInto({ document: documentWith({ parameters, order }), folder: `names-${run++}` });
        folders.push(dir);
        expect(compileErrors({ dir, files: files.keys() })).toEqual([]);
        const { validateCreateWidgetRequest: validate } = (await import(join(dir, 'validators.ts'))) as { validateCreateWidgetRequest: Validate };
        const valid: Record<string, unknown> = { ...BASE_REQUEST };
        for (const p of parameters) if (p.required) Object.defineProperty(valid, p.name, { value: VALUES[p.kind].valid, enumerable: true, writable: true, configurable: true });
        expect(validate(valid)).toMatchObject({ ok: true });
        for (const p of parameters) {
          // defineProperty keeps `__proto__` an own property, as JSON.parse and the query decoder would.
          const wrong = { ...valid };
          Object.defineProperty(wrong, p.name, { value: VALUES[p.kind].wrong, enumerable: true, writable: true, configurable: true });
          const issues = (validate(wrong).issues ?? []).map(({ kind, parameter, path }) => ({ kind, parameter, path }));
          expect(issues, `${p.name} (${p.kind}) set wrong`).toEqual([{ kind: 'type', parameter: p.name, path: [p.name] }]);
          if (!p.required) continue;
          const without = { ...valid };
          delete without[p.name];
          const missing = (validate(without).issues ?? []).map(({ kind, parameter }) => ({ kind, parameter }));
          expect(missing, `${p.name} (${p.kind}) left out`).toEqual([{ kind: 'missing', parameter: p.name }]);
        }
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 24) },
    );
  }, 600_000);
});

describe('names of another case than PascalCase', () => {
  // A type and a value may share a name in TypeScript, but one scope hands out both: `part` the type
  // took the name, and the arbitrary became `part_2`, a name no one could guess.
  it('give types capitalised and values not, none with a suffix: an operation create_widget and a component part', async () => {
    const document = readWidgetDocument();
    const op = document.paths['/'].post;
    op.operationId = 'create_widget';
    document.components.schemas.part = document.components.schemas.Part;
    delete document.components.schemas.Part;
    op.parameters.find((p: { name: string }) => p.name === 'Parts').schema.items = { $ref: '#/components/schemas/part' };
    const { dir, files } = await generateInto({ document, folder: 'names-case' });
    const exported = (file: string) => [...files.get(file)!.matchAll(/^export (?:declare )?(?:const|function|type|interface|class) (\w+)/gm)].map((match) => match[1]!).sort();
    expect(exported('arbitraries.ts')).toEqual(['create_widgetRequest', 'part', 'problem']);
    expect(exported('codec.ts')).toEqual(['fromCreate_widgetQuery', 'toCreate_widgetQuery']);
    expect(exported('types.ts').filter((name) => /^(?:Create_widget|Part)/.test(name))).toEqual(['Create_widgetRequest', 'Create_widgetResponse', 'Part']);
    expect(compileErrors({ dir, files: files.keys() })).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
