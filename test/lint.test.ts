import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lintSpec, type Finding } from '../conformance/lint.js';
import { loadSpec } from '../generator/load.js';
import { buildModel } from '../generator/model.js';
import { emrContract } from './support/cli.js';
import { readWidgetDocument } from './support/generated-package.js';

async function lint(document: unknown): Promise<Finding[]> {
  const spec = await loadSpec({ text: typeof document === 'string' ? document : stringify(document), name: 'doc.yaml' });
  return lintSpec({ spec, model: buildModel(spec) });
}

/** The widget fixture with what the house rules ask and it leaves out: documented headers, a bounded Count. */
function tidyWidget(): Record<string, any> {
  const document = readWidgetDocument();
  document.components.schemas.Part.properties.Count.maximum = 9;
  for (const parameter of document.paths['/'].post.parameters.filter((p: { in: string }) => p.in === 'header')) {
    parameter.description = 'A fixed header of the RPC binding.';
    parameter.example = parameter.schema.enum[0];
  }
  return document;
}

/** The same, its parameters moved to components, as the house style wants. */
function widget(): Record<string, any> {
  const document = tidyWidget();
  const op = document.paths['/'].post;
  document.components.parameters = {};
  op.parameters = op.parameters.map((parameter: { name: string }) => {
    const key = parameter.name.replace(/[^A-Za-z]/g, '');
    document.components.parameters[key] = parameter;
    return { $ref: `#/components/parameters/${key}` };
  });
  return document;
}

const OP = '#/paths/~1/post';
const op = (document: Record<string, any>) => document.paths['/'].post;
const json = (response: Record<string, any>) => response.content['application/json'];
const rulesAndPointers = (findings: readonly Finding[]) => findings.map((f) => [f.rule, f.pointer]);

