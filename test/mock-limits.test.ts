import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, RequestValidationError, type ApplicationConfig, type IncreaseNodesRequest } from '../generated/index.js';
import { encodeQuery, formatAcsDate, newNonce, signRequest } from '../generated/runtime/signer.js';
import { readModel } from '../conformance/contract.js';
import { startMock, type FrontEvent, type Mock } from '../conformance/mock/index.js';
import type { OperationModel } from '../generator/model.js';
import { ANSWER_TIMEOUT_MS } from './support/patience.js';

// The mock must take every request the contract allows. All parameters travel in the query
// string, so the largest one (every list at its maxItems, realistic values) is a request line of
// hundreds of kilobytes, far past Node's default header limit of 16 KiB.

const SPEC = 'spec/increase-nodes.openapi.yaml';
const CREDENTIALS = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const BASE: IncreaseNodesRequest = { RegionId: 'cn-hangzhou', ClusterId: 'c-b933c5aac8fe1234', NodeGroupId: 'ng-869471354ecd5678', IncreaseNodeCount: 3 };

let op: OperationModel;
let maxItems: number;
let plain: Mock;
let strict: Mock;
const events: FrontEvent[] = [];

/** Realistic, valid items: tens of characters each, as a real cluster's configuration has. */
function configs(count: number): ApplicationConfig[] {
  return Array.from({ length: count }, (_, i) => ({
    ApplicationName: 'HDFS',
    ConfigFileName: 'hdfs-site.xml',
    ConfigItemKey: `dfs.namenode.handler.count.${String(i).padStart(4, '0')}`,
    ConfigItemValue: `value-${String(i).padStart(4, '0')}-0123456789abcdefghijklmnopqrstuvwxyz`,
    ConfigScope: 'NODE_GROUP',
    NodeGroupId: 'ng-869471354ecd5678',
    NodeGroupName: 'emr-core-node-group-01',
  }));
}

function clientFor(mock: Mock) {
  return createClient({ endpoint: mock.url, credentials: CREDENTIALS, retry: false, timeoutMs: ANSWER_TIMEOUT_MS });
}

/** A signed request as the gateway receives it, pairs as given: no client-side validation stops it. */
async function sendRaw({ mock, pairs }: { mock: Mock; pairs: readonly [string, string][] }): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const url = new URL(mock.url);
  const fixed = { 'x-acs-action': op.operationId, 'x-acs-version': '2021-03-20', 'x-acs-date': formatAcsDate(new Date()), 'x-acs-signature-nonce': newNonce() };
  const { host: _host, ...headers } = signRequest({ method: 'POST', host: url.host, path: '/', query: pairs, headers: fixed, ...CREDENTIALS }).headers;
  const response = await fetch(`${url.origin}/?${encodeQuery(pairs)}`, { method: 'POST', headers });
  const text = await response.text();
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

function pairsOf(request: IncreaseNodesRequest): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(request)) {
    if (!Array.isArray(value)) {
      pairs.push([name, String(value)]);
      continue;
    }
    value.forEach((item: Record<string, unknown>, index) => {
      for (const [field, text] of Object.entries(item)) pairs.push([`${name}.${index + 1}.${field}`, String(text)]);
    });
  }
  return pairs;
}

beforeAll(async () => {
  op = (await readModel(SPEC)).model.operations[0]!;
  const list = op.request.properties.find((p) => p.schema.kind === 'array');
  maxItems = list?.schema.kind === 'array' ? (list.schema.maxItems ?? 0) : 0;
  [plain, strict] = await Promise.all([startMock({ spec: SPEC }), startMock({ spec: SPEC, strict: true, onRequest: (event) => events.push(event) })]);
});

afterAll(async () => {
  await Promise.all([plain?.stop(), strict?.stop()]);
});

describe('the largest request the contract allows', () => {
  it('is a request line far past 16 KiB (what this file is about)', () => {
    expect(maxItems).toBe(1000);
    expect(encodeQuery(pairsOf({ ...BASE, ApplicationConfigs: configs(maxItems) })).length).toBeGreaterThan(16 * 1024 * 20);
  });

  it('reaches Prism through the client and is answered with the example', async () => {
    const answer = await clientFor(plain).increaseNodes({ ...BASE, ApplicationConfigs: configs(maxItems) });
    expect(answer.OperationId).toBe('op-13c37a77c505****');
  });

  it('passes the strict mock through the client and is answered with the example', async () => {
    const answer = await clientFor(strict).increaseNodes({ ...BASE, ApplicationConfigs: configs(maxItems) });
    expect(answer.OperationId).toBe('op-13c37a77c505****');
  });
});

describe('one item past the limit', () => {
  it('is refused by the client before anything is sent', async () => {
    await expect(clientFor(strict).increaseNodes({ ...BASE, ApplicationConfigs: configs(maxItems + 1) })).rejects.toBeInstanceOf(RequestValidationError);
  });

  it("is answered by the strict mock with the service's code for a list too long, naming the list", async () => {
    const answer = await sendRaw({ mock: strict, pairs: pairsOf({ ...BASE, ApplicationConfigs: configs(maxItems + 1) }) });
    const documented = op.errors.find((e) => e.code === op.violations.size)!;
    expect(answer.status).toBe(documented.httpStatus);
    expect(answer.body?.['Code']).toBe(op.violations.size);
    expect(String(answer.body?.['Message'])).toContain('ApplicationConfigs');
  });

  it('reaches plain Prism (which cannot see inside the list) instead of a 431', async () => {
    const answer = await sendRaw({ mock: plain, pairs: pairsOf({ ...BASE, ApplicationConfigs: configs(maxItems + 1) }) });
    expect(answer.status).not.toBe(431);
    expect(answer.body).toBeDefined();
  });
});

describe('an undocumented list', () => {
  it('is named the same by the client and by the strict mock: the parameter, not its flattened field', async () => {
    const request = { ...BASE, Promotions: [{ ProductCode: 'emr-promo-2026' }] } as IncreaseNodesRequest;
    const refused = await clientFor(strict)
      .increaseNodes(request)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RequestValidationError);
    const clientNames = (refused as RequestValidationError).issues.map((issue) => issue.parameter);

    events.length = 0;
    const answer = await sendRaw({ mock: strict, pairs: [...pairsOf(BASE), ['Promotions.1.ProductCode', 'emr-promo-2026']] });
    expect(answer.body?.['Code']).toBe(op.violations.unknown);
    expect(clientNames).toEqual(['Promotions']);
    expect(events.map((event) => event.parameter)).toEqual(clientNames);
  });
});
