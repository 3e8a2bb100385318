import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { displayName } from '../conformance/display-name.js';
import { breakingAgainstRelease } from '../conformance/releases.js';
import { diffDocuments, type Change } from '../conformance/diff/index.js';
import { generate } from '../generator/generate.js';
import { loadSpec } from '../generator/load.js';
import { buildModel, type DocumentModel } from '../generator/model.js';
import { emrContract } from './support/cli.js';
import { readWidgetDocument } from './support/generated-package.js';
import { isSubsequence, lineHunks } from './support/line-hunks.js';

type Doc = Record<string, any>;
type Mutation = (document: Doc) => void;
type Want = readonly [kind: string, client: Change['client'], provider: Change['provider'], pointer: string];

const B = 'breaking' as const;
const N = 'non-breaking' as const;
const CURRENT = 'spec/increase-nodes.openapi.yaml';
const PROMOTIONS = 'test/fixtures/promotions.openapi.yaml';
const RELEASES = 'spec/releases';
const release = (version: string) => join(RELEASES, `increase-nodes-${version}.openapi.yaml`);

// Pointers into the widget fixture. Its query parameters, by index: 2 Name, 3 Size ($ref),
// 4 MinSize ($ref), 5 Colour, 6 Weight, 7 Tags, 8 Parts.
const OP = '#/paths/~1/post';
const param = (index: number, ...rest: string[]) => [`${OP}/parameters/${index}`, ...rest].join('/');
const RESPONSE = `${OP}/responses/200/content/application~1json/schema`;
const EXAMPLES = `${OP}/responses/400/content/application~1json/examples`;
const PART = '#/components/schemas/Part';

const op = (d: Doc) => d.paths['/'].post;
const parameter = (d: Doc, name: string) => op(d).parameters.find((p: { name: string }) => p.name === name);
const responseSchema = (d: Doc) => op(d).responses['200'].content['application/json'].schema;
const errorExamples = (d: Doc) => op(d).responses['400'].content['application/json'].examples;

// Most cases diff against the unchanged widget, and loading a document is most of a case's time:
// each distinct text is loaded once. Nothing here or in diffDocuments changes a model.
const models = new Map<string, Promise<DocumentModel>>();

async function modelOf(document: Doc | string): Promise<DocumentModel> {
  const text = typeof document === 'string' ? document : stringify(document);
  const known = models.get(text) ?? loadSpec({ text, name: 'doc.openapi.yaml' }).then(buildModel);
  models.set(text, known);
  return known;
}

async function modelAt(path: string): Promise<DocumentModel> {
  return modelOf(readFileSync(path, 'utf8'));
}

/** The widget fixture diffed against itself after each side's mutation. */
async function diffWidget({ before, after }: { before?: Mutation; after?: Mutation }): Promise<Change[]> {
  const old = readWidgetDocument();
  const now = readWidgetDocument();
  before?.(old);
  after?.(now);
  return diffDocuments({ before: await modelOf(old), after: await modelOf(now) });
}

const summary = (changes: readonly Change[]): Want[] => changes.map(({ kind, client, provider, pointer }) => [kind, client, provider, pointer] as const);

