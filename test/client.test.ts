import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ClientConfigurationError,
  createClient,
  EmrApiError,
  ERROR_CODES,
  fromIncreaseNodesQuery,
  RequestValidationError,
  ResponseContractError,
  toIncreaseNodesQuery,
  TransportError,
  UnreadableResponseError,
  type ClientEvent,
  type ClientOptions,
  type Credentials,
  type ErrorCode,
  type IncreaseNodesRequest,
} from '../generated/index.js';
import { RequestValidationError as AnyRequestValidationError } from '../generated/runtime/errors.js';
import { formatAcsDate, newNonce, signRequest } from '../generated/runtime/signer.js';
import { errorCodes as REFERENCE_ERROR_CODES } from './reference/increase-nodes.reference.js';
import { closedPort } from './support/ports.js';
import {
  always,
  apiError,
  json,
  never,
  startSigningServer,
  success,
  SUCCESS_BODY,
  text,
  verifyAcs3Request,
  type Reply,
  type Responder,
  type SigningServer,
} from './support/signing-server.js';

const CREDENTIALS: Credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 } as const;
const REQUEST: IncreaseNodesRequest = {
  RegionId: 'cn-hangzhou',
  ClusterId: 'c-b933c5aac8fe****',
  NodeGroupId: 'ng-869471354ecd****',
  IncreaseNodeCount: 3,
};
/** Our own reading of the wire reference §4, not the generated catalog's. */
const RETRYABLE_CODES = new Set(['ThrottlingException', 'ConcurrentModification']);
const STATUS_BY_CODE = new Map<string, number>(REFERENCE_ERROR_CODES.map(({ code, status }) => [code, status]));
const ENV_NAMES = ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_SECURITY_TOKEN'] as const;

const servers: SigningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  vi.unstubAllEnvs();
});

async function serve(respond?: Responder, secrets?: Record<string, string>): Promise<SigningServer> {
  const server = await startSigningServer({ ...(respond === undefined ? {} : { respond }), ...(secrets === undefined ? {} : { secrets }) });
  servers.push(server);
  return server;
}

function clientFor(server: { url: string }, options: ClientOptions = {}) {
  return createClient({ endpoint: server.url, credentials: CREDENTIALS, retry: FAST_RETRY, ...options });
}

/** The rejection of a call that must fail; a resolution fails the test. */
async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

const sortPairs = (pairs: ReadonlyArray<readonly [string, string]>) =>
  [...pairs].map(([name, value]) => [name, value]).sort(([a = ''], [b = '']) => (a < b ? -1 : a > b ? 1 : 0));

