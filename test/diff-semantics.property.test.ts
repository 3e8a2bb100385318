import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { diffDocuments, type Change } from '../conformance/diff/index.js';
import { loadGeneratedCode } from '../conformance/generated-code.js';
import { generateRunnable } from '../generator/generate.js';
import { loadSpec } from '../generator/load.js';
import { buildModel, VIOLATION_KINDS, type DocumentModel, type ViolationKind } from '../generator/model.js';
import { readWidgetDocument } from './support/generated-package.js';

/*
 * What `diff` says about a change to the contract, held against what the code the contract
 * generates does: an edit that makes the generated validator refuse an input it accepted must
 * break clients and providers (a provider written to the old contract still accepts it, and
 * `verify` fails it), one that makes it accept an input it refused must break providers, and one
 * that answers a violation with another code (or sends a valid request differently) must break both.
 * Nothing else may be called breaking, so every edit below is one the corpus can witness.
 */

type Doc = Record<string, any>;
type Verdicts = Pick<Change, 'client' | 'provider'>;
type Want = readonly [kind: string, client: Change['client'], provider: Change['provider'], pointer: string];

const B = 'breaking' as const;
const N = 'non-breaking' as const;
const OP = '#/paths/~1/post';
const SIZE = '#/components/schemas/Size';
const PART = '#/components/schemas/Part';
const param = (index: number, ...rest: string[]) => [`${OP}/parameters/${index}`, ...rest].join('/');

// ---------------------------------------------------------------------------------------------
// The edits: each a piece of data (so a counterexample prints as what was done), applied to a
// copy of the widget fixture. Values are picked so the corpus below holds a witness for each.

type Member = 'Name' | 'Size' | 'Colour' | 'Weight' | 'Tags' | 'Parts' | 'Part.Label' | 'Part.Count';
type LimitKeyword = 'minimum' | 'maximum' | 'minItems' | 'maxItems';

type Edit =
  | { readonly kind: 'limit'; readonly at: Member; readonly keyword: LimitKeyword; readonly value: number | undefined }
  | { readonly kind: 'enum'; readonly at: Member; readonly values: readonly (string | number)[] | undefined }
  | { readonly kind: 'required'; readonly at: Member; readonly required: boolean }
  | { readonly kind: 'violation'; readonly violation: ViolationKind; readonly code: string }
  | { readonly kind: 'rule-removed' }
  | { readonly kind: 'rule-code'; readonly code: string }
  | { readonly kind: 'rule-added'; readonly on: 'operation' | 'Part'; readonly rule: Doc }
  | { readonly kind: 'empty-text'; readonly emptyTextIsMissing: boolean }
  | { readonly kind: 'style'; readonly at: Member };

const op = (d: Doc) => d.paths['/'].post;
const parameter = (d: Doc, name: string) => op(d).parameters.find((p: { name: string }) => p.name === name);
const part = (d: Doc) => d.components.schemas.Part;

function schemaOf({ document, at }: { document: Doc; at: Member }): Doc {
  if (at === 'Size') return document.components.schemas.Size; // shared with MinSize
  if (at === 'Part.Label' || at === 'Part.Count') return part(document).properties[at.slice('Part.'.length)];
  return parameter(document, at).schema;
}

function applyEdit({ document, edit }: { document: Doc; edit: Edit }): void {
  const violations = op(document)['x-acs-violations'];
  switch (edit.kind) {
    case 'limit':
      setOrDelete({ node: schemaOf({ document, at: edit.at }), key: edit.keyword, value: edit.value });
      return;
    case 'enum':
      setOrDelete({ node: schemaOf({ document, at: edit.at }), key: 'enum', value: edit.values });
      return;
    case 'required':
      setRequired({ document, at: edit.at, required: edit.required });
      return;
    case 'violation':
      violations[edit.violation].code = edit.code;
      return;
    case 'rule-removed':
      delete op(document)['x-acs-rules'];
      return;
    case 'rule-code':
      op(document)['x-acs-rules'][0].code = edit.code;
      return;
    case 'rule-added': {
      const owner = edit.on === 'operation' ? op(document) : part(document);
      owner['x-acs-rules'] = [...(owner['x-acs-rules'] ?? []), edit.rule];
      return;
    }
    case 'empty-text':
      violations.missing.emptyTextIsMissing = edit.emptyTextIsMissing;
      return;
    case 'style':
      Object.assign(parameter(document, edit.at), { style: 'form', explode: true });
      return;
  }
}

