/**
 * Every x-acs-* extension the model reads is either carried into the generated code or refused with
 * a diagnostic at its JSON pointer: a value read and then dropped (a style assumed from the schema,
 * an algorithm the signer does not compute, a `retryable: 'yes'` read as false) would be a contract
 * that says one thing while the code does another.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SIGNATURE_ALGORITHM } from '../generator/acs-extensions.js';
import { GeneratorError } from '../generator/diagnostics.js';
import { loadSpec } from '../generator/load.js';
import { buildModel } from '../generator/model.js';
import { signRequest } from '../generator/runtime/signer.js';
import { readWidgetDocument } from './support/generated-package.js';

type Doc = Record<string, any>;
const op = (d: Doc) => d.paths['/'].post;
const TAGS = '#/paths/~1/post/parameters/7';

async function diagnosticsOf(mutate: (document: Doc) => unknown): Promise<{ code: string; pointer: string }[]> {
  const document = readWidgetDocument();
  mutate(document);
  try {
    buildModel(await loadSpec({ text: stringify(document), name: 'widget.openapi.yaml' }));
  } catch (error) {
    if (error instanceof GeneratorError) return error.diagnostics.map(({ code, pointer }) => ({ code, pointer }));
    throw error;
  }
  return [];
}

describe('x-acs-style: a list says how it travels', () => {
  it.each<[string, (d: Doc) => unknown, { code: string; pointer: string }]>([
    ['a list parameter without x-acs-style is refused at the parameter', (d) => delete op(d).parameters[7]['x-acs-style'], { code: 'invalid-list-style', pointer: TAGS }],
    ['a style the codec cannot send is refused at x-acs-style', (d) => (op(d).parameters[7]['x-acs-style'] = 'flat'), { code: 'invalid-list-style', pointer: `${TAGS}/x-acs-style` }],
    ['x-acs-style on a parameter that is not a list is refused', (d) => (op(d).parameters[2]['x-acs-style'] = 'repeatList'), { code: 'invalid-list-style', pointer: '#/paths/~1/post/parameters/2/x-acs-style' }],
    ['x-acs-style on a fixed header is refused', (d) => (op(d).parameters[0]['x-acs-style'] = 'repeatList'), { code: 'invalid-list-style', pointer: '#/paths/~1/post/parameters/0/x-acs-style' }],
    ['x-acs-style on a schema, where nothing reads it, is refused', (d) => (d.components.schemas.Part.properties.Label['x-acs-style'] = 'repeatList'), { code: 'unsupported-keyword', pointer: '#/components/schemas/Part/properties/Label/x-acs-style' }],
  ])('%s', async (_, mutate, want) => {
    expect(await diagnosticsOf(mutate)).toEqual([want]);
  });

  it.each<[string, (d: Doc) => unknown, string]>([
    ['style: spaceDelimited', (d) => (op(d).parameters[7].style = 'spaceDelimited'), `${TAGS}/style`],
    ['explode: false', (d) => (op(d).parameters[7].explode = false), `${TAGS}/explode`],
    ['explode: true on a fixed header', (d) => (op(d).parameters[0].explode = true), '#/paths/~1/post/parameters/0/explode'],
  ])("refuses OpenAPI's %s, which the codec would ignore", async (_, mutate, pointer) => {
    expect(await diagnosticsOf(mutate)).toEqual([{ code: 'unsupported-binding', pointer }]);
  });

  it("accepts OpenAPI's serialization keywords at their defaults (style: form, explode: true)", async () => {
    expect(await diagnosticsOf((d) => Object.assign(op(d).parameters[7], { style: 'form', explode: true }))).toEqual([]);
  });

  it('refuses a list of lists, which the codec could send but never read back', async () => {
    expect(await diagnosticsOf((d) => (op(d).parameters[7].schema = { type: 'array', items: { type: 'array', items: { type: 'string' } } }))).toEqual([{ code: 'invalid-list-style', pointer: `${TAGS}/schema` }]);
  });

  it('refuses a list of lists inside a list of objects, naming its wire path', async () => {
    const document = readWidgetDocument();
    document.components.schemas.Part.properties.Grid = { type: 'array', items: { type: 'array', items: { type: 'integer' } } };
    await expect(loadSpec({ text: stringify(document), name: 'widget.openapi.yaml' }).then(buildModel)).rejects.toThrow('Parts.N.Grid is a list of lists');
  });

  it('names the parameter and what to write when a list says nothing', async () => {
    const document = readWidgetDocument();
    delete op(document).parameters[7]['x-acs-style'];
    await expect(loadSpec({ text: stringify(document), name: 'widget.openapi.yaml' }).then(buildModel)).rejects.toThrow('list parameter Tags must say how it travels: add x-acs-style: repeatList');
  });

  it.each(['spec/increase-nodes.openapi.yaml', 'spec/releases/increase-nodes-1.0.0.openapi.yaml', 'spec/releases/increase-nodes-1.1.0.openapi.yaml', 'spec/releases/increase-nodes-1.2.1.openapi.yaml', 'spec/releases/increase-nodes-1.2.2.openapi.yaml', 'spec/releases/increase-nodes-1.2.3.openapi.yaml', 'test/fixtures/promotions.openapi.yaml', 'test/fixtures/widget.openapi.yaml'])(
    '%s says how each of its lists travels',
    async (path) => {
      const model = buildModel(await loadSpec({ text: readFileSync(path, 'utf8'), name: path }));
      const lists = model.operations.flatMap((o) => o.request.properties.filter((p) => p.schema.kind === 'array'));
      expect(lists.length).toBeGreaterThan(0);
      expect(lists.map((p) => p.style)).toEqual(lists.map(() => 'repeatList'));
    },
  );
});

describe('x-acs-signature-algorithm', () => {
  it('refuses an algorithm the signer does not compute, at its pointer', async () => {
    expect(await diagnosticsOf((d) => (d.components.securitySchemes.sig['x-acs-signature-algorithm'] = 'HMAC-SHA1'))).toEqual([
      { code: 'unsupported-signature-algorithm', pointer: '#/components/securitySchemes/sig/x-acs-signature-algorithm' },
    ]);
  });

  it('says which algorithm is supported', async () => {
    const document = readWidgetDocument();
    document.components.securitySchemes.sig['x-acs-signature-algorithm'] = 'HMAC-SHA1';
    await expect(loadSpec({ text: stringify(document), name: 'widget.openapi.yaml' }).then(buildModel)).rejects.toThrow('the generated client signs ACS3-HMAC-SHA256 only');
  });

  it('refuses a document that names no security scheme, since the client signs every call anyway', async () => {
    expect(await diagnosticsOf((d) => delete d.security)).toEqual([{ code: 'unsupported-binding', pointer: '#/security' }]);
  });

  it('accepts exactly the algorithm the runtime signer writes into the Authorization header', () => {
    const headers = { 'x-acs-date': '2024-01-01T00:00:00Z', 'x-acs-signature-nonce': 'n' };
    const signed = signRequest({ method: 'POST', host: 'h.example.test', path: '/', query: [], headers, accessKeyId: 'id', accessKeySecret: 'secret' });
    expect(signed.authorization.startsWith(`${SIGNATURE_ALGORITHM} Credential=id,`)).toBe(true);
  });
});

describe('an x-acs-* name the generator does not read where it is written', () => {
  const response400 = (d: Doc) => op(d).responses['400'];
  it.each<[string, (d: Doc) => unknown, string]>([
    ['a misspelt operation extension', (d) => (op(d)['x-acs-befor-retry'] = 'check widgets'), '#/paths/~1/post/x-acs-befor-retry'],
    ['rules on a path item, where none are read', (d) => (d.paths['/']['x-acs-rules'] = structuredClone(op(d)['x-acs-rules'])), '#/paths/~1/x-acs-rules'],
    ['x-acs-retryable on a response instead of its example', (d) => (response400(d)['x-acs-retryable'] = true), '#/paths/~1/post/responses/400/x-acs-retryable'],
    ['x-acs-message on the media type', (d) => (response400(d).content['application/json']['x-acs-message'] = 'hi'), '#/paths/~1/post/responses/400/content/application~1json/x-acs-message'],
    ['x-acs-message on a success example', (d) => (op(d).responses['200'].content['application/json'].examples.Made['x-acs-message'] = 'hi'), '#/paths/~1/post/responses/200/content/application~1json/examples/Made/x-acs-message'],
    ['an extension on a scalar schema', (d) => (d.components.schemas.Size['x-acs-message'] = 'hi'), '#/components/schemas/Size/x-acs-message'],
    ['a misspelt extension on an object schema', (d) => (d.components.schemas.Part['x-acs-rule'] = []), '#/components/schemas/Part/x-acs-rule'],
    ['an error-example extension on a parameter', (d) => (op(d).parameters[2]['x-acs-retryable'] = true), '#/paths/~1/post/parameters/2/x-acs-retryable'],
    ['a misspelt info extension', (d) => (d.info['x-acs-produkt'] = 'Widget'), '#/info/x-acs-produkt'],
    ['an unknown security-scheme extension', (d) => (d.components.securitySchemes.sig['x-acs-signature-version'] = 'v2'), '#/components/securitySchemes/sig/x-acs-signature-version'],
    ['an unknown server extension', (d) => (d.servers[0]['x-acs-region'] = 'r1'), '#/servers/0/x-acs-region'],
  ])('%s is refused at its pointer', async (_, mutate, pointer) => {
    expect(await diagnosticsOf(mutate)).toEqual([{ code: 'invalid-extension', pointer }]);
  });

  it('says what is read there', async () => {
    const document = readWidgetDocument();
    op(document)['x-acs-befor-retry'] = 'check widgets';
    await expect(loadSpec({ text: stringify(document), name: 'widget.openapi.yaml' }).then(buildModel)).rejects.toThrow(
      'x-acs-befor-retry means nothing on an operation, where the generator reads x-acs-violations, x-acs-rules, x-acs-before-retry; correct its name or move it where it is read',
    );
  });

  it('leaves other vendors’ extensions alone', async () => {
    expect(await diagnosticsOf((d) => ((op(d)['x-internal'] = true), (d.components.schemas.Size['x-go-type'] = 'int')))).toEqual([]);
  });

  it('refuses a key a rule does not read, at that key', async () => {
    expect(await diagnosticsOf((d) => (op(d)['x-acs-rules'][0].when = { parameter: 'Size', equals: 3 }))).toEqual([{ code: 'invalid-rule', pointer: '#/paths/~1/post/x-acs-rules/0/when' }]);
  });

  it('refuses a key an effectiveOnlyWhen condition does not read, at that key inside when', async () => {
    const rule = { rule: 'effectiveOnlyWhen', parameter: 'Weight', when: { parameter: 'Colour', equals: 'red', unless: 'blue' }, severity: 'warning', why: 'w' };
    expect(await diagnosticsOf((d) => op(d)['x-acs-rules'].push(rule))).toEqual([{ code: 'invalid-rule', pointer: '#/paths/~1/post/x-acs-rules/1/when/unless' }]);
  });

  it('refuses a key a violation mapping does not read, at that key', async () => {
    expect(await diagnosticsOf((d) => (op(d)['x-acs-violations'].missing.emptyTextIsMising = true))).toEqual([{ code: 'invalid-extension', pointer: '#/paths/~1/post/x-acs-violations/missing/emptyTextIsMising' }]);
  });
});

describe('security: one scheme signs every call', () => {
  const addOther = (d: Doc) => (d.components.securitySchemes.other = { type: 'apiKey', in: 'header', name: 'X-Other', 'x-acs-signature-algorithm': 'HMAC-SHA1' });

  it.each<[string, (d: Doc) => unknown]>([
    ['an operation that names another scheme', (d) => { addOther(d); op(d).security = [{ other: [] }]; }],
    ['an operation that declares no security (security: [])', (d) => (op(d).security = [])],
    ['an operation that asks for the scheme together with another', (d) => { addOther(d); op(d).security = [{ sig: [], other: [] }]; }],
  ])('refuses %s at its security, since the client would sign it as the document says', async (_, mutate) => {
    expect(await diagnosticsOf(mutate)).toEqual([{ code: 'unsupported-binding', pointer: '#/paths/~1/post/security' }]);
  });

  it('says which scheme the client signs with and how to mend the operation', async () => {
    const document = readWidgetDocument();
    op(document).security = [];
    await expect(loadSpec({ text: stringify(document), name: 'widget.openapi.yaml' }).then(buildModel)).rejects.toThrow(
      "security [] does not allow sig, the scheme the generated client signs every call with (ACS3-HMAC-SHA256); remove the operation's security or make it name sig alone",
    );
  });

  it.each<[string, (d: Doc) => unknown]>([
    ['names the document’s scheme', (d) => (op(d).security = [{ sig: [] }])],
    ['offers the document’s scheme as one alternative', (d) => { addOther(d); op(d).security = [{ other: [] }, { sig: [] }]; }],
  ])('accepts an operation whose security %s', async (_, mutate) => {
    expect(await diagnosticsOf(mutate)).toEqual([]);
  });

  it('refuses a document requirement that asks for two schemes at once, at that requirement', async () => {
    expect(await diagnosticsOf((d) => { addOther(d); d.security = [{ sig: [], other: [] }]; })).toEqual([{ code: 'unsupported-binding', pointer: '#/security/0' }]);
  });

  it('signs with a scheme the document offers as a later alternative, since any one requirement satisfies it', async () => {
    const document = readWidgetDocument();
    addOther(document);
    document.components.securitySchemes.key = { type: 'apiKey', in: 'header', name: 'X-Acs-Key', 'x-acs-signature-algorithm': SIGNATURE_ALGORITHM };
    delete document.components.securitySchemes.sig;
    document.security = [{ other: [] }, { key: [], other: [] }, { key: [] }];
    const model = buildModel(await loadSpec({ text: stringify(document), name: 'widget.openapi.yaml' }));
    expect(model.signature).toEqual({ algorithm: SIGNATURE_ALGORITHM, header: 'X-Acs-Key' });
  });

  it.each<[string, (d: Doc) => unknown, string]>([
    ['beside one the client can meet', (d) => (d.security = [{ missing: [] }, { sig: [] }]), '#/security/0/missing'],
    ['as the only requirement', (d) => (d.security = [{ missing: [] }]), '#/security/0/missing'],
    ['in an operation, beside the document’s scheme', (d) => (op(d).security = [{ missing: [] }, { sig: [] }]), '#/paths/~1/post/security/0/missing'],
  ])('refuses a requirement naming a scheme components does not declare %s, at that name alone', async (_, mutate, pointer) => {
    expect(await diagnosticsOf(mutate)).toEqual([{ code: 'undeclared-security-scheme', pointer }]);
  });

  it('refuses alternatives none of which the client can meet, at the first of them', async () => {
    expect(await diagnosticsOf((d) => { addOther(d); d.security = [{ other: [] }, { sig: [], other: [] }]; })).toEqual([{ code: 'unsupported-signature-algorithm', pointer: '#/components/securitySchemes/other/x-acs-signature-algorithm' }]);
  });
});

describe('the other extensions the model reads', () => {
  it.each<[string, (d: Doc) => unknown, { code: string; pointer: string }]>([
    ['an x-acs-product that cannot name the error class', (d) => (d.info['x-acs-product'] = 'Widget-Works'), { code: 'invalid-extension', pointer: '#/info/x-acs-product' }],
    ['an x-acs-retryable that is not true or false', (d) => (op(d).responses['400'].content['application/json'].examples.Busy['x-acs-retryable'] = 'yes'), { code: 'invalid-extension', pointer: '#/paths/~1/post/responses/400/content/application~1json/examples/Busy/x-acs-retryable' }],
    ['a server without x-acs-network, which the client could never pick', (d) => delete d.servers[0]['x-acs-network'], { code: 'invalid-extension', pointer: '#/servers/0' }],
    ['an x-acs-network that is not a text', (d) => (d.servers[0]['x-acs-network'] = 7), { code: 'invalid-extension', pointer: '#/servers/0/x-acs-network' }],
    ['a second server on a network already served, which the client never picks', (d) => d.servers.push({ url: 'https://widgets-b.{Zone}.example.test', 'x-acs-network': 'public', variables: { Zone: { default: 'zone-a' } } }), { code: 'invalid-extension', pointer: '#/servers/1/x-acs-network' }],
    ['a kind of violation the validators do not report', (d) => (op(d)['x-acs-violations'].pattern = { code: 'Malformed' }), { code: 'invalid-extension', pointer: '#/paths/~1/post/x-acs-violations/pattern' }],
    ['an emptyTextIsMissing that is not true or false', (d) => (op(d)['x-acs-violations'].missing.emptyTextIsMissing = 'yes'), { code: 'invalid-extension', pointer: '#/paths/~1/post/x-acs-violations/missing/emptyTextIsMissing' }],
    ['an emptyTextIsMissing under a kind other than missing', (d) => (op(d)['x-acs-violations'].type.emptyTextIsMissing = true), { code: 'invalid-extension', pointer: '#/paths/~1/post/x-acs-violations/type/emptyTextIsMissing' }],
    ['an x-acs-api-version other than the version an operation sends', (d) => (d.info['x-acs-api-version'] = '2000-02-02'), { code: 'invalid-extension', pointer: '#/paths/~1/post/parameters' }],
    ['an x-acs-api-version with an operation that sends no x-acs-version', (d) => { d.info['x-acs-api-version'] = '1999-01-01'; op(d).parameters.splice(1, 1); }, { code: 'invalid-extension', pointer: '#/paths/~1/post/parameters' }],
    ['an x-acs-api-version that is not a text', (d) => (d.info['x-acs-api-version'] = 19990101), { code: 'invalid-extension', pointer: '#/info/x-acs-api-version' }],
  ])('%s is refused at its pointer', async (_, mutate, want) => {
    expect(await diagnosticsOf(mutate)).toEqual([want]);
  });

  it('accepts an x-acs-api-version equal to the x-acs-version every operation sends', async () => {
    expect(await diagnosticsOf((d) => (d.info['x-acs-api-version'] = '1999-01-01'))).toEqual([]);
  });
});

describe('operations a call cannot tell apart', () => {
  /** The widget's operation twice on one path, as /#CreateWidget and /#CopyWidget; `action` is the copy's x-acs-action. */
  const twoOperations = (action: string) => (document: Doc) => {
    const create = op(document);
    const copy = structuredClone(create);
    copy.operationId = 'CopyWidget';
    copy.parameters[0].schema.enum = [action];
    document.paths = { '/#CreateWidget': { post: create }, '/#CopyWidget': { post: copy } };
  };

  it('are refused at the second when both carry the same x-acs-action to the same path', async () => {
    expect(await diagnosticsOf(twoOperations('CreateWidget'))).toEqual([{ code: 'ambiguous-operation', pointer: '#/paths/~1#CopyWidget/post' }]);
  });

  it('generate when each carries its own x-acs-action', async () => {
    expect(await diagnosticsOf(twoOperations('CopyWidget'))).toEqual([]);
  });
});

