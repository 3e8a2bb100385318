import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createServer, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, EmrApiError, fromIncreaseNodesQuery, type IncreaseNodesRequest } from '../generated/index.js';
import { encodeQuery, formatAcsDate, newNonce, signRequest } from '../generated/runtime/signer.js';
import { loadContract } from '../conformance/contract.js';
import { answers, prismNodeArgs, startPrismOnFreePort, startPrismProcess, type PrismProcess, type RunningServer } from '../conformance/mock/prism-process.js';
import { prismTarget, startStrictFront, type FrontEvent } from '../conformance/mock/strict-front.js';
import { listen, PortInUseError } from '../conformance/mock/listen.js';
import { startMock } from '../conformance/mock/index.js';
import { isAlive } from './support/prism.js';
import { reservedPort } from './support/ports.js';
import { ANSWER_TIMEOUT_MS } from './support/patience.js';

const SPEC = 'spec/increase-nodes.openapi.yaml';
const CREDENTIALS = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const SUCCESS_EXAMPLE = { OperationId: 'op-13c37a77c505****', RequestId: 'DD6B1B2A-5837-5237-ABE4-FF0C8944****' };
const REQUIRED: [string, string][] = [
  ['RegionId', 'cn-hangzhou'],
  ['ClusterId', 'c-b933c5aac8fe****'],
  ['NodeGroupId', 'ng-869471354ecd****'],
  ['IncreaseNodeCount', '3'],
];
const ITEM: [string, string][] = [
  ['ApplicationConfigs.1.ApplicationName', 'HDFS'],
  ['ApplicationConfigs.1.ConfigFileName', 'hdfs-site.xml'],
  ['ApplicationConfigs.1.ConfigItemKey', 'dfs.namenode.checkpoint.period'],
];

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly allow: string | null;
  readonly body: Record<string, unknown>;
}

