import { join } from 'node:path';
import fc from 'fast-check';
// @ts-expect-error Prism's parser of the Prefer header ships no types
import parsePreferHeader from 'parse-prefer-header';
import { describe, expect, it } from 'vitest';
import { ClientConfigurationError, createClient, toIncreaseNodesQuery } from '../generated/index.js';
import { generateInto, readWidgetDocument } from './support/generated-package.js';

// The client option that fills the first variable of the server URL is named after that variable
// by the contract (`{RegionId}` gives `regionId`, the widget's `{Zone}` gives `zone`): the runtime
// every generated client shares knows no API's vocabulary.

const CREDENTIALS = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const REQUEST_OF_CALLS = { RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 3 };

async function widgetClient(): Promise<(options: Record<string, unknown>) => { createWidget(request: unknown): Promise<unknown> }> {
  const { dir } = await generateInto({ document: readWidgetDocument(), folder: 'client-options-widget' });
  return (await import(join(dir, 'client.ts'))).createClient;
}

describe("the widget's client (server https://widgets.{Zone}.example.test)", () => {
  it('sends to the address its zone option fills in', async () => {
    const urls: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ WidgetId: 'w-1' }), { status: 200 });
    }) as typeof globalThis.fetch;
    const createClient = await widgetClient();
    await createClient({ zone: 'zone-b', credentials: CREDENTIALS, fetch }).createWidget({ Name: 'a', Size: 4 });
    expect(urls.map((url) => new URL(url).origin)).toEqual(['https://widgets.zone-b.example.test']);
  });

  it('without it or an endpoint, says to pass zone, with the default as the example', async () => {
    const createClient = await widgetClient();
    expect(() => createClient({ credentials: CREDENTIALS })).toThrow('pass zone (for example zone-a) or an explicit endpoint');
  });
});

describe('createClient refuses a mistaken option at once, naming it', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a negative timeoutMs', { timeoutMs: -1 }, 'timeoutMs must be a whole number from 1 to 2147483647, not -1'],
    ['a timeoutMs past what a timer holds', { timeoutMs: 2 ** 31 }, 'timeoutMs must be a whole number from 1 to 2147483647, not 2147483648'],
    ['a fractional maxResponseBytes', { maxResponseBytes: 1.5 }, 'maxResponseBytes must be a whole number from 1 to 9007199254740991, not 1.5'],
    ['retry.maxAttempts 0, a call never sent', { retry: { maxAttempts: 0 } }, 'retry.maxAttempts must be a whole number from 1 to 100, not 0'],
    ['a misspelt option', { timeout: 5 }, 'unknown option timeout; the options are credentials, endpoint, network, timeoutMs'],
    ['a misspelt retry option', { retry: { attempts: 2 } }, 'unknown option retry.attempts; the retry options are maxAttempts, baseDelayMs, maxDelayMs'],
    ['an endpoint of another scheme', { endpoint: 'ftp://127.0.0.1:4010' }, 'endpoint ftp://127.0.0.1:4010 is not http or https'],
    ['an endpoint with a path the client would drop', { endpoint: 'http://127.0.0.1:4010/base' }, 'endpoint http://127.0.0.1:4010/base holds more than an origin'],
    ['a regionId no host name can hold', { regionId: 'evil.com/x?' }, 'regionId "evil.com/x?" cannot be part of a host name'],
    ['a userAgent with a line break, which no header can carry', { userAgent: 'mine/1\r\nx-injected: 1' }, 'userAgent holds characters an HTTP header cannot carry'],
    ['a userAgent that is not text', { userAgent: 1 }, 'userAgent must be text, not 1'],
    ['a validateResponse that is not a boolean', { validateResponse: 'no' }, 'validateResponse must be true or false, not the string "no"'],
    ['an onEvent that is not a function', { onEvent: 'log' }, 'onEvent must be a function, not the string "log"'],
    ['a fetch that is not a function', { fetch: {} }, 'fetch must be a function such as globalThis.fetch, not an object'],
  ])('%s', (_, options, message) => {
    const create = () => createClient({ credentials: CREDENTIALS, ...options } as never);
    expect(create).toThrow(ClientConfigurationError);
    expect(create).toThrow(message);
  });

  // null slips past the parameter's default ({}), and the server option used to be read before the options were checked.
  it.each([null, 'cn-hangzhou', 3])('options that are not an object (%s): a ClientConfigurationError, not a TypeError', (options) => {
    const create = () => createClient(options as never);
    expect(create).toThrow(ClientConfigurationError);
    expect(create).toThrow('createClient takes an object of options');
  });

  it.each<[string, Record<string, unknown>]>([
    ['a bare host (https)', { endpoint: 'emr.cn-hangzhou.aliyuncs.com' }],
    ['an origin with a trailing slash', { endpoint: 'http://127.0.0.1:4010/' }],
    ['retry: false', { regionId: 'cn-hangzhou', retry: false }],
    ['every option the documents name', { regionId: 'cn-beijing', network: 'vpc', timeoutMs: 5_000, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, userAgent: 'mine/1', validateResponse: false, maxResponseBytes: 1, onEvent: () => undefined, fetch: globalThis.fetch }],
  ])('accepts %s', (_, options) => {
    expect(() => createClient({ credentials: CREDENTIALS, ...options } as never)).not.toThrow();
  });
});

