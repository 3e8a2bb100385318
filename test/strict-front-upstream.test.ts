import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from '../generated/index.js';
import { loadContract } from '../conformance/contract.js';
import { listen } from '../conformance/mock/listen.js';
import type { RunningServer } from '../conformance/mock/prism-process.js';
import { startStrictFront } from '../conformance/mock/strict-front.js';
import { readWidgetDocument } from './support/generated-package.js';
import { closedPort } from './support/ports.js';
import { ANSWER_TIMEOUT_MS } from './support/patience.js';

// Prism closes idle keep-alive connections; a request the front writes onto one as it closes
// dies before any answer. This upstream does that on purpose: it answers the first request of
// each connection and drops the connection when a second one arrives on it.

const BODY = JSON.stringify({ OperationId: 'op-1', RequestId: 'req-1' });
const REQUEST = { RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 3 };
let upstream: ReturnType<typeof createServer>;
let front: RunningServer;
const connections: Socket[] = [];
let dropped = 0;

beforeAll(async () => {
  upstream = createServer((socket) => {
    connections.push(socket);
    let requests = 0;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      if (!buffered.includes('\r\n\r\n')) return;
      buffered = '';
      requests += 1;
      if (requests > 1) {
        dropped += 1;
        socket.destroy();
        return;
      }
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${BODY.length}\r\nconnection: keep-alive\r\n\r\n${BODY}`);
    });
  });
  const port = await listen({ server: upstream });
  const { model, code } = await loadContract('spec/increase-nodes.openapi.yaml');
  front = await startStrictFront({ model, code, upstream: `http://127.0.0.1:${port}`, port: 0 });
});

afterAll(async () => {
  await front?.stop();
  for (const socket of connections) socket.destroy();
  await new Promise((resolve) => upstream?.close(resolve));
});

it('sends a request again on a new connection when the kept-alive one to Prism was closed under it', async () => {
  const client = createClient({ endpoint: front.url, credentials: { accessKeyId: 'test', accessKeySecret: 'test' }, retry: false, timeoutMs: ANSWER_TIMEOUT_MS });
  expect((await client.increaseNodes(REQUEST)).OperationId).toBe('op-1');
  expect((await client.increaseNodes(REQUEST)).OperationId).toBe('op-1');
  expect(dropped).toBe(1);
  expect(connections.length).toBe(2);
});

it('sends the request again on a connection of its own, not on another kept-alive one that Prism is closing too', async () => {
  // Prism closes its idle connections together: after a burst, every idle one may be closing.
  const { model, code } = await loadContract('spec/increase-nodes.openapi.yaml');
  const own = await startStrictFront({ model, code, upstream: `http://127.0.0.1:${(upstream.address() as { port: number }).port}`, port: 0 });
  try {
    const client = createClient({ endpoint: own.url, credentials: { accessKeyId: 'test', accessKeySecret: 'test' }, retry: false, timeoutMs: ANSWER_TIMEOUT_MS });
    await Promise.all([client.increaseNodes(REQUEST), client.increaseNodes(REQUEST)]);
    const droppedBefore = dropped;
    expect((await client.increaseNodes(REQUEST)).OperationId).toBe('op-1');
    expect(dropped - droppedBefore).toBe(1);
  } finally {
    await own.stop();
  }
});

it('answers a failure to reach Prism with an error body of the contract, RequestId included', async () => {
  const { model, code } = await loadContract('spec/increase-nodes.openapi.yaml');
  const own = await startStrictFront({ model, code, upstream: `http://127.0.0.1:${await closedPort()}`, port: 0 });
  try {
    const client = createClient({ endpoint: own.url, credentials: { accessKeyId: 'test', accessKeySecret: 'test' }, retry: false, timeoutMs: ANSWER_TIMEOUT_MS });
    const failure = await client.increaseNodes(REQUEST).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'EmrApiError', code: 'MockFrontFailure', httpStatus: 502, requestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
  } finally {
    await own.stop();
  }
});

it('refuses the paths where Prism serves operations that share a wire path: they are the mock\'s, not the service\'s', async () => {
  const document = readWidgetDocument();
  const destroy = structuredClone(document.paths['/'].post);
  destroy.operationId = 'DestroyWidget';
  destroy.parameters.find((p: { name: string }) => p.name === 'x-acs-action').schema.enum = ['DestroyWidget'];
  document.paths = { '/#CreateWidget': document.paths['/'], '/#DestroyWidget': { post: destroy } };
  const spec = join(mkdtempSync(join(tmpdir(), 'front-internal-')), 'two.openapi.yaml');
  writeFileSync(spec, stringify(document));
  const { model, code } = await loadContract(spec);
  const own = await startStrictFront({ model, code, upstream: `http://127.0.0.1:${(upstream.address() as { port: number }).port}`, port: 0 });
  try {
    const before = connections.length;
    const answer = await fetch(`${own.url}/.operation/DestroyWidget?Name=x&Bogus=1`, { method: 'POST', headers: { 'x-acs-action': 'DestroyWidget' } });
    expect({ status: answer.status, body: await answer.json() }).toMatchObject({ status: 404, body: { Code: 'MockPathNotServed' } });
    expect(connections.length).toBe(before);
  } finally {
    await own.stop();
  }
});

// One operation written /#CreateWidget with no x-acs-action travels to /: the front found no
// operation there, so nothing was checked and every request went to Prism as it came.
it.each([
  ['a misspelt parameter', 'POST', 'Nme=x', 400, 'Unexpected'],
  ['another method', 'GET', 'Name=x&Size=3', 405, 'MockMethodNotServed'],
])('checks a lone operation at /#Action that names no action header as its own: %s', async (_, method, query, status, code) => {
  const document = readWidgetDocument();
  const create = document.paths['/'].post;
  create.parameters = create.parameters.filter((p: { name: string }) => p.name !== 'x-acs-action');
  document.paths = { '/#CreateWidget': { post: create } };
  const spec = join(mkdtempSync(join(tmpdir(), 'front-lone-')), 'lone.openapi.yaml');
  writeFileSync(spec, stringify(document));
  const { model, code: generated } = await loadContract(spec);
  const own = await startStrictFront({ model, code: generated, upstream: `http://127.0.0.1:${await closedPort()}`, port: 0 });
  try {
    const answer = await fetch(`${own.url}/?${query}`, { method, headers: { authorization: 'ACS3-HMAC-SHA256 Credential=made-up,SignedHeaders=host,Signature=00', 'x-acs-version': '1999-01-01' } });
    expect({ status: answer.status, body: await answer.json() }).toMatchObject({ status, body: { Code: code } });
  } finally {
    await own.stop();
  }
});