const cases: [string, { before?: Mutation; after?: Mutation; want: Want[] }][] = [
  // Request members
  ['a removed parameter breaks clients and providers', { after: (d) => op(d).parameters.splice(5, 1), want: [['parameter-removed', B, B, param(5)]] }],
  ['a property removed from list items breaks clients and providers', { after: (d) => delete d.components.schemas.Part.properties.Count, want: [['parameter-removed', B, B, `${PART}/properties/Count`]] }],
  ['a parameter renamed (same schema, same place) is one rename, breaking both', { after: (d) => (parameter(d, 'Colour').name = 'Color'), want: [['parameter-renamed', B, B, param(5)]] }],
  [
    'a removal and an addition with different schemas are not a rename',
    { after: (d) => Object.assign(parameter(d, 'Colour'), { name: 'Glossy', schema: { type: 'boolean' } }), want: [['parameter-added', N, B, param(5)], ['parameter-removed', B, B, param(5)]] },
  ],
  ['a parameter made required breaks clients and providers', { after: (d) => (parameter(d, 'Colour').required = true), want: [['parameter-made-required', B, B, param(5)]] }],
  ['a parameter made optional breaks providers', { after: (d) => (parameter(d, 'Name').required = false), want: [['parameter-made-optional', N, B, param(2)]] }],
  ['an optional parameter added breaks only providers', { after: (d) => op(d).parameters.push({ name: 'Finish', in: 'query', schema: { type: 'string' } }), want: [['parameter-added', N, B, param(9)]] }],
  ['a required parameter added breaks clients', { after: (d) => op(d).parameters.push({ name: 'Finish', in: 'query', required: true, schema: { type: 'string' } }), want: [['parameter-added', B, B, param(9)]] }],
  ['an optional property added to list items breaks only providers', { after: (d) => (d.components.schemas.Part.properties.Finish = { type: 'string' }), want: [['parameter-added', N, B, `${PART}/properties/Finish`]] }],
  ['a property of list items made required breaks clients and providers', { after: (d) => d.components.schemas.Part.required.push('Count'), want: [['parameter-made-required', B, B, `${PART}/properties/Count`]] }],
  // Types and ranges of request values
  ['a type changed breaks both', { after: (d) => (parameter(d, 'Name').schema = { type: 'integer', minimum: 1, maximum: 9 }), want: [['type-changed', B, B, param(2, 'schema')]] }],
  ['a list item type changed breaks both', { after: (d) => (parameter(d, 'Tags').schema.items = { type: 'boolean' }), want: [['type-changed', B, B, param(7, 'schema/items')]] }],
  ['an integer list item field made number breaks only providers', { after: (d) => (d.components.schemas.Part.properties.Count.type = 'number'), want: [['type-changed', N, B, `${PART}/properties/Count`]] }],
  ['a number list item field made integer breaks clients and providers', { before: (d) => (d.components.schemas.Part.properties.Count.type = 'number'), want: [['type-changed', B, B, `${PART}/properties/Count`]] }],
  ['a minimum raised breaks clients and providers', { after: (d) => (parameter(d, 'Weight').schema.minimum = 1), want: [['minimum-raised', B, B, param(6, 'schema/minimum')]] }],
  ['a maximum lowered breaks clients and providers', { after: (d) => (parameter(d, 'Weight').schema.maximum = 50), want: [['maximum-lowered', B, B, param(6, 'schema/maximum')]] }],
  ['a minItems raised breaks clients and providers', { after: (d) => (parameter(d, 'Parts').schema.minItems = 2), want: [['min-items-raised', B, B, param(8, 'schema/minItems')]] }],
  ['a maxItems lowered breaks clients and providers', { after: (d) => (parameter(d, 'Tags').schema.maxItems = 3), want: [['max-items-lowered', B, B, param(7, 'schema/maxItems')]] }],
  ['a bound added breaks clients and providers', { after: (d) => (d.components.schemas.Part.properties.Count.maximum = 9), want: [['maximum-added', B, B, `${PART}/properties/Count/maximum`]] }],
  ['an enum value removed breaks clients and providers', { after: (d) => (parameter(d, 'Colour').schema.enum = ['red']), want: [['enum-value-removed', B, B, param(5, 'schema/enum')]] }],
  ['an enum added where there was none breaks clients and providers', { after: (d) => (parameter(d, 'Name').schema.enum = ['a', 'b']), want: [['enum-added', B, B, param(2, 'schema/enum')]] }],
  ['a minimum lowered breaks providers', { after: (d) => (parameter(d, 'Weight').schema.minimum = 0.1), want: [['minimum-lowered', N, B, param(6, 'schema/minimum')]] }],
  ['a maximum raised breaks providers', { after: (d) => (parameter(d, 'Weight').schema.maximum = 100), want: [['maximum-raised', N, B, param(6, 'schema/maximum')]] }],
  ['a minItems lowered breaks providers', { after: (d) => (parameter(d, 'Parts').schema.minItems = 0), want: [['min-items-lowered', N, B, param(8, 'schema/minItems')]] }],
  ['a maxItems raised breaks providers', { after: (d) => (parameter(d, 'Tags').schema.maxItems = 9), want: [['max-items-raised', N, B, param(7, 'schema/maxItems')]] }],
  ['a bound removed breaks providers (pointer into the old document)', { after: (d) => delete parameter(d, 'Tags').schema.maxItems, want: [['max-items-removed', N, B, param(7, 'schema/maxItems')]] }],
  ['an enum value added breaks providers', { after: (d) => parameter(d, 'Colour').schema.enum.push('blue'), want: [['enum-value-added', N, B, param(5, 'schema/enum')]] }],
  // Keyword by keyword, the same three values read as two bounds added and an enum removed: breaking both sides.
  ['an integer enum written as the bounds it spans is no change', { before: (d) => (d.components.schemas.Part.properties.Count = { type: 'integer', enum: [3, 1, 2] }), after: (d) => (d.components.schemas.Part.properties.Count = { type: 'integer', minimum: 1, maximum: 3 }), want: [] }],
  ['an integer enum rewritten as bounds one wider breaks providers, naming the value', { before: (d) => (d.components.schemas.Part.properties.Count = { type: 'integer', enum: [1, 2, 3] }), after: (d) => (d.components.schemas.Part.properties.Count = { type: 'integer', minimum: 1, maximum: 4 }), want: [['allowed-values-added', N, B, `${PART}/properties/Count`]] }],
  ['integer bounds rewritten as an enum of fewer values breaks both', { before: (d) => (d.components.schemas.Part.properties.Count = { type: 'integer', minimum: 1, maximum: 3 }), after: (d) => (d.components.schemas.Part.properties.Count = { type: 'integer', enum: [1, 3] }), want: [['allowed-values-removed', B, B, `${PART}/properties/Count/enum`]] }],
  ['an enum removed breaks providers', { after: (d) => delete parameter(d, 'Colour').schema.enum, want: [['enum-removed', N, B, param(5, 'schema/enum')]] }],
  ['a request default changed breaks both', { before: (d) => (parameter(d, 'Colour').schema.default = 'red'), after: (d) => (parameter(d, 'Colour').schema.default = 'green'), want: [['default-changed', B, B, param(5, 'schema/default')]] }],
  ['a request default added binds only providers', { after: (d) => (parameter(d, 'Colour').schema.default = 'red'), want: [['default-changed', N, B, param(5, 'schema/default')]] }],
  // A request object must stay closed (the codec sends only its named fields), so opening is a response's change.
  ['a success body opened to unknown fields breaks clients', { before: (d) => (responseSchema(d).additionalProperties = false), after: (d) => (responseSchema(d).additionalProperties = true), want: [['object-opened', B, N, `${RESPONSE}/additionalProperties`]] }],
  // Responses
  ['a response field removed breaks clients', { after: (d) => Object.assign(responseSchema(d), { required: [], properties: {} }), want: [['response-field-removed', B, N, `${RESPONSE}/properties/WidgetId`]] }],
  [
    'an optional response field renamed breaks clients only',
    { before: (d) => (responseSchema(d).required = []), after: (d) => Object.assign(responseSchema(d), { required: [], properties: { WidgetRef: { type: 'string' } } }), want: [['response-field-renamed', B, N, `${RESPONSE}/properties/WidgetRef`]] },
  ],
  ['a response field made optional breaks clients', { after: (d) => (responseSchema(d).required = []), want: [['response-field-made-optional', B, N, `${RESPONSE}/properties/WidgetId`]] }],
  [
    'a response field made required breaks providers',
    { before: (d) => (responseSchema(d).properties.Serial = { type: 'string' }), after: (d) => Object.assign(responseSchema(d), { required: ['WidgetId', 'Serial'], properties: { WidgetId: { type: 'string' }, Serial: { type: 'string' } } }), want: [['response-field-made-required', N, B, `${RESPONSE}/properties/Serial`]] },
  ],
  ['an integer response field made number breaks clients', { before: (d) => (responseSchema(d).properties.Serial = { type: 'integer' }), after: (d) => (responseSchema(d).properties.Serial = { type: 'number' }), want: [['type-changed', B, N, `${RESPONSE}/properties/Serial`]] }],
  ['a number response field made integer breaks providers', { before: (d) => (responseSchema(d).properties.Serial = { type: 'number' }), after: (d) => (responseSchema(d).properties.Serial = { type: 'integer' }), want: [['type-changed', N, B, `${RESPONSE}/properties/Serial`]] }],
  ['an optional response field added breaks nobody', { after: (d) => (responseSchema(d).properties.Serial = { type: 'string' }), want: [['response-field-added', N, N, `${RESPONSE}/properties/Serial`]] }],
  ['a required response field added breaks providers', { after: (d) => Object.assign(responseSchema(d), { required: ['WidgetId', 'Serial'], properties: { WidgetId: { type: 'string' }, Serial: { type: 'string' } } }), want: [['response-field-added', N, B, `${RESPONSE}/properties/Serial`]] }],
  [
    'a response field added to a closed response breaks clients (they refuse unknown fields)',
    { before: (d) => (responseSchema(d).additionalProperties = false), after: (d) => Object.assign(responseSchema(d), { additionalProperties: false, properties: { WidgetId: { type: 'string' }, Serial: { type: 'string' } } }), want: [['response-field-added', B, N, `${RESPONSE}/properties/Serial`]] },
  ],
  ['a value added to a response enum breaks clients, not providers', { before: (d) => (responseSchema(d).properties.WidgetId.enum = ['w-1']), after: (d) => (responseSchema(d).properties.WidgetId.enum = ['w-1', 'w-2']), want: [['enum-value-added', B, N, `${RESPONSE}/properties/WidgetId/enum`]] }],
  ['an error body field removed breaks clients', { after: (d) => Object.assign(d.components.schemas.Problem, { required: ['Code'], properties: { Code: { type: 'string' } } }), want: [['response-field-removed', B, N, '#/components/schemas/Problem/properties/Message']] }],
  // Error codes
  ['an error code added breaks no one: a client already meets codes the contract does not list', { after: (d) => (errorExamples(d).Gone = { 'x-acs-message': 'Gone.', value: { Code: 'Gone', Message: 'Gone.' } }), want: [['error-added', N, N, `${EXAMPLES}/Gone`]] }],
  ['an error code removed breaks both', { after: (d) => delete errorExamples(d).Busy, want: [['error-removed', B, B, `${EXAMPLES}/Busy`]] }],
  ['an error status changed breaks both', { after: moveBusyTo503, want: [['error-status-changed', B, B, `${OP}/responses/503/content/application~1json/examples/Busy`]] }],
  ['a throttling code added as not safe to retry breaks clients, which retried it unlisted', { after: (d) => (errorExamples(d)['Throttling.User'] = { 'x-acs-message': 'Slow down.', value: { Code: 'Throttling.User', Message: 'Slow down.' } }), want: [['error-added', B, N, `${EXAMPLES}/Throttling.User`]] }],
  ['a throttling code added as safe to retry breaks nobody', { after: (d) => (errorExamples(d)['Throttling.User'] = { 'x-acs-message': 'Slow down.', 'x-acs-retryable': true, value: { Code: 'Throttling.User', Message: 'Slow down.' } }), want: [['error-added', N, N, `${EXAMPLES}/Throttling.User`]] }],
  ['an error no longer safe to retry breaks clients', { after: (d) => (errorExamples(d).Busy['x-acs-retryable'] = false), want: [['error-retryable-changed', B, N, `${EXAMPLES}/Busy`]] }],
  ['an error now safe to retry breaks nobody', { after: (d) => (errorExamples(d).Absent['x-acs-retryable'] = true), want: [['error-retryable-changed', N, N, `${EXAMPLES}/Absent`]] }],
  // Wire binding
  ['the method changed breaks both', { after: (d) => ((d.paths['/'] = { get: op(d) }), undefined), want: [['method-changed', B, B, '#/paths/~1/get']] }],
  ['a path given a fragment (/#Action, which travels as /) is no change', { after: (d) => ((d.paths = { '/#CreateWidget': d.paths['/'] }), undefined), want: [] }],
  ['an operationId renamed while the call travels as before breaks clients only (their method name)', { after: (d) => (op(d).operationId = 'MakeWidget'), want: [['operation-renamed', B, N, `${OP}/operationId`]] }],
  [
    'an operationId renamed beside a component named after it (CreateWidgetAnswer) renames no type: one change',
    {
      before: answerAsComponent,
      after: (d) => {
        answerAsComponent(d);
        op(d).operationId = 'MakeWidget';
      },
      want: [['operation-renamed', B, N, `${OP}/operationId`]],
    },
  ],
  ['the x-acs-action value changed breaks both', { after: (d) => (parameter(d, 'x-acs-action').schema.enum = ['MakeWidget']), want: [['fixed-header-changed', B, B, `${OP}/parameters`]] }],
  ['a fixed header name written in another case is no change (header names ignore case)', { after: (d) => (parameter(d, 'x-acs-action').name = 'X-Acs-Action'), want: [] }],
  ['the x-acs-version value changed breaks both', { after: (d) => (parameter(d, 'x-acs-version').schema.enum = ['2000-01-01']), want: [['fixed-header-changed', B, B, `${OP}/parameters`]] }],
  // A provider answers wherever it runs (verify --base-url): where clients send is theirs alone.
  ['a server URL changed breaks clients', { after: (d) => (d.servers[0].url = 'https://gadgets.{Zone}.example.test'), want: [['server-url-changed', B, N, '#/servers/0']] }],
  ['a server network changed breaks clients', { after: (d) => (d.servers[0]['x-acs-network'] = 'vpc'), want: [['server-network-changed', B, N, '#/servers/0']] }],
  ['a server variable renamed (the client option it fills) breaks clients', { after: (d) => Object.assign(d.servers[0], { url: 'https://widgets.{Area}.example.test', variables: { Area: { default: 'zone-a' } } }), want: [['server-url-changed', B, N, '#/servers/0'], ['server-variables-changed', B, N, '#/servers/0/variables']] }],
  ['the default of the variable clients must pass (zone, region) changed breaks nobody: it is only an example', { after: (d) => (d.servers[0].variables.Zone.default = 'zone-b'), want: [] }],
  ['a server added breaks nobody', { after: addVpcServer, want: [['server-added', N, N, '#/servers/1']] }],
  ['a server removed breaks clients', { before: addVpcServer, want: [['server-removed', B, N, '#/servers/1']] }],
  // The client picks a server by its network, not by its place in the list.
  ['the servers reordered are no change', { before: addVpcServer, after: (d) => { addVpcServer(d); d.servers.reverse(); }, want: [] }],
  ['a server added first breaks nobody, and moves no other', { before: addVpcServer, after: (d) => { addVpcServer(d); d.servers.unshift({ url: 'https://widgets-intl.{Zone}.example.test', 'x-acs-network': 'intl', variables: { Zone: { default: 'zone-a' } } }); }, want: [['server-added', N, N, '#/servers/0']] }],
  // The client sends to the URL's origin alone.
  ['a server URL given a trailing slash or an upper-case scheme is no change', { after: (d) => (d.servers[0].url = `${d.servers[0].url.replace('https:', 'HTTPS:')}/`), want: [] }],
  // Only ACS3-HMAC-SHA256 is accepted now, so the header that carries the signature is what changes.
  ['the signature header changed breaks both', { after: (d) => (d.components.securitySchemes.sig.name = 'X-Acs-Signature'), want: [['signature-changed', B, B, '#/security']] }],
  ['the success status changed breaks both', { after: (d) => ((op(d).responses = { '201': op(d).responses['200'], '400': op(d).responses['400'] }), undefined), want: [['success-status-changed', B, B, `${OP}/responses`]] }],
  ['a violation mapped to another code breaks both', { after: (d) => (op(d)['x-acs-violations'].missing.code = 'Malformed'), want: [['violation-code-changed', B, B, `${OP}/x-acs-violations`]] }],
  // Cross-field rules
  ['a new error rule between existing parameters breaks clients and providers', { before: (d) => delete op(d)['x-acs-rules'], want: [['rule-added', B, B, `${OP}/x-acs-rules/0`]] }],
  ['an error rule removed breaks providers', { after: (d) => delete op(d)['x-acs-rules'], want: [['rule-removed', N, B, `${OP}/x-acs-rules/0`]] }],
  ['a new error rule on a new optional parameter comes with it and breaks no client', { before: withoutMinSize, want: [['parameter-added', N, B, `${OP}/parameters/4`]] }],
  ['a new warning rule breaks nobody', { after: (d) => (d.components.schemas.Part['x-acs-rules'] = [ignoredCount()]), want: [['rule-added', N, N, `${PART}/x-acs-rules/0`]] }],
  ['a warning turned into an error breaks clients and providers', { before: (d) => Object.assign(op(d)['x-acs-rules'][0], { severity: 'warning', code: undefined }), want: [['rule-severity-changed', B, B, `${OP}/x-acs-rules/0`]] }],
  ['a rule answering another code breaks both', { after: (d) => (op(d)['x-acs-rules'][0].code = 'Absent'), want: [['rule-code-changed', B, B, `${OP}/x-acs-rules/0`]] }],
  // Operations and the document
  ['an operation added breaks providers', { after: addSecondOperation, want: [['operation-added', N, B, '#/paths/~1#DestroyWidget/post']] }],
  // The new contract refuses its call (InvalidAction), which a fake of the old one answers.
  ['an operation removed breaks both', { before: addSecondOperation, want: [['operation-removed', B, B, '#/paths/~1#DestroyWidget/post']] }],
  ['the product (which names the error class) changed breaks clients', { after: (d) => (d.info['x-acs-product'] = 'Widgets'), want: [['product-changed', B, N, '#/info/x-acs-product']] }],
];

