/**
 * No secret leaks: every error class the client can throw is provoked (every documented error code,
 * every unreadable-answer reason, both transport failures, every configuration error), and every
 * rendering a logger might make of it — toString(), message, stack, JSON.stringify,
 * util.inspect(x, { depth: 20, showHidden: true }) with and without getters — is searched, down its
 * `cause` chain, for the AccessKey secret, the security token and the request signature. So is every
 * onEvent event and the client object itself. The accessKeyId is not a secret and is not checked.
 *
 * Sizes: fixed (one call per scenario); RELIABILITY_SCALE has no effect here.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  ClientConfigurationError,
  createClient,
  EmrApiError,
  ERROR_CODES,
  RequestValidationError,
  ResponseContractError,
  TransportError,
  UnreadableResponseError,
  type ClientEvent,
  type ClientOptions,
  type Credentials,
  type IncreaseNodesRequest,
} from '../../generated/index.js';
import { errorCodes as REFERENCE_ERROR_CODES } from '../reference/increase-nodes.reference.js';
import { closedPort } from '../support/ports.js';
import { always, apiError, json, never, startSigningServer, success, text, type Reply, type SigningServer } from '../support/signing-server.js';

/** Made up, distinctive, and each with a core that would still show if the value were cut or quoted. */
const SECRET = 'AKS-f3e1d2c4b5a69788-secret-must-not-leak';
const TOKEN = 'STS-0a1b2c3d4e5f6789-token-must-not-leak';
const FORBIDDEN = [SECRET, TOKEN, 'f3e1d2c4b5a69788', '0a1b2c3d4e5f6789'];
const KEY_ID = 'leak-test-id';
const CREDENTIALS: Credentials = { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN };
const REQUEST: IncreaseNodesRequest = { RegionId: 'cn-hangzhou', ClusterId: 'c-b933c5aac8fe****', NodeGroupId: 'ng-869471354ecd****', IncreaseNodeCount: 3 };
const STATUS_BY_CODE = new Map<string, number>(REFERENCE_ERROR_CODES.map(({ code, status }) => [code, status]));

const servers: SigningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  vi.unstubAllEnvs();
});

interface Provoked {
  readonly thrown: unknown;
  readonly events: readonly ClientEvent[];
  /** The signatures the server received: derived from the secret, so they must not show either. */
  readonly signatures: readonly string[];
  readonly server?: SigningServer;
  readonly client?: unknown;
}

async function withServer({ reply, options = {}, request = REQUEST }: { reply: Reply; options?: ClientOptions; request?: unknown }): Promise<Provoked> {
  const server = await startSigningServer({ respond: always(reply), secrets: { [KEY_ID]: SECRET } });
  servers.push(server);
  const events: ClientEvent[] = [];
  const client = createClient({ endpoint: server.url, credentials: CREDENTIALS, retry: { baseDelayMs: 1, maxDelayMs: 5 }, onEvent: (event) => events.push(event), ...options });
  const thrown = await rejection(client.increaseNodes(request as IncreaseNodesRequest));
  const signatures = server.received.map((r) => /Signature=([0-9a-f]+)/.exec(String(r.headers['authorization']))?.[1] ?? '').filter(Boolean);
  return { thrown, events, signatures, server, client };
}

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

function synchronously(run: () => unknown): Provoked {
  try {
    run();
  } catch (thrown) {
    return { thrown, events: [], signatures: [] };
  }
  throw new Error('expected a throw');
}

type ErrorClass = abstract new (...args: never[]) => Error;
type Scenario = readonly [name: string, { provoke: () => Promise<Provoked> | Provoked; want: ErrorClass; detail?: Record<string, unknown> }];