function setRequired({ document, at, required }: { document: Doc; at: Member; required: boolean }): void {
  if (!at.startsWith('Part.')) {
    parameter(document, at).required = required;
    return;
  }
  const name = at.slice('Part.'.length);
  const others = (part(document).required as string[]).filter((n) => n !== name);
  part(document).required = required ? [...others, name] : others;
}

function setOrDelete({ node, key, value }: { node: Doc; key: string; value: unknown }): void {
  if (value === undefined) delete node[key];
  else node[key] = value;
}

const EMPTY_IS_MISSING: Edit = { kind: 'empty-text', emptyTextIsMissing: true };
const REQUIRED_COLOUR: Edit = { kind: 'required', at: 'Colour', required: true };
const WARNING_ON_PART: Edit = { kind: 'rule-added', on: 'Part', rule: { rule: 'ignoredWhenPresent', parameter: 'Count', present: 'Label', severity: 'warning', why: 'Made up.' } };

const FIXTURE_VIOLATIONS: Readonly<Record<ViolationKind, { code: string }>> = op(readWidgetDocument())['x-acs-violations'];

const limits = ({ at, keyword, values }: { at: Member; keyword: LimitKeyword; values: readonly (number | undefined)[] }): Edit[] =>
  values.map((value) => ({ kind: 'limit', at, keyword, value }));

/** Every edit, by what it touches; the fixture's own values are Size 1–10, Weight 0.5–99.5, Count ≥ 1, Tags ≤ 5, Parts 1–3. */
const EDITS: Readonly<Record<string, readonly Edit[]>> = {
  ranges: [
    ...limits({ at: 'Size', keyword: 'minimum', values: [0, 2, 10, undefined] }),
    ...limits({ at: 'Size', keyword: 'maximum', values: [1, 9, 11, undefined] }),
    ...limits({ at: 'Weight', keyword: 'minimum', values: [0, 1, 50, undefined] }),
    ...limits({ at: 'Weight', keyword: 'maximum', values: [50, 99, 100, undefined] }),
    ...limits({ at: 'Part.Count', keyword: 'minimum', values: [0, 2, undefined] }),
    ...limits({ at: 'Part.Count', keyword: 'maximum', values: [1, 5] }),
  ],
  listSizes: [
    ...limits({ at: 'Tags', keyword: 'minItems', values: [1, 2] }),
    ...limits({ at: 'Tags', keyword: 'maxItems', values: [3, 6, undefined] }),
    ...limits({ at: 'Parts', keyword: 'minItems', values: [0, 2, undefined] }),
    ...limits({ at: 'Parts', keyword: 'maxItems', values: [1, 4, undefined] }),
  ],
  enums: [
    ...[['red'], ['red', 'green', 'blue'], ['green', 'red'], ['red', 'blue'], undefined].map((values): Edit => ({ kind: 'enum', at: 'Colour', values })),
    { kind: 'enum', at: 'Name', values: ['sprocket', 'gear'] },
    { kind: 'enum', at: 'Weight', values: [1.5, 50] },
  ],
  required: [
    { kind: 'required', at: 'Name', required: false },
    { kind: 'required', at: 'Size', required: false },
    REQUIRED_COLOUR,
    { kind: 'required', at: 'Part.Label', required: false },
    { kind: 'required', at: 'Part.Count', required: true },
  ],
  violations: VIOLATION_KINDS.flatMap((violation) =>
    ['Absent', 'Malformed', 'Unexpected', 'Busy'].filter((code) => code !== FIXTURE_VIOLATIONS[violation].code).map((code): Edit => ({ kind: 'violation', violation, code })),
  ),
  // The generator ignores a rule's severity (a warning notGreaterThan still refuses, with the type
  // code; an error effectiveOnlyWhen only warns), so only the pairings it honours are drawn here.
  rules: [
    { kind: 'rule-removed' },
    ...['Absent', 'Unexpected', 'Busy'].map((code): Edit => ({ kind: 'rule-code', code })),
    { kind: 'rule-added', on: 'operation', rule: { rule: 'notGreaterThan', parameter: 'Weight', than: 'Size', severity: 'error', code: 'Malformed', why: 'Made up.' } },
    { kind: 'rule-added', on: 'operation', rule: { rule: 'ignoredWhenPresent', parameter: 'Colour', present: 'Weight', severity: 'warning', why: 'Made up.' } },
    { kind: 'rule-added', on: 'operation', rule: { rule: 'effectiveOnlyWhen', parameter: 'Weight', when: { parameter: 'Colour', equals: 'red' }, severity: 'warning', why: 'Made up.' } },
    WARNING_ON_PART,
  ],
  // One edit, drawn as often as any kind: made on the old side it is the flip the other way.
  emptyText: [EMPTY_IS_MISSING],
  // x-acs-style can only say repeatList, so OpenAPI's own words for a list's style are the one
  // way left to write it differently; the codec must send the same pairs, and diff say nothing.
  wireStyle: [
    { kind: 'style', at: 'Tags' },
    { kind: 'style', at: 'Parts' },
  ],
};

