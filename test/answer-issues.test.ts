import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatIssues, validateErrorResponse, validateIncreaseNodesRequest, validateIncreaseNodesResponse, type ErrorResponse } from '../generated/index.js';
import { compileErrors, generateInto, readWidgetDocument } from './support/generated-package.js';

// A response or an error body is the service's answer: its issues name a field of the answer, in
// the answer's words, with the one code InvalidResponse. The service's error codes and messages
// ("MissingParameter … mandatory for processing this request") describe requests only.

const issuesOf = (result: { ok: boolean; issues?: readonly unknown[] }) => (result.ok ? [] : result.issues);

describe('a success body that breaks the contract', () => {
  it('lacking a required field is one InvalidResponse issue that says the answer lacks it', () => {
    expect(issuesOf(validateIncreaseNodesResponse({ OperationId: 'op-1' }))).toEqual([
      { code: 'InvalidResponse', kind: 'missing', parameter: 'RequestId', path: ['RequestId'], message: 'The IncreaseNodes response lacks its required field RequestId.' },
    ]);
  });

  it('holding a field of the wrong type is one InvalidResponse issue naming the field of the answer', () => {
    expect(issuesOf(validateIncreaseNodesResponse({ OperationId: 42, RequestId: 'r-1' }))).toEqual([
      { code: 'InvalidResponse', kind: 'type', parameter: 'OperationId', path: ['OperationId'], message: 'Field OperationId of the IncreaseNodes response is not a string.', limit: { type: 'string' } },
    ]);
  });

  it('with an empty text is valid: an answer is JSON, where "" is a text (emptyTextIsMissing reads a request)', () => {
    expect(issuesOf(validateIncreaseNodesResponse({ OperationId: '' }))).toEqual([expect.objectContaining({ kind: 'missing', parameter: 'RequestId' })]);
    expect(validateIncreaseNodesResponse({ OperationId: '', RequestId: '' }).ok).toBe(true);
  });

  it('that is not an object is one InvalidResponse issue, listed as the answer by formatIssues', () => {
    const issues = issuesOf(validateIncreaseNodesResponse('<html>')) as Parameters<typeof formatIssues>[0];
    expect(formatIssues(issues)).toBe('- (answer): The IncreaseNodes response must be an object of named fields; got the string "<html>". [InvalidResponse]');
  });
});

describe('a request that is not an object', () => {
  it.each<[unknown, string]>([
    [undefined, 'undefined'],
    [null, 'null'],
    [7n, 'a bigint'],
  ])('%s is called the IncreaseNodes request, and what came instead is said as it is', (input, got) => {
    expect(issuesOf(validateIncreaseNodesRequest(input as never))).toEqual([
      { code: 'InvalidParameterValue', kind: 'type', parameter: '', path: [], message: `The IncreaseNodes request must be an object of named parameters; got ${got}.`, limit: { type: 'object' } },
    ]);
  });
});

describe('an error body with a permission detail', () => {
  // The type is checked by test/typecheck.test.ts: before, AccessDeniedDetail was Record<string, never>.
  it('is typed as the validator reads it: an object of any fields', () => {
    const body: ErrorResponse = { RequestId: 'r-1', Code: 'NotAuthorized', Message: 'm', AccessDeniedDetail: { AuthAction: 'emr:IncreaseNodes', PolicyType: 'AccountLevelIdentityBasedPolicy' } };
    expect(validateErrorResponse(body).ok).toBe(true);
  });
});

describe('an error body that breaks the contract', () => {
  it('lacking its Message and holding a mistyped detail gives answer issues, never a service code', () => {
    const issues = issuesOf(validateErrorResponse({ RequestId: 'r-1', Code: 'Throttling', AccessDeniedDetail: 'denied' })) as { code: string; message: string }[];
    expect(issues.map(({ code, message }) => [code, message])).toEqual([
      ['InvalidResponse', 'The IncreaseNodes error body lacks its required field Message.'],
      ['InvalidResponse', 'Field AccessDeniedDetail of the IncreaseNodes error body is not an object.'],
    ]);
  });
});

