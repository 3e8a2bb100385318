/**
 * Our generated client against Alibaba's own runtime (@alicloud/openapi-core), both calling
 * IncreaseNodes on a local keep-alive HTTP server, plus the CPU cost of building and signing one
 * request, and what each asks a user to install.
 */
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import AlibabaOpenApi, { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { createClient, toIncreaseNodesQuery, type IncreaseNodesRequest } from '../generated/index.js';
import { formatAcsDate, newNonce, signRequest } from '../generated/runtime/signer.js';
import { WORKED_EXAMPLE_REQUEST } from '../test/support/worked-example.js';
import { compareSync, compareThroughput, ratio, type SyncTiming, type ThroughputTiming } from './harness.js';

// Made up: the local server checks nothing, and no real account is ever involved.
const CREDENTIALS = { accessKeyId: 'LTAI-bench-not-a-key', accessKeySecret: 'bench-not-a-secret' } as const;
const SUCCESS_BODY = JSON.stringify({ OperationId: 'op-13c37a77c505****', RequestId: 'DD6B1B2A-5837-5237-ABE4-FF0C8944****' });

/** The wire reference's example request: one ApplicationConfig. */
export const REQUEST: IncreaseNodesRequest = WORKED_EXAMPLE_REQUEST;

export interface ClientResults {
  readonly throughput: readonly {
    readonly concurrency: number;
    readonly ours: ThroughputTiming;
    readonly alibaba: ThroughputTiming;
    /** Our requests per second over theirs. */
    readonly ratio: number;
    /** The same signed request sent by bare `fetch` and by bare `node:http`: the transports' own floor, no client around them. */
    readonly rawFetch: ThroughputTiming;
    readonly rawNodeHttp: ThroughputTiming;
  }[];
  readonly signing: { readonly oursNs: number; readonly alibabaNs: number; readonly ratio: number };
  readonly requestsServed: number;
}

/**
 * The server runs on its own thread (its own event loop, the machine's other core), so the clients
 * do not share a loop with it. It answers every request with the success body, keeping connections alive.
 */
const SERVER_SOURCE = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
let served = 0;
const server = createServer({ keepAlive: true, keepAliveTimeout: 30000 }, (request, response) => {
  request.resume();
  request.on('end', () => {
    served++;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(workerData.body) });
    response.end(workerData.body);
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'count') parentPort.postMessage({ served });
  if (message === 'close') server.close(() => process.exit(0));
});
`;

async function startServer(): Promise<{ port: number; served: () => Promise<number>; close: () => Promise<void> }> {
  const worker = new Worker(SERVER_SOURCE, { eval: true, workerData: { body: SUCCESS_BODY } });
  const next = <T>(): Promise<T> => new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const { port } = await next<{ port: number }>();
  return {
    port,
    served: async () => {
      worker.postMessage('count');
      return (await next<{ served: number }>()).served;
    },
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

type AlibabaClient = InstanceType<typeof AlibabaOpenApi.default>;

/** What Alibaba's generated SDKs do for one call: flatten the request, then `callApi` with the operation's parameters. */
function alibabaCall(client: AlibabaClient): () => Promise<unknown> {
  const params = new $OpenApiUtil.Params({
    action: 'IncreaseNodes',
    version: '2021-03-20',
    protocol: 'HTTP',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  return async () => {
    const request = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query({ ...REQUEST }) });
    const response = await client.callApi(params, request, new $dara.RuntimeOptions({}));
    return response['body'];
  };
}

function alibabaClient(port: number): AlibabaClient {
  return new AlibabaOpenApi.default(
    new $OpenApiUtil.Config({ ...CREDENTIALS, endpoint: `127.0.0.1:${port}`, protocol: 'http', signatureAlgorithm: 'ACS3-HMAC-SHA256' }),
  );
}

export async function benchClient({ log, operationsPerRound = 2000, rounds = 5 }: { log: (line: string) => void; operationsPerRound?: number; rounds?: number }): Promise<ClientResults> {
  const server = await startServer();
  try {
    const ours = createClient({ endpoint: `http://127.0.0.1:${server.port}`, credentials: CREDENTIALS, retry: false });
    const theirs = alibabaCall(alibabaClient(server.port));
    // Both must succeed before either is timed.
    const answers = [await ours.increaseNodes(REQUEST), await theirs()];
    for (const answer of answers) {
      if ((answer as { OperationId?: unknown }).OperationId !== 'op-13c37a77c505****') throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
    }
    const raw = rawSenders(server.port);
    const throughput: ClientResults['throughput'][number][] = [];
    for (const concurrency of [1, 64]) {
      const [o, a, f, h] = (await compareThroughput({
        sides: [
          { name: 'ours', run: () => ours.increaseNodes(REQUEST) },
          { name: 'alibaba', run: theirs },
          { name: 'raw fetch', run: raw.fetch },
          { name: 'raw node:http', run: raw.http },
        ],
        concurrency,
        operationsPerRound,
        rounds,
      })) as [ThroughputTiming, ThroughputTiming, ThroughputTiming, ThroughputTiming];
      const result = { concurrency, ours: o, alibaba: a, ratio: ratio({ ours: a.medianPerSecond, theirs: o.medianPerSecond }), rawFetch: f, rawNodeHttp: h };
      log(
        `  concurrency ${concurrency}: ours ${o.medianPerSecond.toFixed(0)} req/s, alibaba ${a.medianPerSecond.toFixed(0)} req/s (×${result.ratio.toFixed(2)}); bare fetch ${f.medianPerSecond.toFixed(0)}, bare node:http ${h.medianPerSecond.toFixed(0)}`,
      );
      throughput.push(result);
    }
    const signing = benchSigning();
    log(`  build + sign: ours ${signing.oursNs.toFixed(0)} ns, alibaba ${signing.alibabaNs.toFixed(0)} ns (×${signing.ratio.toFixed(2)})`);
    return { throughput, signing, requestsServed: await server.served() };
  } finally {
    await server.close();
  }
}