/** A raw request as the gateway receives it: the pairs as given (no client-side validation), signed unless told otherwise. */
async function send(
  baseUrl: string,
  pairs: readonly [string, string][],
  {
    headers = {},
    sign = true,
    path = '/',
    body,
    inBody = false,
    method = 'POST',
  }: { headers?: Record<string, string | undefined>; sign?: boolean; path?: string; body?: string; /** The pairs as a form body instead of the query. */ inBody?: boolean; method?: string } = {},
): Promise<Answer> {
  // Not resolved against the base: a path starting with // stays a path.
  const url = new URL(baseUrl);
  const fixed = { 'x-acs-action': 'IncreaseNodes', 'x-acs-version': '2021-03-20', 'x-acs-date': formatAcsDate(new Date()), 'x-acs-signature-nonce': newNonce() };
  const signed = sign ? signRequest({ method, host: url.host, path: '/', query: pairs, headers: fixed, ...CREDENTIALS }).headers : fixed;
  const merged: Record<string, string> = { ...signed };
  delete merged['host'];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  const target = inBody ? `${url.origin}${path}` : `${url.origin}${path}?${encodeQuery(pairs)}`;
  if (inBody) merged['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(target, { method, headers: merged, body: inBody ? encodeQuery(pairs) : body });
  return { status: response.status, contentType: response.headers.get('content-type'), allow: response.headers.get('allow'), body: (await response.json()) as Record<string, unknown> };
}

function expectServiceError(answer: Answer, { status, code, message }: { status: number; code: string; message: string }): void {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(answer.body).toMatchObject({ Code: code, Message: message });
  expect(answer.body['RequestId']).toMatch(/^[0-9A-F-]{36}$/);
  expect(typeof answer.body['HostId']).toBe('string');
  expect(answer.body['Recommend']).toBe(`https://api.aliyun.com/troubleshoot?q=${code}&product=Emr`);
}

let prism: PrismProcess;
let front: RunningServer;
const events: FrontEvent[] = [];

beforeAll(async () => {
  const { model, code } = await loadContract(SPEC);
  prism = await startPrismOnFreePort({ spec: SPEC });
  front = await startStrictFront({ model, code, upstream: prism.url, port: 0, onRequest: (event) => events.push(event) });
});

afterAll(async () => {
  await front?.stop();
  await prism?.stop();
});

describe('Prism alone against the strict front', () => {
  it('Prism accepts a misspelt parameter with 200; the strict front refuses it, naming it', async () => {
    const pairs: [string, string][] = [...REQUIRED, ['IncreaseNodesCount', '5']];
    const loose = await send(prism.url, pairs);
    expect(loose.status).toBe(200);
    expect(loose.body).toEqual(SUCCESS_EXAMPLE);

    const strict = await send(front.url, pairs);
    expectServiceError(strict, { status: 400, code: 'InvalidParameter', message: 'The specified parameter IncreaseNodesCount is not valid.' });
  });

  it('a path that is no operation\'s is answered as Prism answers it alone, not as the operation', async () => {
    const loose = await send(prism.url, REQUIRED, { path: '/other' });
    expect(loose.status).toBe(404);
    expect((await send(front.url, REQUIRED, { path: '/other' })).status).toBe(loose.status);
  });

  it('the strict front reads pairs sent as a form body, as the gateway does', async () => {
    expect(await send(front.url, REQUIRED, { inBody: true })).toMatchObject({ status: 200, body: SUCCESS_EXAMPLE });
    const outOfRange: [string, string][] = [...REQUIRED.filter(([name]) => name !== 'IncreaseNodeCount'), ['IncreaseNodeCount', '501']];
    expectServiceError(await send(front.url, outOfRange, { inBody: true }), {
      status: 400,
      code: 'InvalidParameterValue',
      message: 'The input parameter IncreaseNodeCount is invalid or out of range.',
    });
  });

  it('the strict front reads a form body as large as the largest query it takes (1,000 items of realistic length)', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ITEM.map(([name, value]): [string, string] => [name.replace('.1.', `.${i + 1}.`), `${value}-${'x'.repeat(400)}`])).flat();
    expect(await send(front.url, [...REQUIRED, ...items], { inBody: true })).toMatchObject({ status: 200, body: SUCCESS_EXAMPLE });
  });

  it('the strict front reads a form body that holds what a request line may not (a space, a #, non-ASCII)', async () => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const body = 'RegionId=cn-hangzhou&ClusterId=c 1#x&IncreaseNodeCount=3&NodeGroupId=ng-\u4e2d\n';
    expect(await send(front.url, [], { headers, body })).toMatchObject({ status: 200, body: SUCCESS_EXAMPLE });
  });

  it('the strict front answers 413 to a form whose parameters, written as a query, would pass 4 MiB', async () => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const answer = await send(front.url, [], { headers, body: `RegionId=cn-hangzhou&NodeGroupId=ng-1&IncreaseNodeCount=3&ClusterId=${'\u00e9'.repeat(1024 * 1024)}` });
    expect(answer).toMatchObject({ status: 413, body: { Code: 'MockRequestTooLarge' } });
  });

  it('the strict front answers a form body past 4 MiB with 413, as a longer request line gets 431', async () => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const answer = await send(front.url, [], { headers, body: `RegionId=${'x'.repeat(4 * 1024 * 1024 + 1)}` });
    expect(answer).toMatchObject({ status: 413, body: { Code: 'MockRequestTooLarge' } });
  });

  // Prism alone answers these with a problem body of its own (405), which no service sends.
  it.each(['GET', 'PUT'])('a valid request sent with %s instead of POST is answered 405 in the service\'s shape, naming the method to use', async (method) => {
    expect(await send(prism.url, REQUIRED, { method })).toMatchObject({ status: 405, contentType: expect.stringMatching(/^application\/problem\+json/) });
    expect(await send(front.url, REQUIRED, { method })).toMatchObject({
      status: 405,
      contentType: 'application/json',
      allow: 'POST',
      body: { Code: 'MockMethodNotServed', Message: `IncreaseNodes is called with POST, not ${method}.`, RequestId: expect.any(String) },
    });
  });

  it.each(['//x', '//evil.example/'])('a path Prism would read as the operation\'s own (%s) is refused, not passed on unchecked', async (path) => {
    const pairs: [string, string][] = [...REQUIRED, ['Bogus', '1']];
    expect((await send(prism.url, pairs, { path })).status).toBe(200);
    expect(await send(front.url, pairs, { path })).toMatchObject({ status: 404, body: { Code: 'MockPathNotServed' } });
  });

  // HTTP/1.1 servers accept a target in absolute form; Prism reads it as its path, so the front must check it as that path.
  it('a request target in absolute form is checked as the path it names, not passed on unchecked', async () => {
    const pairs: [string, string][] = [...REQUIRED, ['Bogus', '1']];
    const url = new URL(front.url);
    const fixed = { 'x-acs-action': 'IncreaseNodes', 'x-acs-version': '2021-03-20', 'x-acs-date': formatAcsDate(new Date()), 'x-acs-signature-nonce': newNonce() };
    const { host: _host, ...headers } = signRequest({ method: 'POST', host: url.host, path: '/', query: pairs, headers: fixed, ...CREDENTIALS }).headers;
    const answer = await new Promise<{ status: number; body: Record<string, unknown> }>((resolveAnswer, reject) => {
      const outgoing = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: `${url.origin}/?${encodeQuery(pairs)}`, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
        res.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(answer).toMatchObject({ status: 400, body: { Code: 'InvalidParameter' } });
  });

  it('the strict front drops a body that is no form, however large, and answers the query', async () => {
    const headers = { 'content-type': 'application/octet-stream' };
    expect(await send(front.url, REQUIRED, { headers, body: 'x'.repeat(5 * 1024 * 1024) })).toMatchObject({ status: 200, body: SUCCESS_EXAMPLE });
  });

  it('the strict front does not pass a JSON body on to Prism (which would answer its first 400 example)', async () => {
    const headers = { 'content-type': 'application/json' };
    expect((await send(prism.url, REQUIRED, { headers, body: '{"a":1}' })).status).toBe(400);
    expect(await send(front.url, REQUIRED, { headers, body: '{"a":1}' })).toMatchObject({ status: 200, body: SUCCESS_EXAMPLE });
  });

  it('Prism never looks inside List.N.Field keys; the strict front does', async () => {
    const pairs: [string, string][] = [...REQUIRED, ...ITEM, ['ApplicationConfigs.1.ConfigScope', 'BOGUS']];
    expect((await send(prism.url, pairs)).status).toBe(200);
    expectServiceError(await send(front.url, pairs), {
      status: 400,
      code: 'InvalidParameterValue',
      message: 'The input parameter ApplicationConfigs.1.ConfigScope is invalid or out of range.',
    });
  });

  it('Prism answers its first 400 example whatever the fault; the strict front answers the documented code', async () => {
    const pairs: [string, string][] = [...REQUIRED.filter(([name]) => name !== 'IncreaseNodeCount'), ['IncreaseNodeCount', '501']];
    const loose = await send(prism.url, pairs);
    expect(loose.status).toBe(400);
    expect(loose.body['Code']).toBe('OperationDenied');
    expectServiceError(await send(front.url, pairs), {
      status: 400,
      code: 'InvalidParameterValue',
      message: 'The input parameter IncreaseNodeCount is invalid or out of range.',
    });
  });
});