/** Resolves once the server has read `count` requests: a point in the call, not a length of time. */
async function received(server: SigningServer, count: number): Promise<void> {
  while (server.received.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A request whose strings need every kind of encoding, with 12 ApplicationConfigs (so `.10` sorts before `.2`). */
const AWKWARD_REQUEST: IncreaseNodesRequest = {
  RegionId: 'cn-hangzhou',
  ClusterId: 'c-b933c5aac8fe****',
  NodeGroupId: 'ng with spaces & = + ~ / ? # %20 ****',
  IncreaseNodeCount: 500,
  AutoPayOrder: true,
  AutoRenew: false,
  PaymentDuration: 12,
  PaymentDurationUnit: 'Month',
  MinIncreaseNodeCount: 1,
  ApplicationConfigs: Array.from({ length: 12 }, (_, index) => ({
    ApplicationName: index % 2 === 0 ? 'HDFS' : 'YARN',
    ConfigFileName: 'hdfs-site.xml',
    ConfigItemKey: `key.${index}`,
    ConfigItemValue: `值 ${index} — naïve café 🚀 *!'()`,
    ConfigScope: 'NODE_GROUP' as const,
    NodeGroupId: `ng-${index}****`,
  })),
};

describe('a successful call against the signing server', () => {
  it('resolves with the typed OperationId and RequestId', async () => {
    const server = await serve();
    const response = await clientFor(server).increaseNodes(REQUEST);
    expect(response).toEqual({ OperationId: SUCCESS_BODY.OperationId, RequestId: SUCCESS_BODY.RequestId });
  });

  it('passes the server’s own recomputation of the V3 signature', async () => {
    const server = await serve();
    await clientFor(server).increaseNodes(REQUEST);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.problems).toEqual([]);
  });

  it('is a POST to / with the action, version, accept and user-agent headers', async () => {
    const server = await serve();
    await clientFor(server).increaseNodes(REQUEST);
    const [request] = server.received;
    expect(request).toMatchObject({ method: 'POST', path: '/', body: '' });
    expect(request!.headers).toMatchObject({
      'x-acs-action': 'IncreaseNodes',
      'x-acs-version': '2021-03-20',
      accept: 'application/json',
    });
    expect(request!.headers['user-agent']).toMatch(/^emr-contract\/\d+\.\d+\.\d+/);
  });

  it('sends the hash of the empty body as x-acs-content-sha256', async () => {
    const server = await serve();
    await clientFor(server).increaseNodes(REQUEST);
    expect(server.received[0]!.headers['x-acs-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('delivers spaces, reserved characters, non-ASCII text and 12 ApplicationConfigs exactly as the codec flattens them', async () => {
    const server = await serve();
    await clientFor(server).increaseNodes(AWKWARD_REQUEST);
    expect(server.received[0]!.problems).toEqual([]);
    expect(sortPairs(server.received[0]!.query)).toEqual(sortPairs(toIncreaseNodesQuery(AWKWARD_REQUEST)));
  });

  it('delivers a query the server decodes back into the very request sent', async () => {
    const server = await serve();
    await clientFor(server).increaseNodes(AWKWARD_REQUEST);
    const decoded = fromIncreaseNodesQuery(server.received[0]!.query);
    expect(decoded.ok).toBe(true);
    expect(decoded.request).toEqual(AWKWARD_REQUEST);
  });

  it('delivers any request with arbitrary Unicode strings intact and correctly signed (property)', async () => {
    const server = await serve();
    const client = clientFor(server);
    const text = (unit: 'binary' | fc.Arbitrary<string>) => fc.string({ unit, minLength: 1, maxLength: 24 });
    // Any code point, or only ASCII and U+0080–U+00FF: a string with one character above U+00FF
    // makes an encoder take its UTF-8 path for all of it, hiding one that writes Latin-1 as single bytes.
    const latin1 = fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0x20, max: 0x7e })).map((code) => String.fromCharCode(code));
    const unicode = fc.oneof(text('binary'), text(latin1));
    const request = fc.record({
      RegionId: unicode,
      ClusterId: unicode,
      NodeGroupId: unicode,
      IncreaseNodeCount: fc.integer({ min: 1, max: 500 }),
      AutoPayOrder: fc.boolean(),
      ApplicationConfigs: fc.array(
        fc.record({ ApplicationName: unicode, ConfigFileName: unicode, ConfigItemKey: unicode, ConfigItemValue: unicode }),
        { minLength: 1, maxLength: 12 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async (sent) => {
        const before = server.received.length;
        await client.increaseNodes(sent);
        const arrived = server.received[before]!;
        expect(arrived.problems).toEqual([]);
        expect(sortPairs(arrived.query)).toEqual(sortPairs(toIncreaseNodesQuery(sent)));
      }),
      { numRuns: 40 },
    );
  });

  it('uses a fresh signature nonce for every call', async () => {
    const server = await serve();
    const client = clientFor(server);
    await client.increaseNodes(REQUEST);
    await client.increaseNodes(REQUEST);
    const [first, second] = server.received;
    expect(first!.headers['x-acs-signature-nonce']).not.toBe(second!.headers['x-acs-signature-nonce']);
  });
});

describe('the signing server itself', () => {
  it('refuses a request signed with another secret with IncompleteSignature', async () => {
    const server = await serve();
    const client = clientFor(server, { credentials: { accessKeyId: 'testid', accessKeySecret: 'not-the-secret' } });
    const error = await failure(client.increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(EmrApiError);
    expect((error as EmrApiError).code).toBe('IncompleteSignature');
    expect(server.received[0]!.problems).toEqual(['the signature does not match the request received']);
  });

  it('refuses a request whose query on the wire is not the one signed (form-style `+` for a space)', async () => {
    const server = await serve();
    const host = new URL(server.url).host;
    const signed = signRequest({
      method: 'POST',
      host,
      path: '/',
      query: [['ClusterId', 'c 1']],
      headers: { 'x-acs-action': 'IncreaseNodes', 'x-acs-version': '2021-03-20', 'x-acs-date': formatAcsDate(new Date()), 'x-acs-signature-nonce': newNonce() },
      accessKeyId: 'testid',
      accessKeySecret: 'testsecret',
    });
    const { host: _host, ...headers } = signed.headers;
    const response = await fetch(`${server.url}/?ClusterId=c+1`, { method: 'POST', headers });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { Code: string }).Code).toBe('IncompleteSignature');
    expect(server.received[0]!.problems).toEqual([
      'the query string sent is not the canonical one that is signed: ClusterId=c+1',
      'the signature does not match the request received',
    ]);
  });
});

describe('temporary (STS) credentials', () => {
  const STS: Credentials = { accessKeyId: 'testid', accessKeySecret: 'testsecret', securityToken: 'test-sts-token' };

  it('send the security token as x-acs-security-token', async () => {
    const server = await serve();
    await clientFor(server, { credentials: STS }).increaseNodes(REQUEST);
    expect(server.received[0]!.headers['x-acs-security-token']).toBe('test-sts-token');
  });

  it('sign the security token header', async () => {
    const server = await serve();
    await clientFor(server, { credentials: STS }).increaseNodes(REQUEST);
    expect(server.received[0]!.problems).toEqual([]);
    expect(server.received[0]!.headers['authorization']).toMatch(/SignedHeaders=[^,]*x-acs-security-token/);
  });

  it("send the key id beside the token as x-acs-accesskey-id, signed, as Alibaba's runtime does", async () => {
    const server = await serve();
    await clientFor(server, { credentials: STS }).increaseNodes(REQUEST);
    expect(server.received[0]!.headers['x-acs-accesskey-id']).toBe('testid');
    expect(server.received[0]!.problems).toEqual([]);
    expect(server.received[0]!.headers['authorization']).toMatch(/SignedHeaders=[^,]*x-acs-accesskey-id/);
  });

  it('without a token, send no x-acs-accesskey-id (the key id is in Authorization)', async () => {
    const server = await serve();
    await clientFor(server).increaseNodes(REQUEST);
    expect(server.received[0]!.headers['x-acs-accesskey-id']).toBeUndefined();
  });

  it('are read afresh from a credentials function on each call', async () => {
    const server = await serve();
    let token = 0;
    const client = clientFor(server, { credentials: async () => ({ ...STS, securityToken: `rotating-token-${++token}` }) });
    await client.increaseNodes(REQUEST);
    await client.increaseNodes(REQUEST);
    expect(server.received.map((r) => r.headers['x-acs-security-token'])).toEqual(['rotating-token-1', 'rotating-token-2']);
    expect(server.received.flatMap((r) => r.problems)).toEqual([]);
  });

  // The function never settles (an STS fetch that hangs): only the signal or timeoutMs can end the call.
  const hung = () => new Promise<Credentials>(() => undefined);

  it('from a function that never settles end when the signal fires: a TransportError aborted, nothing sent', async () => {
    const server = await serve();
    const controller = new AbortController();
    const call = failure(clientFor(server, { credentials: hung }).increaseNodes(REQUEST, { signal: controller.signal }));
    const reason = new Error('the caller gave up');
    controller.abort(reason);
    expect(await call).toMatchObject({ name: 'TransportError', reason: 'aborted', sent: false, cause: reason, message: 'IncreaseNodes was aborted by its signal (Error). The request was not sent.' });
    expect(server.received).toHaveLength(0);
  });

  it('from a function that never settles end after timeoutMs: a TransportError timeout, nothing sent, the cause naming the credentials function', async () => {
    const server = await serve();
    const error = await failure(clientFor(server, { credentials: hung, timeoutMs: 20, retry: false }).increaseNodes(REQUEST));
    expect(error).toMatchObject({ name: 'TransportError', reason: 'timeout', sent: false, message: 'IncreaseNodes failed (timeout). The request was not sent.' });
    expect(((error as Error).cause as Error).message).toBe('the credentials function did not settle in 20 ms (timeoutMs)');
    expect(server.received).toHaveLength(0);
  });

  it("from a function that throws are a ClientConfigurationError naming what it threw, not quoting it, with it as the cause", async () => {
    const server = await serve();
    const thrown = new TypeError('secret-in-the-message');
    const error = await failure(clientFor(server, { credentials: () => Promise.reject(thrown) }).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(ClientConfigurationError);
    expect(error).toMatchObject({ cause: thrown, message: "the credentials function failed (TypeError), so nothing was sent; what it threw is this error's cause" });
    expect(server.received).toHaveLength(0);
  });

  it.each<[string, unknown]>([
    ['a number', 12345],
    ['an object', {}],
    ['null', null],
  ])('with a securityToken that is %s are refused, naming credentials.securityToken', async (kind, securityToken) => {
    const server = await serve();
    const given = { ...STS, securityToken } as unknown as Credentials;
    const message = `credentials.securityToken must be text or left out, not ${kind}; check how it was read`;
    expect(() => clientFor(server, { credentials: given })).toThrow(new ClientConfigurationError(message));
    expect(await failure(clientFor(server, { credentials: () => given }).increaseNodes(REQUEST))).toMatchObject({ name: 'ClientConfigurationError', message });
    expect(server.received).toHaveLength(0);
  });
});

describe('an invalid request', () => {
  it('is a RequestValidationError whose issue codes are typed as the documented codes after instanceof', async () => {
    const server = await serve();
    const error = await failure(clientFor(server).increaseNodes({ ...REQUEST, IncreaseNodeCount: 501 }));
    if (!(error instanceof RequestValidationError)) throw error;
    // A type error, not a test failure, when the codes are typed as any string.
    const codes: readonly ErrorCode[] = error.issues.map((issue) => issue.code);
    expect(codes).toEqual(['InvalidParameterValue']);
    expect(error).toBeInstanceOf(AnyRequestValidationError);
    expect(server.received).toHaveLength(0);
  });

  const INVALID = {
    RegionId: 'cn-hangzhou',
    ClusterId: 42,
    IncreaseNodeCount: 0,
    AutoRenw: true,
    ApplicationConfigs: [{ ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigScope: 'EVERYWHERE' }],
  } as unknown as IncreaseNodesRequest;

  it('throws a RequestValidationError carrying every issue', async () => {
    const server = await serve();
    const error = await failure(clientFor(server).increaseNodes(INVALID));
    expect(error).toBeInstanceOf(RequestValidationError);
    const issues = (error as RequestValidationError).issues.map(({ parameter, code }) => ({ parameter, code }));
    expect(issues).toEqual(
      expect.arrayContaining([
        { parameter: 'ClusterId', code: 'InvalidParameterValue' },
        { parameter: 'NodeGroupId', code: 'MissingParameter' },
        { parameter: 'IncreaseNodeCount', code: 'InvalidParameterValue' },
        { parameter: 'AutoRenw', code: 'InvalidParameter' },
        { parameter: 'ApplicationConfigs.1.ConfigItemKey', code: 'MissingParameter' },
        { parameter: 'ApplicationConfigs.1.ConfigScope', code: 'InvalidParameterValue' },
      ]),
    );
    expect(issues).toHaveLength(6);
  });

  it('sends nothing to the server', async () => {
    const server = await serve();
    await failure(clientFor(server).increaseNodes(INVALID));
    expect(server.received).toHaveLength(0);
  });
});

describe('documented error answers', () => {
  const cases = ERROR_CODES.map((code) => ({ code: code as string, status: STATUS_BY_CODE.get(code) ?? -1, retryable: RETRYABLE_CODES.has(code) }));
  const body = (code: string) => ({
    RequestId: `REQ-${code}-0001`,
    HostId: 'emr.cn-hangzhou.aliyuncs.com',
    Code: code,
    Message: `${code} for ng-869471354ecd****.`,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Emr`,
  });

  it('cover exactly the codes of the hand-transcribed reference', () => {
    expect([...ERROR_CODES].sort()).toEqual(REFERENCE_ERROR_CODES.map(({ code }) => code).sort());
  });

  it.each(cases)('$code (HTTP $status) becomes an EmrApiError with the code, status, ids, recommend and documented: true', async ({ code, status }) => {
    const server = await serve(always(json(status, body(code))));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(EmrApiError);
    expect(error).toMatchObject({
      name: 'EmrApiError',
      code,
      httpStatus: status,
      requestId: `REQ-${code}-0001`,
      hostId: 'emr.cn-hangzhou.aliyuncs.com',
      recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Emr`,
      documented: true,
    });
    expect((error as Error).message).toContain(`${code} for ng-869471354ecd****.`);
  });

  it.each(cases)('$code is marked retryable: $retryable', async ({ code, status, retryable }) => {
    const server = await serve(always(json(status, body(code))));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as EmrApiError).retryable).toBe(retryable);
  });

  it.each(cases.filter((c) => !c.retryable))('$code reaches the server exactly once', async ({ code, status }) => {
    const server = await serve(always(json(status, body(code))));
    await failure(clientFor(server).increaseNodes(REQUEST));
    expect(server.received).toHaveLength(1);
  });

  it.each(cases.filter((c) => c.retryable))('$code is sent 3 times in all when it keeps coming back', async ({ code, status }) => {
    const server = await serve(always(json(status, body(code))));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as EmrApiError).code).toBe(code);
    expect(server.received).toHaveLength(3);
    expect(server.received.flatMap((r) => r.problems)).toEqual([]);
  });

  it.each(cases.filter((c) => c.retryable))('$code followed by a 200 resolves with the 200 on the 2nd attempt', async ({ code, status }) => {
    const server = await serve([json(status, body(code)), success()]);
    const response = await clientFor(server).increaseNodes(REQUEST);
    expect(response).toEqual(SUCCESS_BODY);
    expect(server.received).toHaveLength(2);
  });

  it.each(cases.filter((c) => c.retryable))('$code is sent only once with retry: false', async ({ code, status }) => {
    const server = await serve(always(json(status, body(code))));
    await failure(clientFor(server, { retry: false }).increaseNodes(REQUEST));
    expect(server.received).toHaveLength(1);
  });
});