const html = `<html><head><title>502 Bad Gateway</title></head><body>${'<p>upstream went away</p>'.repeat(40)}</body></html>`;
const SCENARIOS: readonly Scenario[] = [
  ['RequestValidationError (an invalid request)', { provoke: () => withServer({ reply: success(), request: { ...REQUEST, IncreaseNodeCount: 0, Secret: SECRET } }), want: RequestValidationError }],
  ...ERROR_CODES.map((code): Scenario => [`EmrApiError ${code}`, { provoke: () => withServer({ reply: apiError(STATUS_BY_CODE.get(code)!, code, { 'x-acs-retry-after': '1' }) }), want: EmrApiError, detail: { code } }]),
  ['EmrApiError with an undocumented code', { provoke: () => withServer({ reply: apiError(400, 'Foo.Bar') }), want: EmrApiError, detail: { code: 'Foo.Bar', documented: false } }],
  ['ResponseContractError', { provoke: () => withServer({ reply: json(200, { OperationId: 1 }) }), want: ResponseContractError }],
  ['UnreadableResponseError empty', { provoke: () => withServer({ reply: text(200, '') }), want: UnreadableResponseError, detail: { reason: 'empty' } }],
  ['UnreadableResponseError not-json', { provoke: () => withServer({ reply: text(502, html, 'text/html') }), want: UnreadableResponseError, detail: { reason: 'not-json' } }],
  ['UnreadableResponseError no-error-code', { provoke: () => withServer({ reply: json(500, { error: 'boom' }) }), want: UnreadableResponseError, detail: { reason: 'no-error-code' } }],
  ['UnreadableResponseError too-large', { provoke: () => withServer({ reply: json(200, { OperationId: 'x', Padding: 'p'.repeat(4096) }), options: { maxResponseBytes: 1024 } }), want: UnreadableResponseError, detail: { reason: 'too-large' } }],
  [
    'UnreadableResponseError interrupted',
    { provoke: () => withServer({ reply: { kind: 'destroy-mid-body', status: 200, body: '{"OperationId":"op-1","RequestId":"r"}', sentBytes: 8 } }), want: UnreadableResponseError, detail: { reason: 'interrupted' } },
  ],
  ['TransportError timeout', { provoke: () => withServer({ reply: never(), options: { timeoutMs: 100 } }), want: TransportError, detail: { reason: 'timeout', sent: true } }],
  ['TransportError network, after sending', { provoke: () => withServer({ reply: { kind: 'destroy' } }), want: TransportError, detail: { reason: 'network', sent: true } }],
  [
    'TransportError network, before sending (refused, retried)',
    {
      provoke: async () => {
        const events: ClientEvent[] = [];
        const client = createClient({ endpoint: `http://127.0.0.1:${await closedPort()}`, credentials: CREDENTIALS, retry: { baseDelayMs: 1, maxDelayMs: 2 }, onEvent: (e) => events.push(e) });
        return { thrown: await rejection(client.increaseNodes(REQUEST)), events, signatures: [], client };
      },
      want: TransportError,
      detail: { reason: 'network', sent: false },
    },
  ],
  [
    'TransportError network from a throwing fetch (its own error message holds the URL)',
    {
      provoke: async () => {
        const events: ClientEvent[] = [];
        const fetch = (async () => {
          throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
        }) as typeof globalThis.fetch;
        const client = createClient({ endpoint: 'http://127.0.0.1:9', credentials: CREDENTIALS, fetch, onEvent: (e) => events.push(e) });
        return { thrown: await rejection(client.increaseNodes(REQUEST)), events, signatures: [], client };
      },
      want: TransportError,
      detail: { reason: 'network', sent: true },
    },
  ],
  ['ClientConfigurationError: a token with a line break, at creation', { provoke: () => synchronously(() => createClient({ endpoint: 'http://127.0.0.1:9', credentials: { ...CREDENTIALS, securityToken: `${TOKEN}\nsecond line` } })), want: ClientConfigurationError }],
  ['ClientConfigurationError: a token with non-Latin-1 text, at creation', { provoke: () => synchronously(() => createClient({ endpoint: 'http://127.0.0.1:9', credentials: { ...CREDENTIALS, securityToken: `${TOKEN}€` } })), want: ClientConfigurationError }],
  [
    'ClientConfigurationError: a token with a control character, from a credentials function',
    {
      provoke: async () => {
        const client = createClient({ endpoint: 'http://127.0.0.1:9', credentials: async () => ({ ...CREDENTIALS, securityToken: `${TOKEN}\u0000` }) });
        return { thrown: await rejection(client.increaseNodes(REQUEST)), events: [], signatures: [], client };
      },
      want: ClientConfigurationError,
    },
  ],
  [
    'ClientConfigurationError: a secret without an id',
    { provoke: () => synchronously(() => createClient({ endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: '', accessKeySecret: SECRET, securityToken: TOKEN } })), want: ClientConfigurationError },
  ],
  [
    'ClientConfigurationError: an id without a secret in the environment, with a token there',
    {
      provoke: async () => {
        vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', KEY_ID);
        vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', '');
        vi.stubEnv('ALIBABA_CLOUD_SECURITY_TOKEN', TOKEN);
        const client = createClient({ endpoint: 'http://127.0.0.1:9' });
        return { thrown: await rejection(client.increaseNodes(REQUEST)), events: [], signatures: [], client };
      },
      want: ClientConfigurationError,
    },
  ],
  ['ClientConfigurationError: no regionId and no endpoint', { provoke: () => synchronously(() => createClient({ credentials: CREDENTIALS })), want: ClientConfigurationError }],
  ['ClientConfigurationError: an unknown network', { provoke: () => synchronously(() => createClient({ regionId: 'cn-hangzhou', network: 'nowhere' as never, credentials: CREDENTIALS })), want: ClientConfigurationError }],
  [
    'EmrApiError with credentials from the environment',
    {
      provoke: async () => {
        vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', KEY_ID);
        vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', SECRET);
        vi.stubEnv('ALIBABA_CLOUD_SECURITY_TOKEN', TOKEN);
        return withServer({ reply: apiError(400, 'ThrottlingException'), options: { credentials: undefined } });
      },
      want: EmrApiError,
    },
  ],
  [
    'TransportError timeout with credentials from an async function',
    { provoke: () => withServer({ reply: never(), options: { timeoutMs: 100, credentials: async () => CREDENTIALS } }), want: TransportError, detail: { reason: 'timeout' } },
  ],
];

