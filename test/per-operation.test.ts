import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, TransportError } from '../generated/index.js';
import type { GeneratorError } from '../generator/diagnostics.js';
import { generateInto, readWidgetDocument } from './support/generated-package.js';
import { always, startSigningServer, type SigningServer } from './support/signing-server.js';

// What one operation's contract says applies to that operation alone: its reading of a required
// text sent empty (x-acs-violations.missing.emptyTextIsMissing) and what to look at before calling
// again when a call may have been processed (x-acs-before-retry). The runtime names no operation.

type Doc = Record<string, any>;
type Validate = (input: unknown) => { ok: boolean; issues?: { code: string; parameter: string }[] };

/** The widget fixture with a second operation, DestroyWidget, a copy of CreateWidget on /#DestroyWidget; both take Parts of the shared Part. */
function twoOperations(edit: (ops: { create: Doc; destroy: Doc }) => void): Doc {
  const document = readWidgetDocument();
  const create = document.paths['/'].post;
  const destroy = structuredClone(create);
  destroy.operationId = 'DestroyWidget';
  destroy.parameters[0].schema.enum = ['DestroyWidget'];
  document.paths['/#DestroyWidget'] = { post: destroy };
  edit({ create, destroy });
  return document;
}

const CREDENTIALS = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
/** A fetch that fails the way a reset connection does once the request is out. */
const resetAfterSending = (async () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
}) as typeof fetch;

describe('emptyTextIsMissing, set on one operation of two', () => {
  async function validators(): Promise<Record<string, Validate>> {
    const document = twoOperations(({ create }) => (create['x-acs-violations'].missing.emptyTextIsMissing = true));
    const { dir } = await generateInto({ document, folder: 'per-operation-empty-text' });
    return (await import(join(dir, 'validators.ts'))) as Record<string, Validate>;
  }
  const found = (result: ReturnType<Validate>) => (result.issues ?? []).map(({ code, parameter }) => `${code} ${parameter}`);

  it('reads a required text sent empty as missing for that operation, and as a text for the other', async () => {
    const { validateCreateWidgetRequest, validateDestroyWidgetRequest } = await validators();
    expect(found(validateCreateWidgetRequest!({ Name: '', Size: 4 }))).toEqual(['Absent Name']);
    expect(found(validateDestroyWidgetRequest!({ Name: '', Size: 4 }))).toEqual([]);
  });

  it('reads it so inside an object both operations share, each as its own contract says', async () => {
    const { validateCreateWidgetRequest, validateDestroyWidgetRequest } = await validators();
    const request = { Name: 'a', Size: 4, Parts: [{ Label: '' }] };
    expect(found(validateCreateWidgetRequest!(request))).toEqual(['Absent Parts.1.Label']);
    expect(found(validateDestroyWidgetRequest!(request))).toEqual([]);
  });
});

describe('a TransportError after the request may have been processed', () => {
  const servers: SigningServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it("says what the operation's x-acs-before-retry says to look at (through a caller's fetch)", async () => {
    const client = createClient({ regionId: 'cn-hangzhou', credentials: CREDENTIALS, fetch: resetAfterSending, retry: false });
    const error = await client.increaseNodes({ RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toBe("IncreaseNodes failed (network: ECONNRESET). The request may have been processed: look at the node group's nodes before calling again.");
  });

  it("says what the operation's x-acs-before-retry says to look at (through the default transport)", async () => {
    const server = await startSigningServer({ respond: always({ kind: 'destroy' }) });
    servers.push(server);
    const client = createClient({ endpoint: server.url, credentials: CREDENTIALS, retry: false });
    const error = await client.increaseNodes({ RegionId: 'cn-hangzhou', ClusterId: 'c-1', NodeGroupId: 'ng-1', IncreaseNodeCount: 1 }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("IncreaseNodes failed (network: ECONNRESET). The request may have been processed: look at the node group's nodes before calling again.");
  });

  it('gives each operation its own advice, and a generic one to an operation whose contract says none', async () => {
    const document = twoOperations(({ create }) => (create['x-acs-before-retry'] = 'count the widgets before calling again'));
    const { dir } = await generateInto({ document, folder: 'per-operation-before-retry' });
    const { createClient: createWidgetClient } = await import(join(dir, 'client.ts'));
    const client = createWidgetClient({ endpoint: 'https://widgets.example.test', credentials: CREDENTIALS, fetch: resetAfterSending, retry: false });
    const messages = await Promise.all([client.createWidget({ Name: 'a', Size: 4 }), client.destroyWidget({ Name: 'a', Size: 4 })].map((call) => call.catch((e: Error) => e.message)));
    expect(messages).toEqual([
      'CreateWidget failed (network: ECONNRESET). The request may have been processed: count the widgets before calling again.',
      'DestroyWidget failed (network: ECONNRESET). The request may have been processed: check whether it took effect before calling again.',
    ]);
  });
});

// errors.ts holds one entry per code: the second operation's reading of Busy was silently dropped.
describe('one error code documented differently by two operations', () => {
  const refused = async (edit: (busy: Doc) => void) => {
    const document = twoOperations(({ destroy }) => edit(destroy.responses['400'].content['application/json'].examples.Busy));
    return generateInto({ document, folder: 'per-operation-conflicting-error' }).then(
      () => undefined,
      (error: unknown) => (error as GeneratorError).diagnostics?.map(({ code, pointer, message }) => ({ code, pointer, message })),
    );
  };
  const BUSY = '#/paths/~1#DestroyWidget/post/responses/400/content/application~1json/examples/Busy';

  it('is refused where the second one documents it, when it is not retryable there', async () => {
    expect(await refused((busy) => delete busy['x-acs-retryable'])).toEqual([
      { code: 'conflicting-error', pointer: BUSY, message: expect.stringMatching(/^Busy is documented otherwise by CreateWidget \(#\/paths\/~1\/post\/.*\): x-acs-retryable true there, false here; a code means one thing/) },
    ]);
  });

  it('is refused when its message differs', async () => {
    expect(await refused((busy) => (busy['x-acs-message'] = 'Come back tomorrow.'))).toEqual([{ code: 'conflicting-error', pointer: BUSY, message: expect.stringContaining(': another x-acs-message;') }]);
  });

  it('is generated when both document it alike', async () => {
    expect(await refused(() => undefined)).toBeUndefined();
  });
});