/** One request as our client signs it, sent with no client around it: by `fetch`, and by `node:http` with a keep-alive agent. */
function rawSenders(port: number): { fetch: () => Promise<string>; http: () => Promise<string> } {
  const host = `127.0.0.1:${port}`;
  const signed = signRequest({
    method: 'POST',
    host,
    path: '/',
    query: toIncreaseNodesQuery(REQUEST),
    headers: { 'x-acs-action': 'IncreaseNodes', 'x-acs-version': '2021-03-20', 'x-acs-date': formatAcsDate(new Date()), 'x-acs-signature-nonce': newNonce() },
    ...CREDENTIALS,
  });
  const { host: _host, ...headers } = signed.headers;
  const sendHeaders = { ...headers, accept: 'application/json' };
  const url = `http://${host}/?${signed.canonicalQueryString}`;
  const agent = new http.Agent({ keepAlive: true });
  return {
    fetch: async () => (await fetch(url, { method: 'POST', headers: sendHeaders })).text(),
    http: () =>
      new Promise((resolve, reject) => {
        const request = http.request(url, { method: 'POST', agent, headers: sendHeaders }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve(text));
          response.on('error', reject);
        });
        request.on('error', reject);
        request.end();
      }),
  };
}

/** Building and signing one request, nothing sent: our codec and signer against Alibaba's own steps before `doAction`. */
export function benchSigning(): { oursNs: number; alibabaNs: number; ratio: number } {
  const host = 'emr.cn-hangzhou.aliyuncs.com';
  const ours = () => {
    const query = toIncreaseNodesQuery(REQUEST);
    const headers = { 'x-acs-action': 'IncreaseNodes', 'x-acs-version': '2021-03-20', 'x-acs-date': formatAcsDate(new Date()), 'x-acs-signature-nonce': newNonce() };
    return signRequest({ method: 'POST', host, path: '/', query, headers, ...CREDENTIALS }).authorization;
  };
  // The same statements as openapi-core's doRequest, from building the request to its Authorization header.
  const alibaba = () => {
    const request = new $dara.Request();
    request.protocol = 'https';
    request.method = 'POST';
    request.pathname = '/';
    request.query = OpenApiUtil.query({ ...REQUEST });
    request.headers = {
      host,
      'x-acs-version': '2021-03-20',
      'x-acs-action': 'IncreaseNodes',
      'user-agent': OpenApiUtil.getUserAgent(''),
      'x-acs-date': OpenApiUtil.getTimestamp(),
      'x-acs-signature-nonce': OpenApiUtil.getNonce(),
      accept: 'application/json',
    };
    const payload = OpenApiUtil.hash(Buffer.from('', 'utf-8'), 'ACS3-HMAC-SHA256').toString('hex');
    request.headers['x-acs-content-sha256'] = payload;
    return OpenApiUtil.getAuthorization(request, 'ACS3-HMAC-SHA256', payload, CREDENTIALS.accessKeyId, CREDENTIALS.accessKeySecret);
  };
  const [o, a] = compareSync({ sides: [{ name: 'ours', run: ours }, { name: 'alibaba', run: alibaba }] }) as [SyncTiming, SyncTiming];
  return { oursNs: o.medianNs, alibabaNs: a.medianNs, ratio: ratio({ ours: o.medianNs, theirs: a.medianNs }) };
}
