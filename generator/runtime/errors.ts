/**
 * Every way a call can fail, as one typed family: the type and its fields tell a caller whether
 * nothing was sent, the service refused, or the service may have acted and must be checked first.
 */
import { formatIssues, nameOf, type AnswerCode, type ValidationIssue, type ValidationWarning } from './validation.js';

/** How much of an unreadable answer an error keeps, in characters: enough to recognise a proxy's page, never all of a large one. */
export const BODY_PREFIX = 512;
/** UTF-8 takes at most 4 bytes a character: these bytes always hold BODY_PREFIX characters, when that many arrived. */
const PREFIX_BYTES = BODY_PREFIX * 4;

/**
 * The first BODY_PREFIX characters of an answer's bytes. Only those bytes are copied, and they are
 * decoded as a stream, so a character cut at the end is left out rather than shown as U+FFFD, a
 * character the server never sent.
 */
export function bodyPrefix(chunks: readonly Uint8Array[]): string {
  const head = new Uint8Array(Math.min(PREFIX_BYTES, chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0)));
  let offset = 0;
  for (const chunk of chunks) {
    if (offset === head.byteLength) break;
    const part = chunk.subarray(0, head.byteLength - offset);
    head.set(part, offset);
    offset += part.byteLength;
  }
  // A decoder of its own: streaming keeps the cut character's bytes, which a shared one would put before the next prefix.
  return new TextDecoder().decode(head, { stream: true }).slice(0, BODY_PREFIX);
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
  /** The body's `AccessDeniedDetail` object, which permission failures may add: what was denied and why. */
  readonly accessDeniedDetail?: Readonly<Record<string, unknown>> | undefined;
  /** What to look at before calling again when the call may have been processed (the contract's x-acs-before-retry). */
  readonly beforeRetry?: string | undefined;
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
  /** What was denied and why (the policy, the action, an encoded diagnostic), when the service sent it. */
  readonly accessDeniedDetail: Readonly<Record<string, unknown>> | undefined;

  constructor(init: ErrorInit<Code>) {
    // A 5xx the contract does not mark safe may come after the service acted, and the operation
    // may not be idempotent: say so. A 4xx is a refusal.
    const outcome = init.httpStatus >= 500 && !init.retryable ? ` ${mayHaveBeenProcessed(init.beforeRetry)}` : '';
    super(`${init.code} (HTTP ${init.httpStatus}): ${init.message}${init.requestId ? ` [RequestId ${init.requestId}]` : ''}${outcome}`);
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.hostId = init.hostId;
    this.recommend = init.recommend;
    this.retryable = init.retryable;
    this.documented = init.documented;
    this.retryAfterMs = init.retryAfterMs;
    this.accessDeniedDetail = init.accessDeniedDetail;
  }
}

/** The request broke the contract; nothing was sent. A generated client's subclass types `Code` as the documented codes. */
export class RequestValidationError<Code extends string = string> extends Error {
  override readonly name = 'RequestValidationError';
  readonly issues: readonly ValidationIssue<Code>[];
  readonly warnings: readonly ValidationWarning[];

  constructor({ action, issues, warnings }: { action: string; issues: readonly ValidationIssue<Code>[]; warnings: readonly ValidationWarning[] }) {
    super(`${action} request is invalid; nothing was sent:\n${formatIssues(issues)}`);
    this.issues = issues;
    this.warnings = warnings;
  }
}

/** The service answered 2xx with a body the contract does not allow. */
export class ResponseContractError extends Error {
  override readonly name = 'ResponseContractError';
  readonly httpStatus: number;
  /** The answer's issues: each `code` is ANSWER_CODE, not one of the service's. */
  readonly issues: readonly ValidationIssue<AnswerCode>[];
  readonly body: unknown;

  constructor({ action, httpStatus, issues, body }: { action: string; httpStatus: number; issues: readonly ValidationIssue<AnswerCode>[]; body: unknown }) {
    super(`${action} answered ${httpStatus} with a body the contract does not allow:\n${formatIssues(issues)}${errorInSuccess(body)}`);
    this.httpStatus = httpStatus;
    this.issues = issues;
    this.body = body;
  }
}

/** A gateway or proxy that answers an error body with a 2xx status: what it said is the news, not the fields it lacks. */
function errorInSuccess(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { Code: code, Message: message } = body as Record<string, unknown>;
  if (typeof code !== 'string' || code === '') return '';
  return `\nThe body is an error answer: ${code}${typeof message === 'string' && message !== '' ? `: ${message}` : ''}`;
}

/** The answer could not be read as the JSON the contract promises (a proxy's HTML, empty, cut short, too large). */
export class UnreadableResponseError extends Error {
  override readonly name = 'UnreadableResponseError';
  readonly httpStatus: number;
  readonly reason: 'empty' | 'not-json' | 'no-error-code' | 'too-large' | 'interrupted';
  /** The first BODY_PREFIX (512) characters of what arrived. */
  readonly bodyPrefix: string;
  /** Unknown whether the service acted: a 2xx or a 5xx that cannot be read may come after it did. */
  readonly retryable = false;

