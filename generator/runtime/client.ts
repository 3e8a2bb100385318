/**
 * Sends one RPC call: validate, encode, sign, send, read, and retry only where the service
 * certainly did not act. Nothing here knows an operation; the generated client hands each call
 * its binding (action headers, codec, validators, error catalog).
 */
import { createHttpSender, ExchangeFailure, type Answer } from './http-transport.js';
import { formatAcsDate, newNonce, signRequest } from './signer.js';
import { formatIssues, type ValidationIssue, type ValidationResult, type ValidationWarning } from './validation.js';
import type { QueryPair } from './wire.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface RetryOptions {
  /** Attempts in all, the first included. 1 turns retries off. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** What a log hook sees: never a credential, a signature or a token. */
export type ClientEvent =
  | { readonly type: 'request'; readonly action: string; readonly attempt: number; readonly url: string }
  | { readonly type: 'response'; readonly action: string; readonly attempt: number; readonly status: number; readonly durationMs: number }
  | { readonly type: 'retry'; readonly action: string; readonly attempt: number; readonly delayMs: number; readonly reason: string };

export interface ClientOptions {
  /** Fills the endpoint template; required unless `endpoint` is given. */
  readonly regionId?: string;
  /** Default: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN. */
  readonly credentials?: Credentials | (() => Credentials | Promise<Credentials>);
  /** A full origin such as `http://127.0.0.1:4010`; wins over regionId and network. */
  readonly endpoint?: string;
  readonly network?: string;
  /** Per attempt, from sending to the last byte of the answer. */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions | false;
  /**
   * Sends with this instead of the default transport (`node:http`/`node:https` through a keep-alive
   * agent owned by the client). With it, `sent` is judged from the error codes fetch reports.
   */
  readonly fetch?: typeof fetch;
  readonly userAgent?: string;
  /** Check 2xx bodies against the contract (default true). */
  readonly validateResponse?: boolean;
  /** Answers larger than this are not read (default 1 MiB). */
  readonly maxResponseBytes?: number;
  readonly onEvent?: (event: ClientEvent) => void;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** For a Prism mock: sent as `Prefer: code=…, example=…` to choose the answer. */
  readonly prefer?: { readonly code?: number; readonly example?: string; readonly dynamic?: boolean };
}

export interface ServerBinding {
  readonly url: string;
  readonly network: string | undefined;
  readonly variables: Readonly<Record<string, string>>;
}

export interface ErrorInit<Code extends string> {
  readonly code: Code | (string & {});
  readonly message: string;
  readonly httpStatus: number;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
  readonly retryable: boolean;
  readonly documented: boolean;
  /** From `x-acs-retry-after` (milliseconds), sent with throttling. */
  readonly retryAfterMs: number | undefined;
}

/** The service answered with an error body; `code` is the service's, documented or not. */
export class ApiError<Code extends string> extends Error {
  override name = 'ApiError';
  readonly code: Code | (string & {});
  readonly httpStatus: number;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
  /** The spec marks this code as safe to retry: the service certainly did not act. */
  readonly retryable: boolean;
  /** False for a code the contract does not list; it is kept as the service sent it. */
  readonly documented: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(init: ErrorInit<Code>) {
    super(`${init.code} (HTTP ${init.httpStatus}): ${init.message}${init.requestId ? ` [RequestId ${init.requestId}]` : ''}`);
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.hostId = init.hostId;
    this.recommend = init.recommend;
    this.retryable = init.retryable;
    this.documented = init.documented;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export interface OperationBinding<Request, Response, Code extends string> {
  readonly action: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly validateRequest: (input: unknown) => ValidationResult<Request, Code>;
  readonly validateResponse: (input: unknown) => ValidationResult<Response, Code>;
  readonly toQuery: (request: Request) => QueryPair[];
  readonly errors: Readonly<Record<Code, { readonly httpStatus: number; readonly message: string; readonly retryable: boolean }>>;
  readonly apiError: (init: ErrorInit<Code>) => ApiError<Code>;
}

export interface TransportConfig {
  readonly servers: readonly ServerBinding[];
  /** The endpoint template's variable the regionId fills (the first variable of the server URL). */
  readonly regionVariable: string;
  readonly userAgent: string;
}

/** The request broke the contract; nothing was sent. */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError';
  readonly issues: readonly ValidationIssue[];
  readonly warnings: readonly ValidationWarning[];

  constructor({ action, issues, warnings }: { action: string; issues: readonly ValidationIssue[]; warnings: readonly ValidationWarning[] }) {
    super(`${action} request is invalid; nothing was sent:\n${formatIssues(issues)}`);
    this.issues = issues;
    this.warnings = warnings;
  }
}

/** The service answered 2xx with a body the contract does not allow. */
export class ResponseContractError extends Error {
  override readonly name = 'ResponseContractError';
  readonly httpStatus: number;
  readonly issues: readonly ValidationIssue[];
  readonly body: unknown;

