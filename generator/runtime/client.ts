/// <reference types="node" preserve="true" />
/**
 * Sends one RPC call: validate, encode, sign, send, read, and retry only where the service
 * certainly did not act. Nothing here knows an operation; the generated client hands each call
 * its binding (action headers, codec, validators, error catalog).
 */
import { credentialSource, HEADER_SAFE, type Credentials, type CredentialsOption } from './credentials.js';
import {
  ApiError,
  BODY_PREFIX,
  ClientConfigurationError,
  RequestValidationError,
  ResponseContractError,
  TransportError,
  UnreadableResponseError,
  type ErrorInit,
} from './errors.js';
import { sendWithFetch, type Reply } from './fetch-transport.js';
import { createHttpSender, ExchangeFailure, type Answer, type Exchange, type Sender } from './http-transport.js';
import { retryPolicy, withRetries, type RetryOptions } from './retry.js';
import { formatAcsDate, newNonce, signRequest } from './signer.js';
import { loneSurrogateIssues, type Accepted, type AnswerCode, type ValidationIssue, type ValidationResult, type ValidationWarning, type ViolationCatalog } from './validation.js';
import type { QueryPair } from './wire.js';

export type { Credentials } from './credentials.js';
export type { Accepted } from './validation.js';
export {
  ApiError,
  ClientConfigurationError,
  RequestValidationError,
  ResponseContractError,
  TransportError,
  UnreadableResponseError,
  type ErrorInit,
} from './errors.js';
export type { RetryOptions } from './retry.js';

/** What a log hook sees: never a credential, a signature or a token. */
export type ClientEvent =
  /** `warnings`: what the service would silently ignore in this valid request (empty when nothing); a call that goes ahead has no error to carry them. */
  | { readonly type: 'request'; readonly action: string; readonly attempt: number; readonly url: string; readonly warnings: readonly ValidationWarning[] }
  | { readonly type: 'response'; readonly action: string; readonly attempt: number; readonly status: number; readonly durationMs: number }
  | { readonly type: 'retry'; readonly action: string; readonly attempt: number; readonly delayMs: number; readonly reason: string };

/**
 * The options every generated client takes. The generated `ClientOptions` adds the one that fills
 * the first variable of the server URL, named after that variable by the contract. `Network` is
 * the contract's networks (`x-acs-network`), so a misspelt one does not compile.
 */
export interface TransportOptions<Network extends string = string> {
  /** Default: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN. */
  readonly credentials?: CredentialsOption | undefined;
  /** A full origin such as `http://127.0.0.1:4010`; wins over the server variable's option and network. */
  readonly endpoint?: string | undefined;
  readonly network?: Network | undefined;
  /** Per attempt, from sending to the last byte of the answer. */
  readonly timeoutMs?: number | undefined;
  readonly retry?: RetryOptions | false | undefined;
  /**
   * Sends with this instead of the default transport (`node:http`/`node:https` through a keep-alive
   * agent owned by the client). With it, `sent` is judged from the error codes fetch reports.
   */
  readonly fetch?: typeof fetch | undefined;
  readonly userAgent?: string | undefined;
  /** Check 2xx bodies against the contract (default true). */
  readonly validateResponse?: boolean | undefined;
  /** Answers larger than this are not read (default 1 MiB). */
  readonly maxResponseBytes?: number | undefined;
  readonly onEvent?: ((event: ClientEvent) => void) | undefined;
}

export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** For a Prism mock: sent as `Prefer: code=…, example=…` to choose the answer. */
  readonly prefer?: { readonly code?: number | undefined; readonly example?: string | undefined; readonly dynamic?: boolean | undefined } | undefined;
}

export interface ServerBinding {
  readonly url: string;
  readonly network: string | undefined;
  readonly variables: Readonly<Record<string, string>>;
}

