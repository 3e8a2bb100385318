import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { DocumentModel, ErrorModel, OperationModel } from '../../generator/model.js';
import { generatedNames } from '../../generator/emit/names.js';
import type { GeneratedCode } from '../generated-code.js';
import type { RunningServer } from './prism-process.js';
import { listen, MAX_REQUEST_HEAD_BYTES, originOf } from './listen.js';
import { prismPaths } from './prism-view.js';
import { ACTION_HEADER, INCOMPLETE_SIGNATURE, INVALID_ACTION, MISSING_ACTION, wirePath } from '../gateway.js';

/** A form body carries what a query would: the largest request the contract allows fits, as it does in a request line. */
const MAX_FORM_BYTES = MAX_REQUEST_HEAD_BYTES;
const BODY_HEADERS = new Set(['content-length', 'content-type', 'transfer-encoding', 'content-encoding']);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization']);

/** What the generated `from<Operation>Query` returns, as far as the front needs it. */
interface DecodeOutcome {
  readonly ok: boolean;
  readonly issues?: readonly { readonly code: string; readonly parameter: string; readonly message: string }[];
}
type Decoder = (params: Iterable<readonly [string, string]>) => DecodeOutcome;

/** One line of the front's log: who answered a request, and with what. */
export interface FrontEvent {
  readonly method: string;
  readonly target: string;
  readonly status: number;
  /** `contract` when the front refused the request itself, `prism` when Prism answered. */
  readonly answeredBy: 'contract' | 'prism' | 'front';
  readonly code?: string;
  readonly parameter?: string;
  /** The validator's full explanation of the first issue. */
  readonly detail?: string;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
  readonly event: Omit<FrontEvent, 'method' | 'target' | 'status'>;
}

/**
 * A small front for Prism that holds a request to everything the contract says before Prism sees
 * it. Prism ignores undeclared query names, matches names case-insensitively, never looks inside
 * `List.N.Field` keys and answers its first 400 example whatever the fault; the front answers an
 * invalid request the way the service would (the documented status and code, the message filled
 * with the parameter's wire name) and passes everything else to Prism, but for the flattened
 * list items Prism never reads (prismTarget).
 */
export async function startStrictFront({
  model,
  code,
  upstream,
  port,
  host = '127.0.0.1',
  onRequest,
}: {
  model: DocumentModel;
  /** The code `generate` produced for this document (loadGeneratedCode). */
  code: GeneratedCode;
  /**
   * Prism's address, or its promise while Prism still starts: the front then holds its port from
   * the start, so that nothing (Prism's own free port included) can take it in the meantime.
   */
  upstream: string | Promise<string>;
  port: number;
  host?: string;
  onRequest?: (event: FrontEvent) => void;
}): Promise<RunningServer> {
  const decoders = findDecoders({ model, code });
  const places = prismPaths([...new Set(model.operations.map((op) => op.path))]);
  const routes: Routes = { wire: new Set(model.operations.map((op) => wirePath(op.path))), served: new Set(places.values()) };
  const agent = new Agent({ keepAlive: true });
  const target = Promise.resolve(upstream).then((url) => new URL(url));
  // Awaited by each request; until one comes, a rejection here is the starter's to report.
  target.catch(() => undefined);

  const server = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES }, (req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    let answer: Answer;
    try {
      const query = wireQuery({ req, form: await readForm(req) });
      const checked = check({ model, decoders, req, query, routes });
      answer = checked.answer ?? (await forward({ req, query, target: await target, agent, place: checked.op === undefined ? undefined : places.get(checked.op.path) }));
    } catch (error) {
      answer = error instanceof FormTooLarge ? frontRefusal({ req, status: 413, code: TOO_LARGE, message: error.message }) : frontFailure({ error, host: req.headers.host });
    }
    try {
      onRequest?.({ method, target: path, status: answer.status, ...answer.event });
    } catch {
      // A failing log hook must not change the answer.
    }
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  }

  const actualPort = await listen({ server, port, host });
  let stopping: Promise<void> | undefined;
  return {
    url: originOf({ host, port: actualPort }),
    stop: () => {
      stopping ??= new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
        agent.destroy();
      });
      return stopping;
    },
  };
}