describe('the strict front refuses what the contract refuses', () => {
  const without = (name: string) => REQUIRED.filter(([n]) => n !== name);
  const cases: [string, { pairs: [string, string][]; status: number; code: string; message: string }][] = [
    [
      'a value out of range (IncreaseNodeCount=501)',
      { pairs: [...without('IncreaseNodeCount'), ['IncreaseNodeCount', '501']], status: 400, code: 'InvalidParameterValue', message: 'The input parameter IncreaseNodeCount is invalid or out of range.' },
    ],
    [
      'a required parameter left out (ClusterId)',
      { pairs: without('ClusterId'), status: 400, code: 'MissingParameter', message: 'The input parameter ClusterId that is mandatory for processing this request is not supplied.' },
    ],
    [
      'a required parameter sent empty (RegionId=) counts as left out, as OpenAPI and Prism read it',
      { pairs: [...without('RegionId'), ['RegionId', '']], status: 400, code: 'MissingParameter', message: 'The input parameter RegionId that is mandatory for processing this request is not supplied.' },
    ],
    [
      'a decimal where an integer is due (IncreaseNodeCount=3.0)',
      { pairs: [...without('IncreaseNodeCount'), ['IncreaseNodeCount', '3.0']], status: 400, code: 'InvalidParameterValue', message: 'The input parameter IncreaseNodeCount is invalid or out of range.' },
    ],
    [
      'a boolean spelt True',
      { pairs: [...REQUIRED, ['AutoRenew', 'True']], status: 400, code: 'InvalidParameterValue', message: 'The input parameter AutoRenew is invalid or out of range.' },
    ],
    [
      'a value outside an enum (PaymentDuration=10)',
      { pairs: [...REQUIRED, ['PaymentDuration', '10']], status: 400, code: 'InvalidParameterValue', message: 'The input parameter PaymentDuration is invalid or out of range.' },
    ],
    [
      'a required field of a list item left out',
      { pairs: [...REQUIRED, ...ITEM.slice(1)], status: 400, code: 'MissingParameter', message: 'The input parameter ApplicationConfigs.1.ApplicationName that is mandatory for processing this request is not supplied.' },
    ],
    [
      'a list with a gap (item 2 without item 1)',
      { pairs: [...REQUIRED, ...ITEM.map(([n, v]) => [n.replace('.1.', '.2.'), v] as [string, string])], status: 400, code: 'MissingParameter', message: 'The input parameter ApplicationConfigs.1 that is mandatory for processing this request is not supplied.' },
    ],
    [
      'a cross-field rule broken (MinIncreaseNodeCount above IncreaseNodeCount)',
      { pairs: [...REQUIRED, ['MinIncreaseNodeCount', '4']], status: 400, code: 'InvalidParameterValue', message: 'The input parameter MinIncreaseNodeCount is invalid or out of range.' },
    ],
  ];
  it.each(cases)('%s', async (_, { pairs, status, code, message }) => {
    expectServiceError(await send(front.url, pairs), { status, code, message });
  });

  it('refuses a request without x-acs-action (MissingAction) and one for an action it does not know (InvalidAction)', async () => {
    expectServiceError(await send(front.url, REQUIRED, { headers: { 'x-acs-action': undefined } }), {
      status: 400,
      code: 'MissingAction',
      message: 'The action x-acs-action requested is missing.',
    });
    expectServiceError(await send(front.url, REQUIRED, { headers: { 'x-acs-action': 'IncreaseNode' } }), {
      status: 400,
      code: 'InvalidAction',
      message: 'The action IncreaseNode requested is invalid.',
    });
  });

  it('refuses a request without x-acs-version (MissingParameter) and one for another version (InvalidParameterValue), naming the header', async () => {
    expectServiceError(await send(front.url, REQUIRED, { headers: { 'x-acs-version': undefined } }), {
      status: 400,
      code: 'MissingParameter',
      message: 'The input parameter x-acs-version that is mandatory for processing this request is not supplied.',
    });
    expectServiceError(await send(front.url, REQUIRED, { headers: { 'x-acs-version': '2020-01-01' } }), {
      status: 400,
      code: 'InvalidParameterValue',
      message: 'The input parameter x-acs-version is invalid or out of range.',
    });
  });

  // Every declared parameter sent empty, beside the required ones: the front reads the query with
  // the generated decoder alone, so a provider built on fromIncreaseNodesQuery answers the same.
  it.each(['RegionId', 'IncreaseNodeCount', 'AutoPayOrder', 'AutoRenew', 'PaymentDuration', 'PaymentDurationUnit', 'MinIncreaseNodeCount', 'ApplicationConfigs.1.ConfigScope', 'ApplicationConfigs.1.ConfigItemValue'])(
    'answers %s sent empty as the generated decoder reads it',
    async (name) => {
      const pairs: [string, string][] = [...REQUIRED.filter(([n]) => n !== name), ...(name.startsWith('ApplicationConfigs.') ? ITEM : []), [name, '']];
      const decoded = fromIncreaseNodesQuery(pairs);
      const answer = await send(front.url, pairs);
      const issue = decoded.ok ? undefined : decoded.issues[0];
      expect({ status: answer.status, code: answer.body['Code'], parameter: events.at(-1)?.parameter }).toEqual(
        issue === undefined ? { status: 200, code: undefined, parameter: undefined } : { status: 400, code: issue.code, parameter: issue.parameter },
      );
    },
  );

  it.each([
    ['no authorization header', undefined],
    ['another scheme', 'Bearer abc'],
    ['spaces after the commas', 'ACS3-HMAC-SHA256 Credential=testid, SignedHeaders=host, Signature=00ff'],
  ])('refuses a request whose signature is missing or malformed: %s', async (_, authorization) => {
    expectServiceError(await send(front.url, REQUIRED, { headers: { authorization } }), {
      status: 400,
      code: 'IncompleteSignature',
      message: 'The request signature is invalid.',
    });
  });

  it('logs who answered each request', async () => {
    await send(front.url, [...REQUIRED, ['AutoRenw', 'true']]);
    expect(events.at(-1)).toMatchObject({ method: 'POST', status: 400, answeredBy: 'contract', code: 'InvalidParameter', parameter: 'AutoRenw' });
    expect(events.at(-1)?.detail).toContain('Did you mean AutoRenew?');
  });
});

