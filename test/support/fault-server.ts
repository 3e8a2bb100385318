/**
 * A local server that answers each received call with a scripted fault, and keeps count: for every
 * call id (read from a query parameter, ClusterId by default) how many times the call was RECEIVED
 * and what was answered each time. That record is what proves a call the service may have acted on
 * was never sent again.
 *
 * Faults are the ones a real network, proxy and gateway produce: every documented error, throttling
 * with and without `x-acs-retry-after`, a connection reset before the answer or in the middle of
 * the body, headers that never come, a body that trickles forever, a 50 MB body, invalid JSON and
 * a proxy's HTML. Nothing is buffered: the huge body is streamed from one reused chunk, with
 * backpressure, and stops the moment the client goes away.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody, verifyAcs3Request } from './signing-server.js';
import { listen } from '../../conformance/mock/listen.js';

export type Fault =
  | { readonly kind: 'success' }
  /** A documented (or any) error code with its HTTP status. */
  | { readonly kind: 'error'; readonly code: string; readonly status: number }
  | { readonly kind: 'throttle' }
  | { readonly kind: 'throttle-retry-after'; readonly retryAfterMs: number }
  /** The request was read, then the connection is reset (RST) without a byte of answer. */
  | { readonly kind: 'reset-before-response' }
  /** Status, headers and part of a body that announced its full length, then a reset. */
  | { readonly kind: 'reset-mid-body' }
  /** The request is read and never answered; the socket stays open until the client gives up. */
  | { readonly kind: 'headers-never-sent' }
  /** 200 and headers at once, then one byte every few milliseconds, forever. */
  | { readonly kind: 'trickle-forever' }
  /** A 200 of `hugeBodyBytes` (50 MB by default), streamed. */
  | { readonly kind: 'huge-body' }
  /** A 200 declared as JSON whose body is cut short. */
  | { readonly kind: 'invalid-json' }
  /** A proxy's HTML page, as text/html. */
  | { readonly kind: 'html'; readonly status: number };

export type FaultKind = Fault['kind'];

export interface Receipt {
  readonly fault: Fault;
  readonly receivedAt: number;
  /** Signature problems the gateway would refuse the request for (empty when verification is off or it passed). */
  readonly problems: readonly string[];
}

export interface FaultServerOptions {
  /** The fault for the `receipt`-th arrival (0-based) of call `callId`. */
  readonly plan: (callId: string, receipt: number) => Fault;
  /** The query parameter carrying the call id. Default ClusterId. */
  readonly idParameter?: string;
  /** AccessKeyId → secret: when given, every request's V3 signature is checked and problems are recorded. */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly hugeBodyBytes?: number;
  readonly trickleEveryMs?: number;
  /**
   * Told of every arrival once it is recorded, before it is answered: a test that controls the
   * client's clock fires an attempt's timeout here, when the plan says its answer will never come.
   */
  readonly onReceipt?: (callId: string, receipt: Receipt) => void;
}

export interface FaultServer {
  readonly url: string;
  /** Call id → every arrival of that call, in order. */
  readonly receipts: ReadonlyMap<string, readonly Receipt[]>;
  /** Requests received, forgotten receipts included. */
  readonly received: number;
  /** Bytes of huge bodies handed to the socket, one entry per huge-body answer. */
  readonly hugeBodyBytesWritten: readonly number[];
  /** Requests whose call id could not be read. */
  readonly anonymous: number;
  /**
   * Drops the receipts kept so far, for calls that have ended: a test that measures the client's
   * memory per call must not count this record of it.
   */
  forget(): void;
  close(): Promise<void>;
}