describe('the house rules', () => {
  it('find nothing in the real spec', async () => {
    expect(await lint(readFileSync('spec/increase-nodes.openapi.yaml', 'utf8'))).toEqual([]);
  });

  it('find nothing in the tidy widget document', async () => {
    expect(await lint(widget())).toEqual([]);
  });

  it('flag a parameter without a description', async () => {
    const document = widget();
    delete document.components.parameters.Name.description;
    expect(await lint(document)).toEqual([{ rule: 'parameter-documented', pointer: '#/components/parameters/Name', message: 'parameter Name has no description' }]);
  });

  it('flag a parameter without an example', async () => {
    const document = widget();
    delete document.components.parameters.Colour.example;
    expect(await lint(document)).toEqual([{ rule: 'parameter-documented', pointer: '#/components/parameters/Colour', message: 'parameter Colour has no example' }]);
  });

  it('flag a number without a documented maximum', async () => {
    const document = widget();
    delete document.components.schemas.Part.properties.Count.maximum;
    expect((await lint(document)).map((f) => [f.rule, f.pointer])).toEqual([['numeric-bounds', '#/components/schemas/Part/properties/Count']]);
  });

  it('flag a number two parameters share once, where it is written (Size and MinSize use Size)', async () => {
    const document = widget();
    delete document.components.schemas.Size.maximum;
    expect(rulesAndPointers(await lint(document))).toEqual([['numeric-bounds', '#/components/schemas/Size']]);
  });

  it('flag an example that breaks its own schema', async () => {
    const document = widget();
    document.components.parameters.Size.example = 11;
    expect((await lint(document)).map((f) => [f.rule, f.pointer])).toEqual([['example-valid', '#/components/parameters/Size/example']]);
  });

  it('flag an error example that breaks the error schema', async () => {
    const document = widget();
    delete document.paths['/'].post.responses['400'].content['application/json'].examples.Busy.value.Message;
    document.components.responses = { Refused: document.paths['/'].post.responses['400'] };
    document.paths['/'].post.responses['400'] = { $ref: '#/components/responses/Refused' };
    expect((await lint(document)).map((f) => f.rule)).toEqual(['example-valid']);
  });

  it('flag the same constraints written twice instead of once with $ref', async () => {
    const document = widget();
    document.components.parameters.MinSize.schema = { type: 'integer', minimum: 1, maximum: 10 };
    document.components.parameters.Size.schema = { type: 'integer', minimum: 1, maximum: 10 };
    const findings = await lint(document);
    expect(findings.map((f) => f.rule)).toEqual(['constraint-once']);
    expect(findings[0]!.message).toContain('#/components/parameters/Size/schema');
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['lists of the same length but other items', { type: 'array', maxItems: 5, items: { type: 'string', enum: ['a', 'b'] } }, { type: 'array', maxItems: 5, items: { type: 'string', enum: ['c'] } }],
    ['the same range with another default, which no $ref could carry', { type: 'integer', minimum: 2, maximum: 20, default: 2 }, { type: 'integer', minimum: 2, maximum: 20 }],
  ])('flag nothing for two schemas that share some constraints but are not the same: %s', async (_, first, second) => {
    const document = widget();
    Object.assign(document.components.schemas, { First: first, Second: second });
    expect((await lint(document)).filter((f) => f.rule === 'constraint-once')).toEqual([]);
  });

  it('flag the same schema twice when only its description differs, which may sit beside a $ref', async () => {
    const document = widget();
    Object.assign(document.components.schemas, { First: { type: 'integer', minimum: 2, maximum: 20, description: 'the least' }, Second: { type: 'integer', minimum: 2, maximum: 20, description: 'the most' } });
    expect(rulesAndPointers(await lint(document))).toEqual([['constraint-once', '#/components/schemas/Second']]);
  });

  it('find nothing in the tidy widget document with its parameters inline', async () => {
    expect(await lint(tidyWidget())).toEqual([]);
  });

  // Ajv read a property an example leaves out through the prototype: ({}).constructor is a function, not a string.
  it.each(['constructor', 'toString', 'hasOwnProperty'])('flag nothing for an example that leaves out an optional property named %s', async (name) => {
    const document = tidyWidget();
    json(op(document).responses['200']).schema.properties[name] = { type: 'string' };
    expect(await lint(document)).toEqual([]);
  });

  it('flag an inline parameter example that breaks its schema', async () => {
    const document = tidyWidget();
    op(document).parameters[3].example = 11;
    expect(rulesAndPointers(await lint(document))).toEqual([['example-valid', `${OP}/parameters/3/example`]]);
  });

  it('flag an example nested in an inline parameter schema', async () => {
    const document = tidyWidget();
    op(document).parameters[7].schema.items.example = 5;
    expect(rulesAndPointers(await lint(document))).toEqual([['example-valid', `${OP}/parameters/7/schema/items/example`]]);
  });

  it('flag an inline success example that breaks the response schema', async () => {
    const document = tidyWidget();
    json(op(document).responses['200']).examples.Made.value.WidgetId = 5;
    expect(rulesAndPointers(await lint(document))).toEqual([['example-valid', `${OP}/responses/200/content/application~1json/examples/Made/value`]]);
  });

  it('flag an inline error example that breaks the error schema, at its own pointer', async () => {
    const document = tidyWidget();
    delete json(op(document).responses['400']).examples.Busy.value.Message;
    expect(rulesAndPointers(await lint(document))).toEqual([['example-valid', `${OP}/responses/400/content/application~1json/examples/Busy/value`]]);
  });

  it('flag an entry of a schema examples list that breaks the schema', async () => {
    const document = tidyWidget();
    document.components.schemas.Size.examples = [4, 11];
    expect(rulesAndPointers(await lint(document))).toEqual([['example-valid', '#/components/schemas/Size/examples/1']]);
  });

  it('flag a shared example where its value is written, naming the place that uses it', async () => {
    const document = tidyWidget();
    document.components.examples = { Made: { value: { WidgetId: 5 } } };
    json(op(document).responses['200']).examples.Made = { $ref: '#/components/examples/Made' };
    const findings = await lint(document);
    expect(rulesAndPointers(findings)).toEqual([['example-valid', '#/components/examples/Made/value']]);
    expect(findings[0]!.message).toContain(`as used at ${OP}/responses/200/content/application~1json/examples/Made`);
  });

  it('flag an undocumented parameter reached through a percent-encoded $ref', async () => {
    const document = widget();
    delete document.components.parameters.Name.description;
    op(document).parameters[2] = { $ref: '#/components/parameters/N%61me' };
    expect((await lint(document)).map((f) => f.message)).toEqual(['parameter Name has no description']);
  });
});

describe('generate, given a spec that breaks a house rule', () => {
  // The real spec with one example outside its range: the code generates, and check would refuse the spec.
  const folder = mkdtempSync(join(tmpdir(), 'lint-generate-'));
  const spec = join(folder, 'increase-nodes.openapi.yaml');
  writeFileSync(spec, readFileSync('spec/increase-nodes.openapi.yaml', 'utf8').replace(/(\n    IncreaseNodeCount:\n(?: {6}.*\n)*? {6}example: )3\n/, '$19999\n'));

  it('generates, and warns that check will refuse the spec', async () => {
    const result = await emrContract('generate', '--spec', spec, '--out', join(folder, 'text'));
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^warning: #\/components\/parameters\/IncreaseNodeCount\/example: .*\[example-valid\]; check refuses the spec until this is fixed\n$/);
  });

  it('lists the same finding in its JSON', async () => {
    const result = await emrContract('generate', '--spec', spec, '--out', join(folder, 'json'), '--format', 'json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).findings).toEqual([expect.objectContaining({ rule: 'example-valid', pointer: '#/components/parameters/IncreaseNodeCount/example' })]);
  });
});