describe('an object both a request and an answer carry (the widget fixture, its Part in the response too)', () => {
  async function widget() {
    const document = readWidgetDocument();
    document.paths['/'].post.responses['200'].content['application/json'].schema.properties.Part = { $ref: '#/components/schemas/Part' };
    const { dir } = await generateInto({ document, folder: 'answer-issues-widget' });
    return (await import(join(dir, 'validators.ts'))) as Record<string, (input: unknown) => { ok: boolean; issues?: { code: string; message: string }[] }>;
  }
  const words = (result: { ok: boolean; issues?: { code: string; message: string }[] }) => (result.issues ?? []).map(({ code, message }) => `${code}: ${message}`);

  // The request's issues keep the service's codes and templates word for word.
  it('is judged in the words of whichever is validated, however they alternate', async () => {
    const { validateCreateWidgetRequest, validateCreateWidgetResponse } = await widget();
    const request = { Name: 'a', Size: 4, Parts: [{ Count: 'x', Lable: 'bolt' }] };
    const response = { WidgetId: 'w-1', Part: { Count: 'x', Lable: 'bolt' } };
    const requestWords = [
      'Unexpected: Parameter Parts.1.Lable is unexpected. Part has no parameter Lable. Did you mean Label?',
      'Absent: Parameter Parts.1.Label is absent. Send it.',
      'Malformed: Parameter Parts.1.Count is malformed. It must be an integer.',
    ];
    const answerWords = [
      'InvalidResponse: Field Part.Lable of the CreateWidget response is not one the contract lists (did you mean Label?).',
      'InvalidResponse: The CreateWidget response lacks its required field Part.Label.',
      'InvalidResponse: Field Part.Count of the CreateWidget response is not an integer.',
    ];
    for (let round = 0; round < 2; round++) {
      expect(words(validateCreateWidgetRequest!(request))).toEqual(requestWords);
      expect(words(validateCreateWidgetResponse!(response))).toEqual(answerWords);
    }
  });
});

describe('an error body written inline rather than as a component', () => {
  it('has a validator and a type of its own, so it is held to its schema as a $ref one is', async () => {
    const document = readWidgetDocument();
    const media = document.paths['/'].post.responses['400'].content['application/json'];
    media.schema = structuredClone(document.components.schemas.Problem);
    const { dir, files } = await generateInto({ document, folder: 'answer-issues-inline-error' });
    expect(compileErrors({ dir, files: files.keys() })).toEqual([]);
    const { validateCreateWidgetErrorBody } = (await import(join(dir, 'validators.ts'))) as Record<string, (input: unknown) => { ok: boolean; issues?: { message: string }[] }>;
    expect(validateCreateWidgetErrorBody!({ RequestId: 'r-1', Code: 'Busy' }).issues?.map((i) => i.message)).toEqual(['The CreateWidget error body lacks its required field Message.']);
    expect(files.get('types.ts')).toContain('export type CreateWidgetErrorBody = operations["CreateWidget"]["responses"][400]["content"]["application/json"];');
  });
});

describe('the advice for a missing request parameter', () => {
  it('where an empty text counts as missing (IncreaseNodes), asks for a non-empty value', () => {
    const result = validateIncreaseNodesRequest({ RegionId: '', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 1 });
    expect(issuesOf(result)).toEqual([expect.objectContaining({ parameter: 'RegionId', message: expect.stringMatching(/ Send it with a non-empty value\.$/) })]);
  });

  it('where an empty text is a value (the widget), asks only that it be sent', async () => {
    const { dir } = await generateInto({ document: readWidgetDocument(), folder: 'answer-issues-advice' });
    const { validateCreateWidgetRequest } = (await import(join(dir, 'validators.ts'))) as Record<string, (input: unknown) => { ok: boolean; issues?: { parameter: string; message: string }[] }>;
    expect(validateCreateWidgetRequest!({ Name: '', Size: 4, Parts: [{ Label: 'bolt' }] }).ok).toBe(true);
    expect(validateCreateWidgetRequest!({ Size: 4, Parts: [{ Label: 'bolt' }] }).issues).toEqual([expect.objectContaining({ parameter: 'Name', message: 'Parameter Name is absent. Send it.' })]);
  });
});