export interface OperationBinding<Request, Response, Code extends string> {
  readonly action: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** What to look at before calling again when a call may have been processed (x-acs-before-retry). */
  readonly beforeRetry?: string;
  /** The request's codes and messages, for what the client finds beyond the validator (text the wire cannot carry). */
  readonly requestCatalog: ViolationCatalog<Code>;
  readonly validateRequest: (input: unknown) => ValidationResult<Request, Code>;
  /** Its issues are the answer's (ANSWER_CODE), not the service's codes. */
  readonly validateResponse: (input: unknown) => ValidationResult<Response, AnswerCode>;
  readonly toQuery: (request: Request) => QueryPair[];
  readonly errors: Readonly<Record<Code, { readonly httpStatus: number; readonly message: string; readonly retryable: boolean }>>;
  readonly apiError: (init: ErrorInit<Code>) => ApiError<Code>;
  /** The generated client's subclass, whose issues are typed with the operation's codes. */
  readonly invalidRequest: (init: { action: string; issues: readonly ValidationIssue<Code>[]; warnings: readonly ValidationWarning[] }) => RequestValidationError<Code>;
}

export interface TransportConfig {
  readonly servers: readonly ServerBinding[];
  /** The first variable of the server URL, filled by the caller's option of the same name; absent when the URL has none. */
  readonly variable: ServerVariable | undefined;
  readonly userAgent: string;
}

export interface ServerVariable {
  /** As written in the server URL: `{name}`. */
  readonly name: string;
  /** The client option that fills it. */
  readonly option: string;
}

export interface Transport {
  call<Request, Response, Code extends string>(binding: OperationBinding<Request, Response, Code>, request: Accepted<Request>, options?: CallOptions): Promise<Response>;
}

export function createTransport({ options, config }: { options: TransportOptions; config: TransportConfig }): Transport {
  checkOptions({ options, config });
  const origin = resolveOrigin({ options, config });
  const fetchImpl = options.fetch;
  // The default transport: one keep-alive agent per client, created here and never shared.
  const sendHttp = fetchImpl === undefined ? createHttpSender() : undefined;
  const retry = retryPolicy(options.retry);
  const credentials = credentialSource(options.credentials);
  /** The URL of each operation path on the origin, parsed once. */
  const urls = new Map<string, URL>();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  const validateResponse = options.validateResponse ?? true;
  const userAgent = options.userAgent === undefined ? config.userAgent : `${config.userAgent} ${options.userAgent}`;
  const emit = (event: ClientEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing log hook must not change the outcome of a call the service may have acted on.
    }
  };

  async function attempt<Request, Response, Code extends string>({ binding, query, warnings, number, callOptions }: {
    binding: OperationBinding<Request, Response, Code>;
    query: QueryPair[];
    warnings: readonly ValidationWarning[];
    number: number;
    callOptions: CallOptions;
  }): Promise<Response> {
    const { action, method, beforeRetry } = binding;
    const { signal } = callOptions;
    const current = credentials();
    const { accessKeyId, accessKeySecret, securityToken } = current instanceof Promise ? await settledInTime({ pending: current, signal, timeoutMs, action }) : current;
    let url = urls.get(binding.path);
    if (url === undefined) urls.set(binding.path, (url = new URL(binding.path, origin)));
    const headers: Record<string, string> = {
      ...binding.headers,
      'x-acs-date': formatAcsDate(new Date()),
      'x-acs-signature-nonce': newNonce(),
      // Alibaba's own runtime sends (and so signs) the key id beside a token on every call it makes with one.
      ...(securityToken ? { 'x-acs-accesskey-id': accessKeyId } : {}),
    };
    const signed = signRequest({
      method,
      host: url.host,
      path: url.pathname,
      query,
      headers,
      accessKeyId,
      accessKeySecret,
      ...(securityToken ? { securityToken } : {}),
    });
    const prefer = preferHeader(callOptions.prefer);
    // The wire query is the signed canonical one, byte for byte (encodeQuery's own definition).
    const queryString = signed.canonicalQueryString;
    const path = `${url.pathname}${queryString === '' ? '' : `?${queryString}`}`;
    const target = `${url.origin}${path}`;
    // Host is sent as signed (url.host); node:http adds connection and content-length itself.
    const sendHeaders: Record<string, string> = { ...signed.headers, accept: 'application/json', 'user-agent': userAgent };
    if (prefer !== undefined) sendHeaders['prefer'] = prefer;

    const timeout = fetchImpl === undefined ? undefined : AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    emit({ type: 'request', action, attempt: number, url: target, warnings });
    const reply =
      sendHttp === undefined
        ? await sendWithFetch({ fetch: fetchImpl!, action, beforeRetry, target, method, headers: sendHeaders, signal, timeout: timeout!, maxBytes })
        : await sendWithHttp({ send: sendHttp, action, beforeRetry, exchange: { origin: url, path, method, headers: sendHeaders, timeoutMs, signal, maxBytes } });
    emit({ type: 'response', action, attempt: number, status: reply.status, durationMs: Math.round(performance.now() - started) });
    return interpret({ binding, ...reply, validateResponse });
  }

  return {
    async call(binding, given, callOptions = {}) {
      checkCallOptions(callOptions);
      const request = onceRead(given);
      const checked = binding.validateRequest(request);
      // Looked for in the request as read, valid or not, so that one error lists every issue.
      const unsendable = loneSurrogateIssues({ input: request, catalog: binding.requestCatalog });
      if (!checked.ok || unsendable.length > 0) {
        throw binding.invalidRequest({ action: binding.action, issues: [...(checked.ok ? [] : checked.issues), ...unsendable], warnings: checked.warnings });
      }
      const query = binding.toQuery(checked.value);
      const signal = followerOf(callOptions.signal);
      const own = signal === callOptions.signal ? callOptions : { ...callOptions, signal };
      return withRetries({
        retry,
        signal,
        // Between attempts: every earlier one failed where the service certainly did not act.
        aborted: (waited) => new TransportError({ action: binding.action, reason: 'aborted', sent: false, cause: signal!.reason, beforeRetry: binding.beforeRetry, waited }),
        attempt: (number) => attempt({ binding, query, warnings: checked.warnings, number, callOptions: own }),
        onRetry: (notice) => emit({ type: 'retry', action: binding.action, ...notice }),
      });
    },
  };
}