// Where the reader never looks, an extension changed nothing and said nothing: x-acs-product at the root left the error class ServiceApiError.
describe('an x-acs-* extension where the generator never reads one', () => {
  it.each<[string, (d: Doc) => unknown, string]>([
    ['at the document root', (d) => (d['x-acs-product'] = 'Widgets'), '#/x-acs-product'],
    ['under components', (d) => (d.components['x-acs-rules'] = []), '#/components/x-acs-rules'],
    ['directly under paths', (d) => (d.paths['x-acs-before-retry'] = 'look first'), '#/paths/x-acs-before-retry'],
    ['on a server variable', (d) => (d.servers[0].variables.Zone['x-acs-network'] = 'vpc'), '#/servers/0/variables/Zone/x-acs-network'],
    ['in info.contact', (d) => (d.info.contact = { name: 'team', 'x-acs-product': 'Widgets' }), '#/info/contact/x-acs-product'],
    ['on a response header', (d) => (op(d).responses['200'].headers = { 'X-Trace': { schema: { type: 'string' }, 'x-acs-retryable': true } }), '#/paths/~1/post/responses/200/headers/X-Trace/x-acs-retryable'],
    ["on a parameter's named example", (d) => (op(d).parameters[2].examples = { plain: { value: 'sprocket', 'x-acs-message': 'm' } }), '#/paths/~1/post/parameters/2/examples/plain/x-acs-message'],
    ['misspelt on a parameter nothing uses', (d) => (d.components.parameters = { Spare: { name: 'Spare', in: 'query', schema: { type: 'string' }, 'x-acs-stlye': 'repeatList' } }), '#/components/parameters/Spare/x-acs-stlye'],
  ])('%s is refused at its pointer', async (_, mutate, pointer) => {
    expect(await diagnosticsOf(mutate)).toEqual([{ code: 'invalid-extension', pointer }]);
  });

  it('is data, not a place, inside an example value, a default or an enum', async () => {
    expect(
      await diagnosticsOf((d) => {
        op(d).parameters[2].example = 'x-acs-product';
        op(d).responses['200'].content['application/json'].examples.Made.value = { WidgetId: 'w-1', 'x-acs-product': 'kept as data' };
      }),
    ).toEqual([]);
  });

  it.each<[string, (d: Doc) => unknown]>([
    ['a response header named x-acs-request-id', (d) => (op(d).responses['200'].headers = { 'x-acs-request-id': { schema: { type: 'string' } } })],
    ['a security scheme named x-acs-sig', (d) => {
      d.components.securitySchemes = { 'x-acs-sig': d.components.securitySchemes[Object.keys(d.components.securitySchemes)[0]!] };
      d.security = [{ 'x-acs-sig': [] }];
    }],
    ['a schema property named x-acs-note', (d) => (d.components.schemas.Part.properties['x-acs-note'] = { type: 'string' })],
  ])('is a name, not an extension, for %s', async (_, mutate) => {
    expect((await diagnosticsOf(mutate)).filter((d) => d.code === 'invalid-extension')).toEqual([]);
  });

  it('kept deeper under components and named by a $ref is read where it is named', async () => {
    expect(
      await diagnosticsOf((d) => {
        d.components['x-acs-shared'] = { violations: op(d)['x-acs-violations'] };
        op(d)['x-acs-violations'] = { $ref: '#/components/x-acs-shared/violations' };
      }),
    ).toEqual([]);
  });

  it('is not said again on top of another problem, under an operation the reader refused', async () => {
    expect(await diagnosticsOf((d) => ((d.paths['/'].put = d.paths['/'].post), delete d.paths['/'].post))).toEqual([{ code: 'unsupported-binding', pointer: '#/paths/~1/put' }]);
  });

  it('kept under components and named by a $ref is read where it is named', async () => {
    expect(
      await diagnosticsOf((d) => {
        d.components['x-acs-violations'] = op(d)['x-acs-violations'];
        op(d)['x-acs-violations'] = { $ref: '#/components/x-acs-violations' };
      }),
    ).toEqual([]);
  });
});

describe('x-acs-rules: a rule names properties of its own object or operation', () => {
  // Size is numeric, so "compares two numeric properties" pointed at the wrong fault.
  it('a notGreaterThan whose `than` the object lacks says so, naming it', async () => {
    const document = readWidgetDocument();
    op(document)['x-acs-rules'][0].than = 'Sizes';
    const refusal = await loadSpec({ text: stringify(document), name: 'widget.openapi.yaml' }).then(buildModel).then(
      () => undefined,
      (error: unknown) => (error as GeneratorError).diagnostics.map(({ code, pointer, message }) => ({ code, pointer, message })),
    );
    expect(refusal).toEqual([{ code: 'invalid-rule', pointer: '#/paths/~1/post/x-acs-rules/0', message: 'than Sizes is not a property here' }]);
  });
});