describe('an error body two operations answer with', () => {
  it('is judged in words that name neither operation', async () => {
    const document = readWidgetDocument();
    const create = document.paths['/'].post;
    const destroy = structuredClone(create);
    destroy.operationId = 'DestroyWidget';
    destroy.parameters[0].schema.enum = ['DestroyWidget'];
    document.paths = { '/#CreateWidget': { post: create }, '/#DestroyWidget': { post: destroy } };
    const { dir } = await generateInto({ document, folder: 'answer-issues-shared-error' });
    const { validateProblem } = (await import(join(dir, 'validators.ts'))) as Record<string, (input: unknown) => { ok: boolean; issues?: { message: string }[] }>;
    expect(validateProblem!({ RequestId: 'r-1', Code: 'Busy' }).issues?.map((i) => i.message)).toEqual(['The error body lacks its required field Message.']);
  });
});

describe('a required list or object that holds nothing', () => {
  // On the wire a list holding nothing sends no pair, so a request's required list sent empty is
  // not supplied. An answer is JSON, where `[]` is there: an empty page of results is an answer.
  // Part is shared by the request (Parts) and the answer (Made), so its check reads both ways.
  const document = () => {
    const doc = readWidgetDocument();
    const part = doc.components.schemas.Part;
    part.required.push('Holes');
    part.properties.Holes = { type: 'array', items: { type: 'string' } };
    const success = doc.paths['/'].post.responses['200'].content['application/json'];
    success.schema.required.push('Made', 'Found');
    success.schema.properties.Made = { type: 'array', items: { $ref: '#/components/schemas/Part' } };
    success.schema.properties.Found = { type: 'object', properties: { Count: { type: 'integer' } } };
    success.examples.Made.value = { WidgetId: 'w-1', Made: [], Found: {} };
    return doc;
  };
  let validators: Record<string, (input: unknown) => { ok: boolean; issues?: { code: string; parameter: string }[] }>;
  const listed = (result: { ok: boolean; issues?: { code: string; parameter: string }[] }) => (result.ok ? [] : result.issues!.map((i) => `${i.code} ${i.parameter}`));

  let generated: { dir: string; files: Map<string, string> };
  beforeAll(async () => {
    generated = await generateInto({ document: document(), folder: 'widget-empty-lists' });
    validators = await import(join(generated.dir, 'validators.ts'));
  });

  it('generates code that compiles', () => {
    expect(compileErrors({ dir: generated.dir, files: generated.files.keys() })).toEqual([]);
  });

  it('is there in an answer: an empty page of results and an object of no fields are valid', () => {
    expect(listed(validators['validateCreateWidgetResponse']!({ WidgetId: 'w-1', Made: [], Found: {} }))).toEqual([]);
  });

  it('is there in an answer even inside an object the request shares', () => {
    expect(listed(validators['validateCreateWidgetResponse']!({ WidgetId: 'w-1', Made: [{ Label: 'bolt', Holes: [] }], Found: {} }))).toEqual([]);
  });

  it('is not supplied in a request, where it sends no query pair', () => {
    expect(listed(validators['validateCreateWidgetRequest']!({ Name: 'sprocket', Size: 4, Parts: [{ Label: 'bolt', Holes: [] }] }))).toEqual(['Absent Parts.1.Holes']);
  });

  it('is still missing from an answer when it is not there at all', () => {
    expect(listed(validators['validateCreateWidgetResponse']!({ WidgetId: 'w-1', Found: {} }))).toEqual(['InvalidResponse Made']);
  });
});
