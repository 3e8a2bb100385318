/**
 * A local stand-in for the RPC gateway that checks each request the way the gateway does: it
 * recomputes the ACS3-HMAC-SHA256 signature from what actually arrived (the raw query string and
 * the received headers) with a secret it knows, and refuses a bad one with `IncompleteSignature`.
 * Everything else it answers is scripted per request, including the failures a real network and
 * a real proxy produce (HTML, empty or cut-short bodies, slow answers, dropped connections).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { canonicalQueryString, sha256Hex, signRequest } from '../../generated/runtime/signer.js';
import { listen } from '../../conformance/mock/listen.js';

export const TEST_ACCESS_KEY_ID = 'testid';
export const TEST_ACCESS_KEY_SECRET = 'testsecret';
/** The gateway's limit on the skew between x-acs-date and its own clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const ACS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const AUTHORIZATION = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/;

export type QueryPairs = Array<[name: string, value: string]>;

/** What one request looked like on arrival, and what the signature check made of it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** The query string exactly as it arrived, without the `?`. */
  readonly rawQuery: string;
  /** The query's pairs in wire order, names and values percent-decoded. */
  readonly query: QueryPairs;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Empty when the request passed every check the gateway makes. */
  readonly problems: readonly string[];
  readonly accessKeyId: string | undefined;
  /** `performance.now()` when the request was fully read. */
  readonly receivedAt: number;
  /** `performance.now()` when the answer was completely written (or the socket destroyed). */
  answeredAt: number | undefined;
}

interface Timing {
  /** Wait this long before writing anything (status line included). */
  readonly delayMs?: number;
}

export type Reply = Timing &
  (
    | { readonly kind: 'json'; readonly status: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>> }
    /** Any text as it is: a proxy's HTML, an empty body, JSON cut short (with a matching content-length). */
    | { readonly kind: 'text'; readonly status: number; readonly body: string; readonly contentType?: string; readonly headers?: Readonly<Record<string, string>> }
    /** The request was read, then the connection is dropped without a byte of answer. */
    | { readonly kind: 'destroy' }
    /** Headers and the first `sentBytes` of a body that announced its full length, then the connection is dropped. */
    | { readonly kind: 'destroy-mid-body'; readonly status: number; readonly body: string; readonly sentBytes: number }
  );

export type Responder = readonly Reply[] | ((request: ReceivedRequest, index: number) => Reply);

export interface SigningServerOptions {
  /**
   * An array is answered in order, one reply per request that passed the signature check; a
   * request past its end gets a 500 `TestServer.NoReplyQueued` so a surplus attempt is visible.
   * A function is asked for every such request. Default: the success answer, always.
   */
  readonly respond?: Responder;
  /** AccessKeyId → AccessKeySecret the server accepts. Default: testid → testsecret. */
  readonly secrets?: Readonly<Record<string, string>>;
}

export interface SigningServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order, the refused ones too. */
  readonly received: readonly ReceivedRequest[];
  close(): Promise<void>;
}

export const SUCCESS_BODY = { OperationId: 'op-test0000000001', RequestId: 'REQ-SUCCESS-0001' } as const;

export function success(body: unknown = SUCCESS_BODY): Reply {
  return { kind: 'json', status: 200, body };
}

export function json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): Reply {
  return { kind: 'json', status, body, ...(headers === undefined ? {} : { headers }) };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): Reply {
  return { kind: 'text', status, body, contentType };
}

