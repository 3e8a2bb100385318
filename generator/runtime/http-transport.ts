/// <reference types="node" preserve="true" />
/**
 * The default way a call leaves the process: `node:http` / `node:https` through a keep-alive agent
 * owned by one client. It knows nothing of any operation: it sends one prepared request, reads one
 * answer under a byte cap, and says exactly whether any byte of the request may have left.
 *
 * "May have left" starts when a new connection is established (TCP connected; for https, the TLS
 * handshake done, since no request byte can be encrypted before it), or when a pooled connection
 * that can still write is handed over — Node writes the request to it at once. Before that, a
 * failure (refused, unknown host, a connect timeout, a failed handshake, waiting for a free socket)
 * certainly sent nothing.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { constants as zlibConstants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { bodyPrefix } from './errors.js';

export interface Exchange {
  /** The origin to connect to (protocol, host, port). */
  readonly origin: URL;
  /** Path and query string, sent as they are. */
  readonly path: string;
  readonly method: string;
  /** Every header to send, `host` included. */
  readonly headers: Readonly<Record<string, string>>;
  /** From the start of the exchange to the last byte of the answer. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly maxBytes: number;
}

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** Why an exchange did not complete; for `aborted`, the caller's signal fired and `cause` is its reason. */
export class ExchangeFailure extends Error {
  override readonly name = 'ExchangeFailure';
  readonly kind: 'timeout' | 'network' | 'too-large' | 'interrupted' | 'aborted';
  /** Whether any byte of the request may have reached the server. */
  readonly sent: boolean;
  /** The answer's status, once its headers arrived (0 before). */
  readonly status: number;
  /** For an answer that was not read to its end (too-large, interrupted): the start of its body. */
  readonly prefix: string;

  constructor({ kind, sent, status = 0, prefix = '', cause }: { kind: ExchangeFailure['kind']; sent: boolean; status?: number; prefix?: string; cause: unknown }) {
    super(`exchange failed (${kind})`, { cause });
    this.kind = kind;
    this.sent = sent;
    this.status = status;
    this.prefix = prefix;
  }
}

export type Sender = (exchange: Exchange) => Promise<Answer>;

export interface SenderOptions {
  readonly maxSockets?: number;
  /** An idle pooled connection is closed after this (sooner if the server announces a shorter keep-alive). */
  readonly idleMs?: number;
}

const decoder = new TextDecoder();

/** One keep-alive agent per sender; idle sockets do not keep the process alive (Node unrefs pooled sockets). */
export function createHttpSender({ maxSockets = 256, idleMs = 4_000 }: SenderOptions = {}): Sender {
  let httpAgent: HttpAgent | undefined;
  let httpsAgent: HttpsAgent | undefined;
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: idleMs, scheduling: 'lifo' } as const;

  return (exchange) =>
    new Promise<Answer>((resolve, reject) => {
      const { origin, signal } = exchange;
      if (signal?.aborted) return reject(new ExchangeFailure({ kind: 'aborted', sent: false, cause: signal.reason }));
      const secure = origin.protocol === 'https:';
      if (!secure && origin.protocol !== 'http:') {
        return reject(new ExchangeFailure({ kind: 'network', sent: false, cause: new Error(`unsupported protocol ${origin.protocol}`) }));
      }
      const pending = new Pending({ exchange, secure, resolve, reject });
      let request: ClientRequest;
      try {
        const send = secure ? httpsRequest : httpRequest;
        const agent = secure ? (httpsAgent ??= new HttpsAgent(agentOptions)) : (httpAgent ??= new HttpAgent(agentOptions));
        request = send({
          protocol: origin.protocol,
          hostname: origin.hostname.startsWith('[') ? origin.hostname.slice(1, -1) : origin.hostname,
          port: origin.port === '' ? undefined : Number(origin.port),
          path: exchange.path,
          method: exchange.method,
          headers: exchange.headers,
          agent,
        });
      } catch (error) {
        // Node refused the request before opening anything (an invalid header, path or protocol). Its own error
        // may quote what it refused: only its code is kept.
        const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
        return pending.fail(new ExchangeFailure({ kind: 'network', sent: false, cause: Object.assign(new Error(`node:http refused the request${code ? ` (${code})` : ''}`), code ? { code } : {}) }));
      }
      pending.request = request;
      (request as Carrier)[kPending] = pending;
      request.on('socket', onSocket);
      request.on('response', onResponse);
      // Stays for the request's life: an error after the outcome is settled is ignored, never unhandled.
      request.on('error', onRequestError);
      request.end();
    });
}

const kPending = Symbol('pending exchange');
type Carrier = { [kPending]?: Pending };
const pendingOf = (emitter: unknown): Pending => (emitter as Carrier)[kPending]!;

