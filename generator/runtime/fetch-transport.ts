/// <reference types="node" preserve="true" />
/**
 * Sends one prepared request through a caller's `fetch` instead of the default transport. fetch
 * cannot say how far a request got, so `sent` is judged from the error codes it reports: only a
 * failure that certainly precedes the first byte counts as not sent.
 */
import { bodyPrefix, errorCode, TransportError, UnreadableResponseError, untrustedCertificate } from './errors.js';

/** Connection failures after which no byte of the request can have reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL']);

export interface FetchExchange {
  readonly fetch: typeof fetch;
  /** Names the operation in errors. */
  readonly action: string;
  /** The operation's advice when a call may have been processed (x-acs-before-retry). */
  readonly beforeRetry: string | undefined;
  readonly target: string;
  readonly method: string;
  /** As signed, `host` included. */
  readonly headers: Readonly<Record<string, string>>;
  /** The caller's: its abort is passed through as it is. */
  readonly signal: AbortSignal | undefined;
  /** The attempt's timer, started by the caller; once it has fired, a failure is a timeout. */
  readonly timeout: AbortSignal;
  readonly maxBytes: number;
}

/** What an attempt's answer comes to, whichever transport carried it. */
export interface Reply {
  readonly status: number;
  /** The `x-acs-retry-after` header, null when absent. */
  readonly retryAfter: string | null;
  readonly text: string;
}

/** The answer as text, or the client error its failure stands for. */
export async function sendWithFetch({ fetch: fetchWith, action, beforeRetry, target, method, headers, signal: callerSignal, timeout, maxBytes }: FetchExchange): Promise<Reply> {
  // fetch sets Host from the URL itself; it is the same value that was signed.
  const { host: _host, ...sendHeaders } = headers;
  if (callerSignal?.aborted) throw new TransportError({ action, reason: 'aborted', sent: false, cause: callerSignal.reason, beforeRetry });
  const signal = callerSignal === undefined ? timeout : AbortSignal.any([callerSignal, timeout]);
  let response: Response;
  try {
    response = await settledBy({ promise: fetchWith(target, { method, headers: sendHeaders, signal, redirect: 'manual' }), signal });
  } catch (error) {
    throw failure({ action, beforeRetry, error, signal: callerSignal, timeout });
  }
  let text: string;
  try {
    text = await settledBy({ promise: readText({ response, maxBytes }), signal });
  } catch (error) {
    const cut = error instanceof CutShort ? error : new CutShort({ tooLarge: false, prefix: '', cause: error });
    if (cut.tooLarge) throw new UnreadableResponseError({ action, httpStatus: response.status, reason: 'too-large', bodyPrefix: cut.prefix, beforeRetry });
    const cause = failure({ action, beforeRetry, error: cut.cause, signal: callerSignal, timeout, sent: true });
    if (cause instanceof TransportError && cause.reason === 'network') {
      throw new UnreadableResponseError({ action, httpStatus: response.status, reason: 'interrupted', bodyPrefix: cut.prefix, beforeRetry });
    }
    throw cause;
  }
  return { status: response.status, retryAfter: response.headers.get('x-acs-retry-after'), text };
}

/**
 * The promise's outcome, or the signal's reason as soon as it aborts: a caller's fetch that does
 * not honour its signal (a wrapper that drops it) must not keep the call past its abort or timeout.
 */
function settledBy<T>({ promise, signal }: { promise: Promise<T>; signal: AbortSignal }): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** undici refuses a port the Fetch standard blocks (1, 22, 6000, …) before it connects, and says only this. */
function refusedPort(error: unknown): boolean {
  return error instanceof TypeError && error.cause instanceof Error && error.cause.message === 'bad port';
}

/** The error a failed fetch or read becomes. */
function failure({ action, beforeRetry, error, signal, timeout, sent }: { action: string; beforeRetry: string | undefined; error: unknown; signal: AbortSignal | undefined; timeout: AbortSignal; sent?: boolean }): unknown {
  // fetch does not say how far it got: once it was called, the request may have left.
  if (signal?.aborted) return new TransportError({ action, reason: 'aborted', sent: sent ?? true, cause: signal.reason, beforeRetry });
  if (timeout.aborted) return new TransportError({ action, reason: 'timeout', sent: sent ?? true, cause: error, beforeRetry });
  const code = errorCode(error);
  const notSent = refusedPort(error) || (code !== undefined && NOT_SENT_CODES.has(code)) || untrustedCertificate(error);
  return new TransportError({ action, reason: 'network', sent: sent ?? !notSent, cause: error, beforeRetry });
}

/** A body that was not read to its end: too large, or cut off by `cause`; `prefix` is the start of what arrived. */
class CutShort {
  readonly tooLarge: boolean;
  readonly prefix: string;
  readonly cause: unknown;

  constructor({ tooLarge, prefix, cause }: { tooLarge: boolean; prefix: string; cause: unknown }) {
    this.tooLarge = tooLarge;
    this.prefix = prefix;
    this.cause = cause;
  }
}

async function readText({ response, maxBytes }: { response: Response; maxBytes: number }): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  const cut = ({ tooLarge, cause }: { tooLarge: boolean; cause: unknown }) => new CutShort({ tooLarge, prefix: bodyPrefix(chunks), cause });
  let size = 0;
  for (;;) {
    const read = await reader.read().catch((error: unknown) => {
      throw cut({ tooLarge: false, cause: error });
    });
    if (read.done) break;
    size += read.value.byteLength;
    chunks.push(read.value);
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw cut({ tooLarge: true, cause: undefined });
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