describe('what an error answer tells the caller to do', () => {
  const BEFORE_RETRY = "The request may have been processed: look at the node group's nodes before calling again.";

  it.each([
    [500, 'InternalError'],
    [503, 'ServiceFailure'],
    [503, 'ServiceUnavailable'],
  ])('%i %s says the request may have been processed and what to look at first (the wire reference: such a call can add the nodes twice)', async (status, code) => {
    const server = await serve(always(apiError(status, code)));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as EmrApiError).message).toContain(BEFORE_RETRY);
  });

  it.each([
    [400, 'InvalidParameterValue'],
    [404, 'ResourceNotFound'],
  ])('%i %s (refused, so nothing was done) does not say the request may have been processed', async (status, code) => {
    const server = await serve(always(apiError(status, code)));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as EmrApiError).message).not.toContain('may have been processed');
  });

  it('a 503 Throttling (retried, as the service never saw it) does not say the request may have been processed', async () => {
    const server = await serve(always(apiError(503, 'Throttling')));
    const error = await failure(clientFor(server, { retry: { maxAttempts: 1 } }).increaseNodes(REQUEST));
    expect((error as EmrApiError).message).not.toContain('may have been processed');
  });

  // A fourth attempt would succeed: a client that read the undefined as "no limit" returns instead of failing.
  it('retry options given as undefined take their defaults: three attempts in all', async () => {
    const server = await serve([apiError(503, 'Throttling'), apiError(503, 'Throttling'), apiError(503, 'Throttling'), success()]);
    const error = await failure(clientFor(server, { retry: { maxAttempts: undefined, baseDelayMs: 1, maxDelayMs: undefined } }).increaseNodes(REQUEST));
    expect(error).toMatchObject({ name: 'EmrApiError', code: 'Throttling' });
    expect(server.received).toHaveLength(3);
  });

  it('a 502 that cannot be read says the request may have been processed', async () => {
    const server = await serve(always(text(502, '<html>Bad Gateway</html>', 'text/html')));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(UnreadableResponseError);
    expect((error as Error).message).toContain(BEFORE_RETRY);
  });

  it('a 404 page that cannot be read (a refusal, a wrong endpoint) does not say the request may have been processed', async () => {
    const server = await serve(always(text(404, '<html>Not Found</html>', 'text/html')));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as Error).message).not.toContain('may have been processed');
  });

  it('a 200 cut off in the middle says the request may have been processed', async () => {
    const server = await serve(always({ kind: 'destroy-mid-body', status: 200, body: JSON.stringify(SUCCESS_BODY), sentBytes: 10 }));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as Error).message).toContain(BEFORE_RETRY);
  });

  it('a permission failure keeps its AccessDeniedDetail object on the error', async () => {
    const detail = { AuthAction: 'emr:IncreaseNodes', PolicyType: 'AccountLevelIdentityBasedPolicy', NoPermissionType: 'ImplicitDeny', EncodedDiagnosticMessage: 'AQEAAAAA' };
    const server = await serve(always(json(400, { RequestId: 'REQ-1', Code: 'NotAuthorized', Message: 'You do not have permission to perform this action. emr:IncreaseNodes', AccessDeniedDetail: detail })));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toMatchObject({ code: 'NotAuthorized', accessDeniedDetail: detail });
  });

  it.each([['a string', 'denied'], ['a list', ['denied']]])('an AccessDeniedDetail that is %s, not an object, is not kept', async (_what, detail) => {
    const server = await serve(always(json(400, { RequestId: 'REQ-1', Code: 'NotAuthorized', Message: 'No.', AccessDeniedDetail: detail })));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as EmrApiError).accessDeniedDetail).toBeUndefined();
  });

  it('an error without AccessDeniedDetail has none', async () => {
    const server = await serve(always(apiError(400, 'NotAuthorized')));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as EmrApiError).accessDeniedDetail).toBeUndefined();
  });
});