// ---------------------------------------------------------------------------------------------
// The corpus: each input one step from a minimal valid request, at the values the edits move
// limits to and just beyond, each enum value and one outside, empty text, lists at their limits.

const MINIMAL = { Name: 'sprocket', Size: 4 };
const FULL = { ...MINIMAL, MinSize: 2, Colour: 'red', Weight: 1.5, Tags: ['t1', 't2'], Parts: [{ Label: 'bolt', Count: 2 }] };
const one = (change: Doc) => ({ ...MINIMAL, ...change });
const items = <T>({ count, item }: { count: number; item: T }): T[] => Array.from({ length: count }, () => item);

const CORPUS: readonly unknown[] = [
  MINIMAL,
  FULL, // every list and optional member, so the wire of each is compared too
  null, // not an object: the type code
  { Size: 4 }, // a required member missing, twice
  { Name: 'sprocket' },
  one({ Nme: 'sprocket' }), // unknown
  ...['', 'gear', 'cog', 5].map((Name) => one({ Name })),
  ...[-1, 0, 1, 2, 9, 10, 11, 12, '4'].map((Size) => one({ Size })),
  ...[4, 5].map((MinSize) => one({ MinSize })),
  ...[-1, 0, 0.5, 1, 1.5, 50, 99, 99.5, 100, 101].map((Weight) => one({ Weight })),
  ...['red', 'green', 'blue', ''].map((Colour) => one({ Colour })),
  ...[0, 1, 2, 3, 5, 6].map((count) => one({ Tags: items({ count, item: 'tag' }) })),
  one({ Tags: [''] }),
  ...[0, 1, 2, 3, 4].map((count) => one({ Parts: items({ count, item: { Label: 'bolt' } }) })),
  ...[{}, { Label: '' }, { Label: 'bolt', Extra: 1 }, ...[0, 1, 2, 5, 6].map((Count) => ({ Label: 'bolt', Count }))].map((item) => one({ Parts: [item] })),
];

// ---------------------------------------------------------------------------------------------
// What a document generates, and what it does with the corpus.

interface Issue {
  readonly code: string;
  readonly parameter: string;
}

type Validation = { readonly ok: true } | { readonly ok: false; readonly issues: readonly Issue[] };

interface Compiled {
  readonly model: DocumentModel;
  readonly validate: (input: unknown) => Validation;
  readonly toQuery: (input: unknown) => unknown;
}

// Generating and loading takes a tenth of a second or more a document; the same document is compiled once.
const compiledDocuments = new Map<string, Promise<Compiled>>();

function compile(document: Doc): Promise<Compiled> {
  const text = stringify(document);
  let compiled = compiledDocuments.get(text);
  if (compiled === undefined) compiledDocuments.set(text, (compiled = compileText(text)));
  return compiled;
}

async function compileText(text: string): Promise<Compiled> {
  const { model, files } = await generateRunnable({ text, name: DOCUMENT_NAME });
  const code = await loadGeneratedCode(files);
  return {
    model,
    validate: code.module('validators.ts')['validateCreateWidgetRequest'] as Compiled['validate'],
    toQuery: code.module('codec.ts')['toCreateWidgetQuery'] as Compiled['toQuery'],
  };
}

const DOCUMENT_NAME = 'widget.openapi.yaml';

async function modelOf(document: Doc | string): Promise<DocumentModel> {
  return buildModel(await loadSpec({ text: typeof document === 'string' ? document : stringify(document), name: DOCUMENT_NAME }));
}

/** The widget fixture with the edits made, in order. */
function widgetWith(edits: readonly Edit[]): Doc {
  const document = readWidgetDocument();
  for (const edit of edits) applyEdit({ document, edit });
  return document;
}

/** The inputs that show each way an edit broke someone, keyed by how; empty when nothing changed. */
interface Observed {
  readonly verdicts: Verdicts;
  readonly witnesses: Readonly<Record<string, unknown>>;
}

