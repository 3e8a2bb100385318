import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import AlibabaOpenApi, { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Credentials } from '../generated/index.js';
import { WORKED_EXAMPLE_REQUEST } from './support/worked-example.js';

// Differential: the request our client sends, against the one Alibaba's own runtime
// (@alicloud/openapi-core, as its generated EMR SDK calls it) sends for the same call. The gateway
// accepts the official runtime's requests, so a header it always sends and we do not is a risk.

interface Arrival {
  readonly method: string;
  readonly path: string;
  readonly pairs: string[];
  readonly headers: IncomingHttpHeaders;
}

// Node hands a CommonJS module's exports to a default import (its class is .default), Vitest the class itself.
const OfficialClient = (typeof AlibabaOpenApi === 'function' ? AlibabaOpenApi : AlibabaOpenApi.default) as typeof AlibabaOpenApi.default;

/** Where the official runtime got its credentials from (static_ak, static_sts): its own telemetry, not part of the V3 signature. */
const THEIRS_ALONE = new Set(['x-acs-credentials-provider']);

let server: http.Server;
let port: number;
const arrivals: Arrival[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    arrivals.push({ method: req.method ?? '', path: url.pathname, pairs: [...url.searchParams].map(([name, value]) => `${name}=${value}`).sort(), headers: req.headers });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ OperationId: 'op-1', RequestId: 'r-1' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function ours(credentials: Credentials): Promise<Arrival> {
  arrivals.length = 0;
  await createClient({ endpoint: `http://127.0.0.1:${port}`, credentials, retry: false }).increaseNodes(WORKED_EXAMPLE_REQUEST);
  return arrivals[0]!;
}

async function theirs(credentials: Credentials): Promise<Arrival> {
  arrivals.length = 0;
  const client = new OfficialClient(new $OpenApiUtil.Config({ ...credentials, endpoint: `127.0.0.1:${port}`, protocol: 'http', signatureAlgorithm: 'ACS3-HMAC-SHA256' }));
  const params = new $OpenApiUtil.Params({ action: 'IncreaseNodes', version: '2021-03-20', protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
  // Runtime options are a class of @darabonba/typescript (openapi-core's dependency, not ours); with every field left out, each is its default.
  await client.callApi(params, new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query({ ...WORKED_EXAMPLE_REQUEST }) }), {} as never);
  return arrivals[0]!;
}

const signedHeaders = (arrival: Arrival) => /SignedHeaders=([^,]*)/.exec(String(arrival.headers['authorization']))?.[1]?.split(';') ?? [];
const headerNames = (arrival: Arrival) => Object.keys(arrival.headers).filter((name) => !THEIRS_ALONE.has(name)).sort();

describe.each<[string, Credentials]>([
  ['an AccessKey pair', { accessKeyId: 'testid', accessKeySecret: 'testsecret' }],
  ['temporary (STS) credentials', { accessKeyId: 'testid', accessKeySecret: 'testsecret', securityToken: 'test-sts-token' }],
])("with %s, the client sends what Alibaba's runtime sends", (_, credentials) => {
  it('the same method, path and query pairs', async () => {
    const [a, b] = [await ours(credentials), await theirs(credentials)];
    expect({ method: a.method, path: a.path, pairs: a.pairs }).toEqual({ method: b.method, path: b.path, pairs: b.pairs });
  });

  it('the same headers', async () => {
    expect(headerNames(await ours(credentials))).toEqual(headerNames(await theirs(credentials)));
  });

  it('the same headers signed', async () => {
    const without = (names: string[]) => names.filter((name) => !THEIRS_ALONE.has(name));
    expect(signedHeaders(await ours(credentials))).toEqual(without(signedHeaders(await theirs(credentials))));
  });
});
