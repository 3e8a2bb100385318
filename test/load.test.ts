import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../generator/diagnostics.js';
import { generate } from '../generator/generate.js';
import { loadSpec } from '../generator/load.js';
import { parse, stringify } from 'yaml';

const SPEC = { text: readFileSync('spec/increase-nodes.openapi.yaml', 'utf8'), name: 'spec/increase-nodes.openapi.yaml' };

describe('loadSpec of a text it loaded before', () => {
  it('gives each caller a document of its own: an edit to one is not in the next', async () => {
    const first = await loadSpec(SPEC);
    (first.document['info'] as Record<string, unknown>)['title'] = 'edited by the first caller';
    const second = await loadSpec(SPEC);
    expect((second.document['info'] as Record<string, unknown>)['title']).not.toBe('edited by the first caller');
  });

  it('tells a name with a line break in it from a name and a text: the same characters in all are not the same load', async () => {
    await loadSpec({ text: SPEC.text, name: 'spec.yaml' });
    const firstLine = SPEC.text.indexOf('\n');
    const shifted = { name: `spec.yaml\n${SPEC.text.slice(0, firstLine)}`, text: SPEC.text.slice(firstLine + 1) };
    await expect(loadSpec(shifted)).rejects.toBeInstanceOf(GeneratorError);
  });

  it('refuses an invalid document again with an error made afresh, not the one it threw before', async () => {
    const invalid = { text: 'openapi: 3.1.0\ninfo: {}\npaths: {}\n', name: 'invalid.openapi.yaml' };
    const refusal = () => loadSpec(invalid).then(() => undefined, (error: unknown) => error);
    const first = await refusal();
    const again = await refusal();
    expect(first).toBeInstanceOf(GeneratorError);
    expect(again).not.toBe(first);
    expect((again as GeneratorError).diagnostics).toEqual((first as GeneratorError).diagnostics);
  });
});

// The schema check took 3.0 as valid, which the model misreads (nullable, a boolean
// exclusiveMinimum), and answered Swagger 2.0 with hundreds of schema errors.
describe('loadSpec of a document of another OpenAPI version', () => {
  const minimal = 'info: { title: t, version: "1" }\npaths: {}\n';
  it.each([
    ['openapi: 3.0.3', `openapi: 3.0.3\n${minimal}`, '#/openapi', 'openapi: "3.0.3"; this tool reads OpenAPI 3.1 (openapi: 3.1.x): convert the document first'],
    ['swagger: "2.0"', `swagger: "2.0"\n${minimal}`, '#', 'a Swagger 2.0 document; this tool reads OpenAPI 3.1 (openapi: 3.1.x): convert the document first'],
    ['no openapi field', minimal, '#', 'a document without an openapi field; this tool reads OpenAPI 3.1 (openapi: 3.1.x): convert the document first'],
  ])('%s is refused with one diagnostic that says which version it reads', async (_, text, pointer, message) => {
    const refusal = await loadSpec({ text, name: 'other.openapi.yaml' }).then(() => undefined, (error: unknown) => error);
    expect((refusal as GeneratorError).diagnostics).toEqual([{ code: 'invalid-openapi', pointer, message }]);
  });
});