describe('undocumented error codes', () => {
  it.each(['Throttling.User', 'Foo.Bar'])('%s is kept as the code with documented: false', async (code) => {
    const server = await serve(always(apiError(400, code)));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(EmrApiError);
    expect(error).toMatchObject({ code, httpStatus: 400, documented: false, requestId: `REQ-${code}` });
  });

  it.each([
    [400, 'Throttling.User'],
    [503, 'Throttling'],
    [400, 'Request.Throttling'],
  ])('%i %s (the gateway throttling, undocumented here) is retried: the service never saw the call', async (status, code) => {
    const server = await serve([apiError(status, code), success()]);
    expect(await clientFor(server).increaseNodes(REQUEST)).toEqual(SUCCESS_BODY);
    expect(server.received).toHaveLength(2);
  });

  it('InvalidParameter.ThrottlingConfig (Throttling in a word, not a segment of the code) is not retried', async () => {
    const server = await serve(always(apiError(400, 'InvalidParameter.ThrottlingConfig')));
    await failure(clientFor(server).increaseNodes(REQUEST));
    expect(server.received).toHaveLength(1);
  });

  it('Foo.Bar (an unknown code) is not retried', async () => {
    const server = await serve(always(apiError(400, 'Foo.Bar')));
    await failure(clientFor(server).increaseNodes(REQUEST));
    expect(server.received).toHaveLength(1);
  });
});

describe('x-acs-retry-after', () => {
  it('delays the retry until at least that many milliseconds after the throttled answer', async () => {
    const server = await serve([apiError(400, 'ThrottlingException', { 'x-acs-retry-after': '150' }), success()]);
    await clientFor(server).increaseNodes(REQUEST);
    const [first, second] = server.received;
    expect(second!.receivedAt - first!.answeredAt!).toBeGreaterThanOrEqual(145);
  });

  it('is exposed as retryAfterMs on the error', async () => {
    const server = await serve(always(apiError(400, 'ThrottlingException', { 'x-acs-retry-after': '20' })));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as EmrApiError).retryAfterMs).toBe(20);
  });

  it.each(['', 'soon', '0x10', '1e3', '-5', '1.5'])('%j, which is no whole number of milliseconds, gives no retryAfterMs', async (header) => {
    const server = await serve(always(apiError(400, 'ThrottlingException', { 'x-acs-retry-after': header })));
    const error = await failure(clientFor(server, { retry: false }).increaseNodes(REQUEST));
    expect((error as EmrApiError).retryAfterMs).toBeUndefined();
  });

  it('beyond 60 s surfaces the throttling at once instead of sleeping on it', async () => {
    const server = await serve(always(apiError(400, 'ThrottlingException', { 'x-acs-retry-after': '120000' })));
    const events: ClientEvent[] = [];
    // What "at once" means without a stopwatch: no retry announced, and no timer set that long.
    const timers = vi.spyOn(globalThis, 'setTimeout');
    let error: unknown;
    try {
      error = await failure(clientFor(server, { onEvent: (event) => events.push(event) }).increaseNodes(REQUEST));
    } finally {
      timers.mockRestore();
    }
    expect((error as EmrApiError).retryAfterMs).toBe(120_000);
    expect(server.received).toHaveLength(1);
    expect(events.filter((event) => event.type === 'retry')).toEqual([]);
    expect(timers.mock.calls.map(([, ms]) => ms ?? 0).filter((ms) => ms >= 1_000)).toEqual([]);
  });

  it('beyond 60 s says, in the message, to call again after the wait the service asked for', async () => {
    const server = await serve(always(apiError(400, 'ThrottlingException', { 'x-acs-retry-after': '120000' })));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect((error as Error).message).toMatch(/ The service asked to wait 120000 ms \(x-acs-retry-after\), longer than the client waits between attempts \(\d+ ms\): call again after that\.$/);
  });
});

describe('a failure safe to retry, retried until maxAttempts', () => {
  it('says in its message that the client gave up after that many attempts, and that calling again later is safe', async () => {
    const server = await serve(always(apiError(400, 'ThrottlingException')));
    const error = await failure(clientFor(server, { retry: { maxAttempts: 3, baseDelayMs: 1 } }).increaseNodes(REQUEST));
    expect(server.received).toHaveLength(3);
    expect((error as Error).message).toMatch(/ Gave up after 3 attempts \(retry\.maxAttempts\); it is safe to call again later\.$/);
  });

  it('with retries off, says nothing of attempts', async () => {
    const server = await serve(always(apiError(400, 'ThrottlingException')));
    const error = await failure(clientFor(server, { retry: false }).increaseNodes(REQUEST));
    expect((error as Error).message).not.toMatch(/attempt/);
  });
});

describe('a 2xx whose body is an error answer (a gateway or proxy that says 200)', () => {
  it("is a ResponseContractError whose message gives the body's Code and Message", async () => {
    const server = await serve(always(json(200, { RequestId: 'r-1', Code: 'Forbidden.RAM', Message: 'User not authorized to operate on the specified resource.' })));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(ResponseContractError);
    expect((error as Error).message).toMatch(/\nThe body is an error answer: Forbidden\.RAM: User not authorized to operate on the specified resource\.$/);
  });
});