  constructor({ action, httpStatus, reason, bodyPrefix, beforeRetry }: { action: string; httpStatus: number; reason: UnreadableResponseError['reason']; bodyPrefix: string; beforeRetry?: string | undefined }) {
    const outcome = httpStatus >= 400 && httpStatus < 500 ? TOO_LONG[httpStatus] ?? '' : ` ${mayHaveBeenProcessed(beforeRetry)}`;
    super(`${action} answered ${httpStatus} with a body that cannot be read (${reason}): ${JSON.stringify(bodyPrefix.slice(0, 120))}.${outcome}`);
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.bodyPrefix = bodyPrefix;
  }
}

/**
 * Refusals of a request too long to read, which a server answers before any contract code runs.
 * Every parameter of an RPC call travels in the query, so a large list makes a long request line.
 */
const TOO_LONG: Readonly<Record<number, string>> = {
  414: ' The server refused the URL as too long: every parameter travels in the query, so the server (or a proxy before it) must accept a longer request line.',
  431: " The server refused the request's head as too large: every parameter travels in the query, so a server on Node needs --max-http-header-size (or maxHeaderSize) above the 16 KiB default.",
};

/** What to do before calling again when the operation's contract does not say (x-acs-before-retry). */
const BEFORE_RETRY = 'check whether it took effect before calling again';

function mayHaveBeenProcessed(beforeRetry: string | undefined): string {
  return `The request may have been processed: ${beforeRetry ?? BEFORE_RETRY}.`;
}

/** The call did not complete. `sent` says whether the request may have reached the service. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  /** `aborted`: the caller's AbortSignal fired; `cause` is its reason. */
  readonly reason: 'timeout' | 'network' | 'aborted';
  readonly sent: boolean;
  readonly retryable: boolean;

  /**
   * `waited`: for an abort between attempts, the failure the next attempt was waiting on (`ThrottlingException`,
   * `network before sending`): each attempt before it reached no service or was refused unprocessed.
   */
  constructor({ action, reason, sent, cause, beforeRetry, waited }: { action: string; reason: TransportError['reason']; sent: boolean; cause: unknown; beforeRetry?: string | undefined; waited?: string | undefined }) {
    // The advice is the operation's own, from its contract: this class serves every operation.
    const unsent = waited === undefined ? 'The request was not sent.' : `It was waiting to retry (the last attempt: ${waited}); no attempt was processed, so it is safe to call again.`;
    const outcome = sent ? mayHaveBeenProcessed(beforeRetry) : unsent;
    // An operation without an idempotency token cannot be told apart from its repeat, so an abort
    // after sending leaves the caller the same doubt as a timeout: the message says so.
    const what = reason === 'aborted' ? `was aborted by its signal (${nameOf(cause)})` : `failed (${reason}${reason === 'network' ? codeSuffix(cause) : ''})`;
    const untrusted = reason === 'network' && untrustedCertificate(cause);
    super(`${action} ${what}. ${outcome}${untrusted ? UNTRUSTED_CERTIFICATE : ''}`, { cause });
    this.reason = reason;
    this.sent = sent;
    // Whether to call again after an abort is the caller's decision, never the client's; a
    // certificate that is not trusted fails every attempt alike, so retrying only delays the news.
    this.retryable = !sent && reason !== 'aborted' && !untrusted;
  }
}

/** Node's codes for a server certificate that failed verification (OpenSSL's X509 errors, and a name it does not cover). */
const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'CERT_CHAIN_TOO_LONG', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REJECTED', 'CERT_REVOKED', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERROR_IN_CERT_NOT_AFTER_FIELD', 'ERROR_IN_CERT_NOT_BEFORE_FIELD', 'HOSTNAME_MISMATCH',
  'INVALID_CA', 'INVALID_PURPOSE', 'PATH_LENGTH_EXCEEDED', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);
/** Whether a connection failed on the server's certificate: in the TLS handshake, before anything of the request was sent. */
export function untrustedCertificate(cause: unknown): boolean {
  const code = errorCode(cause);
  return code !== undefined && CERTIFICATE_CODES.has(code);
}
const UNTRUSTED_CERTIFICATE =
  " The server's TLS certificate is not trusted, so calling again fails the same way: check the endpoint, or trust the certificate's authority (NODE_EXTRA_CA_CERTS).";

/** The system's code for a failed connection (`: ECONNREFUSED`): what to look at, without the cause's text. */
function codeSuffix(cause: unknown): string {
  const code = errorCode(cause);
  return code === undefined ? '' : `: ${code}`;
}

/** The first string `code` on an error or its chain of causes (fetch wraps the socket's error). */
export function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Thrown for options a client or a call cannot work with (no credentials, no endpoint, a header it cannot send), before anything is sent. */
export class ClientConfigurationError extends Error {
  override readonly name = 'ClientConfigurationError';
}
