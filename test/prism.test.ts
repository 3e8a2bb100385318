import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createClient, EmrApiError, ERROR_CODES, type ClientOptions, type IncreaseNodesRequest } from '../generated/index.js';
import { errorCodes as REFERENCE_ERROR_CODES } from './reference/increase-nodes.reference.js';
import { isAlive, startPrism, type PrismMock } from './support/prism.js';
import { ANSWER_TIMEOUT_MS } from './support/patience.js';

const SPEC_PATH = 'spec/increase-nodes.openapi.yaml';
// Read from the spec itself, not from anything generated from it.
const SPEC = parse(readFileSync(SPEC_PATH, 'utf8')) as {
  components: { responses: Record<string, { content: { 'application/json': { examples: Record<string, { value: Record<string, unknown> }> } } }> };
};
const SUCCESS_EXAMPLE = SPEC.components.responses['Success']!.content['application/json'].examples['Success']!.value;
const ERROR_EXAMPLES = new Map(
  Object.entries(SPEC.components.responses)
    .filter(([name]) => name !== 'Success')
    .flatMap(([, response]) => Object.entries(response.content['application/json'].examples))
    .map(([name, example]) => [name, example.value]),
);
const STATUS_BY_CODE = new Map<string, number>(REFERENCE_ERROR_CODES.map(({ code, status }) => [code, status]));

const REQUEST: IncreaseNodesRequest = {
  RegionId: 'cn-hangzhou',
  ClusterId: 'c-b933c5aac8fe****',
  NodeGroupId: 'ng-869471354ecd****',
  IncreaseNodeCount: 3,
  MinIncreaseNodeCount: 1,
  AutoPayOrder: false,
  AutoRenew: true,
  PaymentDuration: 12,
  PaymentDurationUnit: 'Month',
  ApplicationConfigs: [
    {
      ApplicationName: 'HDFS',
      ConfigFileName: 'hdfs-site.xml',
      ConfigItemKey: 'dfs.namenode.checkpoint.period',
      ConfigItemValue: '3600s',
      ConfigScope: 'NODE_GROUP',
      NodeGroupId: 'ng-869471354ecd****',
    },
    { ApplicationName: 'YARN', ConfigFileName: 'yarn-site.xml', ConfigItemKey: 'yarn.nodemanager.resource.memory-mb', ConfigItemValue: '8192' },
  ],
};

let prism: PrismMock | undefined;

beforeAll(async () => {
  prism = await startPrism({ spec: SPEC_PATH });
});

afterAll(async () => {
  if (prism === undefined) return;
  const { pid } = prism;
  await prism.stop();
  expect(isAlive(pid), `Prism (pid ${pid}) is still running`).toBe(false);
});

/** A client on the mock whose fetch keeps what the mock said about each request. */
function clientOnPrism(options: ClientOptions = {}) {
  const answers: Array<{ status: number; violations: string | null }> = [];
  const capturing = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init);
    answers.push({ status: response.status, violations: response.headers.get('sl-violations') });
    return response;
  }) as typeof fetch;
  const client = createClient({
    endpoint: prism!.url,
    credentials: { accessKeyId: 'testid', accessKeySecret: 'testsecret' },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: ANSWER_TIMEOUT_MS,
    fetch: capturing,
    ...options,
  });
  return { client, answers };
}

describe('the client against a Prism mock of the spec', () => {
  it('sends a request (ApplicationConfigs, booleans, integers) that Prism accepts without sl-violations', async () => {
    const { client, answers } = clientOnPrism();
    await client.increaseNodes(REQUEST);
    expect(answers).toEqual([{ status: 200, violations: null }]);
  });

  it('receives the spec’s Success example, typed', async () => {
    const { client } = clientOnPrism();
    const response = await client.increaseNodes(REQUEST);
    expect(response).toEqual(SUCCESS_EXAMPLE);
    const { OperationId, RequestId }: { OperationId: string; RequestId: string } = response;
    expect([typeof OperationId, typeof RequestId]).toEqual(['string', 'string']);
  });

  // Shows that the check above can fail: Prism does report what breaks the spec.
  it('(control) Prism reports sl-violations for a request that breaks the spec', async () => {
    const response = await fetch(`${prism!.url}/?RegionId=cn-hangzhou&ClusterId=c-1&NodeGroupId=ng-1&IncreaseNodeCount=three`, {
      method: 'POST',
      headers: { 'x-acs-action': 'IncreaseNodes', 'x-acs-version': '2021-03-20', authorization: 'ACS3-HMAC-SHA256 Credential=testid' },
    });
    await response.arrayBuffer();
    expect(response.headers.get('sl-violations')).toMatch(/increasenodecount/i);
  });

  it('every documented error code has a named example in the spec', () => {
    expect([...ERROR_CODES].filter((code) => !ERROR_EXAMPLES.has(code))).toEqual([]);
  });

  it.each(ERROR_CODES.map((code) => ({ code: code as string, status: STATUS_BY_CODE.get(code) ?? -1 })))(
    'prefer code=$status, example=$code arrives as an EmrApiError $code with HTTP $status',
    async ({ code, status }) => {
      const { client } = clientOnPrism();
      const error = await client.increaseNodes(REQUEST, { prefer: { code: status, example: code } }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(EmrApiError);
      expect(error).toMatchObject({ code, httpStatus: status, documented: true, requestId: ERROR_EXAMPLES.get(code)?.['RequestId'] });
    },
  );
});