export const SUCCESS = { OperationId: 'op-fault0000000001', RequestId: 'REQ-FAULT-SUCCESS' } as const;
const HTML = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>${'<p>The upstream server went away.</p>'.repeat(20)}</body></html>`;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Whether an answer proves the service did not act, so the same call may arrive again. */
export function provesNotProcessed(fault: Fault): boolean {
  return fault.kind === 'throttle' || fault.kind === 'throttle-retry-after' || (fault.kind === 'error' && (fault.code === 'ConcurrentModification' || fault.code.includes('Throttling')));
}

export async function startFaultServer(options: FaultServerOptions): Promise<FaultServer> {
  const idParameter = options.idParameter ?? 'ClusterId';
  const hugeBodyBytes = options.hugeBodyBytes ?? 50 * 1024 * 1024;
  const trickleEveryMs = options.trickleEveryMs ?? 5;
  const receipts = new Map<string, Receipt[]>();
  const hugeBodyBytesWritten: number[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let anonymous = 0;
  let received = 0;

  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on('end', () => {
      const target = req.url ?? '/';
      const callId = new URL(target, 'http://fault.invalid').searchParams.get(idParameter);
      if (callId === null) {
        anonymous++;
        return json(res, 400, errorBody('MissingParameter'));
      }
      const problems = options.secrets === undefined ? [] : verifyAcs3Request({ method: req.method ?? '', target, headers: req.headers, secrets: options.secrets }).problems;
      received++;
      const list = receipts.get(callId) ?? [];
      receipts.set(callId, list);
      const fault = options.plan(callId, list.length);
      const receipt: Receipt = { fault, receivedAt: performance.now(), problems };
      list.push(receipt);
      options.onReceipt?.(callId, receipt);
      answer({ fault, req, res });
    });
  });
  // Only the client closes an idle keep-alive connection: a server-side idle timeout could close one
  // while a slow client is putting the next request on it, and that call would fail for no fault
  // of the plan's (on a loaded machine, an idle second is not rare).
  server.keepAliveTimeout = 0;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const later = (res: ServerResponse, ms: number, run: () => void, repeat = false): void => {
    const timer = (repeat ? setInterval : setTimeout)(() => {
      if (!repeat) timers.delete(timer);
      if (res.destroyed) return;
      run();
    }, ms);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  function answer({ fault, req, res }: { fault: Fault; req: IncomingMessage; res: ServerResponse }): void {
    switch (fault.kind) {
      case 'success':
        return json(res, 200, SUCCESS);
      case 'error':
        return json(res, fault.status, errorBody(fault.code));
      case 'throttle':
        return json(res, 400, errorBody('ThrottlingException'));
      case 'throttle-retry-after':
        return json(res, 400, errorBody('ThrottlingException'), { 'x-acs-retry-after': String(fault.retryAfterMs) });
      case 'reset-before-response':
        req.socket.resetAndDestroy();
        return;
      case 'reset-mid-body': {
        const body = Buffer.from(JSON.stringify(SUCCESS));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.byteLength) });
        res.flushHeaders();
        res.write(body.subarray(0, 12), () => later(res, 2, () => req.socket.resetAndDestroy()));
        return;
      }
      case 'headers-never-sent':
        return;
      case 'trickle-forever':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"OperationId":"');
        later(res, trickleEveryMs, () => res.write('x'), true);
        return;
      case 'huge-body':
        return streamHuge(res);
      case 'invalid-json': {
        const body = '{"OperationId":"op-fault","RequestId":';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
        return;
      }
      case 'html':
        res.writeHead(fault.status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(HTML)) });
        res.end(HTML);
        return;
    }
  }

  function streamHuge(res: ServerResponse): void {
    const entry = hugeBodyBytesWritten.push(0) - 1;
    const head = Buffer.from('{"OperationId":"op-huge","RequestId":"REQ-HUGE","Padding":"');
    const tail = Buffer.from('"}');
    const total = hugeBodyBytes;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(total) });
    let written = 0;
    const write = (chunk: Buffer): boolean => {
      written += chunk.byteLength;
      hugeBodyBytesWritten[entry] = written;
      return res.write(chunk);
    };
    const pump = (): void => {
      if (res.destroyed) return;
      if (written === 0 && !write(head)) return void res.once('drain', pump);
      while (written + tail.byteLength < total) {
        const room = total - tail.byteLength - written;
        const ok = write(room >= CHUNK.byteLength ? CHUNK : CHUNK.subarray(0, room));
        if (!ok) return void res.once('drain', pump);
        if (res.destroyed) return;
      }
      written += tail.byteLength;
      hugeBodyBytesWritten[entry] = written;
      res.end(tail);
    };
    pump();
  }

  function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const bytes = Buffer.from(JSON.stringify(body));
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(bytes.byteLength), ...headers });
    res.end(bytes);
  }

  const port = await listen({ server });

  return {
    url: `http://127.0.0.1:${port}`,
    receipts,
    hugeBodyBytesWritten,
    get anonymous() {
      return anonymous;
    },
    get received() {
      return received;
    },
    forget: () => receipts.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