/** The generated decoder of each operation, by the name the codec was given (generatedNames). */
function findDecoders({ model, code }: { model: DocumentModel; code: GeneratedCode }): Map<string, Decoder> {
  const codec = code.module('codec.ts');
  const names = generatedNames(model);
  const decoders = new Map<string, Decoder>();
  for (const op of model.operations) {
    const name = names.operation(op).fromQuery;
    const decoder = codec[name];
    if (typeof decoder !== 'function') throw new Error(`the generated codec has no export ${name}`);
    decoders.set(op.operationId, decoder as Decoder);
  }
  return decoders;
}

/** A request's path and its parameters as one query string. */
interface WireQuery {
  readonly path: string;
  /** Without the `?`; empty when there is none. */
  readonly search: string;
}

/**
 * The gateway reads a request's parameters from its query string, and the same pairs from an
 * `application/x-www-form-urlencoded` body; they are one query here, read and passed on as such.
 * No other body is read: the contract's operations take none (generate refuses a request body).
 */
function wireQuery({ req, form }: { req: IncomingMessage; form: string }): WireQuery {
  const target = originForm(req.url ?? '/');
  const at = target.indexOf('?');
  const path = at === -1 ? target : target.slice(0, at);
  const inUrl = at === -1 ? '' : target.slice(at + 1);
  // Parsed and written again: a form may hold what a request line may not (a space, a #, non-ASCII).
  const written = new URLSearchParams(form).toString();
  const search = [inUrl, written].filter((part) => part !== '').join('&');
  // Written again for Prism, a form of non-ASCII text grows up to three times: the request line it makes must fit too.
  if (search.length > MAX_FORM_BYTES) throw new FormTooLarge(`The parameters, written as a query, take ${search.length} bytes; a request may take ${MAX_FORM_BYTES}.`);
  return { path, search };
}

/**
 * A request target in absolute form (`http://host/?…`, which HTTP/1.1 servers must accept) as the
 * path and query it names: Prism reads it so, and it must be checked as what Prism will serve.
 */
function originForm(target: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return target;
  }
}

const FORM = /^application\/x-www-form-urlencoded(?:\s*;|\s*$)/i;

/** The paths of a document, found once: those its operations travel to, and those Prism serves them at (prismPaths). */
interface Routes {
  readonly wire: ReadonlySet<string>;
  readonly served: ReadonlySet<string>;
}

/**
 * Why a path must not reach Prism, or undefined: where Prism serves an operation that shares its
 * wire path (`/.operation/<Action>`), the mock's own; or a path Prism resolves as a URL into one of
 * its places (`//host/` reads as `/`). Either would reach an operation unchecked.
 */
function notServed({ path, routes: { wire, served } }: { path: string; routes: Routes }): string | undefined {
  if (wire.has(path)) return undefined;
  const travel = `operations travel to ${[...wire].join(', ')}`;
  if (served.has(path)) return `${path} is where Prism serves an operation for the mock; ${travel}.`;
  let resolved: string | undefined;
  try {
    resolved = new URL(path, 'http://prism.invalid').pathname;
  } catch {
    resolved = undefined;
  }
  if (resolved === undefined || served.has(resolved)) return `${path} is no path of the contract, though Prism would read it as ${resolved ?? 'a path of its own'}; ${travel}.`;
  return undefined;
}

/** The answer to a request the contract refuses, or none when it goes to Prism (for the operation found, if any). */
function check({ model, decoders, req, query, routes }: { model: DocumentModel; decoders: ReadonlyMap<string, Decoder>; req: IncomingMessage; query: WireQuery; routes: Routes }): { answer?: Answer; op?: OperationModel } {
  // Joined, not resolved: a path starting with // is a path here, not a host.
  const url = new URL(`http://front.invalid${query.path.startsWith('/') ? '' : '/'}${query.path}?${query.search}`);
  const unserved = notServed({ path: url.pathname, routes });
  if (unserved !== undefined) return { answer: frontRefusal({ req, status: 404, code: PATH_NOT_SERVED, message: unserved }) };
  const routed = findOperation({ model, req, url, routes });
  const answer = refusal({ model, decoders, req, url, routed });
  return answer !== undefined ? { answer } : routed.kind === 'found' ? { op: routed.op } : {};
}