/**
 * A signal of the call's own that aborts with the caller's, so that the attempts, backoffs and
 * credential waits listen to it and not to the caller's: a signal shared by many concurrent calls
 * (one per request of a server) would otherwise collect a listener per call and warn of a leak.
 * A signal of another realm, which AbortSignal.any does not take, is listened to as it is.
 */
function followerOf(signal: AbortSignal | undefined): AbortSignal | undefined {
  return signal instanceof AbortSignal ? AbortSignal.any([signal]) : signal;
}

/**
 * Credentials a function is still fetching (an STS call, a file), bounded as the answer is: by the
 * call's signal and by timeoutMs. Nothing has been sent yet, so either way the call may be repeated.
 */
function settledInTime({ pending, signal, timeoutMs, action }: { pending: Promise<Credentials>; signal: AbortSignal | undefined; timeoutMs: number; action: string }): Promise<Credentials> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      reject(new TransportError({ action, reason: 'aborted', sent: false, cause: signal!.reason }));
    };
    const timer = setTimeout(() => {
      done();
      reject(new TransportError({ action, reason: 'timeout', sent: false, cause: new Error(`the credentials function did not settle in ${timeoutMs} ms (timeoutMs)`) }));
    }, timeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (credentials) => {
        done();
        resolve(credentials);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

/** Deeper than any request a query carries: past it, values are passed on as they are. */
const COPIED_LEVELS = 16;
/** Longer lists are passed on as they are: far past any list a query carries, the validator refuses them by their length alone. */
const COPIED_ITEMS = 100_000;

/**
 * The request read once, as plain data: validated and sent, it is the same request. Read twice (a
 * getter or a proxy that answers differently the second time), a value the validator passed could
 * be replaced by one it never saw on its way to the wire. Own enumerable keys are what the
 * validator and the codec read, so every object is copied as those keys (a Map or a Date as none,
 * which the validator judges as it judged the original). A read that throws leaves the request as
 * given: the validator then reports it as unreadable.
 */
function onceRead<T>(request: T): T {
  try {
    return copied(request, COPIED_LEVELS) as T;
  } catch {
    return request;
  }
}

function copied(value: unknown, levels: number): unknown {
  if (levels === 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    if (value.length > COPIED_ITEMS) return value;
    const items: unknown[] = new Array(value.length);
    for (let index = 0; index < items.length; index++) items[index] = copied(value[index], levels - 1);
    return items;
  }
  // Without a prototype, an assignment is always an own key: no setter a polluted Object.prototype
  // holds is called, and a __proto__ key stays a key (an unknown parameter).
  const record = Object.create(null) as Record<string, unknown>;
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) record[key] = copied((value as Record<string, unknown>)[key], levels - 1);
  }
  return record;
}