  constructor({ action, httpStatus, issues, body }: { action: string; httpStatus: number; issues: readonly ValidationIssue[]; body: unknown }) {
    super(`${action} answered ${httpStatus} with a body the contract does not allow:\n${formatIssues(issues)}`);
    this.httpStatus = httpStatus;
    this.issues = issues;
    this.body = body;
  }
}

/** The answer could not be read as the JSON the contract promises (a proxy's HTML, empty, cut short, too large). */
export class UnreadableResponseError extends Error {
  override readonly name = 'UnreadableResponseError';
  readonly httpStatus: number;
  readonly reason: 'empty' | 'not-json' | 'no-error-code' | 'too-large' | 'interrupted';
  /** The first 512 characters of what arrived. */
  readonly bodyPrefix: string;
  /** Unknown whether the service acted: a 2xx that cannot be read may still have added nodes. */
  readonly retryable = false;

  constructor({ action, httpStatus, reason, bodyPrefix }: { action: string; httpStatus: number; reason: UnreadableResponseError['reason']; bodyPrefix: string }) {
    super(`${action} answered ${httpStatus} with a body that cannot be read (${reason}): ${JSON.stringify(bodyPrefix.slice(0, 120))}`);
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.bodyPrefix = bodyPrefix;
  }
}

/** The call did not complete. `sent` says whether the request may have reached the service. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly reason: 'timeout' | 'network';
  readonly sent: boolean;
  readonly retryable: boolean;

  constructor({ action, reason, sent, cause }: { action: string; reason: TransportError['reason']; sent: boolean; cause: unknown }) {
    const outcome = sent
      ? 'The request may have been processed: check the node group before calling again.'
      : 'The request was not sent.';
    super(`${action} failed (${reason}). ${outcome}`, { cause });
    this.reason = reason;
    this.sent = sent;
    this.retryable = !sent;
  }
}

/** Thrown for a client that cannot work at all (no credentials, no endpoint). */
export class ClientConfigurationError extends Error {
  override readonly name = 'ClientConfigurationError';
}

const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 } as const;
/** A server's x-acs-retry-after is honoured up to this; a larger one is surfaced rather than slept on. */
const MAX_RETRY_AFTER_MS = 60_000;
const BODY_PREFIX = 512;
/** Connection failures after which no byte of the request can have reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL']);

export interface Transport {
  call<Request, Response, Code extends string>(binding: OperationBinding<Request, Response, Code>, request: Request, options?: CallOptions): Promise<Response>;
}

export function createTransport({ options, config }: { options: ClientOptions; config: TransportConfig }): Transport {
  const origin = resolveOrigin({ options, config });
  const fetchImpl = options.fetch;
  // The default transport: one keep-alive agent per client, created here and never shared.
  const sendHttp = fetchImpl === undefined ? createHttpSender() : undefined;
  const retry = options.retry === false ? { ...DEFAULT_RETRY, maxAttempts: 1 } : { ...DEFAULT_RETRY, ...options.retry };
  const credentials = credentialSource(options.credentials);
  /** The URL of each operation path on the origin, parsed once. */
  const urls = new Map<string, URL>();
  const timeoutMs = options.timeoutMs ?? 10_000;
  /** What AbortSignal.timeout accepts; for anything else the default transport throws its very error too. */
  const timeoutValid = typeof timeoutMs === 'number' && Number.isInteger(timeoutMs) && timeoutMs >= 0 && timeoutMs <= 0xffff_ffff;
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  const validateResponse = options.validateResponse ?? true;
  const userAgent = options.userAgent === undefined ? config.userAgent : `${config.userAgent} ${options.userAgent}`;
  const emit = (event: ClientEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing log hook must not change the outcome of a call that may have added nodes.
    }
  };

  async function attempt<Request, Response, Code extends string>(
    binding: OperationBinding<Request, Response, Code>,
    query: QueryPair[],
    number: number,
    callOptions: CallOptions,
  ): Promise<Response> {
    const current = credentials();
    const { accessKeyId, accessKeySecret, securityToken } = current instanceof Promise ? await current : current;
    let url = urls.get(binding.path);
    if (url === undefined) urls.set(binding.path, (url = new URL(binding.path, origin)));
    const headers: Record<string, string> = {
      ...binding.headers,
      'x-acs-date': formatAcsDate(new Date()),
      'x-acs-signature-nonce': newNonce(),
    };
    const signed = signRequest({
      method: binding.method,
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

    if (sendHttp !== undefined) {
      // Host is sent as signed (url.host); node:http adds connection and content-length itself.
      const sendHeaders: Record<string, string> = { ...signed.headers, accept: 'application/json', 'user-agent': userAgent };
      if (prefer !== undefined) sendHeaders['prefer'] = prefer;
      if (!timeoutValid) AbortSignal.timeout(timeoutMs);
      const started = performance.now();
      emit({ type: 'request', action: binding.action, attempt: number, url: target });
      let answer: Answer;
      try {
        answer = await sendHttp({
          origin: url,
          path,
          method: binding.method,
          headers: sendHeaders,
          timeoutMs,
          signal: callOptions.signal,
          maxBytes,
          prefixBytes: BODY_PREFIX,
        });
      } catch (error) {
        throw exchangeError({ action: binding.action, error, signal: callOptions.signal });
      }
      emit({ type: 'response', action: binding.action, attempt: number, status: answer.status, durationMs: Math.round(performance.now() - started) });
      const retryAfter = answer.headers['x-acs-retry-after'];
      return interpret({ binding, status: answer.status, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, text: answer.text, validateResponse });
    }

    // fetch sets Host from the URL itself; it is the same value that was signed.
    const { host: _host, ...signedHeaders } = signed.headers;
    const sendHeaders: Record<string, string> = {
      ...signedHeaders,
      accept: 'application/json',
      'user-agent': userAgent,
      ...(prefer === undefined ? {} : { prefer }),
    };
    const fetchWith = fetchImpl!;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callOptions.signal === undefined ? timeout : AbortSignal.any([callOptions.signal, timeout]);
    const started = performance.now();
    emit({ type: 'request', action: binding.action, attempt: number, url: target });
    let response: globalThis.Response;
    try {
      response = await fetchWith(target, { method: binding.method, headers: sendHeaders, signal, redirect: 'manual' });
    } catch (error) {
      throw failure({ action: binding.action, error, signal: callOptions.signal, timeout });
    }
    let text: string;
    try {
      text = await readText(response, maxBytes);
    } catch (error) {
      if (error instanceof TooLarge) {
        throw new UnreadableResponseError({ action: binding.action, httpStatus: response.status, reason: 'too-large', bodyPrefix: error.prefix });
      }
      const cause = failure({ action: binding.action, error, signal: callOptions.signal, timeout, sent: true });
      if (cause instanceof TransportError && cause.reason === 'network') {
        throw new UnreadableResponseError({ action: binding.action, httpStatus: response.status, reason: 'interrupted', bodyPrefix: '' });
      }
      throw cause;
    }
    emit({ type: 'response', action: binding.action, attempt: number, status: response.status, durationMs: Math.round(performance.now() - started) });
    return interpret({ binding, status: response.status, retryAfter: response.headers.get('x-acs-retry-after'), text, validateResponse });
  }

  return {
    async call(binding, request, callOptions = {}) {
      const checked = binding.validateRequest(request);
      if (!checked.ok) throw new RequestValidationError({ action: binding.action, issues: checked.issues, warnings: checked.warnings });
      const query = binding.toQuery(checked.value);
      for (let number = 1; ; number++) {
        callOptions.signal?.throwIfAborted();
        try {
          return await attempt(binding, query, number, callOptions);
        } catch (error) {
          const delay = retryDelay({ error, number, retry });
          if (delay === undefined) throw error;
          emit({ type: 'retry', action: binding.action, attempt: number, delayMs: delay, reason: describeForRetry(error) });
          await sleep(delay, callOptions.signal);
        }
      }
    },
  };
}

function interpret<Request, Response, Code extends string>({
  binding,
  status: httpStatus,
  retryAfter: retryAfterHeader,
  text,
  validateResponse,
}: {
  binding: OperationBinding<Request, Response, Code>;
  status: number;
  /** The `x-acs-retry-after` header, null when absent. */
  retryAfter: string | null;
  text: string;
  validateResponse: boolean;
}): Response {
  const { action } = binding;
  const unreadable = (reason: UnreadableResponseError['reason']) =>
    new UnreadableResponseError({ action, httpStatus, reason, bodyPrefix: text.slice(0, BODY_PREFIX) });
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
  const retryAfter = Number(retryAfterHeader ?? Number.NaN);
  throw binding.apiError({
    code,
    message: field('Message') ?? code,
    httpStatus,
    requestId: field('RequestId'),
    hostId: field('HostId'),
    recommend: field('Recommend'),
    retryable: documented?.retryable ?? false,
    documented: documented !== undefined,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  });
}

/** The error a failed exchange on the default transport becomes; a caller's abort is passed through as it is. */
function exchangeError({ action, error, signal }: { action: string; error: unknown; signal: AbortSignal | undefined }): unknown {
  if (signal?.aborted) return signal.reason;
  if (!(error instanceof ExchangeFailure)) return error;
  switch (error.kind) {
    case 'too-large':
      return new UnreadableResponseError({ action, httpStatus: error.status, reason: 'too-large', bodyPrefix: error.prefix });
    case 'interrupted':
      return new UnreadableResponseError({ action, httpStatus: error.status, reason: 'interrupted', bodyPrefix: '' });
    case 'timeout':
    case 'network':
      return new TransportError({ action, reason: error.kind, sent: error.sent, cause: error.cause });
  }
}

/** The error a failed fetch or read becomes; a caller's abort is passed through as it is. */
function failure({ action, error, signal, timeout, sent }: { action: string; error: unknown; signal: AbortSignal | undefined; timeout: AbortSignal; sent?: boolean }): unknown {
  if (signal?.aborted) return signal.reason;
  if (timeout.aborted) return new TransportError({ action, reason: 'timeout', sent: sent ?? true, cause: error });
  const code = errorCode(error);
  return new TransportError({ action, reason: 'network', sent: sent ?? !(code !== undefined && NOT_SENT_CODES.has(code)), cause: error });
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function retryDelay({ error, number, retry }: { error: unknown; number: number; retry: Required<RetryOptions> }): number | undefined {
  if (number >= retry.maxAttempts) return undefined;
  const retryable = (error instanceof TransportError || error instanceof ApiError) && error.retryable;
  if (!retryable) return undefined;
  const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (number - 1));
  // Full jitter in the upper half: spreads clients apart without giving up the backoff.
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  const after = error instanceof ApiError ? error.retryAfterMs : undefined;
  if (after !== undefined && after > MAX_RETRY_AFTER_MS) return undefined;
  return Math.round(Math.max(jittered, after ?? 0));
}

function describeForRetry(error: unknown): string {
  if (error instanceof TransportError) return `${error.reason} before sending`;
  return String((error as { code?: unknown }).code ?? 'error');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

class TooLarge extends Error {
  constructor(readonly prefix: string) {
    super('response too large');
  }
}

async function readText(response: globalThis.Response, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    chunks.push(value);
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(new TextDecoder().decode(concat(chunks).subarray(0, BODY_PREFIX)));
    }
  }
  return new TextDecoder().decode(concat(chunks));
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function preferHeader(prefer: CallOptions['prefer']): string | undefined {
  if (prefer === undefined) return undefined;
  const parts = [
    prefer.code === undefined ? undefined : `code=${prefer.code}`,
    prefer.example === undefined ? undefined : `example=${prefer.example}`,
    prefer.dynamic === undefined ? undefined : `dynamic=${prefer.dynamic}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? undefined : parts.join(', ');
}

function resolveOrigin({ options, config }: { options: ClientOptions; config: TransportConfig }): string {
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
  const region = options.regionId;
  if (region === undefined || !/^[a-z0-9-]+$/.test(region)) {
    throw new ClientConfigurationError('pass regionId (for example cn-hangzhou) or an explicit endpoint');
  }
  const values: Record<string, string> = { ...server.variables, [config.regionVariable]: region };
  return new URL(server.url.replace(/\{([^{}]+)\}/g, (_, name: string) => values[name] ?? '')).origin;
}

/** Credentials live only in this closure: never on the client, an error or an event. Fixed ones come back without a promise. */
function credentialSource(given: ClientOptions['credentials']): () => Credentials | Promise<Credentials> {
  if (typeof given === 'function') return async () => checkCredentials(await given());
  if (given !== undefined) {
    const checked = checkCredentials(given);
    return () => checked;
  }
  return async () =>
    checkCredentials({
      accessKeyId: process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'] ?? '',
      accessKeySecret: process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] ?? '',
      ...(process.env['ALIBABA_CLOUD_SECURITY_TOKEN'] ? { securityToken: process.env['ALIBABA_CLOUD_SECURITY_TOKEN'] } : {}),
    });
}

function checkCredentials(credentials: Credentials): Credentials {
  if (typeof credentials?.accessKeyId !== 'string' || credentials.accessKeyId === '' || typeof credentials.accessKeySecret !== 'string' || credentials.accessKeySecret === '') {
    throw new ClientConfigurationError(
      'no credentials: pass credentials { accessKeyId, accessKeySecret } or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    );
  }
  // fetch quotes a header value it refuses in its own error; a credential must never get that far.
  for (const [name, value] of [['accessKeyId', credentials.accessKeyId], ['securityToken', credentials.securityToken]] as const) {
    if (value !== undefined && !HEADER_SAFE.test(value)) {
      throw new ClientConfigurationError(`credentials.${name} holds characters an HTTP header cannot carry (a line break, a control character or non-Latin-1 text); check how it was read`);
    }
  }
  return credentials;
}

const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]*$/;