/** The body the gateway sends with an error code. */
export function errorBody(code: string, { requestId = `REQ-${code}`, message = `${code} happened.` }: { requestId?: string; message?: string } = {}) {
  return {
    RequestId: requestId,
    HostId: 'emr.cn-hangzhou.aliyuncs.com',
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Emr`,
  };
}

export function apiError(status: number, code: string, headers?: Readonly<Record<string, string>>): Reply {
  return json(status, errorBody(code), headers);
}

export function delayed(delayMs: number, reply: Reply): Reply {
  return { ...reply, delayMs };
}

/** A delay no call outlives (the largest a timer takes): the answer never comes, and nothing races it. */
export const NEVER_MS = 2 ** 31 - 1;

/** A request read and never answered, for timeouts and aborts that must not race an answer. */
export function never(): Reply {
  return delayed(NEVER_MS, success());
}

export function always(reply: Reply): Responder {
  return () => reply;
}

export interface Verification {
  readonly path: string;
  readonly rawQuery: string;
  readonly query: QueryPairs;
  readonly accessKeyId: string | undefined;
  readonly problems: string[];
}

/**
 * The gateway's checks on one request, from what was received: the raw target (`/?a=b`), the
 * headers (names in any case; `host` included) and the body. The signature is recomputed with
 * `signRequest` from the received values, so a client that signs one thing and sends another fails.
 */
export function verifyAcs3Request({
  method,
  target,
  headers,
  body = '',
  secrets = { [TEST_ACCESS_KEY_ID]: TEST_ACCESS_KEY_SECRET },
  now = Date.now(),
}: {
  method: string;
  target: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body?: string;
  secrets?: Readonly<Record<string, string>>;
  now?: number;
}): Verification {
  const problems: string[] = [];
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      problems.push(`header ${name} arrived more than once`);
      continue;
    }
    lower.set(name.toLowerCase(), value);
  }
  const header = (name: string) => lower.get(name);

  const mark = target.indexOf('?');
  const path = mark < 0 ? target : target.slice(0, mark);
  const rawQuery = mark < 0 ? '' : target.slice(mark + 1);
  const query = parseRawQuery(rawQuery, problems);
  if (rawQuery !== canonicalQueryString(query)) {
    problems.push(`the query string sent is not the canonical one that is signed: ${rawQuery}`);
  }

  const contentSha = header('x-acs-content-sha256');
  if (contentSha !== sha256Hex(body)) problems.push(`x-acs-content-sha256 ${String(contentSha)} is not the SHA-256 of the body`);
  const date = header('x-acs-date');
  if (date === undefined || !ACS_DATE.test(date)) problems.push(`x-acs-date ${String(date)} is not YYYY-MM-DDTHH:mm:ssZ`);
  else if (Math.abs(Date.parse(date) - now) > MAX_CLOCK_SKEW_MS) problems.push(`x-acs-date ${date} is more than 15 minutes off`);
  if (!header('x-acs-signature-nonce')) problems.push('x-acs-signature-nonce is missing');

  const authorization = header('authorization') ?? '';
  const parsed = AUTHORIZATION.exec(authorization);
  if (parsed === null) {
    problems.push(`Authorization is not ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`);
    return { path, rawQuery, query, accessKeyId: undefined, problems };
  }
  const [, accessKeyId = '', signedHeaders = ''] = parsed;
  const secret = Object.hasOwn(secrets, accessKeyId) ? secrets[accessKeyId] : undefined;
  if (secret === undefined) {
    problems.push(`unknown AccessKeyId ${accessKeyId}`);
    return { path, rawQuery, query, accessKeyId, problems };
  }

  // What the client must have signed: host, content-type if sent, every x-acs-* header received.
  const expectedNames = [...lower.keys()].filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-')).sort();
  if (signedHeaders !== expectedNames.join(';')) {
    problems.push(`SignedHeaders ${signedHeaders} is not ${expectedNames.join(';')}`);
  }
  const toSign: Record<string, string> = {};
  for (const name of expectedNames) {
    if (name === 'host' || name === 'x-acs-content-sha256' || name === 'x-acs-security-token') continue;
    toSign[name] = lower.get(name)!;
  }
  const token = header('x-acs-security-token');
  try {
    const expected = signRequest({
      method,
      host: header('host') ?? '',
      path,
      query,
      headers: toSign,
      body,
      accessKeyId,
      accessKeySecret: secret,
      ...(token === undefined ? {} : { securityToken: token }),
    });
    if (expected.authorization !== authorization) problems.push('the signature does not match the request received');
  } catch (error) {
    problems.push(`the request cannot be signed: ${(error as Error).message}`);
  }
  return { path, rawQuery, query, accessKeyId, problems };
}

function parseRawQuery(rawQuery: string, problems: string[]): QueryPairs {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((part) => {
    const equals = part.indexOf('=');
    const name = equals < 0 ? part : part.slice(0, equals);
    const value = equals < 0 ? '' : part.slice(equals + 1);
    return [decode(name, problems), decode(value, problems)];
  });
}

function decode(text: string, problems: string[]): string {
  try {
    return decodeURIComponent(text);
  } catch {
    problems.push(`${text} is not valid percent-encoded UTF-8`);
    return text;
  }
}

export async function startSigningServer(options: SigningServerOptions = {}): Promise<SigningServer> {
  const received: ReceivedRequest[] = [];
  const secrets = options.secrets ?? { [TEST_ACCESS_KEY_ID]: TEST_ACCESS_KEY_SECRET };
  const respond = options.respond ?? always(success());
  const timers = new Set<NodeJS.Timeout>();
  const seenNonces = new Set<string>();
  let answered = 0;

  const nextReply = (request: ReceivedRequest): Reply => {
    const index = answered++;
    if (typeof respond === 'function') return respond(request, index);
    return respond[index] ?? apiError(500, 'TestServer.NoReplyQueued');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verification = verifyAcs3Request({ method: req.method ?? '', target: req.url ?? '', headers: req.headers, body, secrets });
      const nonce = req.headers['x-acs-signature-nonce'];
      if (typeof nonce === 'string' && seenNonces.has(nonce)) verification.problems.push(`nonce ${nonce} was already used`);
      if (typeof nonce === 'string') seenNonces.add(nonce);
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: verification.path,
        rawQuery: verification.rawQuery,
        query: verification.query,
        headers: req.headers,
        body,
        problems: verification.problems,
        accessKeyId: verification.accessKeyId,
        receivedAt: performance.now(),
        answeredAt: undefined,
      };
      received.push(request);
      const reply: Reply =
        request.problems.length > 0
          ? json(400, errorBody('IncompleteSignature', { message: `The request signature is invalid. ${request.problems.join('; ')}` }))
          : nextReply(request);
      schedule({ reply, req, res, request });
    });
  });

  function schedule({ reply, req, res, request }: { reply: Reply; req: IncomingMessage; res: ServerResponse; request: ReceivedRequest }): void {
    if (!reply.delayMs) return write({ reply, req, res, request });
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) write({ reply, req, res, request });
    }, reply.delayMs);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  }

  function write({ reply, req, res, request }: { reply: Reply; req: IncomingMessage; res: ServerResponse; request: ReceivedRequest }): void {
    const done = () => {
      request.answeredAt = performance.now();
    };
    switch (reply.kind) {
      case 'destroy':
        done();
        req.socket.destroy();
        return;
      case 'destroy-mid-body': {
        const bytes = Buffer.from(reply.body, 'utf8');
        res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(bytes.byteLength) });
        res.flushHeaders();
        res.write(bytes.subarray(0, reply.sentBytes), () => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            done();
            req.socket.destroy();
          }, 20);
          timers.add(timer);
        });
        return;
      }
      case 'json':
      case 'text': {
        const payload = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.body;
        const bytes = Buffer.from(payload, 'utf8');
        const contentType = reply.kind === 'json' ? 'application/json;charset=utf-8' : (reply.contentType ?? 'text/plain');
        res.writeHead(reply.status, { 'content-type': contentType, 'content-length': String(bytes.byteLength), ...reply.headers });
        res.end(bytes, done);
        return;
      }
    }
  }

  const port = await listen({ server });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