/** The answer as text, or the client error the default transport's failure stands for. */
async function sendWithHttp({ send, action, beforeRetry, exchange }: { send: Sender; action: string; beforeRetry: string | undefined; exchange: Exchange }): Promise<Reply> {
  let answer: Answer;
  try {
    answer = await send(exchange);
  } catch (error) {
    throw exchangeError({ action, beforeRetry, error });
  }
  const retryAfter = answer.headers['x-acs-retry-after'];
  return { status: answer.status, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, text: answer.text };
}

/** The error a failed exchange on the default transport becomes. */
function exchangeError({ action, beforeRetry, error }: { action: string; beforeRetry: string | undefined; error: unknown }): unknown {
  if (!(error instanceof ExchangeFailure)) return error;
  switch (error.kind) {
    case 'too-large':
    case 'interrupted':
      return new UnreadableResponseError({ action, httpStatus: error.status, reason: error.kind, bodyPrefix: error.prefix, beforeRetry });
    case 'timeout':
    case 'network':
    case 'aborted':
      return new TransportError({ action, reason: error.kind, sent: error.sent, cause: error.cause, beforeRetry });
  }
}

function interpret<Request, Response, Code extends string>({
  binding,
  status: httpStatus,
  retryAfter: retryAfterHeader,
  text,
  validateResponse,
}: Reply & {
  binding: OperationBinding<Request, Response, Code>;
  validateResponse: boolean;
}): Response {
  const { action, beforeRetry } = binding;
  const unreadable = (reason: UnreadableResponseError['reason']) =>
    new UnreadableResponseError({ action, httpStatus, reason, bodyPrefix: text.slice(0, BODY_PREFIX), beforeRetry });
  if (text.trim() === '') throw unreadable('empty');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw unreadable('not-json');
  }
  if (httpStatus >= 200 && httpStatus < 300) {
    if (!validateResponse) return body as Response;
    const checked = binding.validateResponse(body);
    if (!checked.ok) throw new ResponseContractError({ action, httpStatus, issues: checked.issues, body });
    return checked.value;
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof fields['Code'] === 'string' ? fields['Code'] : undefined;
  if (code === undefined) throw unreadable('no-error-code');
  const documented = Object.hasOwn(binding.errors, code) ? binding.errors[code as Code] : undefined;
  const field = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
  // Whole milliseconds only: Number() would read an empty header as 0 and 0x10 as 16.
  const retryAfter = retryAfterHeader !== null && /^[0-9]+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  const detail = fields['AccessDeniedDetail'];
  throw binding.apiError({
    code,
    message: field('Message') ?? code,
    httpStatus,
    requestId: field('RequestId'),
    hostId: field('HostId'),
    recommend: field('Recommend'),
    retryable: documented?.retryable ?? retriesUndocumented(code),
    documented: documented !== undefined,
    retryAfterMs: retryAfter,
    accessDeniedDetail: typeof detail === 'object' && detail !== null && !Array.isArray(detail) ? (detail as Record<string, unknown>) : undefined,
    beforeRetry,
  });
}

/**
 * The gateway refuses a throttled call before the service sees it, whatever the operation
 * documents, so an undocumented throttling code is retried as a documented one would be; the
 * contract's own mark wins. Throttling is a segment of the dotted code (Throttling,
 * Throttling.User, Request.Throttling), not any code that mentions it: a code such as
 * InvalidParameter.ThrottlingConfig refuses the request, and resending it would only repeat that.
 */
const GATEWAY_THROTTLING = /(?:^|\.)Throttling(?:\.|$)/;

/** Whether a client retries a code its contract does not document (`diff` asks too: documenting such a code as not retryable changes what an earlier client does). */
export function retriesUndocumented(code: string): boolean {
  return GATEWAY_THROTTLING.test(code);
}

/** Quoted where Prism's reading of the header would otherwise end the value at a comma or a semicolon, or trim it. */
function preferValue(value: string): string {
  return /[,;]|^\s|\s$/.test(value) ? `"${value}"` : value;
}