describe('a Schema Object that is not JSON Schema 2020-12 (the OpenAPI 3.1 schema takes any object there)', () => {
  const edited = (edit: (document: Record<string, any>) => void) => {
    const document = parse(SPEC.text) as Record<string, any>;
    edit(document);
    return { text: stringify(document), name: 'edited.openapi.yaml' };
  };
  const diagnosticsOf = (spec: { text: string; name: string }) => loadSpec(spec).then(() => [], (error: unknown) => (error as GeneratorError).diagnostics.map((d) => [d.code, d.pointer]));
  const CONFIG = '#/components/schemas/ApplicationConfig';

  // Each crashed the lint's Ajv or openapi-typescript with a stack and no pointer, or diff read it as absent.
  it.each<[string, (document: Record<string, any>) => void, string]>([
    ['required as one name, not a list', (d) => (d.components.schemas.ApplicationConfig.required = 'ApplicationName'), `${CONFIG}/required`],
    ['a name required twice', (d) => d.components.schemas.ApplicationConfig.required.push('ApplicationName'), `${CONFIG}/required`],
    ['a title that is a number', (d) => (d.components.schemas.ApplicationConfig.properties.ApplicationName.title = 5), `${CONFIG}/properties/ApplicationName/title`],
    ['deprecated as text', (d) => (d.components.schemas.ApplicationConfig.properties.ApplicationName.deprecated = 'yes'), `${CONFIG}/properties/ApplicationName/deprecated`],
  ])('%s is invalid-openapi at its pointer', async (_, edit, pointer) => {
    expect(await diagnosticsOf(edited(edit))).toEqual([['invalid-openapi', pointer]]);
  });

  it('a parameter schema written inline is held to it too', async () => {
    const spec = edited((d) => (d.components.parameters.RegionId.schema.description = 5));
    expect(await diagnosticsOf(spec)).toEqual([['invalid-openapi', '#/components/parameters/RegionId/schema/description']]);
  });
});

// swagger-parser recursed on it until "Maximum call stack size exceeded", the one diagnostic, at #.
it('a schema that is only a $ref to itself loads, for the model to report as cyclic-schema where it is written', async () => {
  const document = parse(SPEC.text) as Record<string, any>;
  const [name] = Object.keys(document.components.schemas);
  document.components.schemas[name!] = { $ref: `#/components/schemas/${name}` };
  const error = await generate({ text: stringify(document), name: 'self.openapi.yaml' }).then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(GeneratorError);
  expect((error as GeneratorError).diagnostics).toContainEqual(expect.objectContaining({ code: 'cyclic-schema', pointer: `#/components/schemas/${name}` }));
});

// Ajv picks its meta-schema by $schema and threw on one it lacks: check, generate, diff and mock died with a stack.
it.each([['https://spec.openapis.org/oas/3.1/dialect/base'], [5]])('a Schema Object with $schema %s is a diagnostic of the model, not a crash', async (dialect) => {
  const document = parse(SPEC.text) as Record<string, any>;
  const [name] = Object.keys(document.components.schemas);
  document.components.schemas[name!].$schema = dialect;
  const error = await generate({ text: stringify(document), name: 'dialect.openapi.yaml' }).then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(GeneratorError);
  expect((error as GeneratorError).diagnostics.map((d) => d.pointer)).toEqual([`#/components/schemas/${name}/$schema`]);
});

describe('loadSpec of a YAML document with anchors and aliases', () => {
  const withParameters = (parameters: string) => `openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths:\n  /:\n    post:\n      operationId: A\n      parameters:\n${parameters}      responses: {}\n`;
  const refusal = (text: string) => loadSpec({ text, name: 'aliased.yaml' }).then(() => undefined, (error: unknown) => (error as GeneratorError).diagnostics);

  it('refuses an alias at its JSON pointer, naming it and its line, and says what to write instead', async () => {
    const text = withParameters('        - &shared { name: X, in: query, schema: { type: string } }\n        - *shared\n');
    expect(await refusal(text)).toEqual([
      {
        code: 'unreadable-document',
        pointer: '#/paths/~1/post/parameters/1',
        message: 'aliased.yaml: a YAML alias (*shared, line 9) is not read: an alias shares one node between places, which an OpenAPI document does with a $ref. Write the content out in full there, or move it under components and $ref it.',
      },
    ]);
  });

  it('refuses an alias bomb at its first alias, expanding nothing', async () => {
    const bomb = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]', ...'bcdefghi'.split('').map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`)].join('\n');
    expect(await refusal(`${bomb}\nopenapi: 3.1.0\n`)).toMatchObject([{ code: 'unreadable-document', pointer: '#/b/0', message: expect.stringContaining('a YAML alias (*a, line 2)') }]);
  });

  it('reads an anchor nothing refers to as the node it names', async () => {
    const text = withParameters('        - &lone { name: X, in: query, schema: { type: string } }\n');
    expect(await refusal(text)).toEqual(undefined);
  });
});