function observe({ before, after }: { before: Compiled; after: Compiled }): Observed {
  const witnesses: Record<string, unknown> = {};
  const saw = ({ how, input }: { how: string; input: unknown }) => void (witnesses[how] ??= input);
  for (const input of CORPUS) {
    const old = before.validate(input);
    const now = after.validate(input);
    if (old.ok && now.ok) {
      if (JSON.stringify(before.toQuery(input)) !== JSON.stringify(after.toQuery(input))) saw({ how: 'sent differently', input });
    } else if (old.ok) {
      saw({ how: 'now refused', input });
    } else if (now.ok) {
      saw({ how: 'now accepted', input });
    } else if (recoded({ before: old.issues, after: now.issues })) {
      saw({ how: 'answered with another code', input });
    }
  }
  const both = 'sent differently' in witnesses || 'answered with another code' in witnesses;
  return {
    verdicts: { client: both || 'now refused' in witnesses ? B : N, provider: both || 'now refused' in witnesses || 'now accepted' in witnesses ? B : N },
    witnesses,
  };
}

/**
 * A parameter refused on both sides but answered with another code, whatever kind of violation it
 * now is: the code is what a client handles and a provider sends. Issues that come or go are not that.
 */
function recoded({ before, after }: { before: readonly Issue[]; after: readonly Issue[] }): boolean {
  return after.some((issue) => before.some((old) => old.parameter === issue.parameter && old.code !== issue.code));
}

function reported(changes: readonly Verdicts[]): Verdicts {
  return {
    client: changes.some((c) => c.client === B) ? B : N,
    provider: changes.some((c) => c.provider === B) ? B : N,
  };
}

type Side = 'before' | 'after';

/**
 * The fixture (with the `shared` edits on both sides) against itself with `edit` made on the
 * `edited` side: what diff says, and what the generated code shows.
 */
async function judgeEdit({ edit, edited, shared = [] }: { edit: Edit; edited: Side; shared?: readonly Edit[] }): Promise<{ changes: Change[]; observed: Observed }> {
  const [plain, changed] = await Promise.all([compile(widgetWith(shared)), compile(widgetWith([...shared, edit]))]);
  const [before, after] = edited === 'after' ? [plain, changed] : [changed, plain];
  return { changes: diffDocuments({ before: before.model, after: after.model }), observed: observe({ before, after }) };
}

const summary = (changes: readonly Change[]): Want[] => changes.map(({ kind, client, provider, pointer }) => [kind, client, provider, pointer] as const);

// ---------------------------------------------------------------------------------------------