/** The success body as a component whose name begins with the operation's. */
function answerAsComponent(d: Doc): void {
  d.components.schemas.CreateWidgetAnswer = responseSchema(d);
  op(d).responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/CreateWidgetAnswer' };
}

function moveBusyTo503(d: Doc): void {
  const busy = errorExamples(d).Busy;
  delete errorExamples(d).Busy;
  op(d).responses['503'] = { description: 'Busy.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' }, examples: { Busy: busy } } } };
}

function addVpcServer(d: Doc): void {
  d.servers.push({ url: 'https://widgets-vpc.{Zone}.example.test', 'x-acs-network': 'vpc', variables: { Zone: { default: 'zone-a' } } });
}

function withoutMinSize(d: Doc): void {
  op(d).parameters = op(d).parameters.filter((p: { name: string }) => p.name !== 'MinSize');
  delete op(d)['x-acs-rules'];
}

function ignoredCount(): Doc {
  return { rule: 'ignoredWhenPresent', parameter: 'Count', present: 'Label', severity: 'warning', why: 'Made up for the test.' };
}

function addSecondOperation(d: Doc): void {
  const other = structuredClone(op(d));
  other.operationId = 'DestroyWidget';
  other.parameters[0].schema.enum = ['DestroyWidget'];
  d.paths['/#DestroyWidget'] = { post: other };
}