/** Everything a logger might print of a thrown value, and of each `cause` below it. */
function renderings(thrown: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const safe = (render: () => unknown) => {
    try {
      out.push(String(render()));
    } catch (error) {
      out.push(`(rendering threw ${String(error)})`);
    }
  };
  for (let current = thrown, depth = 0; current !== undefined && current !== null && depth < 10 && !seen.has(current); depth++) {
    seen.add(current);
    const value = current;
    safe(() => String(value));
    if (value instanceof Error) {
      safe(() => value.toString());
      safe(() => value.message);
      safe(() => value.stack);
    }
    safe(() => JSON.stringify(value));
    safe(() => inspect(value, { depth: 20, showHidden: true }));
    safe(() => inspect(value, { depth: 20, showHidden: true, getters: true }));
    if (typeof value === 'object') for (const key of Reflect.ownKeys(value)) safe(() => inspect((value as Record<string | symbol, unknown>)[key], { depth: 20, showHidden: true }));
    current = (value as { cause?: unknown }).cause;
  }
  return out;
}

function leaks(texts: readonly string[], forbidden: readonly string[]): string[] {
  return texts.flatMap((text) => forbidden.filter((value) => text.includes(value)).map((value) => `${JSON.stringify(value)} in ${JSON.stringify(text.slice(Math.max(0, text.indexOf(value) - 80), text.indexOf(value) + value.length + 20))}`));
}