describe('a request too long for the server to read', () => {
  // Node's own limit, refused before any handler runs, as a Prism started without a larger one does.
  it('a 431 says the request line was too large and how a server on Node takes it', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const item = { ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'dfs.replication', ConfigItemValue: '3' };
    try {
      const error = await failure(clientFor({ url: `http://127.0.0.1:${port}` }).increaseNodes({ ...REQUEST, ApplicationConfigs: Array.from({ length: 1_000 }, () => item) }));
      expect(error).toBeInstanceOf(UnreadableResponseError);
      expect(error).toMatchObject({ httpStatus: 431 });
      expect((error as Error).message).toContain("The server refused the request's head as too large: every parameter travels in the query, so a server on Node needs --max-http-header-size (or maxHeaderSize) above the 16 KiB default.");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('answers that cannot be read', () => {
  const html = `<html><head><title>502 Bad Gateway</title></head><body>${'<p>upstream went away</p>'.repeat(40)}</body></html>`;
  const truncated = '{"OperationId":"op-13c37a77c505****","Reque';
  const cases: Array<{ name: string; reply: Reply; status: number; reason: UnreadableResponseError['reason']; prefix: string }> = [
    { name: 'a proxy’s HTML 502', reply: text(502, html, 'text/html'), status: 502, reason: 'not-json', prefix: html.slice(0, 512) },
    { name: 'an empty 200', reply: text(200, ''), status: 200, reason: 'empty', prefix: '' },
    { name: 'an empty 503', reply: text(503, ''), status: 503, reason: 'empty', prefix: '' },
    { name: 'a 200 with JSON cut short', reply: text(200, truncated, 'application/json'), status: 200, reason: 'not-json', prefix: truncated },
    {
      name: 'a throttling 400 with JSON cut short',
      reply: text(400, '{"Code":"ThrottlingException","Mess', 'application/json'),
      status: 400,
      reason: 'not-json',
      prefix: '{"Code":"ThrottlingException","Mess',
    },
    { name: 'a 500 whose JSON has no Code', reply: json(500, { error: 'boom' }), status: 500, reason: 'no-error-code', prefix: '{"error":"boom"}' },
  ];

  it.each(cases)('$name becomes an UnreadableResponseError keeping the status, the reason and the start of the body', async ({ reply, status, reason, prefix }) => {
    const server = await serve(always(reply));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(UnreadableResponseError);
    expect(error).toMatchObject({ httpStatus: status, reason, bodyPrefix: prefix, retryable: false });
  });

  it.each(cases)('$name is never retried', async ({ reply }) => {
    const server = await serve(always(reply));
    await failure(clientFor(server).increaseNodes(REQUEST));
    expect(server.received).toHaveLength(1);
  });

  it.each([
    ['node:http', {}],
    ['fetch', { fetch: globalThis.fetch }],
  ] as const)('a connection dropped in the middle of the body keeps what arrived as bodyPrefix (%s)', async (_transport, options) => {
    const body = JSON.stringify(SUCCESS_BODY);
    const server = await serve(always({ kind: 'destroy-mid-body', status: 200, body, sentBytes: 10 }));
    const error = await failure(clientFor(server, options).increaseNodes(REQUEST));
    expect(error).toMatchObject({ name: 'UnreadableResponseError', reason: 'interrupted', bodyPrefix: body.slice(0, 10) });
  });

  it.each([
    ['node:http', {}],
    ['fetch', { fetch: globalThis.fetch }],
  ] as const)('a body cut inside a multi-byte character keeps the whole characters before it, not a U+FFFD (%s)', async (_transport, options) => {
    const body = JSON.stringify({ Message: 'café au lait' });
    // The first byte of é's two.
    const sentBytes = Buffer.byteLength(body.slice(0, body.indexOf('é'))) + 1;
    const server = await serve(always({ kind: 'destroy-mid-body', status: 200, body, sentBytes }));
    const error = await failure(clientFor(server, options).increaseNodes(REQUEST));
    expect((error as UnreadableResponseError).bodyPrefix).toBe(body.slice(0, body.indexOf('é')));
  });

  it('a connection dropped in the middle of the body is an interrupted UnreadableResponseError, not retried', async () => {
    const body = JSON.stringify(SUCCESS_BODY);
    const server = await serve(always({ kind: 'destroy-mid-body', status: 200, body, sentBytes: 10 }));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(UnreadableResponseError);
    expect(error).toMatchObject({ httpStatus: 200, reason: 'interrupted' });
    expect(server.received).toHaveLength(1);
  });

  it('a body larger than maxResponseBytes is a too-large UnreadableResponseError', async () => {
    const server = await serve(always(json(200, { ...SUCCESS_BODY, Padding: 'x'.repeat(4096) })));
    const error = await failure(clientFor(server, { maxResponseBytes: 1024 }).increaseNodes(REQUEST));
    expect(error).toMatchObject({ name: 'UnreadableResponseError', reason: 'too-large', httpStatus: 200 });
  });
});

describe('text the wire cannot carry', () => {
  // A string cut in the middle of an emoji: its high surrogate alone.
  const cut = '3600s 🚀'.slice(0, -1);
  const withCut: IncreaseNodesRequest = {
    ...REQUEST,
    ApplicationConfigs: [
      { ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'a' },
      { ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'b', ConfigItemValue: cut },
    ],
  };

  it('a lone surrogate is a RequestValidationError', async () => {
    const server = await serve();
    expect(await failure(clientFor(server).increaseNodes(withCut))).toBeInstanceOf(RequestValidationError);
  });

  it('a lone surrogate is an issue of its parameter, by wire name and by path, with the code of a wrong value', async () => {
    const server = await serve();
    const error = await failure(clientFor(server).increaseNodes(withCut));
    expect((error as RequestValidationError).issues).toEqual([
      expect.objectContaining({ code: 'InvalidParameterValue', kind: 'type', parameter: 'ApplicationConfigs.2.ConfigItemValue', path: ['ApplicationConfigs', 1, 'ConfigItemValue'] }),
    ]);
  });

  it('names the surrogate and its place in characters, an emoji before it counting as one', async () => {
    const server = await serve();
    const error = await failure(clientFor(server).increaseNodes({ ...REQUEST, ClusterId: '🚀x\uD800' }));
    expect((error as RequestValidationError).issues[0]!.message).toContain('a lone UTF-16 surrogate (U+D800) at character 3');
  });

  it('lists every lone surrogate, and the contract’s own issues beside them', async () => {
    const server = await serve();
    const error = await failure(clientFor(server).increaseNodes({ ...withCut, ClusterId: 'c-\uD800', IncreaseNodeCount: -5 }));
    expect((error as RequestValidationError).issues.map((issue) => issue.parameter).sort()).toEqual(['ApplicationConfigs.2.ConfigItemValue', 'ClusterId', 'IncreaseNodeCount']);
  });

  it('a lone surrogate sends nothing (it would arrive as U+FFFD, a value nobody wrote)', async () => {
    const server = await serve();
    await failure(clientFor(server).increaseNodes(withCut));
    expect(server.received).toHaveLength(0);
  });

  it('a low surrogate alone in a top-level parameter is refused as well', async () => {
    const server = await serve();
    const error = await failure(clientFor(server).increaseNodes({ ...REQUEST, ClusterId: 'c-\uDC00x' }));
    expect((error as RequestValidationError).issues).toMatchObject([{ parameter: 'ClusterId', path: ['ClusterId'] }]);
  });
});

describe('a 200 that breaks the response contract', () => {
  const BROKEN = { OperationId: 42 };

  it('throws a ResponseContractError naming the missing RequestId and the mistyped OperationId', async () => {
    const server = await serve(always(json(200, BROKEN)));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(ResponseContractError);
    const parameters = (error as ResponseContractError).issues.map((issue) => [issue.parameter, issue.kind]);
    expect(parameters).toEqual(expect.arrayContaining([['RequestId', 'missing'], ['OperationId', 'type']]));
    expect(parameters).toHaveLength(2);
  });

  it('keeps the status and the body on the error', async () => {
    const server = await serve(always(json(200, BROKEN)));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toMatchObject({ httpStatus: 200, body: BROKEN });
  });

  it('is not retried', async () => {
    const server = await serve(always(json(200, BROKEN)));
    await failure(clientFor(server).increaseNodes(REQUEST));
    expect(server.received).toHaveLength(1);
  });

  it('is returned as it is with validateResponse: false', async () => {
    const server = await serve(always(json(200, BROKEN)));
    const response = await clientFor(server, { validateResponse: false }).increaseNodes(REQUEST);
    expect(response).toEqual(BROKEN);
  });
});

describe('transport failures', () => {
  it('an answer slower than timeoutMs is a TransportError with reason timeout and sent: true', async () => {
    const server = await serve(always(never()));
    const error = await failure(clientFor(server, { timeoutMs: 150 }).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ reason: 'timeout', sent: true, retryable: false });
  });

  it('a timed-out request is not retried', async () => {
    const server = await serve(always(never()));
    // Once the call has settled, no attempt is left to come.
    await failure(clientFor(server, { timeoutMs: 150 }).increaseNodes(REQUEST));
    expect(server.received).toHaveLength(1);
  });

  it('a connection dropped after the request arrived is a TransportError with sent: true', async () => {
    const server = await serve(always({ kind: 'destroy' }));
    const error = await failure(clientFor(server).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ reason: 'network', sent: true, retryable: false });
  });

  it('a connection dropped after the request arrived is not retried', async () => {
    const server = await serve(always({ kind: 'destroy' }));
    // Once the call has settled, no attempt is left to come.
    await failure(clientFor(server).increaseNodes(REQUEST));
    expect(server.received).toHaveLength(1);
  });

  it('a refused connection is a TransportError with sent: false', async () => {
    const port = await closedPort();
    const client = clientFor({ url: `http://127.0.0.1:${port}` }, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const error = await failure(client.increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ reason: 'network', sent: false, retryable: true });
  });

  it("a refused connection's message names the system's code, so the endpoint is the thing to check", async () => {
    const port = await closedPort();
    const error = await failure(clientFor({ url: `http://127.0.0.1:${port}` }, { retry: false }).increaseNodes(REQUEST));
    expect((error as Error).message).toBe('IncreaseNodes failed (network: ECONNREFUSED). The request was not sent.');
  });

  // A made-up certificate for 127.0.0.1, trusted by nobody (test/fixtures): what a typo'd endpoint or a proxy that intercepts TLS presents.
  it.each([
    ['node:http', {}],
    ['fetch', { fetch: globalThis.fetch }],
  ] as const)('a server certificate nobody trusts is reported at once, not retried (%s)', async (_, transport) => {
    const server = createHttpsServer({ key: readFileSync('test/fixtures/self-signed-127.0.0.1.key.pem'), cert: readFileSync('test/fixtures/self-signed-127.0.0.1.cert.pem') }, (_request, response) => response.end('{}'));
    const port = await new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));
    const events: ClientEvent[] = [];
    try {
      const error = await failure(clientFor({ url: `https://127.0.0.1:${port}` }, { ...transport, retry: { maxAttempts: 3, baseDelayMs: 1 }, onEvent: (event) => events.push(event) }).increaseNodes(REQUEST));
      expect(error).toMatchObject({ name: 'TransportError', reason: 'network', sent: false, retryable: false });
      expect((error as Error).message).toBe(
        "IncreaseNodes failed (network: DEPTH_ZERO_SELF_SIGNED_CERT). The request was not sent. The server's TLS certificate is not trusted, so calling again fails the same way: check the endpoint, or trust the certificate's authority (NODE_EXTRA_CA_CERTS).",
      );
      expect(events.filter((event) => event.type === 'retry')).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  // A valid call has no error to carry its warnings: without the event they reached nobody.
  it.each<[string, IncreaseNodesRequest, string[]]>([
    ['a NodeGroupId the service ignores (ConfigScope CLUSTER)', { ...REQUEST, ApplicationConfigs: [{ ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'k', ConfigScope: 'CLUSTER', NodeGroupId: 'ng-1' }] }, ['effectiveOnlyWhen ApplicationConfigs.1.NodeGroupId']],
    ['nothing to ignore', REQUEST, []],
  ])("the request event of a valid call carries its warnings: %s", async (_, request, warnings) => {
    const events: ClientEvent[] = [];
    const fetch = (async () => new Response(JSON.stringify({ OperationId: 'op-1', RequestId: 'r-1' }), { status: 200, headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
    await clientFor({ url: 'http://127.0.0.1:9' }, { fetch, onEvent: (e) => events.push(e) }).increaseNodes(request);
    const sent = events.flatMap((e) => (e.type === 'request' ? [e.warnings.map((w) => `${w.rule} ${w.parameter}`)] : []));
    expect(sent).toEqual([warnings]);
  });

  describe('the request is read once: what was validated is what is sent', () => {
    const sentQueries = () => {
      const urls: string[] = [];
      const fetch = (async (input: string | URL | Request) => {
        urls.push(String(input));
        return new Response(JSON.stringify({ OperationId: 'op-1', RequestId: 'r-1' }), { status: 200, headers: { 'content-type': 'application/json' } });
      }) as typeof globalThis.fetch;
      return { urls, client: clientFor({ url: 'http://127.0.0.1:9' }, { fetch }) };
    };
    /** A getter that answers `first` once and `later` ever after, as a lazy or changing model object may. */
    const changing = <T extends object>(target: T, key: string, first: unknown, later: unknown): T => {
      let reads = 0;
      return Object.defineProperty(target, key, { get: () => (reads++ === 0 ? first : later), enumerable: true, configurable: true });
    };

    // Read twice, the validator saw 3 and the wire carried 9999.
    it('a parameter that answers otherwise on a second read is sent as validated', async () => {
      const { urls, client } = sentQueries();
      await client.increaseNodes(changing({ ...REQUEST }, 'IncreaseNodeCount', 3, 9999));
      expect(new URL(urls[0]!).searchParams.get('IncreaseNodeCount')).toBe('3');
    });

    it('a list item field that answers otherwise on a second read is sent as validated', async () => {
      const { urls, client } = sentQueries();
      const item = changing({ ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml' }, 'ConfigItemKey', 'dfs.replication', '');
      await client.increaseNodes({ ...REQUEST, ApplicationConfigs: [item as typeof item & { ConfigItemKey: string }] });
      expect(new URL(urls[0]!).searchParams.get('ApplicationConfigs.1.ConfigItemKey')).toBe('dfs.replication');
    });

    it('a getter that throws is an unreadable request, and nothing is sent', async () => {
      const { urls, client } = sentQueries();
      const request = Object.defineProperty({ ...REQUEST }, 'ClusterId', { get: () => { throw new Error('lazy load failed'); }, enumerable: true });
      expect(await failure(client.increaseNodes(request))).toBeInstanceOf(RequestValidationError);
      expect(urls).toEqual([]);
    });

    it('an own __proto__ key (from JSON.parse) stays a key: refused as an unknown parameter', async () => {
      const { urls, client } = sentQueries();
      const error = await failure(client.increaseNodes(JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(REQUEST).slice(1)}`)));
      expect((error as RequestValidationError).issues.map((i) => `${i.code} ${i.parameter}`)).toEqual(['InvalidParameter __proto__']);
      expect(urls).toEqual([]);
    });
  });

  // undici blocks the Fetch standard's bad ports before it connects, and said it only as a TypeError with no code: "may have been processed".
  it('with fetch, a port fetch refuses to use (1) is a failure before sending', async () => {
    const error = await failure(clientFor({ url: 'http://127.0.0.1:1' }, { fetch: globalThis.fetch, retry: false }).increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(TransportError);
    expect({ reason: (error as TransportError).reason, sent: (error as TransportError).sent, message: (error as Error).message }).toEqual({ reason: 'network', sent: false, message: 'IncreaseNodes failed (network). The request was not sent.' });
  });

  it('a refused connection is retried up to maxAttempts', async () => {
    const port = await closedPort();
    const events: ClientEvent[] = [];
    const client = clientFor({ url: `http://127.0.0.1:${port}` }, { retry: { maxAttempts: 2, baseDelayMs: 1 }, onEvent: (e) => events.push(e) });
    await failure(client.increaseNodes(REQUEST));
    expect(events.map((e) => [e.type, e.attempt])).toEqual([
      ['request', 1],
      ['retry', 1],
      ['request', 2],
    ]);
  });
});

describe('the caller’s AbortSignal', () => {
  // The answers below never come, so only the abort can settle the call: a client that ignored
  // it would hang until the test's timeout, however fast or slow the machine.
  const TRANSPORTS: [string, ClientOptions][] = [
    ['node:http', {}],
    ['fetch', { fetch: globalThis.fetch }],
  ];

  for (const [transport, options] of TRANSPORTS) {
    it(`aborted while the answer is awaited (${transport}) is a TransportError 'aborted', sent, saying the nodes may already be added, its cause the abort's reason`, { timeout: 20_000 }, async () => {
      const server = await serve(always(never()));
      const controller = new AbortController();
      const reason = new Error('the caller gave up');
      const call = failure(clientFor(server, options).increaseNodes(REQUEST, { signal: controller.signal }));
      await received(server, 1);
      controller.abort(reason);
      const error = await call;
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ reason: 'aborted', sent: true, retryable: false, cause: reason });
      expect((error as Error).message).toBe("IncreaseNodes was aborted by its signal (Error). The request may have been processed: look at the node group's nodes before calling again.");
    });

    // Node warns of a leak from the eleventh listener on one signal, as a server's request-scoped signal shared by its calls would get.
    it(`one signal shared by 20 calls in flight (${transport}) gets no listener per call, and its abort ends all 20`, { timeout: 20_000 }, async () => {
      const server = await serve(always(never()));
      const controller = new AbortController();
      const client = clientFor(server, options);
      const calls = Array.from({ length: 20 }, () => failure(client.increaseNodes(REQUEST, { signal: controller.signal })));
      await received(server, 20);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      controller.abort(new Error('the caller gave up'));
      const errors = await Promise.all(calls);
      expect(errors.map((error) => (error as TransportError).reason)).toEqual(Array(20).fill('aborted'));
    });

    it(`already aborted (${transport}) sends nothing and says so`, async () => {
      const server = await serve();
      const reason = new Error('aborted before the call');
      const error = await failure(clientFor(server, options).increaseNodes(REQUEST, { signal: AbortSignal.abort(reason) }));
      expect(error).toMatchObject({ name: 'TransportError', reason: 'aborted', sent: false, retryable: false, cause: reason });
      expect((error as Error).message).toBe('IncreaseNodes was aborted by its signal (Error). The request was not sent.');
      expect(server.received).toHaveLength(0);
    });
  }

  it("aborted while a caller's fetch that ignores its signal is still running ends the call at once", { timeout: 20_000 }, async () => {
    let called!: () => void;
    const fetching = new Promise<void>((done) => (called = done));
    // A wrapper that drops the signal and never settles: only the client's own watch can end the call.
    const deaf = (() => {
      called();
      return new Promise<Response>(() => {});
    }) as typeof globalThis.fetch;
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const call = failure(createClient({ endpoint: 'http://127.0.0.1:9', credentials: CREDENTIALS, fetch: deaf }).increaseNodes(REQUEST, { signal: controller.signal }));
    await fetching;
    controller.abort(reason);
    expect(await call).toMatchObject({ name: 'TransportError', reason: 'aborted', sent: true, cause: reason });
  });

  it('aborted during a retry backoff stops further attempts, and says nothing was processed (the throttled attempt was refused)', { timeout: 20_000 }, async () => {
    // A backoff of 59 s (the longest honoured) that only the abort can cut short.
    const server = await serve(always(apiError(400, 'ThrottlingException', { 'x-acs-retry-after': '59000' })));
    const controller = new AbortController();
    const reason = new DOMException('This operation was aborted', 'AbortError');
    const client = clientFor(server, {
      onEvent: (event) => {
        if (event.type === 'retry') queueMicrotask(() => controller.abort(reason));
      },
    });
    const error = await failure(client.increaseNodes(REQUEST, { signal: controller.signal }));
    expect(error).toMatchObject({ name: 'TransportError', reason: 'aborted', sent: false, retryable: false, cause: reason });
    // It was sent, and answered: "not sent" would be false, and the answer that made it wait is named.
    expect((error as Error).message).toBe('IncreaseNodes was aborted by its signal (AbortError). It was waiting to retry (the last attempt: ThrottlingException); no attempt was processed, so it is safe to call again.');
    expect(server.received).toHaveLength(1);
  });

  it('aborted by a timeout signal of the caller names it (TimeoutError)', { timeout: 20_000 }, async () => {
    const server = await serve(always(never()));
    const controller = new AbortController();
    const call = failure(clientFor(server).increaseNodes(REQUEST, { signal: controller.signal }));
    await received(server, 1);
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    expect((await call as Error).message).toMatch(/^IncreaseNodes was aborted by its signal \(TimeoutError\)\. The request may have been processed/);
  });
});

describe('credentials never leak', () => {
  const SECRET = 'SECRET-must-not-leak-123';
  const TOKEN = 'TOKEN-must-not-leak-456';
  const LEAKY: Credentials = { accessKeyId: 'leak-id', accessKeySecret: SECRET, securityToken: TOKEN };
  const SECRETS = { 'leak-id': SECRET };

  /** Every way an error is commonly turned into text by a logger. */
  function renderings(error: unknown): string[] {
    return [
      error instanceof Error ? error.message : '',
      String(error),
      JSON.stringify(error) ?? '',
      inspect(error, { depth: 10 }),
      error instanceof Error ? String(error.stack) : '',
    ];
  }

  type Scenario = { name: string; run: (events: ClientEvent[]) => Promise<unknown> };
  const withServer =
    (respond: Responder, options: ClientOptions = {}, request: IncreaseNodesRequest = REQUEST) =>
    async (events: ClientEvent[]) => {
      const server = await serve(respond, SECRETS);
      const client = clientFor(server, { credentials: LEAKY, onEvent: (e) => events.push(e), ...options });
      return failure(client.increaseNodes(request));
    };
  const scenarios: Scenario[] = [
    { name: 'a retried throttling error', run: withServer(always(apiError(400, 'ThrottlingException'))) },
    { name: 'an IncompleteSignature answer', run: withServer(always(apiError(400, 'IncompleteSignature'))) },
    { name: 'an HTML 502', run: withServer(always(text(502, '<html>bad gateway</html>', 'text/html'))) },
    { name: 'a contract-breaking 200', run: withServer(always(json(200, { OperationId: 1 }))) },
    { name: 'a timeout', run: withServer(always(never()), { timeoutMs: 100 }) },
    { name: 'a dropped connection', run: withServer(always({ kind: 'destroy' })) },
    { name: 'a connection cut mid-body', run: withServer(always({ kind: 'destroy-mid-body', status: 200, body: '{"OperationId":"x"}', sentBytes: 5 })) },
    { name: 'an invalid request', run: withServer(always(success()), {}, { ...REQUEST, IncreaseNodeCount: 0 }) },
    {
      name: 'a refused connection',
      run: async (events) => {
        const port = await closedPort();
        const client = clientFor({ url: `http://127.0.0.1:${port}` }, { credentials: LEAKY, onEvent: (e) => events.push(e) });
        return failure(client.increaseNodes(REQUEST));
      },
    },
  ];

  it.each(scenarios)('$name: no rendering of the error shows the secret or the token', async ({ run }) => {
    const error = await run([]);
    for (const rendering of renderings(error)) {
      expect(rendering).not.toContain(SECRET);
      expect(rendering).not.toContain(TOKEN);
    }
  });

  // An invalid request is refused before any event, so it has nothing to show here.
  it.each(scenarios.filter((s) => s.name !== 'an invalid request'))('$name: no onEvent event shows the secret or the token', async ({ run }) => {
    const events: ClientEvent[] = [];
    await run(events);
    expect(events.length).toBeGreaterThan(0);
    const logged = JSON.stringify(events) + inspect(events, { depth: 10 });
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(TOKEN);
  });

  it('neither util.inspect nor JSON.stringify of the client shows the secret or the token', () => {
    const client = createClient({ endpoint: 'http://127.0.0.1:1', credentials: LEAKY });
    for (const rendering of [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client)]) {
      expect(rendering).not.toContain(SECRET);
      expect(rendering).not.toContain(TOKEN);
    }
  });

  // A token pasted with a line break inside cannot go into an HTTP header, and fetch would quote
  // the whole value in its own error: the client refuses it first, without quoting it.
  const BROKEN_TOKEN = 'TOKEN-must-not-leak-789\nsecond-line';

  it('refuses a security token no HTTP header can carry, without quoting it', async () => {
    const server = await serve(always(success()), SECRETS);
    let error: unknown;
    try {
      clientFor(server, { credentials: { ...LEAKY, securityToken: BROKEN_TOKEN } });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ClientConfigurationError);
    for (const rendering of renderings(error)) expect(rendering).not.toContain('TOKEN-must-not-leak-789');
    expect(server.received).toHaveLength(0);
  });

  it('refuses a token with a line break from a credentials function before anything is sent', async () => {
    const server = await serve(always(success()), SECRETS);
    const client = clientFor(server, { credentials: () => ({ ...LEAKY, securityToken: BROKEN_TOKEN }) });
    const error = await failure(client.increaseNodes(REQUEST));
    expect(error).toBeInstanceOf(ClientConfigurationError);
    for (const rendering of renderings(error)) expect(rendering).not.toContain('TOKEN-must-not-leak-789');
    expect(server.received).toHaveLength(0);
  });
});

describe('endpoint resolution (stub fetch, no network)', () => {
  function recordingFetch() {
    const calls: Array<{ url: string; headers: Record<string, string> }> = [];
    const stub = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(input), headers: Object.fromEntries(new Headers(init?.headers)) });
      return new Response(JSON.stringify(SUCCESS_BODY), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    return { calls, fetch: stub };
  }

  it.each<{ name: string; options: ClientOptions; origin: string }>([
    { name: 'regionId alone targets the public regional endpoint', options: { regionId: 'cn-shanghai' }, origin: 'https://emr.cn-shanghai.aliyuncs.com' },
    { name: 'network: vpc targets the VPC endpoint', options: { regionId: 'cn-shanghai', network: 'vpc' }, origin: 'https://emr-vpc.cn-shanghai.aliyuncs.com' },
    {
      name: 'an explicit endpoint wins over regionId and network',
      options: { regionId: 'cn-shanghai', network: 'vpc', endpoint: 'http://127.0.0.1:4010' },
      origin: 'http://127.0.0.1:4010',
    },
  ])('$name', async ({ options, origin }) => {
    const { calls, fetch } = recordingFetch();
    await createClient({ ...options, credentials: CREDENTIALS, fetch }).increaseNodes(REQUEST);
    expect(calls).toHaveLength(1);
    expect(new URL(calls[0]!.url).origin).toBe(origin);
    expect(new URL(calls[0]!.url).pathname).toBe('/');
  });

  it('signs the host of the URL it sends to', async () => {
    const { calls, fetch } = recordingFetch();
    await createClient({ regionId: 'cn-shanghai', credentials: CREDENTIALS, fetch }).increaseNodes(REQUEST);
    const url = new URL(calls[0]!.url);
    const verification = verifyAcs3Request({ method: 'POST', target: `${url.pathname}${url.search}`, headers: { ...calls[0]!.headers, host: url.host } });
    expect(verification.problems).toEqual([]);
  });

  it('neither regionId nor endpoint is a ClientConfigurationError', () => {
    expect(() => createClient({ credentials: CREDENTIALS })).toThrow(ClientConfigurationError);
  });
});

describe('credentials from the environment', () => {
  function recordingFetch() {
    const calls: Array<{ url: string; headers: Record<string, string> }> = [];
    const stub = (async (input: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(input), headers: Object.fromEntries(new Headers(init?.headers)) });
      return new Response(JSON.stringify(SUCCESS_BODY), { status: 200 });
    }) as typeof fetch;
    return { calls, fetch: stub };
  }

  it('none given and none in the environment is a ClientConfigurationError naming the variables', async () => {
    for (const name of ENV_NAMES) vi.stubEnv(name, undefined);
    const { calls, fetch } = recordingFetch();
    const error = await failure(Promise.resolve().then(() => createClient({ regionId: 'cn-hangzhou', fetch }).increaseNodes(REQUEST)));
    expect(error).toBeInstanceOf(ClientConfigurationError);
    expect((error as Error).message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect((error as Error).message).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    expect(calls).toHaveLength(0);
  });

  it('the environment variables are used when no credentials are given', async () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', 'envid');
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'envsecret');
    vi.stubEnv('ALIBABA_CLOUD_SECURITY_TOKEN', 'envtoken');
    const { calls, fetch } = recordingFetch();
    await createClient({ regionId: 'cn-hangzhou', fetch }).increaseNodes(REQUEST);
    const url = new URL(calls[0]!.url);
    const { headers } = calls[0]!;
    expect(headers['authorization']).toContain('Credential=envid,');
    expect(headers['x-acs-security-token']).toBe('envtoken');
    const verification = verifyAcs3Request({ method: 'POST', target: `${url.pathname}${url.search}`, headers: { ...headers, host: url.host }, secrets: { envid: 'envsecret' } });
    expect(verification.problems).toEqual([]);
  });
});