function preferHeader(prefer: CallOptions['prefer']): string | undefined {
  if (prefer === undefined) return undefined;
  const parts = [
    prefer.code === undefined ? undefined : `code=${prefer.code}`,
    prefer.example === undefined ? undefined : `example=${preferValue(prefer.example)}`,
    prefer.dynamic === undefined ? undefined : `dynamic=${prefer.dynamic}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? undefined : parts.join(', ');
}

/**
 * Every option a transport reads: a key outside it (a `timeout` for `timeoutMs`) would be ignored
 * in silence, and the option named after a server variable must not take one of these names.
 */
const OPTION_NAMES = {
  credentials: true,
  endpoint: true,
  network: true,
  timeoutMs: true,
  retry: true,
  fetch: true,
  userAgent: true,
  validateResponse: true,
  maxResponseBytes: true,
  onEvent: true,
} as const satisfies Record<keyof TransportOptions, true>;
export const TRANSPORT_OPTION_NAMES: readonly string[] = Object.keys(OPTION_NAMES);
const RETRY_OPTION_NAMES = { maxAttempts: true, baseDelayMs: true, maxDelayMs: true } as const satisfies Record<keyof RetryOptions, true>;
/** The longest delay a timer takes (AbortSignal.timeout allows more, node:http's timers do not). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** An option's value as a message names it: what it is, when that is what is wrong. */
function described(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'bigint':
      return `the bigint ${value}n`;
    case 'number':
      return String(value);
    case 'object':
      return value === null ? 'null' : Array.isArray(value) ? 'a list' : 'an object';
    default:
      return `a ${typeof value}`;
  }
}

const fail = (message: string): never => {
  throw new ClientConfigurationError(message);
};

function whole({ name, value, min, max }: { name: string; value: unknown; min: number; max: number }): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) {
    fail(`${name} must be a whole number from ${min} to ${max}, not ${described(value)}`);
  }
}

function flag({ name, value }: { name: string; value: unknown }): void {
  if (value !== undefined && typeof value !== 'boolean') fail(`${name} must be true or false, not ${described(value)}`);
}

/** Text that goes into a header: Node and fetch refuse the rest on every attempt, which reads as a network failure. */
function headerText({ name, value, what }: { name: string; value: unknown; what: string }): void {
  if (value === undefined) return;
  if (typeof value !== 'string') fail(`${name} must be text, not ${described(value)}`);
  if (!HEADER_SAFE.test(value as string)) fail(`${name} holds characters an HTTP header cannot carry (a line break, a control character or non-Latin-1 text); pass ${what}`);
}

function knownKeys({ value, names, option, list }: { value: object; names: readonly string[]; option: (name: string) => string; list: string }): void {
  for (const name of Object.keys(value)) if (!names.includes(name)) fail(`unknown ${option(name)}; the ${list} are ${names.join(', ')}`);
}

/**
 * A mistake in the options is the caller's to fix before any call, so it fails here, naming the
 * option, rather than as a timer's RangeError on the first call or as a network failure retried.
 */
function checkOptions({ options, config }: { options: TransportOptions; config: TransportConfig }): void {
  if (typeof options !== 'object' || options === null) fail('createClient takes an object of options');
  knownKeys({ value: options, names: [...TRANSPORT_OPTION_NAMES, ...(config.variable === undefined ? [] : [config.variable.option])], option: (name) => `option ${name}`, list: 'options' });
  whole({ name: 'timeoutMs', value: options.timeoutMs, min: 1, max: MAX_TIMER_MS });
  whole({ name: 'maxResponseBytes', value: options.maxResponseBytes, min: 1, max: Number.MAX_SAFE_INTEGER });
  const { retry } = options;
  if (retry !== undefined && retry !== false) {
    if (typeof retry !== 'object' || retry === null) fail('retry takes { maxAttempts, baseDelayMs, maxDelayMs }, or false to send each call once');
    knownKeys({ value: retry, names: Object.keys(RETRY_OPTION_NAMES), option: (name) => `option retry.${name}`, list: 'retry options' });
    // It counts the first attempt: 0 would be a call never sent.
    whole({ name: 'retry.maxAttempts', value: retry.maxAttempts, min: 1, max: 100 });
    whole({ name: 'retry.baseDelayMs', value: retry.baseDelayMs, min: 0, max: MAX_TIMER_MS });
    whole({ name: 'retry.maxDelayMs', value: retry.maxDelayMs, min: 0, max: MAX_TIMER_MS });
  }
  if (options.endpoint !== undefined) checkEndpoint(options.endpoint);
  headerText({ name: 'userAgent', value: options.userAgent, what: 'printable text such as my-app/1.2' });
  flag({ name: 'validateResponse', value: options.validateResponse });
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') fail(`onEvent must be a function, not ${described(options.onEvent)}`);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail(`fetch must be a function such as globalThis.fetch, not ${described(options.fetch)}`);
}

const CALL_OPTION_NAMES = { signal: true, prefer: true } as const satisfies Record<keyof CallOptions, true>;
const PREFER_OPTION_NAMES = { code: true, example: true, dynamic: true } as const satisfies Record<keyof NonNullable<CallOptions['prefer']>, true>;

/** The same for a call's own options, before its request is validated: none of their mistakes may reach the wire. */
function checkCallOptions(options: CallOptions): void {
  if (typeof options !== 'object' || options === null) fail('a call takes an object of call options');
  knownKeys({ value: options, names: Object.keys(CALL_OPTION_NAMES), option: (name) => `call option ${name}`, list: 'call options' });
  const { signal, prefer } = options;
  // What node:http reads of a signal, so that an AbortSignal of another realm still serves.
  const abortable = typeof signal === 'object' && signal !== null && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function' && typeof signal.removeEventListener === 'function';
  if (signal !== undefined && !abortable) fail(`signal must be an AbortSignal, not ${described(signal)}`);
  if (prefer === undefined) return;
  if (typeof prefer !== 'object' || prefer === null) fail('prefer takes { code, example, dynamic }');
  knownKeys({ value: prefer, names: Object.keys(PREFER_OPTION_NAMES), option: (name) => `option prefer.${name}`, list: 'prefer options' });
  whole({ name: 'prefer.code', value: prefer.code, min: 100, max: 599 });
  headerText({ name: 'prefer.example', value: prefer.example, what: 'the name of an example in the contract' });
  // Prism reads a quoted value to its next quote, and knows no escape for one inside it.
  if (prefer.example?.includes('"')) fail('prefer.example cannot hold a double quote: the Prefer header has no way to carry one in a name');
  flag({ name: 'prefer.dynamic', value: prefer.dynamic });
}

/** An origin, with or without its scheme (a bare host is https): a path, query or other scheme would be dropped or fail as a network error. */
function checkEndpoint(endpoint: unknown): void {
  const advice = 'pass an origin such as http://127.0.0.1:4010, or a bare host name (which means https)';
  let url: URL | undefined;
  try {
    url = typeof endpoint === 'string' ? new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined) throw new ClientConfigurationError(`endpoint ${String(endpoint)} is not a URL; ${advice}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ClientConfigurationError(`endpoint ${String(endpoint)} is not http or https; ${advice}`);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ClientConfigurationError(`endpoint ${String(endpoint)} holds more than an origin, which the client would drop; ${advice}`);
  }
}