describe('diff against what the generated validator does', () => {
  const VIOLATIONS = `${OP}/x-acs-violations`;

  // One example of each kind of edit the property draws; the verdicts that the generated code
  // shows must be the ones diff gives.
  const cases: [string, { edit: Edit; edited?: Side; shared?: Edit[]; want: Want[] }][] = [
    ['a maximum lowered on a shared schema refuses Size 10: breaks clients and providers, once for each parameter using it', { edit: { kind: 'limit', at: 'Size', keyword: 'maximum', value: 9 }, want: [['maximum-lowered', B, B, `${SIZE}/maximum`], ['maximum-lowered', B, B, `${SIZE}/maximum`]] }],
    ['a minimum removed accepts Weight 0: breaks providers', { edit: { kind: 'limit', at: 'Weight', keyword: 'minimum', value: undefined }, want: [['minimum-removed', N, B, param(6, 'schema/minimum')]] }],
    ['a maxItems raised accepts six Tags: breaks providers', { edit: { kind: 'limit', at: 'Tags', keyword: 'maxItems', value: 6 }, want: [['max-items-raised', N, B, param(7, 'schema/maxItems')]] }],
    ['a minItems raised refuses one Part: breaks clients and providers', { edit: { kind: 'limit', at: 'Parts', keyword: 'minItems', value: 2 }, want: [['min-items-raised', B, B, param(8, 'schema/minItems')]] }],
    ['an enum value swapped for another refuses green and accepts blue: breaks both', { edit: { kind: 'enum', at: 'Colour', values: ['red', 'blue'] }, want: [['enum-value-added', N, B, param(5, 'schema/enum')], ['enum-value-removed', B, B, param(5, 'schema/enum')]] }],
    ['a list item property made required refuses a Part without Count: breaks clients and providers', { edit: { kind: 'required', at: 'Part.Count', required: true }, want: [['parameter-made-required', B, B, `${PART}/properties/Count`]] }],
    ['a violation kind mapped to another code answers a missing Name differently: breaks both', { edit: { kind: 'violation', violation: 'missing', code: 'Busy' }, want: [['violation-code-changed', B, B, VIOLATIONS]] }],
    ['a rule answering another code answers MinSize above Size differently: breaks both', { edit: { kind: 'rule-code', code: 'Unexpected' }, want: [['rule-code-changed', B, B, `${OP}/x-acs-rules/0`]] }],
    ['an error rule removed accepts MinSize above Size: breaks providers', { edit: { kind: 'rule-removed' }, want: [['rule-removed', N, B, `${OP}/x-acs-rules/0`]] }],
    ['a warning rule added refuses nothing: breaks nobody', { edit: WARNING_ON_PART, want: [['rule-added', N, N, `${PART}/x-acs-rules/0`]] }],
    ['empty text read as missing refuses Name "": breaks clients and providers', { edit: EMPTY_IS_MISSING, want: [['empty-text-reading-changed', B, B, VIOLATIONS]] }],
    ['empty text no longer read as missing accepts Name "": breaks providers', { edit: EMPTY_IS_MISSING, edited: 'before', want: [['empty-text-reading-changed', N, B, VIOLATIONS]] }],
    [
      'empty text read as missing answers a required Colour "" with the missing code, not the enum code: breaks both',
      { edit: EMPTY_IS_MISSING, shared: [REQUIRED_COLOUR], want: [['empty-text-reading-changed', B, B, VIOLATIONS]] },
    ],
    ['empty text written as not missing, as it reads when left out: no change', { edit: { kind: 'empty-text', emptyTextIsMissing: false }, want: [] }],
    ['a list that also says style: form, explode: true travels as before: no change', { edit: { kind: 'style', at: 'Tags' }, want: [] }],
  ];

  it.each(cases)('%s', async (_, { edit, edited = 'after', shared, want }) => {
    const { changes, observed } = await judgeEdit({ edit, edited, shared });
    const verdicts = reported(want.map(([, client, provider]) => ({ client, provider })));
    expect({ changes: summary(changes), observed: observed.verdicts }).toEqual({ changes: want, observed: verdicts });
  });

  it('names each required text the empty-text reading changes, in lists of objects too', async () => {
    const document = parse(readFileSync('spec/increase-nodes.openapi.yaml', 'utf8'));
    const before = await modelOf(document);
    document.components['x-acs-violations'].missing.emptyTextIsMissing = false;
    expect(diffDocuments({ before, after: await modelOf(document) }).map((c) => c.message)).toEqual([
      'IncreaseNodes: a required text sent empty (RegionId, ClusterId, NodeGroupId, ApplicationConfigs[].ApplicationName, ApplicationConfigs[].ConfigFileName, ApplicationConfigs[].ConfigItemKey) no longer counts as missing',
    ]);
  });

  it('leaves out a required enum text whose empty value the enum already refused with the code missing answers', async () => {
    const shared: Edit[] = [REQUIRED_COLOUR, { kind: 'violation', violation: 'enum', code: 'Absent' }];
    const changes = diffDocuments({ before: await modelOf(widgetWith(shared)), after: await modelOf(widgetWith([...shared, EMPTY_IS_MISSING])) });
    expect(changes.map((c) => c.message)).toEqual(['CreateWidget: a required text sent empty (Name, Tags[], Parts[].Label) now counts as missing (Absent)']);
  });

  // Each run generates and loads one document (a few tenths of a second), so the runs are few unless
  // FC_NUM_RUNS asks for more; the seed, the path and a replay come from the global set-up
  // (test/support/fast-check-setup.ts).
  it('reports every edit that changes the validator’s verdict, judged as the validator shows it', async () => {
    const edits = fc.oneof(...Object.values(EDITS).map((list) => fc.constantFrom(...list)));
    await fc.assert(
      fc.asyncProperty(edits, fc.constantFrom<Side>('after', 'before'), async (edit, edited) => {
        const { changes, observed } = await judgeEdit({ edit, edited });
        expect(reported(changes), `diff: ${JSON.stringify(summary(changes))}; witnesses: ${JSON.stringify(observed.witnesses)}`).toEqual(observed.verdicts);
      }),
      process.env.FC_NUM_RUNS === undefined ? { numRuns: 25 } : {},
    );
  });
});