describe('no rendering of anything the client throws or emits shows the secret, the token or a signature', () => {
  const figures = { scenarios: 0, classes: new Set<string>(), renderings: 0, events: 0, wireRequests: 0 };
  afterAll(() =>
    console.log(
      `[reliability] secrets: ${figures.scenarios} scenarios (${[...figures.classes].sort().join(', ')}), ${figures.renderings} renderings of thrown values and causes, ${figures.events} events, ${figures.wireRequests} requests on the wire searched; leaks 0`,
    ),
  );

  it.each(SCENARIOS)('%s', async (_, { provoke, want, detail }) => {
    const { thrown, events, signatures, server, client } = await provoke();
    expect(thrown).toBeInstanceOf(want);
    if (detail !== undefined) expect(thrown).toMatchObject(detail);
    const forbidden = [...FORBIDDEN, ...signatures];

    const texts = renderings(thrown);
    expect(leaks(texts, forbidden)).toEqual([]);

    const eventTexts = events.flatMap((event) => [JSON.stringify(event), inspect(event, { depth: 20, showHidden: true })]);
    expect(leaks(eventTexts, forbidden)).toEqual([]);

    if (client !== undefined) {
      expect(leaks([inspect(client, { depth: 20, showHidden: true, getters: true }), String(JSON.stringify(client))], forbidden)).toEqual([]);
    }

    // On the wire the secret never travels at all; the token travels only in its own header.
    for (const request of server?.received ?? []) {
      const { ['x-acs-security-token']: token, ...otherHeaders } = request.headers;
      expect(token).toBe(TOKEN);
      expect(leaks([request.rawQuery, request.body, JSON.stringify(otherHeaders)], FORBIDDEN)).toEqual([]);
    }

    figures.scenarios++;
    figures.classes.add((thrown as Error).name);
    figures.renderings += texts.length;
    figures.events += events.length;
    figures.wireRequests += server?.received.length ?? 0;
  });

  it('covers every exported error class and every unreadable-answer and transport reason', () => {
    const names = new Set(SCENARIOS.map(([, s]) => s.want.name));
    expect([...names].sort()).toEqual(['ClientConfigurationError', 'EmrApiError', 'RequestValidationError', 'ResponseContractError', 'TransportError', 'UnreadableResponseError']);
    const reasons = new Set(SCENARIOS.map(([, s]) => s.detail?.['reason']).filter(Boolean));
    expect([...reasons].sort()).toEqual(['empty', 'interrupted', 'network', 'no-error-code', 'not-json', 'timeout', 'too-large']);
    const codes = new Set(SCENARIOS.map(([, s]) => s.detail?.['code']).filter(Boolean));
    for (const code of ERROR_CODES) expect(codes).toContain(code);
  });

  it('the search itself finds a secret hidden in a non-enumerable property two causes down', () => {
    const hidden = Object.defineProperty(new Error('inner'), 'config', { value: { headers: { 'x-acs-security-token': TOKEN } }, enumerable: false });
    const thrown = new TransportError({ action: 'IncreaseNodes', reason: 'network', sent: true, cause: new TypeError('fetch failed', { cause: hidden }) });
    expect(leaks(renderings(thrown), FORBIDDEN).length).toBeGreaterThan(0);
  });

  it('the client itself, created every way, shows neither the secret nor the token', () => {
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', KEY_ID);
    vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', SECRET);
    vi.stubEnv('ALIBABA_CLOUD_SECURITY_TOKEN', TOKEN);
    const clients = [
      createClient({ endpoint: 'http://127.0.0.1:9', credentials: CREDENTIALS }),
      createClient({ regionId: 'cn-hangzhou', credentials: async () => CREDENTIALS }),
      createClient({ regionId: 'cn-hangzhou', network: 'vpc' }),
    ];
    for (const client of clients) {
      const texts = [inspect(client, { depth: 20, showHidden: true, getters: true }), String(JSON.stringify(client)), String(client), client.increaseNodes.toString()];
      expect(leaks(texts, FORBIDDEN)).toEqual([]);
    }
  });
});