describe('diffDocuments, one rule at a time on the widget fixture', () => {
  it.each(cases)('%s', async (_, { before, after, want }) => {
    expect(summary(await diffWidget({ before, after }))).toEqual(want);
  });

  it('reports a change to a shared schema once for every parameter that uses it', async () => {
    const changes = await diffWidget({ after: (d) => (d.components.schemas.Size.maximum = 8) });
    expect(changes.map((c) => [c.kind, c.pointer, c.message])).toEqual([
      ['maximum-lowered', '#/components/schemas/Size/maximum', 'CreateWidget: parameter MinSize maximum lowered from 10 to 8'],
      ['maximum-lowered', '#/components/schemas/Size/maximum', 'CreateWidget: parameter Size maximum lowered from 10 to 8'],
    ]);
  });

  it('names nested members by their path through the request', async () => {
    const changes = await diffWidget({ after: (d) => delete d.components.schemas.Part.properties.Count });
    expect(changes.map((c) => c.message)).toEqual(['CreateWidget: parameter Parts[].Count removed']);
  });

  it('says which rule comes with a new parameter', async () => {
    const [change] = await diffWidget({ before: withoutMinSize });
    expect(change?.message).toBe('CreateWidget: optional parameter MinSize added, with its rules: MinSize must not exceed Size (error Malformed)');
  });

  it('reports a list style change as breaking both (a model-level change no document can express yet)', async () => {
    const before = await modelOf(readWidgetDocument());
    const [operation] = before.operations;
    const request = { ...operation!.request, properties: operation!.request.properties.map((p) => (p.name === 'Tags' ? { ...p, style: undefined } : p)) };
    const after: DocumentModel = { ...before, operations: [{ ...operation!, request }] };
    expect(summary(diffDocuments({ before, after }))).toEqual([['list-style-changed', B, B, param(7)]]);
  });

  it('reports nothing for descriptions, examples, summaries, message templates, reasons and the version', async () => {
    const changes = await diffWidget({
      after: (d) => {
        Object.assign(d.info, { title: 'Gadgets', version: '9.9.9', description: 'Other words.', 'x-changelog': [{ version: '9.9.9', summary: 'x' }] });
        Object.assign(op(d), { summary: 'Other words.', description: 'Other words.' });
        for (const p of op(d).parameters) Object.assign(p, { description: 'Other words.', example: undefined });
        errorExamples(d).Busy['x-acs-message'] = 'Other words.';
        errorExamples(d).Busy.value.Message = 'Other words.';
        op(d)['x-acs-rules'][0].why = 'Other words.';
        d.components.schemas.Part.properties.Label.description = 'Other words.';
      },
    });
    expect(changes).toEqual([]);
  });

  // Its schema is a $ref too (NodeCount): the change pointed at the whole list of parameters.
  it('points a change of a component parameter at the parameter, whatever its schema is', async () => {
    const document = parse(readFileSync(CURRENT, 'utf8'));
    document.components.parameters.IncreaseNodeCount.required = false;
    const changes = diffDocuments({ before: await modelAt(CURRENT), after: await modelOf(document) });
    expect(changes.map(({ kind, pointer }) => ({ kind, pointer }))).toEqual([{ kind: 'parameter-made-optional', pointer: '#/components/parameters/IncreaseNodeCount' }]);
  });

  it('reports nothing when a scalar schema moves between $ref and inline', async () => {
    const changes = await diffWidget({ after: (d) => (parameter(d, 'Size').schema = { type: 'integer', minimum: 1, maximum: 10 }) });
    expect(changes).toEqual([]);
  });

  // The generated type `Part` and the arbitrary `part` are gone once the object is written inline.
  it('reports an object schema moved inline as its generated type renamed, breaking clients only', async () => {
    const changes = await diffWidget({ after: (d) => (parameter(d, 'Parts').schema.items = structuredClone(d.components.schemas.Part)) });
    expect(changes.map(({ kind, client, provider, message }) => ({ kind, client, provider, message }))).toEqual([
      { kind: 'type-renamed', client: B, provider: N, message: expect.stringMatching(/^CreateWidget: generated type Part \(Parts\[\]\) renamed to \w+$/) },
    ]);
  });

  it('reports a component object renamed as its generated type renamed, breaking clients only', async () => {
    const changes = await diffWidget({
      after: (d) => {
        d.components.schemas.Piece = d.components.schemas.Part;
        delete d.components.schemas.Part;
        parameter(d, 'Parts').schema.items = { $ref: '#/components/schemas/Piece' };
      },
    });
    expect(changes.map(({ kind, client, provider, message }) => ({ kind, client, provider, message }))).toEqual([{ kind: 'type-renamed', client: B, provider: N, message: 'CreateWidget: generated type Part (Parts[]) renamed to Piece' }]);
  });

  it('orders the changes by pointer, then kind', async () => {
    const changes = await diffWidget({
      after: (d) => {
        d.servers[0].url = 'https://gadgets.{Zone}.example.test';
        op(d).parameters.splice(5, 1);
        parameter(d, 'Weight').schema.maximum = 50;
        parameter(d, 'Weight').schema.minimum = 1;
        errorExamples(d).Gone = { 'x-acs-message': 'Gone.', value: { Code: 'Gone', Message: 'Gone.' } };
      },
    });
    const keys = changes.map((c) => `${c.pointer} ${c.kind}`);
    expect(changes).toHaveLength(5);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('the contract history in spec/releases', () => {
  it('1.0.0 → 1.1.0 adds MinIncreaseNodeCount as an optional parameter and nothing else', async () => {
    const changes = diffDocuments({ before: await modelAt(release('1.0.0')), after: await modelAt(release('1.1.0')) });
    expect(changes.map(({ kind, client }) => ({ kind, client }))).toEqual([{ kind: 'parameter-added', client: N }]);
    expect(changes[0]?.message).toMatch(/^IncreaseNodes: optional parameter MinIncreaseNodeCount added/);
  });

  it('1.1.0 → 1.2.1 adds AutoRenew as an optional parameter and nothing else', async () => {
    const changes = diffDocuments({ before: await modelAt(release('1.1.0')), after: await modelAt(release('1.2.1')) });
    expect(changes.map(({ kind, client, message }) => ({ kind, client, message }))).toEqual([{ kind: 'parameter-added', client: N, message: 'IncreaseNodes: optional parameter AutoRenew added' }]);
  });

  it('1.2.1 → 1.2.2 changes nothing a client or a provider would notice (x-acs-before-retry is advice)', async () => {
    expect(diffDocuments({ before: await modelAt(release('1.2.1')), after: await modelAt(release('1.2.2')) })).toEqual([]);
  });

  it('1.2.2 → 1.2.3 changes nothing a client or a provider would notice (only the library generated from it changed)', async () => {
    expect(diffDocuments({ before: await modelAt(release('1.2.2')), after: await modelAt(release('1.2.3')) })).toEqual([]);
  });

  it('1.2.3 is a byte copy of the current spec', () => {
    expect(readFileSync(release('1.2.3'), 'utf8')).toBe(readFileSync(CURRENT, 'utf8'));
  });

  it.each([
    ['1.0.0', ['1.0.0']],
    ['1.1.0', ['1.0.0', '1.1.0']],
  ])('%s is the current spec with later parts removed: its own version, changelog up to it', (version, changelog) => {
    const text = readFileSync(release(version), 'utf8');
    const info = parse(text).info;
    expect(info.version).toBe(version);
    expect(info['x-changelog'].map((entry: { version: string }) => entry.version)).toEqual(changelog);
    const lines = text.split('\n').filter((line) => line !== `  version: ${version}`);
    expect(isSubsequence({ part: lines, whole: readFileSync(CURRENT, 'utf8').split('\n') })).toBe(true);
  });

  it('1.0.0 knows neither MinIncreaseNodeCount nor AutoRenew, even in its rules', () => {
    const text = readFileSync(release('1.0.0'), 'utf8');
    expect(text).not.toContain('MinIncreaseNodeCount');
    expect(text).not.toMatch(/AutoRenew\b/);
    expect(parse(text).paths['/'].post['x-acs-rules']).toBeUndefined();
  });

  it('breakingAgainstRelease finds 1.2.3 and no change against the current spec', async () => {
    const result = await breakingAgainstRelease({ current: await modelAt(CURRENT), releasesDir: RELEASES });
    expect(result).toEqual({ release: release('1.2.3'), releaseVersion: '1.2.3', changes: [], versionBumped: false, order: 0 });
  });

  it('breakingAgainstRelease picks the newest release by semver (1.10.0 over 1.10.0-rc.1 and 1.9.0), not by file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'releases-'));
    writeFileSync(join(dir, 'z-9.9.9.openapi.yaml'), withVersion(release('1.0.0'), '1.9.0'));
    writeFileSync(join(dir, 'a.openapi.yaml'), withVersion(release('1.1.0'), '1.10.0'));
    writeFileSync(join(dir, 'b.openapi.yaml'), withVersion(release('1.0.0'), '1.10.0-rc.1'));
    copyFileSync(release('1.2.1'), join(dir, 'm.openapi.yaml'));
    const result = await breakingAgainstRelease({ current: await modelAt(CURRENT), releasesDir: dir });
    expect(result.release).toBe(join(dir, 'a.openapi.yaml'));
    expect(result.changes.map((c) => c.message)).toEqual(['IncreaseNodes: optional parameter AutoRenew added']);
  });

  it('breakingAgainstRelease says whether the MAJOR version went up', async () => {
    const current = await modelOf(withVersion(release('1.1.0'), '2.0.0'));
    const result = await breakingAgainstRelease({ current, releasesDir: RELEASES });
    expect(result.versionBumped).toBe(true);
    expect(result.changes.map(({ kind, client }) => ({ kind, client }))).toEqual([{ kind: 'parameter-removed', client: B }]);
  });
});

describe('the next revision: Promotions', () => {
  it('current → promotions reports exactly the new optional Promotions list', async () => {
    const changes = diffDocuments({ before: await modelAt(CURRENT), after: await modelAt(PROMOTIONS) });
    expect(changes).toEqual([
      { pointer: '#/components/parameters/Promotions', kind: 'parameter-added', message: 'IncreaseNodes: optional parameter Promotions added', client: N, provider: B },
    ]);
  });

  // Compared with what the current spec generates, which the drift check (test/generator.test.ts)
  // keeps byte-equal to generated/; in memory, it does not depend on when generated/ was last written.
  it('regenerating from it changes only types, validators, codec and arbitraries, and only with Promotion lines', async () => {
    const files = await generate({ text: readFileSync(PROMOTIONS, 'utf8'), name: CURRENT });
    const current = await generate({ text: readFileSync(CURRENT, 'utf8'), name: CURRENT });
    const body = (text: string | undefined) => (text ?? '').split('\n').slice(2);
    expect([...files.keys()]).toEqual([...current.keys()]);
    const all = [...files].filter(([path, text]) => body(text).join('\n') !== body(current.get(path)).join('\n'));
    // The copy of the spec and the changelog change with any edit; the code must change only where it is about Promotions.
    expect(all.filter(([path]) => !path.endsWith('.ts')).map(([path]) => path)).toEqual(['CHANGELOG.md', 'openapi.yaml']);
    const differing = all.filter(([path]) => path.endsWith('.ts'));
    expect(differing.map(([path]) => path).sort()).toEqual(['arbitraries.ts', 'codec.ts', 'types.ts', 'validators.ts']);
    for (const [path, text] of differing) {
      const before = body(current.get(path));
      const hunks = lineHunks({ before, after: body(text) });
      const about = aboutPromotion({ before, hunks });
      expect(hunks.length, path).toBeGreaterThan(0);
      for (const hunk of hunks) {
        expect(about(hunk.added.join('\n')), `${path}: ${hunk.added.join('\n')}`).toBe(true);
        // Nothing was taken out: each replaced line survives, with Promotion text inserted into it.
        for (const line of hunk.removed) expect(hunk.added.some((a) => about(a) && isSubsequence({ part: [...line], whole: [...a] })), `${path}: ${line}`).toBe(true);
      }
    }
  });
});

describe('emr-contract diff', () => {
  const cli = (...args: string[]) => emrContract('diff', ...args);

  it('exits 0 when no change breaks clients', async () => {
    const result = await cli(release('1.1.0'), release('1.2.1'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('non-breaking (providers must follow)  IncreaseNodes: optional parameter AutoRenew added');
    expect(result.stdout).toContain('1 change(s)');
  });

  // A removed parameter breaks both sides; its line used to say clients only, as a client-only change does.
  it('exits 1 when a change breaks clients, and marks one that breaks providers too as breaking both', async () => {
    const result = await cli(release('1.2.1'), release('1.1.0'));
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')[0]).toMatch(/^BREAKING \(client, provider\) {2}.*\[parameter-removed\]$/);
    expect(result.stdout).toContain('1 breaking for clients, 1 breaking for providers');
  });

  it('prints JSON with --format json', async () => {
    const result = await cli(release('1.2.1'), release('1.1.0'), '--format', 'json');
    expect(result.status).toBe(1);
    const output = JSON.parse(result.stdout) as { ok: boolean; changes: Change[]; breaking: { client: number; provider: number } };
    expect(output.ok).toBe(false);
    expect(output.breaking).toEqual({ client: 1, provider: 1 });
    expect(output.changes.map((c) => c.kind)).toEqual(['parameter-removed']);
  });

  it('names the document that does not load, in text and in JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-invalid-'));
    const broken = join(dir, 'broken.openapi.yaml');
    const document = parse(readFileSync(CURRENT, 'utf8'));
    document.components.schemas.NodeCount.multipleOf = 2;
    writeFileSync(broken, stringify(document));
    const named = displayName(broken);
    const text = await cli(release('1.2.2'), broken);
    expect({ status: text.status, stderr: text.stderr.split('\n')[0] }).toEqual({ status: 2, stderr: `The spec ${named} has 1 problem(s):` });
    const json = JSON.parse((await cli(release('1.2.2'), broken, '--format', 'json')).stdout);
    expect({ document: json.error.document, message: json.error.message }).toEqual({ document: named, message: `The spec ${named} has 1 problem(s)` });
  });

  it('exits 2 with its usage when a document is missing', async () => {
    const result = await cli(release('1.2.1'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: emr-contract diff <old> <new>');
  });
});

function withVersion(path: string, version: string): string {
  const document = parse(readFileSync(path, 'utf8'));
  document.info.version = version;
  return stringify(document);
}

/**
 * Whether added code is about Promotion(s): it names them, or uses a name that the hunks naming them
 * introduce (a generated `has10` flag declared in one hunk and set under `case "Promotions"` in another).
 */
function aboutPromotion({ before, hunks }: { before: readonly string[]; hunks: readonly { added: string[] }[] }): (text: string) => boolean {
  const names = (text: string) => text.match(/[A-Za-z_$][\w$]*/g) ?? [];
  const known = new Set(names(before.join('\n')));
  const naming = hunks.map((h) => h.added.join('\n')).filter((text) => /Promotion/.test(text));
  const introduced = new Set(naming.flatMap(names).filter((name) => !known.has(name)));
  return (text) => /Promotion/.test(text) || names(text).some((name) => introduced.has(name));
}