describe('what the strict front passes to Prism', () => {
  const request: IncreaseNodesRequest = {
    RegionId: 'cn-hangzhou',
    ClusterId: 'c-b933c5aac8fe****',
    NodeGroupId: 'ng-869471354ecd****',
    IncreaseNodeCount: 3,
    AutoPayOrder: false,
    ApplicationConfigs: [{ ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'k', ConfigItemValue: 'v', ConfigScope: 'NODE_GROUP', NodeGroupId: 'ng-1' }],
  };

  it('a valid signed request from the generated client gets the spec example', async () => {
    const client = createClient({ endpoint: front.url, credentials: CREDENTIALS, timeoutMs: ANSWER_TIMEOUT_MS });
    expect(await client.increaseNodes(request)).toEqual(SUCCESS_EXAMPLE);
    expect(events.at(-1)).toMatchObject({ status: 200, answeredBy: 'prism' });
  });

  it('prefer passes through: the client asks for OutOfStock and gets it', async () => {
    const client = createClient({ endpoint: front.url, credentials: CREDENTIALS, retry: false, timeoutMs: ANSWER_TIMEOUT_MS });
    const error = await client.increaseNodes(request, { prefer: { code: 400, example: 'OutOfStock' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmrApiError);
    expect(error).toMatchObject({ code: 'OutOfStock', httpStatus: 400, documented: true });
  });

  it.each(['code=200', 'return=minimal', '', 'code=400, example=QuotaExceeded'])('a Prefer header (%j) excuses no parameter: a misspelt one is refused as the service would', async (prefer) => {
    const answer = await send(front.url, [...REQUIRED, ['IncreaseNodesCount', '1']], { headers: { prefer } });
    expect(answer).toMatchObject({ status: 400, body: { Code: 'InvalidParameter' } });
  });

  it('a Prefer header excuses no missing signature', async () => {
    const unsigned = await send(front.url, REQUIRED, { headers: { prefer: 'code=200', authorization: undefined } });
    expect(unsigned.body['Code']).toBe('IncompleteSignature');
  });

  it('a Prefer header on a valid request chooses the documented answer', async () => {
    const answer = await send(front.url, REQUIRED, { headers: { prefer: 'code=400, example=QuotaExceeded' } });
    expect(answer).toMatchObject({ status: 400, body: { Code: 'QuotaExceeded' } });
  });

  it('a Prefer header asking for an example the contract does not document is answered with the examples there are', async () => {
    const answer = await send(front.url, REQUIRED, { headers: { prefer: 'code=400, example=Nope' } });
    expect(answer).toMatchObject({ status: 400, body: { Code: 'MockPreferNotDocumented' } });
    expect(answer.body['Message']).toMatch(/^Prefer asks for example Nope of code 400, which IncreaseNodes does not document; its 400 examples: .*\bOutOfStock\b.*\.$/);
  });

  it('a Prefer header asking for a status the operation never answers is answered with the statuses it does', async () => {
    const answer = await send(front.url, REQUIRED, { headers: { prefer: 'code=418' } });
    expect(answer).toMatchObject({ status: 400, body: { Code: 'MockPreferNotDocumented', Message: expect.stringMatching(/^Prefer asks for code 418, which IncreaseNodes does not answer; it answers 200, 400, .*\.$/) } });
  });

  it.each([
    ['quoted values', 'code="400", example="OutOfStock"', 400, 'OutOfStock'],
    ['the first of a repeated name, as Prism reads it', 'code=400, code=500, example=OutOfStock', 400, 'OutOfStock'],
    ['spaces around =', 'code = 400, example = OutOfStock', 400, 'OutOfStock'],
    ['a parameter after ; (which Prism does not read as a preference)', 'code=400; example=Nope, example=OutOfStock', 400, 'OutOfStock'],
  ])('a Prefer header with %s chooses the documented answer', async (_, prefer, status, code) => {
    expect(await send(front.url, REQUIRED, { headers: { prefer } })).toMatchObject({ status, body: { Code: code } });
  });

  it.each([
    ['a code that is no status', 'code=0400, example=OutOfStock', /^Prefer asks for code 0400, which IncreaseNodes does not answer; it answers 200, 400, /],
    ['an error example asked of the success status', 'code=200, example=OutOfStock', /^Prefer asks for example OutOfStock of code 200, which IncreaseNodes does not document; its 200 examples: /],
    ['an example no response has, without a code', 'example=Bogus', /^Prefer asks for example Bogus of code 200, which IncreaseNodes does not document/],
    ['spaces around =', 'code = 418', /^Prefer asks for code 418, which IncreaseNodes does not answer/],
  ])('a Prefer header with %s is answered MockPreferNotDocumented', async (_, prefer, message) => {
    const answer = await send(front.url, REQUIRED, { headers: { prefer } });
    expect(answer).toMatchObject({ status: 400, body: { Code: 'MockPreferNotDocumented', Message: expect.stringMatching(message) } });
  });

  it('relays Prism answer headers and status unchanged', async () => {
    const answer = await fetch(`${front.url}/?${encodeQuery(REQUIRED)}`, { method: 'POST', headers: { 'x-acs-action': 'IncreaseNodes', 'x-acs-version': '2021-03-20', authorization: 'ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=00', prefer: 'code=400, example=OutOfStock' } });
    // Prism's status for the example asked for, and a header only Prism sets (CORS), come back as Prism sent them.
    expect(answer.status).toBe(400);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('listen', () => {
  it('rejects a port taken since it was checked with PortInUseError, naming it', async () => {
    const port = Number(new URL(front.url).port);
    await expect(listen({ server: createServer(), port })).rejects.toThrow(new PortInUseError({ host: '127.0.0.1', port }));
  });
});

describe('prismTarget (what the strict front passes on to Prism)', () => {
  it('leaves out the pairs of flattened list items, which Prism never reads', () => {
    expect(prismTarget('/?RegionId=r&ApplicationConfigs.1.ApplicationName=HDFS&ApplicationConfigs.1.ConfigItemKey=k&IncreaseNodeCount=3')).toBe('/?RegionId=r&IncreaseNodeCount=3');
  });

  it('keeps every other pair exactly as it was written, encoding and order included', () => {
    const target = '/?NodeGroupId=ng%20with%20%2A%2A&RegionId=cn-hangzhou&Empty=&Flag';
    expect(prismTarget(target)).toBe(target);
  });

  it('reads an encoded dot in a name as a dot', () => {
    expect(prismTarget('/?ApplicationConfigs%2E1%2EApplicationName=HDFS&RegionId=r')).toBe('/?RegionId=r');
  });

  it('drops the question mark when no pair is left', () => {
    expect(prismTarget('/?A.1.B=x')).toBe('/');
  });

  it('leaves a target without a query alone', () => {
    expect(prismTarget('/path')).toBe('/path');
  });
});

describe('startMock', () => {
  it('rejects a spec that is not there naming it, before any Prism starts', async () => {
    await expect(startMock({ spec: 'spec/no-such.openapi.yaml' })).rejects.toThrow(/^ENOENT: no such file or directory, open 'spec\/no-such\.openapi\.yaml'$/);
  });

  it('rejects a file that is no OpenAPI document naming it', async () => {
    await expect(startMock({ spec: 'package.json' })).rejects.toMatchObject({ name: 'GeneratorError', document: 'package.json' });
  });

  it('with strict, holds the port asked for while Prism starts, so no free port handed out meanwhile (Prism\'s own) can be it', async () => {
    const port = await reservedPort();
    let started = false;
    const starting = startMock({ spec: SPEC, strict: true, port }).finally(() => (started = true));
    // Had the front listened only once Prism was ready, startMock would settle in the same turn
    // and no connection could be seen before it.
    let heldBeforeStarted = false;
    while (!started && !heldBeforeStarted) {
      heldBeforeStarted = (await answers({ host: '127.0.0.1', port })) && !started;
      await new Promise((done) => setTimeout(done, 5));
    }
    const mock = await starting;
    try {
      expect({ heldBeforeStarted, url: mock.url }).toEqual({ heldBeforeStarted: true, url: `http://127.0.0.1:${port}` });
    } finally {
      await mock.stop();
    }
  });
});

describe('startPrismProcess', () => {
  it('runs Prism with faker left unloaded until the first value that needs it, which it then makes', () => {
    const run = spawnSync(process.execPath, prismNodeArgs({ entry: 'test/fixtures/prism-mocker-stand-in.cjs', args: [] }), { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const { beforeFirstValue, value, afterFirstValue } = JSON.parse(run.stdout) as { beforeFirstValue: number; value: unknown; afterFirstValue: number };
    expect({ beforeFirstValue, value: typeof value }).toEqual({ beforeFirstValue: 0, value: 'string' });
    expect(afterFirstValue).toBeGreaterThan(0);
  });

  it('rejects with what Prism said when it cannot start', async () => {
    await expect(startPrismProcess({ spec: 'spec/no-such.openapi.yaml', port: await reservedPort() })).rejects.toThrow(/exited before it was ready[\s\S]*no such file/);
  });

  it('refuses a port that is already taken', async () => {
    await expect(startPrismProcess({ spec: SPEC, port: Number(new URL(front.url).port) })).rejects.toThrow(/already in use/);
  });

  it('startPrismOnFreePort trades a free port someone took before Prism bound it for another', async () => {
    const taken = Number(new URL(front.url).port);
    const offered: number[] = [];
    const nextPort = async (): Promise<number> => {
      offered.push(offered.length === 0 ? taken : await reservedPort());
      return offered.at(-1)!;
    };
    const started = await startPrismOnFreePort({ spec: SPEC, nextPort });
    try {
      expect({ offered: offered.length, port: Number(new URL(started.url).port) }).toEqual({ offered: 2, port: offered[1] });
    } finally {
      await started.stop();
    }
  });

  it('startPrismOnFreePort gives up with PortInUseError when every port it is offered is taken', async () => {
    const taken = Number(new URL(front.url).port);
    let offered = 0;
    const nextPort = async (): Promise<number> => {
      offered += 1;
      return taken;
    };
    await expect(startPrismOnFreePort({ spec: SPEC, nextPort })).rejects.toThrow(PortInUseError);
    expect(offered).toBe(3);
  });

  it('of two started on one port at once, starts one and refuses the other as a port in use', async () => {
    const port = await reservedPort();
    const both = await Promise.allSettled([startPrismProcess({ spec: SPEC, port }), startPrismProcess({ spec: SPEC, port })]);
    await Promise.all(both.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : undefined)));
    expect(both.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(PortInUseError) });
  });
});

describe('emr-contract mock (the real CLI)', () => {
  it('serves --strict on --port, answers, and on SIGTERM exits 0 leaving no Prism behind', async ({ task }) => {
    const port = await reservedPort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'mock', '--port', String(port), '--strict'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        // A hang detector inside the test's own timeout, so a mock that never says where it listens is reported with what it printed.
        const timer = setTimeout(() => reject(new Error(`no URL line in time:\n${stdout}\n${stderr}`)), task.timeout * 0.8);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stdout);
          if (match !== null && stdout.includes('Stop with Ctrl+C.')) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        void exited.then(() => reject(new Error(`mock exited early:\n${stdout}\n${stderr}`)));
      });
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(stdout).toContain(`createClient({ endpoint: 'http://127.0.0.1:${port}'`);
      expect(stdout).toContain("prefer: { code: 400, example: 'OutOfStock' }");
      expect(stdout).toContain('Prefer: code=400, example=OutOfStock');
      const prismPort = /Prism on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
      expect(prismPort).toBeDefined();

      const refused = await send(url, [...REQUIRED, ['IncreaseNodesCount', '5']]);
      expect(refused.body['Code']).toBe('InvalidParameter');

      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(stdout).toContain('Stopped (SIGTERM).');
      expect(await answers({ host: '127.0.0.1', port })).toBe(false);
      expect(await answers({ host: '127.0.0.1', port: Number(prismPort) })).toBe(false);
      const orphans = spawnSync('pgrep', ['-f', `prism-cli/dist/index.js mock -h 127.0.0.1 -p ${prismPort} `], { encoding: 'utf8' });
      expect(orphans.stdout).toBe('');
      expect(orphans.status).toBe(1);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});

describe("the copy of the document Prism serves (a required list made optional for it)", () => {
  // SIGKILL to the starter leaves Prism to follow it out; Ctrl-C, timeout and a CI cancel signal the whole process group.
  it.each<[string, (pid: number) => void]>([
    ['the process that started it is killed with SIGKILL', (pid) => process.kill(pid, 'SIGKILL')],
    // SIGTERM and SIGHUP take the same path as SIGINT.
    ['its process group gets SIGINT (Ctrl-C)', (pid) => process.kill(-pid, 'SIGINT')],
  ])('goes with Prism when %s', async (_, signal) => {
    const spec = 'test/fixtures/widget.openapi.yaml';
    const document = readFileSync(spec, 'utf8').replace('schema: { type: array, minItems: 1, maxItems: 3', 'required: true\n          schema: { type: array, minItems: 1, maxItems: 3');
    const dir = mkdtempSync(join(tmpdir(), 'prism-copy-'));
    const required = join(dir, 'widget.openapi.yaml');
    writeFileSync(required, document);
    const script = `const { startPrismOnFreePort } = await import(${JSON.stringify(resolve('conformance/mock/prism-process.ts'))});
const prism = await startPrismOnFreePort({ spec: ${JSON.stringify(required)} });
console.log(JSON.stringify({ served: prism.served, pid: prism.pid }));`;
    // Detached: the starter leads a process group of its own, Prism in it, so a signal to the group reaches no test runner.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    try {
      let stdout = '';
      const started = await new Promise<{ served: string; pid: number }>((done, fail) => {
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('\n')) done(JSON.parse(stdout.split('\n')[0]!));
        });
        child.once('exit', () => fail(new Error(`the starter exited first: ${stdout}`)));
      });
      expect(started.served).not.toBe(required);
      expect(existsSync(started.served)).toBe(true);
      signal(child.pid!);
      // Prism follows its parent out (its IPC channel closes); the test waits for that, not for a time.
      while (isAlive(started.pid)) await new Promise((done) => setTimeout(done, 50));
      expect(existsSync(dirname(started.served))).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