/** One exchange in flight. Listeners are shared functions that find it on the emitter: no closures per call. */
class Pending {
  settled = false;
  /** Whether any byte of the request may have left (see the top of this file). */
  mayHaveSent = false;
  request: ClientRequest | undefined = undefined;
  response: IncomingMessage | undefined = undefined;
  body: Readable | undefined = undefined;
  status = 0;
  chunks: Buffer[] = [];
  size = 0;
  readonly timer: NodeJS.Timeout;
  readonly exchange: Exchange;
  readonly secure: boolean;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: unknown) => void;

  constructor({ exchange, secure, resolve, reject }: { exchange: Exchange; secure: boolean; resolve: (answer: Answer) => void; reject: (error: unknown) => void }) {
    this.exchange = exchange;
    this.secure = secure;
    this.resolve = resolve;
    this.reject = reject;
    this.timer = setTimeout(onTimeout, exchange.timeoutMs, this);
    exchange.signal?.addEventListener('abort', this, { once: true });
  }

  /** The caller's signal aborted: that is the outcome, at once, with whether the request may have left. */
  handleEvent(): void {
    this.fail(new ExchangeFailure({ kind: 'aborted', sent: this.response !== undefined || this.mayHaveSent, status: this.status, cause: this.exchange.signal!.reason }));
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settle();
    // Destroying the request destroys its socket: a connection in an unknown state never goes back to the pool.
    this.request?.destroy();
    this.response?.destroy();
    if (this.body !== this.response) this.body?.destroy();
    this.reject(error);
  }

  succeed(): void {
    if (this.settled) return;
    this.settle();
    const { chunks } = this;
    this.resolve({ status: this.status, headers: this.response!.headers, text: decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) });
  }

  /** The answer began and broke off: what arrived of it is kept. */
  interrupted(cause: unknown): ExchangeFailure {
    return new ExchangeFailure({ kind: 'interrupted', sent: true, status: this.status, prefix: this.prefix(), cause });
  }

  /** The start of what arrived, for an answer that will not be read in full. */
  prefix(): string {
    return bodyPrefix(this.chunks);
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.exchange.signal?.removeEventListener('abort', this);
  }
}

function onTimeout(pending: Pending): void {
  const answered = pending.response !== undefined;
  const cause = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  pending.fail(new ExchangeFailure({ kind: 'timeout', sent: answered || pending.mayHaveSent, status: pending.status, cause }));
}

function onSocket(this: ClientRequest, socket: Socket): void {
  const pending = pendingOf(this);
  if (this.reusedSocket) {
    // Node writes the request to a pooled socket right after this event: only one that can no longer
    // write at all proves that nothing left.
    pending.mayHaveSent = !(socket.destroyed || !socket.writable || socket.readableEnded);
  } else if (socket.connecting) {
    // A new connection: nothing is written before it is established (for TLS, before the handshake ends).
    socket.once(pending.secure ? 'secureConnect' : 'connect', () => {
      pending.mayHaveSent = true;
    });
  } else {
    pending.mayHaveSent = true;
  }
}

function onRequestError(this: ClientRequest, error: unknown): void {
  const pending = pendingOf(this);
  if (pending.response !== undefined) return pending.fail(pending.interrupted(error));
  pending.fail(new ExchangeFailure({ kind: 'network', sent: pending.mayHaveSent, cause: error }));
}

function onResponse(this: ClientRequest, response: IncomingMessage): void {
  const pending = pendingOf(this);
  pending.response = response;
  pending.status = response.statusCode ?? 0;
  const body = decodedBody(response);
  pending.body = body;
  (body as Carrier)[kPending] = pending;
  if (body !== response) {
    (response as Carrier)[kPending] = pending;
    response.on('error', onBodyError);
  }
  body.on('data', onBodyData);
  body.on('end', onBodyEnd);
  body.on('error', onBodyError);
  // A connection lost mid-body: the answer closes without its end.
  body.on('close', onBodyClose);
}

function onBodyData(this: Readable, chunk: Buffer): void {
  const pending = pendingOf(this);
  if (pending.settled) return;
  pending.size += chunk.byteLength;
  pending.chunks.push(chunk);
  if (pending.size > pending.exchange.maxBytes) pending.fail(new ExchangeFailure({ kind: 'too-large', sent: true, status: pending.status, prefix: pending.prefix(), cause: undefined }));
}

function onBodyEnd(this: Readable): void {
  pendingOf(this).succeed();
}

function onBodyError(this: Readable, error: unknown): void {
  const pending = pendingOf(this);
  pending.fail(pending.interrupted(error));
}

function onBodyClose(this: Readable): void {
  const pending = pendingOf(this);
  if (!pending.settled) pending.fail(pending.interrupted(new Error('the connection closed before the end of the answer')));
}

/** The body as the server meant it: fetch undoes a content coding (gzip, deflate, br), so this does too. */
function decodedBody(response: IncomingMessage): Readable {
  const coding = response.headers['content-encoding']?.trim().toLowerCase();
  if (coding === undefined || coding === '' || coding === 'identity' || response.statusCode === 204 || response.statusCode === 304) return response;
  const lenient = { flush: zlibConstants.Z_SYNC_FLUSH, finishFlush: zlibConstants.Z_SYNC_FLUSH };
  const decoding =
    coding === 'gzip' || coding === 'x-gzip'
      ? createGunzip(lenient)
      : coding === 'deflate'
        ? createInflate(lenient)
        : coding === 'br'
          ? createBrotliDecompress({ flush: zlibConstants.BROTLI_OPERATION_FLUSH, finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH })
          : undefined;
  return decoding === undefined ? response : response.pipe(decoding);
}