function refusal({ model, decoders, req, url, routed }: { model: DocumentModel; decoders: ReadonlyMap<string, Decoder>; req: IncomingMessage; url: URL; routed: Routed }): Answer | undefined {
  const refuse = (code: string, parameter: string, detail?: string): Answer | undefined => {
    const error = documented(model, code);
    return error && errorAnswer({ model, error, parameter, host: req.headers.host, detail });
  };
  // Where the contract documents no code for these, the front answers with its own: passed on,
  // Prism would answer the request as whichever operation it serves on that path.
  const actions = () => model.operations.filter((op) => wirePath(op.path) === url.pathname).flatMap((op) => actionOf(op) ?? []);
  if (routed.kind === 'missing-action') {
    return refuse(MISSING_ACTION, ACTION_HEADER) ?? frontRefusal({ req, status: 400, code: ACTION_NOT_SERVED, message: `The request names no action (${ACTION_HEADER}); the actions on ${url.pathname} are ${actions().join(', ')}.` });
  }
  if (routed.kind === 'unknown-action') {
    return refuse(INVALID_ACTION, routed.action) ?? frontRefusal({ req, status: 400, code: ACTION_NOT_SERVED, message: `${routed.action} is no action of the contract on ${url.pathname}; its actions there are ${actions().join(', ')}.` });
  }
  if (routed.kind === 'no-operation') return undefined;
  const op = routed.op;
  // Passed on, another method would get Prism's own problem (405), a body no service answers with.
  if (req.method !== op.method) {
    return frontRefusal({ req, status: 405, code: METHOD_NOT_SERVED, message: `${op.operationId} is called with ${op.method}, not ${req.method ?? 'no method'}.`, headers: { allow: op.method } });
  }

  // The other fixed headers (x-acs-version) are parameters with one allowed value: the contract's
  // own codes for a missing parameter and for a value outside its enum answer them.
  for (const fixed of op.fixedHeaders) {
    if (fixed.name.toLowerCase() === ACTION_HEADER) continue;
    const sent = header(req.headers, fixed.name);
    const answer =
      sent === undefined || sent === '' ? refuse(op.violations.missing, fixed.name) : sent !== fixed.value ? refuse(op.violations.enum, fixed.name, `${fixed.name} must be ${fixed.value}, not ${sent}.`) : undefined;
    if (answer !== undefined) return answer;
  }

  if (model.signature !== undefined && !isSignature(header(req.headers, model.signature.header), model.signature.algorithm)) {
    const answer = refuse(INCOMPLETE_SIGNATURE, model.signature.header);
    if (answer !== undefined) return answer;
  }
  // The generated decoder alone reads the query, empty values included, so a provider built on it
  // answers every request as this front does. A Prefer header excuses nothing: the service never
  // reads it, and it only chooses among the answers to a request the service would take.
  const result = decoders.get(op.operationId)!(url.searchParams);
  const issue = result.ok ? undefined : result.issues?.[0];
  if (issue === undefined) return undocumentedPrefer({ op, req });
  const error = op.errors.find((e) => e.code === issue.code) ?? documented(model, issue.code);
  if (error === undefined) return undefined;
  return errorAnswer({ model, error, parameter: issue.parameter, host: req.headers.host, detail: issue.message });
}

/** The x-acs-action every call of the operation carries, if it names one. */
function actionOf(op: OperationModel): string | undefined {
  return op.fixedHeaders.find((h) => h.name.toLowerCase() === ACTION_HEADER)?.value;
}

type Routed =
  | { readonly kind: 'found'; readonly op: OperationModel }
  | { readonly kind: 'missing-action' }
  | { readonly kind: 'unknown-action'; readonly action: string }
  | { readonly kind: 'no-operation' };

function findOperation({ model, req, url, routes }: { model: DocumentModel; req: IncomingMessage; url: URL; routes: Routes }): Routed {
  if (!model.operations.some((op) => actionOf(op) !== undefined)) {
    const op = model.operations.find((o) => wirePath(o.path) === url.pathname);
    return op === undefined ? { kind: 'no-operation' } : { kind: 'found', op };
  }
  // Another path is no operation's, whatever its action says: Prism answers it as it would alone.
  if (!routes.wire.has(url.pathname)) return { kind: 'no-operation' };
  const action = header(req.headers, ACTION_HEADER);
  if (action === undefined || action === '') return { kind: 'missing-action' };
  const op = model.operations.find((o) => actionOf(o) === action && wirePath(o.path) === url.pathname);
  return op === undefined ? { kind: 'unknown-action', action } : { kind: 'found', op };
}