describe('a call refuses a mistaken call option before anything is sent, naming it', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a prefer.example with a line break, which no header can carry', { prefer: { example: 'x\r\nx-injected: 1' } }, 'prefer.example holds characters an HTTP header cannot carry'],
    ['a prefer.example with a double quote, which the header cannot carry in a name', { prefer: { example: 'say "hi"' } }, 'prefer.example cannot hold a double quote'],
    ['a prefer.code that is no HTTP status', { prefer: { code: 4040 } }, 'prefer.code must be a whole number from 100 to 599, not 4040'],
    ['a prefer.dynamic that is not a boolean', { prefer: { dynamic: 'yes' } }, 'prefer.dynamic must be true or false, not the string "yes"'],
    ['a misspelt prefer option', { prefer: { status: 404 } }, 'unknown option prefer.status; the prefer options are code, example, dynamic'],
    ['a misspelt call option', { signl: AbortSignal.timeout(1_000) }, 'unknown call option signl; the call options are signal, prefer'],
    ['a signal that is not an AbortSignal', { signal: { aborted: false } }, 'signal must be an AbortSignal, not an object'],
  ])('%s', async (_, callOptions, message) => {
    let sent = 0;
    const fetch = (async () => {
      sent++;
      return new Response(JSON.stringify({ OperationId: 'op-1', RequestId: 'r-1' }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const call = createClient({ regionId: 'cn-hangzhou', credentials: CREDENTIALS, fetch }).increaseNodes(REQUEST_OF_CALLS, callOptions as never);
    const error = await call.then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ClientConfigurationError);
    expect((error as Error).message).toContain(message);
    expect(sent).toBe(0);
  });

  it('sends any example name without a double quote so that Prism reads back exactly that name', async () => {
    const headers: string[] = [];
    const fetch = (async (_: unknown, init?: RequestInit) => {
      headers.push(new Headers(init?.headers).get('prefer') ?? '');
      return new Response(JSON.stringify({ OperationId: 'op-1', RequestId: 'r-1' }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const client = createClient({ regionId: 'cn-hangzhou', credentials: CREDENTIALS, fetch });
    const name = fc.string({ unit: fc.constantFrom(...'ab ,;=\t\u00e9"'.split('')), minLength: 1 }).filter((text) => !text.includes('"'));
    await fc.assert(
      fc.asyncProperty(name, fc.integer({ min: 100, max: 599 }), async (example, code) => {
        headers.length = 0;
        await client.increaseNodes(REQUEST_OF_CALLS, { prefer: { code, example } });
        // Prism's own parser of the header, as its mock server reads it.
        expect(parsePreferHeader(headers[0])).toEqual({ code: String(code), example });
      }),
      { numRuns: 300 },
    );
  });

  it('sends a call with every call option well formed', async () => {
    const prefers: (string | null)[] = [];
    const fetch = (async (_: unknown, init?: RequestInit) => {
      prefers.push(new Headers(init?.headers).get('prefer'));
      return new Response(JSON.stringify({ OperationId: 'op-1', RequestId: 'r-1' }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    await createClient({ regionId: 'cn-hangzhou', credentials: CREDENTIALS, fetch }).increaseNodes(REQUEST_OF_CALLS, { signal: AbortSignal.timeout(60_000), prefer: { code: 200, example: 'success', dynamic: false } });
    expect(prefers).toEqual(['code=200, example=success, dynamic=false']);
  });
});

// Type-level: `npm run typecheck` (test/typecheck.test.ts) compiles this file, so a @ts-expect-error
// that no longer finds its error fails the suite.
describe('the types of the real client', () => {
  const REQUEST = {
    RegionId: 'cn-hangzhou',
    ClusterId: 'c-b933c5aac8fe****',
    NodeGroupId: 'ng-869471354ecd****',
    IncreaseNodeCount: 3,
    ApplicationConfigs: [{ ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'dfs.replication', ConfigItemValue: '2' }],
  } as const;

  it('take a request held as const, readonly list and all, in the client and the codec', async () => {
    const sent: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      sent.push(String(input));
      return new Response(JSON.stringify({ OperationId: 'op-1', RequestId: 'r-1' }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    await createClient({ regionId: 'cn-hangzhou', credentials: CREDENTIALS, fetch }).increaseNodes(REQUEST);
    expect(toIncreaseNodesQuery(REQUEST)).toContainEqual(['ApplicationConfigs.1.ConfigItemKey', 'dfs.replication']);
    expect(sent).toHaveLength(1);
  });

  it('refuse a number given as a string, saying it is a string', () => {
    // @ts-expect-error timeoutMs is a number
    expect(() => createClient({ regionId: 'cn-hangzhou', timeoutMs: '5', credentials: CREDENTIALS })).toThrow(/timeoutMs must be a whole number from \d+ to \d+, not the string "5"/);
  });

  it.each<[string, unknown, RegExp]>([
    ['a bigint', 5n, /timeoutMs must be a whole number from \d+ to \d+, not the bigint 5n$/],
    ['a boxed number', new Number(5), /timeoutMs must be a whole number from \d+ to \d+, not an object$/],
  ])('refuse %s as a number, saying what it is', (_, timeoutMs, message) => {
    expect(() => createClient({ regionId: 'cn-hangzhou', timeoutMs: timeoutMs as number, credentials: CREDENTIALS })).toThrow(message);
  });

  it('refuse a regionId that is not text, instead of sending to emr.5.aliyuncs.com', () => {
    expect(() => createClient({ regionId: 5 as unknown as string, credentials: CREDENTIALS })).toThrow(/^regionId must be text \(for example cn-hangzhou\), not 5$/);
  });

  it('refuse a network the contract does not name, at compile time and at run time', () => {
    // @ts-expect-error 'intranet' is not one of the contract's networks ('public' | 'vpc')
    expect(() => createClient({ regionId: 'cn-hangzhou', network: 'intranet', credentials: CREDENTIALS })).toThrow(ClientConfigurationError);
  });
});
