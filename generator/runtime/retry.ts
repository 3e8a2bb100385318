/// <reference types="node" preserve="true" />
/**
 * The retry loop. An operation without an idempotency token acts again when a call is repeated, so
 * only an error that proves the service did not act (`retryable`) is tried again.
 */
import { ApiError, TransportError } from './errors.js';

export interface RetryOptions {
  /** Attempts in all, the first included. 1 turns retries off. */
  readonly maxAttempts?: number | undefined;
  readonly baseDelayMs?: number | undefined;
  readonly maxDelayMs?: number | undefined;
}

export type RetryPolicy = { readonly [Option in keyof RetryOptions]-?: number };

/** What the log hook is told before each retry. */
export interface RetryNotice {
  /** The attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5_000 } as const;
/** A server's x-acs-retry-after is honoured up to this; a larger one is surfaced rather than slept on. */
const MAX_RETRY_AFTER_MS = 60_000;

export function retryPolicy(given: RetryOptions | false | undefined): RetryPolicy {
  if (given === false) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  // An option given as undefined is not given: spread over the defaults, it would retry without end.
  return {
    maxAttempts: given?.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    baseDelayMs: given?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: given?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
  };
}

/** Runs `attempt` (numbered from 1) until it succeeds, fails for good, or `signal` aborts. */
export async function withRetries<T>({ retry, signal, aborted, attempt, onRetry }: {
  retry: RetryPolicy;
  signal: AbortSignal | undefined;
  /** What the call fails with when `signal` aborts before an attempt or during a backoff; `waited` describes the failure a retry was waiting on. */
  aborted: (waited: string | undefined) => unknown;
  attempt: (number: number) => Promise<T>;
  onRetry: (notice: RetryNotice) => void;
}): Promise<T> {
  let waited: string | undefined;
  for (let number = 1; ; number++) {
    if (signal?.aborted) throw aborted(waited);
    try {
      return await attempt(number);
    } catch (error) {
      const next = retryDelay({ error, number, retry });
      if (typeof next !== 'number') {
        // A failure that was safe to retry, not retried again: its message says why, so the caller knows what to do.
        if (next !== undefined) (error as Error).message += ` ${next}`;
        throw error;
      }
      waited = describeForRetry(error);
      onRetry({ attempt: number, delayMs: next, reason: waited });
      if (!(await sleep({ ms: next, signal }))) throw aborted(waited);
    }
  }
}

/** The wait before the next attempt; or, for a retryable failure that is not retried, why not (undefined for any other). */
function retryDelay({ error, number, retry }: { error: unknown; number: number; retry: RetryPolicy }): number | string | undefined {
  const retryable = (error instanceof TransportError || error instanceof ApiError) && error.retryable;
  if (!retryable) return undefined;
  if (number >= retry.maxAttempts) return retry.maxAttempts > 1 ? `Gave up after ${number} attempts (retry.maxAttempts); it is safe to call again later.` : undefined;
  const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (number - 1));
  // Full jitter in the upper half: spreads clients apart without giving up the backoff.
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  const after = error instanceof ApiError ? error.retryAfterMs : undefined;
  if (after !== undefined && after > MAX_RETRY_AFTER_MS) {
    return `The service asked to wait ${after} ms (x-acs-retry-after), longer than the client waits between attempts (${MAX_RETRY_AFTER_MS} ms): call again after that.`;
  }
  return Math.round(Math.max(jittered, after ?? 0));
}

function describeForRetry(error: unknown): string {
  if (error instanceof TransportError) return `${error.reason} before sending`;
  return String((error as { code?: unknown }).code ?? 'error');
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep({ ms, signal }: { ms: number; signal: AbortSignal | undefined }): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