/** Only the format: the front knows no secret, so it cannot recompute the signature. */
function isSignature(value: string | undefined, algorithm: string): boolean {
  if (value === undefined) return false;
  const escaped = algorithm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped} Credential=[^,\\s]+,SignedHeaders=[^,\\s]+,Signature=[0-9a-f]+$`).test(value);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function documented(model: DocumentModel, code: string): ErrorModel | undefined {
  for (const op of model.operations) {
    const error = op.errors.find((e) => e.code === code);
    if (error !== undefined) return error;
  }
  return undefined;
}

/**
 * A Prefer header asking for an answer the contract does not document: Prism would answer with a
 * problem of its own (404, 422, 500) that reads as a broken service. The mistake is the test's, so
 * the front says which answers there are. Read as Prism reads it: the first value of each name.
 */
function undocumentedPrefer({ op, req }: { op: OperationModel; req: IncomingMessage }): Answer | undefined {
  const asked = preferences(req.headers['prefer']);
  const code = asked.get('code');
  const example = asked.get('example');
  const statuses = [...new Set([op.success.httpStatus, ...op.errors.map((e) => e.httpStatus)])].sort((a, b) => a - b);
  const status = code === undefined ? op.success.httpStatus : /^[1-9][0-9]{2}$/.test(code) ? Number(code) : undefined;
  if (status === undefined || !statuses.includes(status)) {
    return frontRefusal({ req, status: 400, code: PREFER_NOT_DOCUMENTED, message: `Prefer asks for code ${code}, which ${op.operationId} does not answer; it answers ${statuses.join(', ')}.` });
  }
  if (example === undefined) return undefined;
  // Error examples are named after their codes (generate holds them to it).
  const named = status === op.success.httpStatus ? op.success.examples : op.errors.filter((e) => e.httpStatus === status).map((e) => e.code);
  if (named.includes(example)) return undefined;
  const there = named.length === 0 ? 'none' : named.join(', ');
  return frontRefusal({ req, status: 400, code: PREFER_NOT_DOCUMENTED, message: `Prefer asks for example ${example} of code ${status}, which ${op.operationId} does not document; its ${status} examples: ${there}.` });
}

/**
 * The preferences of a Prefer header as Prism reads them (parse-prefer-header): split at commas
 * outside quotes, each preference's name before its first `;` (what follows are its parameters),
 * names trimmed and lower case, values trimmed and unquoted, the first of each name kept.
 */
function preferences(value: string | string[] | undefined): Map<string, string> {
  const found = new Map<string, string>();
  for (const preference of outsideQuotes([value ?? []].flat().join(','), ',')) {
    const [first = ''] = outsideQuotes(preference, ';');
    const at = first.indexOf('=');
    const name = (at === -1 ? first : first.slice(0, at)).trim().toLowerCase();
    const raw = at === -1 ? '' : first.slice(at + 1).trim();
    if (name !== '' && !found.has(name)) found.set(name, raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
  }
  return found;
}

function outsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A request the front refuses as the mock's own (not the contract's): its code is the mock's. */
function frontRefusal({ req, status, code, message, headers }: { req: IncomingMessage; status: number; code: string; message: string; headers?: Readonly<Record<string, string>> }): Answer {
  const answer = serviceShaped({ status, host: req.headers.host, code, message, event: { answeredBy: 'front', code, detail: message } });
  return headers === undefined ? answer : { ...answer, headers: { ...answer.headers, ...headers } };
}

/** The mock's own codes: none is the service's, so no answer of the front can pass for one. */
const PATH_NOT_SERVED = 'MockPathNotServed';
const PREFER_NOT_DOCUMENTED = 'MockPreferNotDocumented';
const ACTION_NOT_SERVED = 'MockActionNotServed';
const METHOD_NOT_SERVED = 'MockMethodNotServed';
const TOO_LARGE = 'MockRequestTooLarge';
const FRONT_FAILURE = 'MockFrontFailure';

function errorAnswer({ model, error, parameter, host, detail }: { model: DocumentModel; error: ErrorModel; parameter: string; host: string | undefined; detail: string | undefined }): Answer {
  return serviceShaped({
    status: error.httpStatus,
    host,
    code: error.code,
    // A function, so a `$&` in what the caller sent is not read as a replacement pattern.
    message: error.message.replace('%s', () => parameter),
    ...(model.product === undefined ? {} : { recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${encodeURIComponent(model.product)}` }),
    event: { answeredBy: 'contract', code: error.code, parameter, ...(detail === undefined ? {} : { detail }) },
  });
}