function resolveOrigin({ options, config }: { options: TransportOptions; config: TransportConfig }): string {
  if (options.endpoint !== undefined) {
    const url = new URL(options.endpoint.includes('://') ? options.endpoint : `https://${options.endpoint}`);
    return url.origin;
  }
  const network = options.network ?? 'public';
  const server = config.servers.find((s) => s.network === network);
  if (server === undefined) {
    const known = config.servers.map((s) => s.network).filter(Boolean).join(', ');
    throw new ClientConfigurationError(`no endpoint for network ${JSON.stringify(network)}; use one of ${known} or pass endpoint`);
  }
  const values: Record<string, string> = { ...server.variables };
  const { variable } = config;
  if (variable !== undefined) {
    // Read here, once the options are known to be an object: createClient(null) is a configuration mistake, not a TypeError.
    const value: unknown = (options as Readonly<Record<string, unknown>>)[variable.option];
    // It becomes part of the host name, so it may hold only what a DNS label may.
    if (typeof value !== 'string' || !/^[a-z0-9-]+$/.test(value)) {
      const example = server.variables[variable.name];
      const instead = example === undefined ? '' : ` (for example ${example})`;
      if (value === undefined) throw new ClientConfigurationError(`pass ${variable.option}${instead} or an explicit endpoint`);
      if (typeof value !== 'string') throw new ClientConfigurationError(`${variable.option} must be text${instead}, not ${described(value)}`);
      throw new ClientConfigurationError(`${variable.option} ${JSON.stringify(value)} cannot be part of a host name (lower-case letters, digits and - only); pass one${instead} or an explicit endpoint`);
    }
    values[variable.name] = value;
  }
  return new URL(server.url.replace(/\{([^{}]+)\}/g, (_, name: string) => values[name] ?? '')).origin;
}