/** The front's own failure, in the shape of the service's error bodies so that a client reads it as one. */
function frontFailure({ error, host }: { error: unknown; host: string | undefined }): Answer {
  const message = error instanceof Error ? error.message : String(error);
  return serviceShaped({ status: 502, host, code: FRONT_FAILURE, message: `The strict mock could not answer: ${message}`, event: { answeredBy: 'front', detail: message } });
}

/** An answer in the shape of the gateway's error bodies, with a fresh RequestId in the body and its header. */
function serviceShaped({ status, host, code, message, recommend, event }: { status: number; host: string | undefined; code: string; message: string; recommend?: string; event: Answer['event'] }): Answer {
  const requestId = randomUUID().toUpperCase();
  const body = { RequestId: requestId, HostId: host ?? 'localhost', Code: code, Message: message, ...(recommend === undefined ? {} : { Recommend: recommend }) };
  return { status, headers: { 'content-type': 'application/json', 'x-acs-request-id': requestId }, body: Buffer.from(JSON.stringify(body)), event };
}

/** Parameters past what a request may carry (a form body, or the query it makes): answered 413, as a request line too long is answered 431. */
class FormTooLarge extends Error {}

/** The text of a form body; any other body is read to its end and dropped, as no operation takes one. */
async function readForm(req: IncomingMessage): Promise<string> {
  const form = FORM.test(header(req.headers, 'content-type') ?? '');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    if (!form) continue;
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormTooLarge(`A form body may hold ${MAX_FORM_BYTES} bytes, as a request line may (the largest request the contract allows fits).`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The request's target without the pairs of flattened lists and objects (`List.1.Field`): Prism
 * never reads them, as no declared parameter has a dot in its name, yet parsing them was most of
 * its time, about 0.6 s a request at a list's maximum, one request at a time. The front has read
 * them already; every other pair goes on as it was written.
 */
export function prismTarget(target: string): string {
  const at = target.indexOf('?');
  if (at === -1) return target;
  const kept = target
    .slice(at + 1)
    .split('&')
    .filter((pair) => !nameOf(pair).includes('.'));
  return kept.length === 0 ? target.slice(0, at) : `${target.slice(0, at)}?${kept.join('&')}`;
}

function nameOf(pair: string): string {
  const raw = pair.split('=', 1)[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Passes a request on to Prism. Prism closes an idle keep-alive connection after a few seconds,
 * and a request written onto it just then dies with ECONNRESET before any answer: such a request
 * is sent once more on a connection of its own (Node's advice for `reusedSocket`). Prism keeps no state,
 * so a second send changes nothing; any other failure is answered as the front's own.
 */
async function forward(input: { req: IncomingMessage; query: WireQuery; target: URL; agent: Agent; place: string | undefined }): Promise<Answer> {
  try {
    return await forwardOnce(input);
  } catch (error) {
    if (!(error instanceof StaleConnection)) throw error;
    // Not another idle connection of the pool: Prism closes them together, so it may be closing too.
    return forwardOnce({ ...input, agent: false });
  }
}

class StaleConnection extends Error {}

/** `place`: where Prism serves the request's operation (prismPaths), when the front found one. */
function forwardOnce({ req, query, target, agent, place }: { req: IncomingMessage; query: WireQuery; target: URL; agent: Agent | false; place: string | undefined }): Promise<Answer> {
  // Operations that share a path (`/#Action`) may be served by Prism at paths of their own.
  const path = prismTarget(`${place ?? query.path}${query.search === '' ? '' : `?${query.search}`}`);
  // The parameters travel in the query alone (wireQuery): Prism gets no body, and no header about one.
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !BODY_HEADERS.has(name)));
  return new Promise((resolvePromise, reject) => {
    const outgoing = httpRequest(
      { hostname: target.hostname, port: target.port, method: req.method, path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'content-length') headers[name] = value;
          }
          resolvePromise({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks), event: { answeredBy: 'prism' } });
        });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      reject(outgoing.reusedSocket && error.code === 'ECONNRESET' ? new StaleConnection(error.message, { cause: error }) : error);
    });
    outgoing.end();
  });
}
